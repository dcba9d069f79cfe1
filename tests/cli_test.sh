#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The iopgfuzz command: every subcommand, its help, its errors and exit statuses.
# usage: cli_test.sh IOPGFUZZ SOURCE_DIR
set -u
bin=$1
src=$2
. "$(dirname -- "$0")/check.sh"

check help 0 "$bin" --help
contains help "$tmp/out" "usage: iopgfuzz COMMAND"
check no-command 2 "$bin"
check unknown-command 2 "$bin" frobnicate
one_line unknown-command "$tmp/err"
for c in run trace stats print encode gen pgsize bugs; do
	check "help-$c" 0 "$bin" "$c" --help
	contains "help-$c" "$tmp/out" "usage: iopgfuzz $c"
done

# The bug catalogue and page-size requests.
check bugs 0 "$bin" bugs
contains bugs "$tmp/out" "^ADD_PAGE_FIRST	planted"
check bugs-names 0 "$bin" bugs --names
contains bugs-names "$tmp/out" "^SPLIT_WRONG_OA$"
check bugs-bad-option 2 "$bin" bugs --frob
one_line bugs-bad-option "$tmp/err"
check run-unknown-bug 2 "$bin" run --bugs=NO_SUCH_BUG "$src"/corpus/seeds/smmu-mix.txt
one_line run-unknown-bug "$tmp/err"
contains run-unknown-bug "$tmp/err" "unknown bug 'NO_SUCH_BUG'"
check pgsize-vectors 0 "$bin" pgsize "$src"/corpus/pgsize/vectors.txt
check pgsize-bug 1 "$bin" pgsize --bugs=pgsize-overflow "$src"/corpus/pgsize/vectors.txt
contains pgsize-bug "$tmp/out" "finding \[pgsize\]: \(pgsize, count\) violates"
printf '0x1000 0x0 0x0 0x1000\n0x1000 0x0 zero 0x1000\n' >"$tmp/bad.txt"
check pgsize-malformed 2 "$bin" pgsize "$tmp/bad.txt"
one_line pgsize-malformed "$tmp/err"
contains pgsize-malformed "$tmp/err" "bad.txt:2: expected 'bitmap iova paddr size \[32\]'"
check pgsize-missing 2 "$bin" pgsize "$tmp/none.txt"
check pgsize-unknown-bug 2 "$bin" pgsize --bugs=frob "$src"/corpus/pgsize/vectors.txt
check stats-bug-counts 1 "$bin" stats "$src"/corpus/bugs/split-wrong-oa.txt
contains stats-bug-counts "$tmp/out" "^bug.SPLIT_WRONG_OA.triggered=[1-9]"

