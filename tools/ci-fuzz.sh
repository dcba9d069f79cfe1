#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# CI's fuzzing stage: build every fuzz variant, replay the seed corpora in the
# ASan/UBSan, MSan and replay (gcc) builds, then a short smoke campaign of
# each main target that must find nothing on the correct engines.
# usage: tools/ci-fuzz.sh [SMOKE_SECONDS_PER_TARGET]   (default 45)
set -euo pipefail
prog=ci-fuzz
. "$(dirname "$0")/lib.sh"
cd "$src"
smoke=${1:-45}
passed=0
failed=0

step() { echo "== $*"; }
ok() { passed=$((passed + 1)); echo "   ok: $*"; }
bad() { failed=$((failed + 1)); echo "   FAILED: $*"; }

tools/deps.sh afl || exit 2
for p in gcc fuzz fuzz-msan replay coverage fuzz-afl fuzz-afl-cmplog; do
	step "build $p"
	if cmake --preset $p >/dev/null && cmake --build --preset $p >build/ci-$p.log 2>&1; then
		ok "preset $p"
	else
		bad "preset $p (see build/ci-$p.log)"
		tail -20 build/ci-$p.log
	fi
done

# CI has Debian's kernel sources (make test installs them): the kernel targets must be built.
kernel_targets=$IPF_KERNEL_TARGETS
for t in $kernel_targets; do
	for p in fuzz fuzz-msan replay coverage fuzz-afl; do
		[ -x build/$p/fuzz/$t ] || bad "$t missing from preset $p (no kernel tree in build/kernel?)"
	done
done

for t in $IPF_TARGETS $kernel_targets; do
	for p in fuzz fuzz-msan; do
		if build/$p/fuzz/$t -runs=0 "$(seeds_of $t)" >build/ci-replay.log 2>&1; then
			ok "$t replays its seeds ($p)"
		else
			bad "$t on its seeds ($p)"; tail -30 build/ci-replay.log
		fi
	done
	if build/replay/fuzz/$t "$(seeds_of $t)" >build/ci-replay.log 2>&1; then
		ok "$t replays its seeds (gcc replay build)"
	else
		bad "$t on its seeds (gcc replay build)"; tail -30 build/ci-replay.log
	fi
done

step "an injected bug reaches every fuzz build (--ipf-bugs), and only with the flag"
build/gcc/tools/iopgfuzz encode corpus/bugs/add-page-first.txt -o build/ci-bug.bin
for p in fuzz fuzz-afl replay; do
	if ! build/$p/fuzz/fuzz_unmap build/ci-bug.bin >build/ci-bug.log 2>&1; then
		bad "$p: a finding with every bug off"; tail -5 build/ci-bug.log
	elif build/$p/fuzz/fuzz_unmap --ipf-bugs=ADD_PAGE_FIRST build/ci-bug.bin >build/ci-bug.log 2>&1 ||
		! grep -q 'finding_SMMU_STALE_TLB' build/ci-bug.log; then
		bad "$p: --ipf-bugs=ADD_PAGE_FIRST not found"; tail -5 build/ci-bug.log
	else
		ok "$p: --ipf-bugs=ADD_PAGE_FIRST found, clean without"
	fi
done

step "every kernel tree runs in the kernel targets (--ipf-kernel=TREE)"
for k in $(build/gcc/tools/iopgfuzz kernels | cut -f1); do
	if build/replay/fuzz/fuzz_kernel_unmap --ipf-kernel="$k" build/gcc/seeds/programs >build/ci-kernel.log 2>&1 &&
		grep -q "^INFO: kernel tree $k " build/ci-kernel.log; then
		ok "fuzz_kernel_unmap --ipf-kernel=$k replays the seeds"
	else
		bad "fuzz_kernel_unmap --ipf-kernel=$k"; tail -10 build/ci-kernel.log
	fi
done
if build/replay/fuzz/fuzz_kernel_unmap --ipf-kernel=no-such-tree build/ci-bug.bin >build/ci-kernel.log 2>&1 ||
	! grep -q 'no such tree in this build' build/ci-kernel.log; then
	bad "--ipf-kernel=no-such-tree is not refused"; tail -3 build/ci-kernel.log
