# SPDX-License-Identifier: GPL-2.0-only
"""tools/coverage's reading of `llvm-cov export -summary-only` JSON.

usage: export.py ignore SRC EXPORT.json    the -ignore-filename-regex for every
                                           file outside SRC/engine/
       export.py summary EXPORT.json       "lines 83.2% functions 90.1% regions 78.0%"
"""

import json
import os
import re
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)["data"][0]
    except (OSError, ValueError, KeyError, IndexError) as e:
        print(f"coverage: {path}:1: not an llvm-cov export ({type(e).__name__})", file=sys.stderr)
        sys.exit(2)


def ignore(src, path):
    """The directories of the covered files not under engine/, as one regex
    of whole directories (a file directly in one)."""
    engine = os.path.join(src, "engine") + os.sep
    dirs = sorted({os.path.dirname(f["filename"]) for f in load(path).get("files", [])
                   if not (f["filename"].startswith(engine) or f["filename"].startswith("engine/"))})
    if not dirs:
        return "^$"
    return "^(" + "|".join(re.escape(d) for d in dirs) + ")/[^/]*$"


def summary(path):
    totals = load(path).get("totals", {})
    return " ".join(f"{k} {totals.get(k, {}).get('percent', 0):.1f}%"
                    for k in ("lines", "functions", "regions"))


def main(argv):
    if len(argv) == 4 and argv[1] == "ignore":
        print(ignore(argv[2], argv[3]))
    elif len(argv) == 3 and argv[1] == "summary":
        print(summary(argv[2]))
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