# The regression corpus meets its expectations.
check corpus 0 "$bin" run --expect "$src"/corpus/regress/*.txt
contains corpus "$tmp/out" "^[0-9]+ passed, 0 failed$"

# run: agree, finding, unusable
check run-agree 0 "$bin" run "$src/corpus/regress/seed-4m.txt"
contains run-agree "$tmp/out" "seed-4m.txt: agree"
check run-finding 1 "$bin" run "$src/corpus/regress/no-access-hang.txt"
contains run-finding "$tmp/out" "CORE_ITER_BOUND"
contains run-finding "$tmp/out" "^map iova=0x0"
check run-bugs-flag 1 "$bin" run --bugs=map-no-access "$src/corpus/regress/no-access.txt"
check run-unknown-bug 2 "$bin" run --bugs=no-such-bug "$src/corpus/regress/seed-4m.txt"
one_line run-unknown-bug "$tmp/err"
check run-missing 2 "$bin" run "$tmp/does-not-exist.txt"
one_line run-missing "$tmp/err"
check run-no-files 2 "$bin" run
printf 'config fmt=lpae-s1\nmap iova=0x0 size=4K\n' >"$tmp/bad.txt"
check run-malformed 2 "$bin" run "$tmp/bad.txt"
one_line run-malformed "$tmp/err"
contains run-malformed "$tmp/err" "bad.txt:2: "
printf 'config fmt=lpae-s1 pgsizes=4K ias=48 oas=37\nmap iova=0 paddr=0 size=4K\n' >"$tmp/refused.txt"
check run-refused 2 "$bin" run "$tmp/refused.txt"
contains run-refused "$tmp/out" "unusable"
check run-unknown-option 2 "$bin" run --frob "$src/corpus/regress/seed-4m.txt"

# trace: calls with iova/pgsize/pgcount, flushes, SMMU commands, verdict
check trace 0 "$bin" trace "$src/corpus/regress/seed-4m.txt"
contains trace "$tmp/out" "opt driver unmap_pages iova=0x0 pgsize=0x200000 pgcount=0x2"
contains trace "$tmp/out" "ref driver unmap iova=0x200000 pgsize=0x200000 pgcount=0x1"
contains trace "$tmp/out" "tlb_add_page iova=0x200000 granule=0x200000"
contains trace "$tmp/out" "smmu cmd invalidate leaf"
contains trace "$tmp/out" "^verdict: agree"
check trace-two-files 2 "$bin" trace "$src/corpus/regress/seed-4m.txt" "$src/corpus/regress/seed-4m.txt"

# stats: ENGINE.COUNTER=VALUE
check stats 0 "$bin" stats "$src/corpus/regress/seed-4m.txt"
contains stats "$tmp/out" "^ref.indirect_calls=8$"
contains stats "$tmp/out" "^opt.indirect_calls=4$"
contains stats "$tmp/out" "^ref.walks=4$"
contains stats "$tmp/out" "^opt.walks=2$"

# print / encode round trip, and binary input
check print 0 "$bin" print "$src/corpus/regress/block-split.txt"
cp "$tmp/out" "$tmp/a.txt"
check encode 0 "$bin" encode "$tmp/a.txt" -o "$tmp/a.bin"
check print-binary 0 "$bin" print "$tmp/a.bin"
if cmp -s "$tmp/out" "$tmp/a.txt"; then pass; else fail "round trip"; diff "$tmp/a.txt" "$tmp/out" | head; fi
check run-binary 0 "$bin" run "$tmp/a.bin"
check encode-no-output 2 "$bin" encode "$tmp/a.txt"
check encode-bad-dir 2 "$bin" encode "$tmp/a.txt" -o "$tmp/no/such/dir/x.bin"
one_line encode-bad-dir "$tmp/err"

# gen: deterministic per seed, and runnable
check gen 0 "$bin" gen --seed 7
cp "$tmp/out" "$tmp/g1.txt"
check gen-again 0 "$bin" gen --seed 7
if cmp -s "$tmp/out" "$tmp/g1.txt"; then pass; else fail "gen not deterministic"; fi
check gen-runs 0 "$bin" run "$tmp/g1.txt"
check gen-no-seed 2 "$bin" gen
check gen-bad-seed 2 "$bin" gen --seed x1

# Options apply wherever they stand: after a file too.
check option-after-file 0 "$bin" run "$src/corpus/bugs/add-page-first.txt" --bugs=none
check option-before-file 1 "$bin" run "$src/corpus/bugs/add-page-first.txt"

# --target: what the fuzz target keeps, from the one definition the targets use.
printf 'config\nmap iova=0 paddr=0 size=8K prot=rw\nunmap-lazy iova=0 size=4K\ndma iova=0x1000 access=r\nunmap iova=0 size=8K\n' >"$tmp/kinds.txt"
check target-map 0 "$bin" print --target=fuzz_map "$tmp/kinds.txt"
if grep -qE '^(unmap-lazy|dma) ' "$tmp/out" || ! grep -q '^unmap iova' "$tmp/out"; then
	fail "--target=fuzz_map kept other kinds"; cat "$tmp/out"; else pass; fi
check target-smmu 0 "$bin" print --target=fuzz_smmu "$tmp/kinds.txt"
contains target-smmu "$tmp/out" "^dma iova=0x1000"
check target-unknown 2 "$bin" run --target=fuzz_nothing "$tmp/kinds.txt"
one_line target-unknown "$tmp/err" "unknown target 'fuzz_nothing'"

# --porcelain: one tab-separated line per program for tools.
check porcelain 1 "$bin" run --porcelain "$src/corpus/bugs/add-page-first.txt" "$src/corpus/seeds/smmu-mix.txt"
contains porcelain "$tmp/out" "add-page-first.txt	finding	event:SMMU_STALE_TLB$"
contains porcelain "$tmp/out" "smmu-mix.txt	agree	agree$"

# A directory is named as one.
check directory 2 "$bin" run "$tmp"
contains directory "$tmp/err" "Is a directory"

# Page-size vectors: fuzz_pgsize's binary inputs as the target reads them, text
# vector files in run as in pgsize, and every corpus directory a clean --expect.
printf '\x00\xf0\xff\xff\x00\x00\x00\x00' >"$tmp/v.bin"
head -c 24 /dev/zero >>"$tmp/v.bin"
printf '\x00\x00\x00\x40\x00\x00\x00\x00\x01' | dd of="$tmp/v.bin" bs=1 seek=24 conv=notrunc 2>/dev/null
check pgsize-binary 0 "$bin" pgsize "$tmp/v.bin"
check pgsize-binary-bug 1 "$bin" pgsize --bugs=pgsize-overflow "$tmp/v.bin"
check run-vectors 0 "$bin" run "$src/corpus/pgsize/vectors.txt"
check expect-every-corpus 0 "$bin" run --quiet --expect "$src"/corpus/*/*.txt

