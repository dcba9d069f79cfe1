#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The default command of the iopgfuzz image: a fuzz campaign with its results
# in /out (corpus/<target>/, crashes/<target>/, logs/, campaign.log and
# summary.txt). It runs the repository's own campaign (make fuzz, i.e.
# tools/fuzz-campaign.sh) when there is one, otherwise a small built-in one
# (each differential target with libFuzzer's fork mode).
#
# usage: entrypoint.sh [SECONDS]     (default $FUZZ_SECONDS, else 300)
# environment: FUZZ_SECONDS, FUZZ_OUT (default /out), FUZZ_JOBS (default: all cores)
# exit status: 0 no finding, 1 findings, 2 setup error.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

seconds=${1:-${FUZZ_SECONDS:-300}}
out=${FUZZ_OUT:-/out}
jobs=${FUZZ_JOBS:-$(nproc)}

die() { echo "entrypoint: $*" >&2; exit 2; }
case $seconds in ''|*[!0-9]*|0) die "the duration must be a positive number of seconds, not '$seconds'" ;; esac
case $jobs in ''|*[!0-9]*|0) die "FUZZ_JOBS must be a positive number, not '$jobs'" ;; esac
mkdir -p "$out" 2>/dev/null || die "cannot create $out (mount a directory there: -v \$PWD/out:/out)"
touch "$out/.write-test" 2>/dev/null || die "$out is not writable"
rm -f "$out/.write-test"

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t0=$SECONDS

# The built-in campaign: the differential targets one after the other.
builtin_campaign() {
	local targets="fuzz_unmap fuzz_map fuzz_smmu" t per
	per=$((seconds / 3))
	[ "$per" -ge 1 ] || per=1
	mkdir -p "$out/logs"
	for t in $targets; do
		mkdir -p "$out/corpus/$t" "$out/crashes/$t"
		cp -n build/gcc/seeds/programs/* "$out/corpus/$t/" 2>/dev/null || true
		echo "== $t: $per s, -fork=$jobs, corpus $out/corpus/$t ($(find "$out/corpus/$t" -type f | wc -l) inputs)"
		"build/fuzz/fuzz/$t" "$out/corpus/$t" -fork="$jobs" -max_total_time="$per" \
			-ignore_crashes=1 -timeout=25 -rss_limit_mb=4096 -dict=fuzz/programs.dict \
			-artifact_prefix="$out/crashes/$t/" -print_final_stats=1 >"$out/logs/$t.log" 2>&1
		echo "   rc $? ($(grep -cE '^#[0-9]+' "$out/logs/$t.log") status lines)"
	done
	[ -z "$(find "$out/crashes" -type f 2>/dev/null)" ]
}

if [ -x tools/fuzz-campaign.sh ] && grep -q 'fuzz-campaign' Makefile 2>/dev/null; then
	runner="make fuzz (tools/fuzz-campaign.sh)"
	make --no-print-directory fuzz FUZZ_SECONDS="$seconds" FUZZ_OUT="$out" FUZZ_JOBS="$jobs" 2>&1 |
		tee "$out/campaign.log"
	rc=${PIPESTATUS[0]}
else
	runner="built-in (docker/entrypoint.sh, libFuzzer -fork)"
	builtin_campaign 2>&1 | tee "$out/campaign.log"
	rc=${PIPESTATUS[0]}
fi

# The summary, computed from what is in $out (not from the runner's output).
execs_of() { # target: the last "#N" of every log of the target, added up
	local f n=0 last
	for f in "$out/logs/$1.log" "$out/logs/$1".*.log; do
		[ -f "$f" ] || continue
		last=$(grep -oE '^#[0-9]+' "$f" | tail -1 | tr -d '#')
		n=$((n + ${last:-0}))
	done
	echo "$n"
}
{
	echo "iopgfuzz campaign summary"
	echo "started: $started"
	echo "seconds: $seconds (wall $((SECONDS - t0)))"
	echo "jobs: $jobs"
	echo "runner: $runner"
	echo
	printf '%-17s %12s %8s %9s\n' target executions corpus findings
	total=0
	for d in "$out"/corpus/*/; do
		[ -d "$d" ] || continue
		t=$(basename "$d")
		n=$(find "$out/crashes/$t" -type f 2>/dev/null | wc -l)
		total=$((total + n))
		printf '%-17s %12s %8s %9s\n' "$t" "$(execs_of "$t")" "$(find "$d" -type f | wc -l)" "$n"
	done
	echo
	echo "findings: $total"
	find "$out/crashes" -type f 2>/dev/null | sort | sed 's/^/  /'
	case $rc in
	0) echo "status: ok (exit 0)" ;;
	1) echo "status: findings (exit 1)" ;;
	*) echo "status: error (exit $rc)" ;;
	esac
} >"$out/summary.txt"
echo
cat "$out/summary.txt"

# Results belong to whoever owns the mounted directory.
owner=$(stat -c %u:%g "$out" 2>/dev/null || echo 0:0)
[ "$owner" = 0:0 ] || chown -R "$owner" "$out" 2>/dev/null || true
exit "$rc"