else
	ok "--ipf-kernel=no-such-tree is refused"
fi
# An injected bug of the model is a finding against the real tree too.
if build/fuzz/fuzz/fuzz_kernel_unmap --ipf-bugs=ADD_PAGE_FIRST build/ci-bug.bin >build/ci-bug.log 2>&1 ||
	! grep -q 'finding_SMMU_STALE_TLB' build/ci-bug.log; then
	bad "fuzz_kernel_unmap: --ipf-bugs=ADD_PAGE_FIRST not found"; tail -5 build/ci-bug.log
else
	ok "fuzz_kernel_unmap: --ipf-bugs=ADD_PAGE_FIRST found against the tree"
fi

step "smoke campaign: ${smoke}s per main target"
rm -rf build/ci-campaign
if tools/fuzz-campaign.sh --seconds $((smoke * 4)) --targets "fuzz_unmap fuzz_map fuzz_smmu fuzz_kernel_unmap" \
	--out build/ci-campaign --jobs "$(nproc)" >build/ci-campaign.log 2>&1; then
	ok "smoke campaign found nothing"
else
	bad "smoke campaign"
fi
sed -n '/== summary/,$p' build/ci-campaign.log

step "a campaign with an injected bug finds it (make fuzz FUZZ_BUGS=...)"
rm -rf build/ci-campaign-bug
if tools/fuzz-campaign.sh --seconds 30 --targets fuzz_unmap --jobs 1 --bugs unmap-off-by-one \
	--out build/ci-campaign-bug >build/ci-campaign-bug.log 2>&1; then
	bad "no finding with --bugs unmap-off-by-one"; tail -20 build/ci-campaign-bug.log
elif ! grep -q 'tools/reproduce --bugs=UNMAP_OFF_BY_ONE' build/ci-campaign-bug.log ||
	! grep -E '^  build/ci-campaign-bug/crashes/fuzz_unmap/crash-[0-9a-f]+  \[' build/ci-campaign-bug.log |
		grep -vq 'does not reproduce' ||
	! grep -qE '^  bug\.UNMAP_OFF_BY_ONE\.triggered=[1-9]' build/ci-campaign-bug.log; then
	bad "the bug campaign's summary"; sed -n '/== summary/,$p' build/ci-campaign-bug.log
else
	ok "found, listed with --bugs=UNMAP_OFF_BY_ONE and its class"
fi

# Every crash the campaigns left, run through 'iopgfuzz run --target': the class the CLI
# gives must be the one the fuzzer reported (its ==iopgfuzz== line in the worker's log).
step "iopgfuzz run --target gives each campaign crash the fuzzer's own class"
n=0
for log in build/ci-campaign/logs/*.log build/ci-campaign-bug/logs/*.log; do
	[ -f "$log" ] || continue
	art=$(sed -nE 's/.*Test unit written to (.*crash-[0-9a-f]+)$/\1/p' "$log" | head -n 1)
	[ -n "$art" ] && [ -f "$art" ] || continue
	t=$(basename "$log"); t=${t%%.*}
	line=$(grep -m 1 -E '^==iopgfuzz== finding: ' "$log" | sed 's/^==iopgfuzz== finding: //' || true)
	case $line in
	[A-Z]*) want=event:${line%% *} ;;
	*) want=${line%% *} ;;
	esac
	bugs=
	case $log in *ci-campaign-bug*) bugs=--bugs=UNMAP_OFF_BY_ONE ;; esac
	# (run exits 1 on the finding: the pipeline's status is not the point here)
	got=$({ build/gcc/tools/iopgfuzz run --porcelain --target="$t" --binary $bugs "$art" 2>/dev/null || true; } |
		awk -F'\t' 'NF >= 3 { print $3; exit }')
	n=$((n + 1))
	if [ "$got" = "$want" ]; then
		ok "$art: [$got] as the fuzzer reported"
	else
		bad "$art: the fuzzer reported [$want], iopgfuzz run --target=$t gives [$got]"
	fi
done
[ "$n" -gt 0 ] || bad "no campaign crash to check (the bug campaign should have left one)"

echo "ci-fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
