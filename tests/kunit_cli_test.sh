#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# iopgfuzz kunit, the command: its help, errors and exit statuses, a file
# that is the same every time, what it says it leaves out, and what a case
# holds (the program's lines, the core's calls, the expectations' sources).
# Usage: kunit_cli_test.sh IOPGFUZZ SOURCE_DIR
set -uo pipefail
cli=$1 src=$2
. "$src/tests/check.sh"
cd "$src"

check "help" 0 "$cli" kunit --help
contains "help names -o" "$tmp/out" 'FILE\.\.\. \[-o OUT\.c\]'
check "no input" 2 "$cli" kunit
check "unknown option" 2 "$cli" kunit --nope corpus/regress/seed-4m.txt
printf 'config fmt=lpae-s1\nmap iova=0 paddr=0 size=4K prot=rw\nunmap iova=0 siz=4K\n' >"$tmp/bad.txt"
check "a malformed program" 2 "$cli" kunit corpus/regress/seed-4m.txt "$tmp/bad.txt" -o "$tmp/x.c"
one_line "one line naming file and line" "$tmp/err" "^$tmp/bad.txt:3: expected size="
[ ! -e "$tmp/x.c" ] && pass || fail "nothing is written for a malformed input"
check "a missing file" 2 "$cli" kunit "$tmp/missing.txt"
one_line "one line naming the missing file" "$tmp/err" "$tmp/missing.txt"
cp corpus/regress/seed-4m.txt "$tmp/in.txt"
check "-o naming an input" 2 "$cli" kunit "$tmp/in.txt" -o "$tmp/in.txt"

check "the regression corpus" 0 "$cli" kunit corpus/regress/*.txt -o "$tmp/a.c"
cp "$tmp/err" "$tmp/notes"
check "again" 0 "$cli" kunit --quiet corpus/regress/*.txt -o "$tmp/b.c"
if cmp -s "$tmp/a.c" "$tmp/b.c"; then pass; else fail "the same programs, another file"; fi
[ "$(grep -c '^	KUNIT_CASE(' "$tmp/a.c")" = "$(ls corpus/regress/*.txt | wc -l)" ] && pass ||
	fail "one KUNIT_CASE per program"
contains "the suite" "$tmp/a.c" '^kunit_test_suite\(iopf_suite\);'
contains "alloc_io_pgtable_ops" "$tmp/a.c" 'alloc_io_pgtable_ops\(fmt, &ctx->cfg, ctx\)'
contains "the program's line above its step" "$tmp/a.c" \
	'/\* corpus/regress/seed-4m.txt:7: unmap iova=0x0 size=4M \*/'
contains "the core's (pgsize, pgcount) run" "$tmp/a.c" \
	'iopf_unmap\(ctx, 0x0UL, SZ_2M, 2, false, 0x400000, "the golden model"\);'
contains "a run asks for all its pages" "$tmp/a.c" \
	'iopf_map\(ctx, 0x1000UL, 0x1000ULL, SZ_4K, 1025, IOMMU_READ \| IOMMU_WRITE,'
contains "and maps up to its table's end" "$tmp/a.c" '^		 0, 0x1ff000, "the golden model"\);'
contains "a no-access map expects -EINVAL, with its reason" "$tmp/a.c" 'known rule no-access-map: 6093cd582f8e'
contains "an SMMU-only setting is named" "$tmp/notes" \
	'table-boundary-runs.txt: ril=off: the simulated SMMU.s settings'
contains "a prefetch is not replayed, and says so" "$tmp/notes" \
	'straddle-2m.txt:6: not replayed: a cache fill of the simulated SMMU'
contains "a skipped operation names its rule" "$tmp/notes" \
	'lazy-split-conflict.txt:7: not replayed: the model skips it \(leaf-budget'
contains "bugs= is named" "$tmp/notes" 'no-access-hang.txt: bugs=: the injectable bugs are the model'
contains "a golden-less configuration says where its values come from" "$tmp/notes" \
	'unholdable-4t.txt: the golden model cannot hold this configuration'
[ -s "$tmp/notes" ] && pass || fail "notes on stderr"

# --quiet: nothing on stderr; the same notes stay in the file.
check "--quiet" 0 "$cli" kunit --quiet corpus/regress/straddle-2m.txt
[ ! -s "$tmp/err" ] && pass || fail "--quiet prints nothing on stderr"
contains "--quiet keeps the note in the file" "$tmp/out" 'not replayed: a cache fill'

# A map crossing the IAS top, which the model skips, is replayed from the core's split.
check "range check" 0 "$cli" kunit docs/kernel-findings/range-check-first-page.txt
contains "the core's split of a map the model skips" "$tmp/out" \
	'iopf_map\(ctx, 0xc0000000UL, 0x40000000ULL, SZ_1G, 2, IOMMU_READ \| IOMMU_WRITE,'
contains "-ERANGE from the golden model" "$tmp/out" '^		 -ERANGE, 0x0, "the golden model"\);'

# --ttl-strict honours ttl=strict; without it the case checks any size.
check "ttl=strict" 0 "$cli" kunit --quiet corpus/regress/split-ttl-strict.txt
contains "ttl=strict without --ttl-strict" "$tmp/out" 'iopf_alloc\(test, ARM_64_LPAE_S1, 0, 0x40201000UL, 48, 48, false'
check "--ttl-strict" 0 "$cli" kunit --quiet --ttl-strict corpus/regress/split-ttl-strict.txt
contains "ttl=strict with --ttl-strict" "$tmp/out" 'iopf_alloc\(test, ARM_64_LPAE_S1, 0, 0x40201000UL, 48, 48, true'

# Two files of one name: two cases.
mkdir -p "$tmp/d"
cp corpus/regress/seed-4m.txt "$tmp/d/seed-4m.txt"
check "one name twice" 0 "$cli" kunit --quiet corpus/regress/seed-4m.txt "$tmp/d/seed-4m.txt"
contains "the second case is renamed" "$tmp/out" 'KUNIT_CASE\(iopf_seed_4m_2\)'
contains "a name that only starts like another keeps its own" "$tmp/a.c" 'KUNIT_CASE\(iopf_no_access\)'
check "--suite" 0 "$cli" kunit --quiet --suite=my_suite corpus/regress/seed-4m.txt
contains "the suite's name" "$tmp/out" '\.name = "my_suite"'

# A binary program: the canonical lines stand in for the text.
"$cli" encode corpus/regress/seed-4m.txt -o "$tmp/seed.bin" >/dev/null 2>&1
check "binary" 0 "$cli" kunit --quiet "$tmp/seed.bin"
contains "a binary program's steps" "$tmp/out" 'seed.bin: operation 2: unmap iova=0x0 size=0x400000'
check_done kunit-cli