# Nothing skipped goes unsaid; a person may raise the leaf budget.
printf 'config pgsizes=4K page=4K\nmap iova=0 paddr=0 size=64M prot=rw\nunmap iova=0 size=64M\n' >"$tmp/big.txt"
check skipped-named 0 "$bin" run --quiet "$tmp/big.txt"
contains skipped-named "$tmp/out" "^  op 0 skipped: leaf-budget \(16384 leaves > 8192"
contains skipped-named "$tmp/out" "1 with skipped operations"
check max-leaves 0 "$bin" run --max-leaves=16384 "$tmp/big.txt"
contains max-leaves "$tmp/out" "agree \(2 operations, 0 skipped\)"
check max-leaves-bad 2 "$bin" run --max-leaves=0 "$tmp/big.txt"
one_line max-leaves-bad "$tmp/err" "max-leaves"
check known 0 "$bin" known
contains known "$tmp/out" "^leaf-budget	skip an op	"
contains known "$tmp/out" "^kernel-warn	excuse an event	"
check stats-known 0 "$bin" stats "$tmp/big.txt"
contains stats-known "$tmp/out" "^known.leaf-budget=2$"

# minimize: in process, on the typed program, the same class, never over its input.
{ cat "$src/corpus/bugs/unmap-first-table.txt"; "$bin" gen --seed 5 | grep -vE '^(#|config)'; } >"$tmp/grown.txt"
check minimize 0 "$bin" minimize "$tmp/grown.txt" -o "$tmp/small.txt"
check minimized-finds 0 "$bin" run --expect "$tmp/small.txt"
contains minimized-finds "$tmp/out" "as expected \[event:SMMU_STALE_TLB\]"
n=$(grep -cvE '^(#|config)' "$tmp/small.txt")
[ "$n" -le 3 ] && pass || fail "minimize left $n operations (3 are enough)"
check minimize-over-input 2 "$bin" minimize "$tmp/grown.txt" -o "$tmp/grown.txt"
one_line minimize-over-input "$tmp/err" "never writes over its input"
# An oracle outside the CLI (what tools/minimize hands a fuzz binary's verdict through):
# the encoded candidate's class by a command; with --no-cli it alone decides.
printf '#!/bin/sh\n"%s" run --porcelain --bugs=UNMAP_FIRST_TABLE "$1" | awk -F"\\t" '"'"'NF >= 3 && $2 == "finding" { print $3; exit }'"'"'\n' "$bin" >"$tmp/oracle.sh"
check minimize-oracle 0 "$bin" minimize --no-cli --oracle="sh $tmp/oracle.sh" "$tmp/grown.txt" -o "$tmp/small2.txt"
n=$(grep -cvE '^(#|config)' "$tmp/small2.txt")
[ "$n" -le 3 ] && pass || fail "minimize --oracle left $n operations (3 are enough)"
check minimize-oracle-finds 1 "$bin" run "$tmp/small2.txt"
contains minimize-oracle-finds "$tmp/out" "\[event:SMMU_STALE_TLB\]$"
check minimize-nothing 1 "$bin" minimize "$src/corpus/seeds/attrs.txt" -o "$tmp/none.txt"
[ ! -e "$tmp/none.txt" ] && pass || fail "minimize wrote a result for a program with no finding"

# A configuration every participant refuses says which setting.
printf 'config fmt=lpae-s2 pgsizes=4K page=4K ias=48 oas=39\nmap iova=0 paddr=0 size=4K prot=rw\n' >"$tmp/refused.txt"
check refused-says-why 2 "$bin" run "$tmp/refused.txt"
contains refused-says-why "$tmp/out" "refuse this configuration \(-22: an OAS the \(I\)PS field cannot encode"

check_done cli
