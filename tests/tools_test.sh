#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The campaign tools (tools/reproduce, tools/minimize, tools/coverage) end to end,
# on a real crash: corpus/regress/no-access-hang.txt with the MAP_NO_ACCESS bug
# switched on (6093cd582f8e reverted) makes the v5.15 core spin until its
# iteration bound: finding [event:CORE_ITER_BOUND]. Then tools/bug-hunt: its
# usage errors, and one trial on ADD_PAGE_FIRST from the seeds when the fuzz
# build is there (it is run with --no-build).
# usage: tools_test.sh SOURCE_DIR IOPGFUZZ
# Builds the presets the tools need (replay, fuzz, coverage, fuzz-afl) in
# SOURCE_DIR/build/<preset>, incrementally. Parts needing clang/llvm or AFL++
# are skipped, with a message, only when those are not installed.
set -u
src=$(cd "${1:?usage: tools_test.sh SOURCE_DIR IOPGFUZZ}" && pwd)
bin=${2:?usage: tools_test.sh SOURCE_DIR IOPGFUZZ}
seeds=$(cd "$(dirname "$bin")/.." && pwd)/seeds
. "$(dirname -- "$0")/check.sh"
check_timed=1
skipped=0
start=$SECONDS

skip() { skipped=$((skipped + 1)); echo "SKIP $*"; }
tool_error() { one_line "$1" "$2" '^(reproduce|minimize|coverage|bug-hunt): '; } # one line naming the tool

have() { command -v "$1" >/dev/null 2>&1; }
clang_ok=0
if have clang && { have llvm-profdata || compgen -c llvm-profdata- >/dev/null; } &&
	{ have llvm-cov || compgen -c llvm-cov- >/dev/null; }; then
	clang_ok=1
fi

[ -x "$bin" ] || { echo "FAIL: $bin is not executable"; exit 1; }
[ -d "$seeds/programs" ] || { echo "FAIL: no seed corpus in $seeds (build the 'seeds' target)"; exit 1; }
T=$src/tools

# ---- usage -----------------------------------------------------------------------------------
for t in reproduce minimize coverage bug-hunt; do
	check "help-$t" 0 "$T/$t" --help
	contains "help-$t" "$tmp/out" "^usage: tools/$t"
	contains "help-$t" "$tmp/out" "Exit status"
	check "bad-option-$t" 2 "$T/$t" --no-such-option
	tool_error "bad-option-$t" "$tmp/err"
done
check reproduce-no-file 2 "$T/reproduce" --iopgfuzz "$bin" "$tmp/missing"
tool_error reproduce-no-file "$tmp/err"
check minimize-no-output 2 "$T/minimize" crash "$src/corpus/regress/no-access-hang.txt"
tool_error minimize-no-output "$tmp/err"
check coverage-bad-target 2 "$T/coverage" --target fuzz_nothing
tool_error coverage-bad-target "$tmp/err"

# ---- the crash input: the text program, encoded --------------------------------------------
crash=$tmp/crashes/fuzz_smmu/crash-no-access-hang
mkdir -p "$(dirname "$crash")"
check encode 0 "$bin" encode "$src/corpus/regress/no-access-hang.txt" -o "$crash"
sum_before=$(sha1sum "$crash" "$src/corpus/regress/no-access-hang.txt")

# ---- reproduce ---------------------------------------------------------------------------------
check reproduce-bug 1 "$T/reproduce" --iopgfuzz "$bin" --bugs=map-no-access "$crash"
cp "$tmp/out" "$tmp/reproduce.out"
contains reproduce-bug "$tmp/reproduce.out" "target fuzz_smmu from the directory"
contains reproduce-bug "$tmp/reproduce.out" "^== program"
contains reproduce-bug "$tmp/reproduce.out" "^map iova=0x0 paddr=0x0 size=0x200000 prot=c$"
contains reproduce-bug "$tmp/reproduce.out" "^== trace"
contains reproduce-bug "$tmp/reproduce.out" "^op 0: map iova=0x0"
contains reproduce-bug "$tmp/reproduce.out" "opt io-pgtable map_pages iova=0x0 paddr=0x0 pgsize=0x200000 pgcount=0x1"
contains reproduce-bug "$tmp/reproduce.out" "^verdict: finding: CORE_ITER_BOUND"
contains reproduce-bug "$tmp/reproduce.out" "^as a KUnit case for the real io-pgtable-arm: .* kunit "
contains reproduce-bug "$tmp/reproduce.out" "\[event:CORE_ITER_BOUND\]$"
contains reproduce-bug "$tmp/reproduce.out" "^== replay"
contains reproduce-bug "$tmp/reproduce.out" "^[$] build/replay/fuzz/fuzz_smmu --ipf-bugs=MAP_NO_ACCESS "
contains reproduce-bug "$tmp/reproduce.out" "^reproduce: fuzz_smmu: the finding reproduces \[event:CORE_ITER_BOUND\] \(CLI and replay build\)"
# Without the bug the fuzz targets and the CLI agree: not a finding, and the tool says why.
check reproduce-no-bug 0 "$T/reproduce" --iopgfuzz "$bin" "$crash"
contains reproduce-no-bug "$tmp/out" "bug bytes name MAP_NO_ACCESS"
contains reproduce-no-bug "$tmp/out" "^replay: no finding"
# A text reproducer carries its bugs itself; another target from the name.
cp "$src/corpus/regress/no-access-hang.txt" "$tmp/fuzz_map-crash-hang.txt"
check reproduce-text 1 "$T/reproduce" --iopgfuzz "$bin" "$tmp/fuzz_map-crash-hang.txt"
contains reproduce-text "$tmp/out" "target fuzz_map from the file name"
contains reproduce-text "$tmp/out" "\[event:CORE_ITER_BOUND\]"
check reproduce-pgsize 0 "$T/reproduce" --iopgfuzz "$bin" --target fuzz_pgsize "$seeds/pgsize/vector-0"
contains reproduce-pgsize "$tmp/out" "^bitmap +0x[0-9a-f]+ \("
contains reproduce-pgsize "$tmp/out" "^replay: no finding"

