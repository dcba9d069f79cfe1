#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Take a kernel tree's iommu core functions out of its iommu.c and iommu.h.

usage: extract.py TREE_DIR OUT.c

Writes OUT.c: '#include "core-shim.h"', a prototype of every function taken,
then the functions themselves, verbatim, in the order the tree has them (the
header's first). What is taken: the entry points the kernel-core variant
calls (ENTRIES) and every function of iommu.c or iommu.h that a function
taken calls, transitively. A function defined twice in iommu.h (the
CONFIG_IOMMU_API body and its stub) is taken from its first definition, the
real one. Nothing is edited: the functions compile against our shim.

Exit status 0, or 2 with one line naming the tree, the file and what is
missing.
"""
import os
import re
import sys

# What kernel/core/adapter-core.c calls.
ENTRIES = ["iommu_map", "iommu_unmap", "iommu_unmap_fast", "iommu_iotlb_sync",
           "iommu_iotlb_gather_init", "iommu_iotlb_gather_add_page"]
# Defined by the shim (core-shim.h), never taken from the tree.
SHIM = {"trace_map", "trace_unmap", "might_sleep", "might_sleep_if", "gfpflags_allow_blocking",
        "iommu_debug_map", "iommu_debug_unmap_begin", "iommu_debug_unmap_end"}

HEAD = re.compile(r"^(?:static\s+)?(?:inline\s+)?(?:__always_inline\s+)?"
                  r"(?:const\s+)?(?:struct\s+)?[A-Za-z_][\w]*[\s\*]+"
                  r"(?P<name>[A-Za-z_]\w*)\s*\(")
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")


def die(msg):
    print(f"extract.py: {msg}", file=sys.stderr)
    sys.exit(2)


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def definitions(path):
    """name -> (first line index, text) of every top-level function definition."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    code = strip_comments("\n".join(lines)).split("\n")
    defs = {}
    i = 0
    while i < len(code):
        line = code[i]
        m = HEAD.match(line)
        # A return type alone on the line before ("static inline bool\nname(...)").
        if not m and re.match(r"^[A-Za-z_]\w*\s*\(", line) and i and \
                re.match(r"^(static\s+)?(inline\s+)?[\w\s\*]+$", code[i - 1]) and \
                not code[i - 1].rstrip().endswith(";"):
            m = re.match(r"^(?P<name>[A-Za-z_]\w*)\s*\(", line)
            start = i - 1
        else:
            start = i
            # Specifiers alone on the line before ("static inline\nbool name(...)").
            if m and i and re.match(r"^(static|inline|static inline|static __always_inline)\s*$",
                                    code[i - 1]):
                start = i - 1
        if not m or line.startswith((" ", "\t", "#")):
            i += 1
            continue
        # The parameter list ends with ')' followed by '{' on this or a later line.
        j = i
        while j < len(code) and ")" not in code[j]:
            j += 1
        k = j
        while k < len(code) and "{" not in code[k] and not code[k].rstrip().endswith(";"):
            k += 1
        if k >= len(code) or code[k].rstrip().endswith(";") or "{" not in code[k]:
            i = k + 1
            continue
        end = k
        while end < len(code) and code[end] != "}":
            end += 1
        if end >= len(code):
            break
        name = m.group("name")
        if name not in defs:
            defs[name] = (start, "\n".join(lines[start:end + 1]),
                          "\n".join(code[start:end + 1]))
        i = end + 1
    return defs


def prototype(text):
    head = text[:text.index("{")].rstrip()
    return re.sub(r"\s+", " ", head) + ";"


def main():
    if len(sys.argv) != 3:
        die("usage: extract.py TREE_DIR OUT.c")
    tree, out = sys.argv[1], sys.argv[2]
    # iommu.c first: where a name is defined in both, the header's is the stub of a
    # kernel without CONFIG_IOMMU_API.
    files = [os.path.join(tree, "drivers/iommu/iommu.c"), os.path.join(tree, "include/linux/iommu.h")]
    for f in files:
        if not os.path.isfile(f):
            die(f"{tree}: no {os.path.relpath(f, tree)} (tools/kernel-tree copies it)")
    found = []  # (file index, line, name, text, code)
    names = {}
    for n, f in enumerate(files):
        for name, (line, text, code) in definitions(f).items():
            if name not in names:
                names[name] = (n, line, text, code)
    want, taken = list(ENTRIES), {}
    while want:
        name = want.pop()
        if name in taken or name in SHIM:
            continue
        if name not in names:
            where = "drivers/iommu/iommu.c or include/linux/iommu.h"
            die(f"{tree}: no definition of {name}() in {where}: no kernel-core variant")
        taken[name] = names[name]
        body = names[name][3]
        for ident in set(IDENT.findall(body[body.index("{"):])):
            if ident in names and ident not in taken and ident != name:
                want.append(ident)
    for name, (n, line, text, code) in taken.items():
        found.append((n, line, name, text))
    # The header's functions first, each file in its own order.
    found.sort(key=lambda x: (-x[0], x[1]))
    with open(out, "w") as f:
        f.write("/* Generated by kernel/core/extract.py from %s: the tree's own code. */\n" % tree)
        f.write('#include "core-shim.h"\n\n')
        for _, _, _, text in found:
            f.write(prototype(text) + "\n")
        for n, line, name, text in found:
            f.write("\n#line %d \"%s\"\n%s\n" % (line + 1, files[n], text))
        # v6.3 on, iommu_map() takes the caller's gfp (1369459b2e21).
        if "gfp_t" in prototype(taken["iommu_map"][2]):
            f.write("\n#define IPF_KCORE_MAP_GFP 1\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
