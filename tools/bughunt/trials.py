# SPDX-License-Identifier: GPL-2.0-only
"""A bug hunt's raw results, read by column name, and their statistics.

trials.tsv has one row per trial under a header row naming the columns
(COLUMNS below); a file written before the header was added is read with
COLUMNS as its names. run.txt is key=value lines; repro.tsv has a header
(bug, status, path, note). Statistics follow Magma's reading of time to
detection: a trial without an attributable finding is a miss, counted as its
budget, so a median or worst time with a miss in it is a lower bound.
"""

import os
import sys

COLUMNS = ("bug", "target", "corpus", "trial", "seed", "budget", "status", "seconds",
           "oracle", "reached", "triggered", "execs", "corpus_inputs", "note", "artifact")
CORPORA = ("seeds", "empty")
GOAL = {"seeds": 60, "empty": 600}


class BadFile(Exception):
    """A malformed input file: str() is 'FILE:LINE: what'."""


def read_tsv(path, columns=None):
    """Rows of a TSV file as dicts. The first row names the columns; when it
    does not (its first cell is not columns[0]), the file is read with
    `columns` as its names."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise BadFile(f"{path}:0: {e.strerror}") from None
    if lines and lines[-1] == "":
        lines.pop()
    names = None
    for no, line in enumerate(lines, 1):
        cells = line.split("\t")
        if names is None:
            if columns is None or cells[0] == columns[0]:
                names = cells
                continue
            names = list(columns)
        if len(cells) != len(names):
            raise BadFile(f"{path}:{no}: {len(cells)} fields, the header names {len(names)}")
        rows.append(dict(zip(names, cells)))
    if names is not None and columns is not None:
        missing = [c for c in columns if c not in names]
        if missing:
            raise BadFile(f"{path}:1: no column {', '.join(missing)}")
    return rows


def read_trials(path):
    rows = read_tsv(path, COLUMNS)
    for no, r in enumerate(rows, 2):
        if r["corpus"] not in CORPORA:
            raise BadFile(f"{path}:{no}: unknown corpus '{r['corpus']}'")
        for col in ("budget", "seconds"):
            try:
                float(r[col])
            except ValueError:
                raise BadFile(f"{path}:{no}: {col} '{r[col]}' is not a number") from None
    return rows


def read_run(path):
    run = {}
    try:
        with open(path, encoding="utf-8") as f:
            for no, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line:
                    continue
                key, eq, val = line.partition("=")
                if not eq:
                    raise BadFile(f"{path}:{no}: not key=value")
                run[key] = val
    except OSError as e:
        raise BadFile(f"{path}:0: {e.strerror}") from None
    return run


def read_repro(path):
    """bug -> {status, path, note}; None when the run made no reproducers."""
    if not os.path.exists(path):
        return None
    return {r["bug"]: r for r in read_tsv(path, ("bug", "status", "path", "note"))}


def bugs_in(rows):
    """The bugs in the order of their first trial."""
    return list(dict.fromkeys(r["bug"] for r in rows))


def corpora_in(rows):
    return [c for c in CORPORA if any(r["corpus"] == c for r in rows)]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def detection(r):
    """(seconds, missed): a miss counts as the trial's budget."""
    if r["status"] == "found":
        return float(r["seconds"]), False
    return float(r["budget"]), True


class Group:
    """The trials of one bug in one corpus."""

    def __init__(self, rows):
        self.rows = rows
        self.n = len(rows)
        self.found = sum(r["status"] == "found" for r in rows)
        times = sorted(detection(r) for r in rows)  # a miss after a find of the same time
        m = self.n // 2
        if self.n % 2:
            self.median, self.median_lb = times[m]
        else:
            self.median = (times[m - 1][0] + times[m][0]) / 2
            self.median_lb = times[m - 1][1] or times[m][1]
        self.worst, self.worst_miss = times[-1]
        counted = [r for r in rows if r["reached"] not in ("?", "")]
        self.reached = median([int(r["reached"]) for r in counted]) if counted else None
        self.triggered = median([int(r["triggered"]) for r in counted]) if counted else None
        self.target = rows[0]["target"]

    def oracles(self):
        """What fired, most frequent first, '×N' when several did."""
        count = {}
        for r in self.rows:
            if r["status"] == "found":
                count[r["oracle"]] = count.get(r["oracle"], 0) + 1
        if not count:
            return "-"
        order = sorted(count, key=lambda o: -count[o])  # stable: first seen first among equals
        if len(count) == 1:
            return order[0]
        return ", ".join(o + (f"×{count[o]}" if count[o] > 1 else "") for o in order)


def groups(rows, corpus):
    """bug -> Group of its trials in `corpus`, in the bugs' order."""
    out = {}
    for bug in bugs_in(rows):
        g = [r for r in rows if r["bug"] == bug and r["corpus"] == corpus]
        if g:
            out[bug] = Group(g)
    return out


def first_found(rows):
    """bug -> the artifact of its first attributable finding (seeds' trials first)."""
    out = {}
    for corpus in CORPORA:
        for r in rows:
            if r["corpus"] == corpus and r["status"] == "found" and r["artifact"]:
                out.setdefault(r["bug"], r["artifact"])
    return out


def main(argv):
    """tools/bug-hunt's questions about a trials.tsv, one answer a line."""
    if len(argv) != 3 or argv[1] != "first-found":
        print("usage: trials.py first-found TRIALS.tsv", file=sys.stderr)
        return 2
    try:
        rows = read_trials(argv[2])
    except BadFile as e:
        print(f"bug-hunt: {e}", file=sys.stderr)
        return 2
    for bug, art in first_found(rows).items():
        print(f"{bug}\t{art}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