# ---- minimize crash (the CLI delta minimiser, --bugs) ----------------------------------------
ops_of() { grep -cvE '^(#|config )' "$1"; }
check minimize-bug 0 "$T/minimize" crash --iopgfuzz "$bin" --bugs=map-no-access "$crash" -o "$tmp/min.txt"
[ -f "$tmp/min.bin" ] && pass || fail "minimize-bug: no $tmp/min.bin next to min.txt"
contains minimize-bug "$tmp/min.txt" "^# expect: finding event:CORE_ITER_BOUND$"
contains minimize-bug "$tmp/min.txt" "^config .*bugs=MAP_NO_ACCESS"
check minimize-bug-run 1 "$bin" run "$tmp/min.txt"
contains minimize-bug-run "$tmp/out" "\[event:CORE_ITER_BOUND\]$"
check minimize-bug-expect 0 "$bin" run --expect "$tmp/min.txt"
check minimize-bug-bin 1 "$bin" run --bugs=input "$tmp/min.bin"
contains minimize-bug-bin "$tmp/out" "\[event:CORE_ITER_BOUND\]$"
orig_ops=$(ops_of "$src/corpus/regress/no-access-hang.txt")
min_ops=$(ops_of "$tmp/min.txt")
[ "$min_ops" -le "$orig_ops" ] && pass || fail "minimize-bug: $min_ops operations, more than $orig_ops"
# Padded with operations that do not matter, it comes back to the one map.
{
	echo "config tlb=64 wc=16 policy=rr free=delayed"
	echo "map iova=0x40000000 paddr=0x80000000 size=4M prot=rw"
	echo "dma iova=0x40001000 access=w"
	echo "unmap iova=0x40000000 size=2M"
	echo "map iova=0x10000000 paddr=0x90000000 size=0x3000 prot=r"
	echo "prefetch iova=0x10001000"
	echo "map iova=0x0 paddr=0x0 size=2M prot=c"
	echo "unmap iova=0x10000000 size=0x3000"
	echo "flush-all"
	echo "dma iova=0x40200000 access=r"
} >"$tmp/padded.txt"
check minimize-padded 0 "$T/minimize" crash --iopgfuzz "$bin" --bugs=map-no-access "$tmp/padded.txt" -o "$tmp/padmin.txt"
[ "$(ops_of "$tmp/padmin.txt")" = 1 ] && pass || fail "minimize-padded: $(ops_of "$tmp/padmin.txt") operations left, expected 1"
contains minimize-padded "$tmp/padmin.txt" "^map iova=0x0 .*prot=(none|c)$"
contains minimize-padded "$tmp/padmin.txt" "tlb=0 wc=0 policy=sticky free=quarantine"
check minimize-padded-run 1 "$bin" run "$tmp/padmin.txt"
contains minimize-padded-run "$tmp/out" "\[event:CORE_ITER_BOUND\]$"
# Not a crash: nothing to minimise.
check minimize-agree 2 "$T/minimize" crash --iopgfuzz "$bin" --engine cli "$seeds/programs/seed-4m" -o "$tmp/none.txt"
tool_error minimize-agree "$tmp/err"
[ ! -e "$tmp/none.txt" ] && pass || fail "minimize-agree: wrote an output"
check minimize-over-input 2 "$T/minimize" crash --iopgfuzz "$bin" --bugs=map-no-access "$tmp/padded.txt" -o "$tmp/padded.txt"

