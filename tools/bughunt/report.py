# SPDX-License-Identifier: GPL-2.0-only
"""tools/bug-hunt's report: markdown and plots from a run's trials.tsv.

usage: report.py DIR REPORT.md [--summary]

DIR holds trials.tsv and run.txt (and repro.tsv with repro/ when the run made
reproducers). The verified reproducers, trials.tsv, run.txt and repro.tsv are
copied next to the report, into REPORT/ (REPORT.md without .md), so a report
kept in the repository carries its raw results; DIR may be that directory
itself (re-rendering a kept report). The plots (matplotlib) go beside the
report: REPORT.png (every trial of every bug) and REPORT-survival.png (a
survival curve per bug). With --summary, the summary lines are printed and the
exit status is 1 when a bug was missed in some trial.
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trials as T  # noqa: E402

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def lower(bug):
    return bug.lower().replace("_", "-")


def show_path(p):
    p = os.path.realpath(p)
    return os.path.relpath(p, SRC) if p.startswith(SRC + os.sep) else p


def fmt1(x):
    return f"{x:.1f}"


def copy_raw(dir_, repro_out, repro):
    """trials.tsv, run.txt, repro.tsv and the verified reproducers into repro_out,
    a new directory renamed into place."""
    if repro is None or os.path.realpath(dir_) == os.path.realpath(repro_out):
        return
    tmp = f"{repro_out}.tmp.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for name in ("trials.tsv", "run.txt", "repro.tsv"):
        shutil.copy(os.path.join(dir_, name), tmp)
    for bug, r in repro.items():
        if r["status"] != "ok":
            continue
        # A run keeps them in repro/; a kept report's raw directory beside its tables.
        src = os.path.join(dir_, "repro", lower(bug) + ".txt")
        shutil.copy(src if os.path.exists(src) else os.path.join(dir_, lower(bug) + ".txt"), tmp)
    shutil.rmtree(repro_out, ignore_errors=True)
    os.rename(tmp, repro_out)


def repro_cell(bug, repro, repro_out):
    base = os.path.basename(repro_out)
    link = f"[`{base}/{lower(bug)}.txt`]({base}/{lower(bug)}.txt)"
    if repro is None:
        # A kept report re-rendered without repro.tsv: its reproducers are beside it.
        return link if os.path.exists(os.path.join(repro_out, lower(bug) + ".txt")) else "-"
    r = repro.get(bug)
    if r is None:
        return "-"
    if r["status"] == "ok":
        return link
    if r["status"] == "unverified":
        return f"`{r['path']}` (unverified: {r['note']})"
    return f"({r['note']})"


def corpus_section(rows, corpus, budget, repro, repro_out, out, summary):
    gs = T.groups(rows, corpus)
    goal = T.GOAL[corpus]
    title = "From the seed corpus" if corpus == "seeds" else "From an empty corpus"
    out += ["", f"## {title} ({budget} s per trial)", "",
            "| bug | target | found | median (s) | worst (s) | oracle | reached / triggered | reproducer |",
            "|---|---|---|---:|---:|---|---:|---|"]
    every = under10 = 0
    fails = []
    for bug, g in gs.items():
        every += g.found == g.n
        under10 += not g.median_lb and g.median < 10
        if g.median_lb or g.median > goal:
            fails.append(bug)
        med = fmt1(g.median)
        if g.median_lb:
            med = ">" + (med[:-2] if med.endswith(".0") else med)
        worst = f">{budget}" if g.worst_miss else fmt1(g.worst)
        rt = "? / ?" if g.reached is None else f"{g.reached:.0f} / {g.triggered:.0f}"
        out.append(f"| {bug} | {g.target} | {g.found}/{g.n} | {med} | {worst} | {g.oracles()} | {rt} | "
                   f"{repro_cell(bug, repro, repro_out)} |")
    mom = fmt1(T.median([g.median for g in gs.values()])) if gs else "?"
    verdict = "holds" if not fails else f"does not hold ({' '.join(fails)})"
    line = (f"{corpus}: {every}/{len(gs)} bugs found in every trial, median of medians {mom} s, "
            f"{under10} with a median under 10 s; goal (median ≤ {goal} s): {verdict}")
    summary[corpus] = line
    out += ["", f"**Summary**: {line}."]
    notes = [f"- {r['bug']} {corpus} #{r['trial']}: {r['note']}" for r in rows
             if r["corpus"] == corpus and r["note"] not in ("", "-")]
    if notes:
        out += ["", "Notes:", ""] + notes


def header(run, rows, raw_dir, plots, plot_msg):
    budgets = "".join(f"{run.get('seconds_seeds', '?')} s per trial from the seed corpus; " if c == "seeds"
                      else f"{run.get('seconds_empty', '?')} s per trial from an empty corpus; "
                      for c in T.corpora_in(rows))
    out = ["<!-- SPDX-License-Identifier: GPL-2.0-only -->",
           "# Time to detection of the injected bugs", "",
           f"Written by `tools/bug-hunt` (docs/tools.md) at commit `{run.get('commit', '?')}`:", "",
           "```", run.get("command", "tools/bug-hunt"), "```", "",
           f"{run.get('bugs', '?')} bugs, {run.get('trials', '?')} trial(s) per bug and corpus, {budgets}"
           f"{run.get('jobs', '?')} trials at a time on {run.get('cores', '?')} cores ({run.get('cpu', '?')}); "
           f"the run took {run.get('wall', '?')} s.", "",
           "A trial is one libFuzzer process (`build/fuzz/fuzz/TARGET --ipf-bugs=BUG`, ASan + UBSan) on one "
           "core, from a fresh copy of the seeds (`build/gcc/seeds/`) or from an empty corpus, with the "
           "target's dictionary and a `-seed` of its own. Its time to detection is the wall-clock time from "
           "its start to its exit on a crash artifact; a trial without one is a miss and counts as its "
           "budget (a median or worst time with a miss in it is shown `>`). A finding counts only when its "
           "artifact crashes the target again with the bug on and not with the bug off (*attributable*). "
           "*Oracle* is what fired: `finding_<KIND>` of the fuzz target, or the sanitizer's report. "
           "*reached/triggered*: the bug's counts over the trial's final corpus and artifact "
           "(`--ipf-count-only -runs=0`; reached: its code ran, triggered: it took its buggy branch), "
           f"median over the trials. Raw results: `{show_path(raw_dir)}/trials.tsv`."]
    if plots:
        out += ["", f"![time to detection per bug, one point per trial]({os.path.basename(plots[0])})", "",
                "Survival curves (as Magma draws them): per bug, the share of trials that have not found it "
                "yet against time, a step down at each trial's detection, a `+` where a trial ended "
                "without it.", "",
                f"![survival per bug: share of trials still searching]({os.path.basename(plots[1])})"]
    elif plot_msg:
        out += ["", f"(No plot: {plot_msg}.)"]
    return out


def goals(summary):
    out = ["", "## Goals", ""]
    for corpus, which in (("seeds", "from the seeds with a median ≤ 60 s"),
                          ("empty", "from an empty corpus with a median ≤ 600 s")):
        line = summary.get(corpus)
        out.append(f"- Every bug found {which}: " +
                   ("not measured in this run." if line is None else line.rsplit(": ", 1)[1] + "."))
    return out


def draw(rows, report):
    """The plots, written under temporary names and renamed; (paths, message)."""
    try:
        import plot
    except ImportError:
        return [], "matplotlib not found (apt-get install -y python3-matplotlib)"
    base = report[:-3]
    paths = [base + ".png", base + "-survival.png"]
    tmps = [f"{p}.tmp.{os.getpid()}.png" for p in paths]
    try:
        plot.overview(rows, tmps[0])
        plot.survival(rows, tmps[1])
    except Exception as e:  # a plot is an extra: the report goes on without it
        for t in tmps:
            if os.path.exists(t):
                os.unlink(t)
        return [], f"the plot failed ({type(e).__name__}: {e})"
    for t, p in zip(tmps, paths):
        os.replace(t, p)
    return paths, ""


def write(dir_, report):
    rows = T.read_trials(os.path.join(dir_, "trials.tsv"))
    run = T.read_run(os.path.join(dir_, "run.txt"))
    repro = T.read_repro(os.path.join(dir_, "repro.tsv"))
    repro_out = report[:-3]
    copy_raw(dir_, repro_out, repro)
    raw_dir = repro_out if repro is not None or os.path.realpath(dir_) == os.path.realpath(repro_out) else dir_
    plots, plot_msg = ([], "") if run.get("ci", "0") != "0" else draw(rows, report)
    if plot_msg:
        print(f"bug-hunt: {plot_msg}: no plot, the report is written without it", file=sys.stderr)
    out = header(run, rows, raw_dir, plots, plot_msg)
    summary = {}
    for corpus in T.corpora_in(rows):
        budget = run.get("seconds_seeds" if corpus == "seeds" else "seconds_empty", "?")
        corpus_section(rows, corpus, budget, repro, repro_out, out, summary)
    out += goals(summary)
    tmp = f"{report}.tmp.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, report)
    return rows, summary, plots


def print_summary(rows, summary):
    """The summary lines and the bugs missed in some trial; True when none was."""
    for line in summary.values():
        print(f"  {line}")
    missed = []
    for bug in T.bugs_in(rows):
        for corpus in T.corpora_in(rows):
            g = [r for r in rows if r["bug"] == bug and r["corpus"] == corpus]
            k = sum(r["status"] == "found" for r in g)
            if g and k != len(g):
                missed.append(f"{bug} ({corpus}: found in {k}/{len(g)})")
    if missed:
        print(f"  missed in some trial: {' '.join(missed)}")
    return not missed


def main(argv):
    args = [a for a in argv[1:] if a != "--summary"]
    if len(args) != 2 or not args[1].endswith(".md"):
        print("usage: report.py DIR REPORT.md [--summary]", file=sys.stderr)
        return 2
    try:
        rows, summary, plots = write(args[0], args[1])
    except T.BadFile as e:
        print(f"bug-hunt: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"bug-hunt: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    wrote = show_path(args[1]) + "".join(f" and {show_path(p)}" for p in plots)
    if "--summary" in argv:
        ok = print_summary(rows, summary)
        print(f"bug-hunt: wrote {wrote}, trials in {show_path(args[0])}/trials.tsv")
        return 0 if ok else 1
    print(f"bug-hunt: wrote {wrote}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
