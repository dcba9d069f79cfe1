# SPDX-License-Identifier: GPL-2.0-only
"""tools/fuzz-campaign.sh's counts: libFuzzer's status lines and artifacts.

usage: artifacts.py status LOG...
       artifacts.py list BEFORE_LIST DIR...
       artifacts.py count new|earlier [TARGET] <ARTIFACTS
       artifacts.py kinds new|earlier <ARTIFACTS
       artifacts.py select KIND <ARTIFACTS
       artifacts.py flags FINDINGS_TSV FILE

status: the last status line of each worker's log; executions and exec/s add
up, edges (cov) and features (ft) are the maximum: "N COV FT EXEC_S", or
"- - - -" when no worker got as far as one (a finding among the seeds).

list: the one definition of a finding, for the progress line, the summary and
the exit status: what libFuzzer leaves in crashes/<target>/, by kind. crash-,
timeout-, leak- and oom- files are findings; slow-unit- files are slow inputs,
not findings; anything else is not libFuzzer's. A file named in BEFORE_LIST
(there before the campaign started) is an earlier finding. One line per file,
sorted: KIND<TAB>new|earlier<TAB>FILE (artifacts.tsv; docker/entrypoint.sh
reads it).

count: how many of the listed artifacts are findings of that age (of one
target: under crashes/TARGET/). kinds: "1 crash, 2 timeout" of that age.
select: the listed artifacts of one kind (slow, other, ...), as listed.

flags: the replay flags an earlier campaign kept for FILE in its findings.tsv
(FILE, kind, replay, tool flags; the last entry for FILE wins), or nothing.
"""

import os
import re
import sys

FINDINGS = ("crash", "timeout", "leak", "oom")
STATUS = re.compile(r"^#(\d+)\s+(pulse|NEW|REDUCE|DONE|INITED)\b(.*)")


def last_status(path):
    last = None
    try:
        with open(path, errors="replace") as f:
            for line in f:
                if STATUS.match(line):
                    last = line
    except OSError:
        pass
    return last


def status(logs):
    lines = [s for s in (last_status(p) for p in logs) if s]
    if not lines:
        return "- - - -"
    execs = cov = ft = eps = 0
    for line in lines:
        words = line.split()
        execs += int(words[0][1:])
        for key, val in zip(words, words[1:]):
            if key == "cov:":
                cov = max(cov, int(val))
            elif key == "ft:":
                ft = max(ft, int(val))
            elif key == "exec/s:":
                eps += int(val)
    return f"{execs} {cov} {ft} {eps}"


def kind_of(name):
    for k in FINDINGS:
        if name.startswith(k + "-"):
            return k
    return "slow" if name.startswith("slow-unit-") else "other"


def listing(before, dirs):
    try:
        with open(before) as f:
            old = set(f.read().split("\n"))
    except OSError:
        old = set()
    files = []
    for d in dirs:
        for root, _, names in os.walk(d):
            files += [os.path.join(root, n) for n in names if not n.startswith(".")]
    return [f"{kind_of(os.path.basename(p))}\t{'earlier' if p in old else 'new'}\t{p}"
            for p in sorted(files)]


def rows():
    for line in sys.stdin:
        cells = line.rstrip("\n").split("\t")
        if len(cells) == 3:
            yield dict(zip(("kind", "age", "file"), cells))


def flags(findings, name):
    found = ""
    try:
        with open(findings) as f:
            for line in f:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 3 and cells[0] == name:
                    found = cells[2]
    except OSError:
        pass
    return found


def main(argv):
    if len(argv) >= 3 and argv[1] == "status":
        print(status(argv[2:]))
    elif len(argv) >= 3 and argv[1] == "list":
        for line in listing(argv[2], argv[3:]):
            print(line)
    elif len(argv) in (3, 4) and argv[1] == "count":
        under = f"/crashes/{argv[3]}/" if len(argv) == 4 else ""
        print(sum(r["age"] == argv[2] and r["kind"] in FINDINGS and under in r["file"] for r in rows()))
    elif len(argv) == 3 and argv[1] == "kinds":
        n = {k: 0 for k in FINDINGS}
        for r in rows():
            if r["age"] == argv[2] and r["kind"] in FINDINGS:
                n[r["kind"]] += 1
        print(", ".join(f"{n[k]} {k}" for k in FINDINGS if n[k]))
    elif len(argv) == 3 and argv[1] == "select":
        for r in rows():
            if r["kind"] == argv[2]:
                print(f"{r['kind']}\t{r['age']}\t{r['file']}")
    elif len(argv) == 4 and argv[1] == "flags":
        print(flags(argv[2], argv[3]))
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