# ---- the fuzz and coverage builds (clang) ---------------------------------------------------
if [ "$clang_ok" = 1 ]; then
	# A fuzz target decodes inputs with every bug off: nothing to minimise, and it says so.
	check minimize-libfuzzer-no-crash 2 "$T/minimize" crash --iopgfuzz "$bin" "$crash" -o "$tmp/lf.txt"
	contains minimize-libfuzzer-no-crash "$tmp/err" "try --bugs=input"

	check minimize-corpus 0 "$T/minimize" corpus --target fuzz_unmap "$seeds/programs" -o "$tmp/merged"
	contains minimize-corpus "$tmp/out" "^minimize: [0-9]+ inputs \([0-9]+ bytes\) -> [0-9]+ inputs"
	n=$(find "$tmp/merged" -type f | wc -l)
	m=$(find "$seeds/programs" -type f | wc -l)
	[ "$n" -ge 1 ] && [ "$n" -le "$m" ] && pass || fail "minimize-corpus: $n inputs from $m"
	check minimize-corpus-exists 2 "$T/minimize" corpus "$seeds/programs" -o "$tmp/merged"
	tool_error minimize-corpus-exists "$tmp/err"

	check coverage 0 "$T/coverage" --target fuzz_smmu --target fuzz_unmap "$seeds/programs" -o "$tmp/cov"
	contains coverage "$tmp/out" "^coverage: engine/ lines [0-9]+\.[0-9]% functions [0-9]+\.[0-9]% regions [0-9]+\.[0-9]% \(fuzz_smmu, $m inputs\)$"
	contains coverage "$tmp/out" "^coverage: engine/ lines [0-9]+\.[0-9]% .*\(all: fuzz_smmu fuzz_unmap, $((2 * m)) inputs\)$"
	[ -s "$tmp/cov/index.html" ] && pass || fail "coverage: no index.html"
	contains coverage "$tmp/cov/index.html" "core/iommu.c"
	if grep -qE 'fuzz/target.c|standalone_main' "$tmp/cov/index.html"; then
		fail "coverage: the report shows files outside engine/"
	else
		pass
	fi
	contains coverage "$tmp/cov/summary.txt" "\(fuzz_unmap, $m inputs\)"
	contains coverage "$tmp/cov/summary.json" '"totals":'
	pct=$(sed -nE 's/^coverage: engine\/ lines ([0-9]+)\.[0-9]% .*\(fuzz_smmu.*/\1/p' "$tmp/out")
	[ -n "$pct" ] && [ "$pct" -gt 10 ] && pass || fail "coverage: fuzz_smmu lines ${pct:-?}%, expected more than 10%"
	# A second run replaces its own report; a directory that is not one is refused.
	check coverage-again 0 "$T/coverage" --target fuzz_pgsize "$seeds/pgsize" -o "$tmp/cov"
	contains coverage-again "$tmp/cov/summary.txt" "fuzz_pgsize"
	mkdir -p "$tmp/notreport" && touch "$tmp/notreport/keep"
	check coverage-not-ours 2 "$T/coverage" --target fuzz_pgsize "$seeds/pgsize" -o "$tmp/notreport"
	[ -f "$tmp/notreport/keep" ] && pass || fail "coverage-not-ours: touched the directory"
else
	skip "libFuzzer corpus merge and coverage: clang, llvm-profdata or llvm-cov not installed"
fi

if have afl-clang-fast && have afl-cmin && have afl-tmin; then
	check minimize-corpus-afl 0 "$T/minimize" corpus --engine afl --target fuzz_map "$seeds/programs" -o "$tmp/cmin"
	contains minimize-corpus-afl "$tmp/out" "-> [0-9]+ inputs"
	[ "$(find "$tmp/cmin" -type f | wc -l)" -ge 1 ] && pass || fail "minimize-corpus-afl: empty"
else
	skip "afl-cmin corpus minimisation: AFL++ not installed (apt-get install -y afl++)"
fi

# ---- bug-hunt: usage errors, then one bug, one trial from the seeds ----------------------------
check bug-hunt-trials 2 "$T/bug-hunt" --trials 0
tool_error bug-hunt-trials "$tmp/err"
check bug-hunt-corpora 2 "$T/bug-hunt" --corpora seeds,none
tool_error bug-hunt-corpora "$tmp/err"
check bug-hunt-unknown-bug 2 "$T/bug-hunt" --no-build --bugs ADD_PAGE_FIRST,NO_SUCH_BUG \
	--out "$tmp/bh" --report "$tmp/bh.md"
