# SPDX-License-Identifier: GPL-2.0-only
"""tools/bug-hunt's plots (matplotlib, Debian's python3-matplotlib).

overview: every trial of every bug as a point, time on a log scale, the seed
corpus blue and the empty one red, misses as open triangles at the budget,
the budgets dashed.

survival: one panel per bug, Magma's survival view of time to detection: the
share of a corpus's trials still without an attributable finding, against
time (log scale), a step down at each trial's detection (its point on the
curve) and a `+` where a trial ended without one (censored at its budget).
"""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import trials as T  # noqa: E402

COLOUR = {"seeds": "#1f77b4", "empty": "#d62728"}
LABEL = {"seeds": "from the seeds", "empty": "from an empty corpus"}
FLOOR = 0.1  # s: times below are drawn at it (the log scale)


def overview(rows, path):
    bugs = T.bugs_in(rows)
    x_of = {b: i + 1 for i, b in enumerate(bugs)}
    fig, ax = plt.subplots(figsize=(max(8.2, len(bugs) * 0.42 + 2.6), 5.6), dpi=100)
    for corpus in T.corpora_in(rows):
        for found in (True, False):
            pts = [(x_of[r["bug"]] + (-0.18 if corpus == "seeds" else 0.18) + ((int(r["trial"]) - 1) % 5 - 2) * 0.04,
                    max(T.detection(r)[0], FLOOR))
                   for r in rows if r["corpus"] == corpus and (r["status"] == "found") == found]
            if not pts:
                continue
            xs, ys = zip(*pts)
            if found:
                ax.scatter(xs, ys, s=22, color=COLOUR[corpus], label=f"{LABEL[corpus]}: found")
            else:
                ax.scatter(xs, ys, s=40, marker="^", facecolors="none", edgecolors=COLOUR[corpus],
                           label=f"{LABEL[corpus]}: missed (drawn at the budget)")
        budget = max(float(r["budget"]) for r in rows if r["corpus"] == corpus)
        ax.axhline(budget, color=COLOUR[corpus], linestyle="--", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_ylim(0.05, max(float(r["budget"]) for r in rows) * 2)
    ax.set_xlim(0.5, len(bugs) + 0.5)
    ax.set_xticks(range(1, len(bugs) + 1))
    ax.set_xticklabels(bugs, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("seconds (log scale)")
    ax.set_title("Time to the first attributable finding, one point per trial")
    ax.grid(axis="y", linewidth=0.4)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def survival_steps(group):
    """The curve of one bug in one corpus: (times, shares) of a step plot from
    (FLOOR, 1), the points of the detections and of the censored trials."""
    n = len(group)
    left = n
    xs, ys = [FLOOR], [1.0]
    found, censored = [], []
    for t, missed in sorted(T.detection(r) for r in group):
        t = max(t, FLOOR)
        if missed:
            censored.append((t, left / n))
            continue
        left -= 1
        xs.append(t)
        ys.append(left / n)
        found.append((t, left / n))
    return xs, ys, found, censored


def survival(rows, path):
    bugs = T.bugs_in(rows)
    cols = 3 if len(bugs) > 4 else len(bugs)
    nrows = math.ceil(len(bugs) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(cols * 3.6, nrows * 2.4), dpi=100, squeeze=False,
                             sharey=True)
    tmax = max(float(r["budget"]) for r in rows) * 1.5
    for i, bug in enumerate(bugs):
        ax = axes[i // cols][i % cols]
        for corpus in T.corpora_in(rows):
            group = [r for r in rows if r["bug"] == bug and r["corpus"] == corpus]
            if not group:
                continue
            xs, ys, found, censored = survival_steps(group)
            budget = max(float(r["budget"]) for r in group)
            ax.step(xs + [budget], ys + [ys[-1]], where="post", color=COLOUR[corpus], linewidth=1.2,
                    label=LABEL[corpus])
            if found:
                ax.plot(*zip(*found), "o", color=COLOUR[corpus], markersize=3.5)
            if censored:
                ax.plot(*zip(*censored), "+", color=COLOUR[corpus], markersize=8)
        ax.set_xscale("log")
        ax.set_xlim(FLOOR * 0.8, tmax)
        ax.set_ylim(-0.05, 1.05)
        ax.set_title(bug, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(linewidth=0.3)
    for j in range(len(bugs), nrows * cols):
        axes[j // cols][j % cols].axis("off")
    for r in range(nrows):
        axes[r][0].set_ylabel("still searching", fontsize=7)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.suptitle("Survival: share of trials without an attributable finding, against seconds (log)",
                 fontsize=9, y=0.995)
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.985), ncol=2, fontsize=8,
               frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / (nrows * 2.4)))
    fig.savefig(path)
    plt.close(fig)
