#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The default command of the iopgfuzz image: a fuzz campaign with its results
# in /out (corpus/<target>/, crashes/<target>/, logs/, campaign.log and
# summary.txt). It runs the repository's own campaign (tools/fuzz-campaign.sh,
# what make fuzz runs, called directly so that its exit status comes through:
# make turns a 1 into 2) when there is one, otherwise a small built-in one
# (each differential target with libFuzzer's fork mode).
#
# usage: entrypoint.sh [SECONDS]     (default $FUZZ_SECONDS, else 300)
# environment: FUZZ_SECONDS, FUZZ_OUT (default /out), FUZZ_JOBS (default: all cores)
# exit status: 0 no new finding, 1 new findings, 2 setup error. A finding is a
# crash-, timeout-, leak- or oom- file the campaign left in crashes/<target>/;
# slow-unit- files are slow inputs, and files there before the campaign are
# earlier findings: both listed apart, neither counted.
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
	[ "$(artifacts | awk -F'\t' '$2 == "new" && $1 != "slow" && $1 != "other"' | wc -l)" -eq 0 ]
}

# KIND<TAB>new|earlier<TAB>FILE for every file in crashes/: the campaign's own
# list (tools/fuzz-campaign.sh, logs/artifacts.tsv), else the same rules here.
artifacts() {
	if [ -s "$out/logs/artifacts.tsv" ]; then
		cat "$out/logs/artifacts.tsv"
		return
	fi
	find "$out/crashes" -type f ! -name '.*' 2>/dev/null | sort |
		awk 'FILENAME == ARGV[1] { old[$0] = 1; next }
			{ n = $0; sub(".*/", "", n); k = "other"
			  if (n ~ /^crash-/) k = "crash"; else if (n ~ /^timeout-/) k = "timeout"
			  else if (n ~ /^leak-/) k = "leak"; else if (n ~ /^oom-/) k = "oom"
			  else if (n ~ /^slow-unit-/) k = "slow"
			  printf "%s\t%s\t%s\n", k, ($0 in old) ? "earlier" : "new", $0 }' \
			"$out/logs/entrypoint-before.list" -
}

# What crashes/ held before: earlier findings (the built-in campaign's view;
# tools/fuzz-campaign.sh keeps its own list and says which are new).
mkdir -p "$out/logs"
find "$out/crashes" -type f 2>/dev/null | sort >"$out/logs/entrypoint-before.list"
rm -f "$out/logs/artifacts.tsv"
if [ -x tools/fuzz-campaign.sh ]; then
	runner="tools/fuzz-campaign.sh (make fuzz)"
	KERNEL_SRC="${KERNEL_SRC:-}" tools/fuzz-campaign.sh --seconds "$seconds" --out "$out" --jobs "$jobs" \
		2>&1 | tee "$out/campaign.log"
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
	all=$(artifacts)
	findings() { # new|earlier [target]: "KIND FILE" lines
		awk -F'\t' -v a="$1" -v d="${2:+/crashes/$2/}" '$2 == a && $1 ~ /^(crash|timeout|leak|oom)$/ &&
			(d == "" || index($3, d)) { print $1, $3 }' <<<"$all"
	}
	for d in "$out"/corpus/*/; do
		[ -d "$d" ] || continue
		t=$(basename "$d")
		printf '%-17s %12s %8s %9s\n' "$t" "$(execs_of "$t")" "$(find "$d" -type f | wc -l)" \
			"$(findings new "$t" | wc -l)"
	done
	echo
	echo "findings: $(findings new | wc -l)"
	findings new | sed 's/^/  /'
	echo "earlier findings (there before this campaign, not counted): $(findings earlier | wc -l)"
	findings earlier | sed 's/^/  /'
	echo "slow inputs (not findings): $(awk -F'\t' '$1 == "slow"' <<<"$all" | wc -l)"
	awk -F'\t' '$1 == "slow" { print "  " $3 }' <<<"$all"
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