tool_error bug-hunt-unknown-bug "$tmp/err"
mkdir -p "$tmp/notours" && touch "$tmp/notours/keep"
check bug-hunt-not-ours 2 "$T/bug-hunt" --no-build --out "$tmp/notours" --report "$tmp/bh.md"
tool_error bug-hunt-not-ours "$tmp/err"
[ -f "$tmp/notours/keep" ] && [ ! -e "$tmp/bh.md" ] && pass || fail "bug-hunt-not-ours: touched files"
# The kept report re-rendered from its raw directory alone (no trial run): the same rows, a
# trials.tsv without its header row read as before, and a malformed one refused with its line.
cp -r "$src/docs/bug-report" "$tmp/kept"
check bug-hunt-rerender 0 "$T/bug-hunt" --report-only --out "$tmp/kept" --report "$tmp/kept.md"
for bug in ADD_PAGE_FIRST PGSIZE_OVERFLOW; do
	want=$(grep -E "^\| $bug \|" "$src/docs/bug-report.md" | cut -d'|' -f2-6,8)
	got=$(grep -E "^\| $bug \|" "$tmp/kept.md" | cut -d'|' -f2-6,8)
	[ "$want" = "$got" ] && pass || fail "bug-hunt-rerender: $bug rows differ: $got"
done
contains bug-hunt-rerender "$tmp/kept.md" '\(kept/add-page-first\.txt\) \|$'
sed -i 1d "$tmp/kept/trials.tsv"
check bug-hunt-no-header 0 "$T/bug-hunt" --report-only --out "$tmp/kept" --report "$tmp/kept2.md"
[ "$(grep -c '^| ' "$tmp/kept.md")" = "$(grep -c '^| ' "$tmp/kept2.md")" ] && pass ||
	fail "bug-hunt-no-header: another number of rows"
printf 'ADD_PAGE_FIRST\tfuzz_unmap\tseeds\n' >>"$tmp/kept/trials.tsv"
check bug-hunt-malformed 2 "$T/bug-hunt" --report-only --out "$tmp/kept" --report "$tmp/kept3.md"
one_line bug-hunt-malformed "$tmp/err" "^bug-hunt: .*/kept/trials.tsv:$(wc -l <"$tmp/kept/trials.tsv"): "
fz=$src/build/fuzz/fuzz
if [ -x "$fz/fuzz_unmap" ] && [ -x "$fz/fuzz_map" ] && [ -x "$fz/fuzz_smmu" ] && [ -x "$fz/fuzz_pgsize" ] &&
	[ -x "$src/build/gcc/tools/iopgfuzz" ] && [ -d "$src/build/gcc/seeds/programs" ]; then
	check bug-hunt 0 "$T/bug-hunt" --bugs add-page-first --corpora seeds --trials 1 --seconds-seeds 20 \
		--no-minimize --report "$tmp/bh.md" --out "$tmp/bh" --no-build
	contains bug-hunt "$tmp/out" "^\[1/1\] ADD_PAGE_FIRST seeds #1: found in [0-9]+\.[0-9] s \([A-Za-z_:]+\)$"
	contains bug-hunt "$tmp/bh.md" "^\| ADD_PAGE_FIRST \| fuzz_[a-z]+ \| 1/1 \| [0-9]+\.[0-9] \| [0-9]+\.[0-9] \| [A-Za-z_]+ \| [0-9]+ / [0-9]+ \| - \|$"
	contains bug-hunt "$tmp/bh.md" "^\*\*Summary\*\*: seeds: 1/1 bugs found in every trial"
	contains bug-hunt "$tmp/bh/trials.tsv" "^ADD_PAGE_FIRST	fuzz_[a-z]+	seeds	1	[0-9]+	20	found	"
	if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
		[ -s "$tmp/bh.png" ] && [ -s "$tmp/bh-survival.png" ] && pass || fail "bug-hunt: no plots $tmp/bh*.png"
	fi
	# The report again from trials.tsv; the run directory is ours, so a new run may replace it.
	rm -f "$tmp/bh.md"
	check bug-hunt-report-only 0 "$T/bug-hunt" --report-only --out "$tmp/bh" --report "$tmp/bh.md"
	contains bug-hunt-report-only "$tmp/bh.md" "^\| ADD_PAGE_FIRST \| fuzz_[a-z]+ \| 1/1 \|"
else
	skip "bug-hunt trial: no fuzz build (cmake --preset fuzz && cmake --build --preset fuzz) or no build/gcc"
fi

# ---- the inputs were never touched ------------------------------------------------------------
[ "$(sha1sum "$crash" "$src/corpus/regress/no-access-hang.txt")" = "$sum_before" ] && pass ||
	fail "an input file changed"

echo "tools: $((SECONDS - start)) s, $skipped parts skipped"
check_done tools
