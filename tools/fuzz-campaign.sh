#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job (`make fuzz`): build, then fuzz the main targets one after the
# other with a libFuzzer worker on every core, show progress, and end with
# a summary: executions, coverage, corpus, findings with their reproducers,
# and what the optimised engine saves over the corpus.
set -euo pipefail
prog=fuzz-campaign
. "$(dirname "$0")/lib.sh"
cd "$src"

seconds=300
targets=''
kernel=''
seed=''
out=out
jobs=$(nproc)
bugs=''
do_build=1

usage() {
	cat <<USAGE
usage: tools/fuzz-campaign.sh [--seconds N] [--targets "T1 T2"] [--out DIR] [--jobs N]
                               [--bugs LIST] [--kernel TREE] [--seed N] [--no-build]
Builds the CLI, the seed corpora and the libFuzzer+ASan+UBSan targets, then
fuzzes each target for its share of N seconds (default 300) with JOBS workers
(default: all cores) sharing one corpus. Corpora grow in DIR/corpus/<target> (default out/),
findings land in DIR/crashes/<target>/. Progress is printed every 10 s.
--bugs LIST switches injectable bugs on in every worker (--ipf-bugs=LIST; names
from 'iopgfuzz bugs', comma separated, or 'all'): a campaign that should find
them. The inputs do not carry the bugs: findings are listed with the flags that
replay them.
Targets: fuzz_unmap fuzz_map fuzz_smmu fuzz_pgsize, and where the build holds a
kernel tree (tools/kernel-tree; KERNEL_SRC= adds one) fuzz_kernel_unmap and
fuzz_kernel_map: the real io-pgtable-arm.c of the newest tree, or of TREE
(--kernel; 'build/gcc/tools/iopgfuzz kernels' lists them), against the
optimised model. Default: all of them.
--no-build uses the binaries of build/gcc and build/fuzz as they are.
Findings are the crash-, timeout-, leak- and oom- files libFuzzer leaves in
DIR/crashes/<target>/, each listed with its kind and the flags that replay it;
slow-unit- files are listed apart, as slow inputs, not findings. Files that were
there before this campaign started are listed apart, as earlier findings (with
the flags of the campaign that found them, from DIR/findings.tsv), and do not
count. The summary gives the budget and the time the fuzzing really took.
Exit status: 0 no new finding, 1 new findings, 2 a usage or setup error (a bad
--out too). DIR/exit-status keeps it ('make fuzz' can only exit 0 or 2).
--seed N repeats a campaign's paths (worker w runs libFuzzer -seed=N+w); by
default each campaign draws a fresh one and prints it.
make fuzz takes FUZZ_SECONDS=, FUZZ_TARGETS=, FUZZ_OUT=, FUZZ_JOBS=, FUZZ_BUGS=,
FUZZ_KERNEL=, FUZZ_SEED= and KERNEL_SRC=.
USAGE
}

# Exit status 1 means findings: any other failure is a setup error.
trap 'echo "fuzz-campaign: unexpected failure at line $LINENO (status $?)" >&2; exit 2' ERR

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=${2:?}; shift 2 ;;
	--targets) targets=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--jobs) jobs=${2:?}; shift 2 ;;
	--bugs) bugs=${2:?}; shift 2 ;;
	--kernel) kernel=${2:?}; shift 2 ;;
	--no-build) do_build=0; shift ;;
	--seed) seed=${2:?}; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1' (try --help)" ;;
	esac
done
case $seconds in ''|*[!0-9]*) die "--seconds takes a number, not '$seconds'" ;; esac
case $jobs in ''|*[!0-9]*|0) die "--jobs takes a positive number, not '$jobs'" ;; esac
# Each campaign walks its own path: a fresh seed unless one is given to repeat a run.
case ${seed:-x} in x) seed=$(( $(od -An -N4 -tu4 /dev/urandom) % 1000000 + 1 )) ;; *[!0-9]*) die "--seed takes a number, not '$seed'" ;; esac
kernel_targets=$IPF_KERNEL_TARGETS
for t in $targets; do
	is_target "$t" || die "unknown target '$t'"
done

# The output directory first: a bad one is a setup error, found before any build.
case $out in '') die "--out takes a directory" ;; esac
if ! mkdir -p -- "$out" 2>/dev/null || [ ! -d "$out" ]; then
	die "--out $out: cannot create that directory"
fi
probe=$(mktemp -p "$out" .write-test.XXXXXX 2>/dev/null) || die "--out $out: cannot write in it"
rm -f -- "$probe"
for d in corpus crashes logs; do
	mkdir -p -- "$out/$d" 2>/dev/null && [ -d "$out/$d" ] || die "--out $out: cannot create $out/$d"
done

if [ "$do_build" = 1 ]; then
	tools/deps.sh fuzz || exit 2
	KERNEL_SRC="${KERNEL_SRC:-}" tools/kernel-tree prepare build/kernel || exit 2
	echo "== building (gcc: CLI and seeds; fuzz: libFuzzer + ASan + UBSan)"
	build gcc all
	build fuzz all
fi
cli=build/gcc/tools/iopgfuzz
[ -x "$cli" ] || die "no $cli (build it, or leave out --no-build)"
# The kernel targets: in the build when it holds a tree; the tree they run.
have_kernel=0
[ -x build/fuzz/fuzz/fuzz_kernel_unmap ] && have_kernel=1
if [ -z "$targets" ]; then
	targets=$IPF_TARGETS
	if [ "$have_kernel" = 1 ]; then
		targets="$targets $kernel_targets"
	else
		echo "== no kernel tree in the build: the fuzz_kernel_* targets are left out (tools/kernel-tree; KERNEL_SRC=)"
	fi
fi
case " $targets " in
*" fuzz_kernel_"*)
	[ "$have_kernel" = 1 ] || die "no kernel tree in the build, so no fuzz_kernel_* target (install linux-source-6.12, or give KERNEL_SRC=)"
	if [ -z "$kernel" ]; then
		# The newest tree, as the build's targets choose it (kernel/CMakeLists.txt).
		kernel=$(newest_kernel "$cli")
	fi
	has_kernel "$cli" "$kernel" ||
		die "--kernel $kernel: no such tree in this build (${cli} kernels lists them)"
	kind=$(kernel_engine "$cli" "$kernel")
	echo "== kernel targets run tree $kernel ($(kernel_version "$cli" "$kernel")), engines=opt,$kind:$kernel"
	;;
esac
bugflag=()
bugopt=''
if [ -n "$bugs" ]; then
	# The CLI knows the names: an empty program printed with them checks them
	# and gives them as the kernel spells them (BUG_A,BUG_B).
	empty=$(mktemp --suffix=.txt) || die "mktemp failed"
	bugs=$($cli print --text --bugs="$bugs" "$empty" 2>"$empty") ||
		{ err=$(head -n 1 "$empty"); rm -f "$empty"; err=${err#iopgfuzz print: }
		  die "--bugs: ${err%% (try*} (build/gcc/tools/iopgfuzz bugs lists them)"; }
	rm -f "$empty"
	bugs=$(echo "$bugs" | sed -n 's/^config .* bugs=\([^ ]*\).*/\1/p')
	bugflag=("--ipf-bugs=$bugs")
	bugopt=" --bugs=$bugs"
	echo "== injected bugs: $bugs (every worker runs with --ipf-bugs=$bugs)"
fi
ntargets=$(echo $targets | wc -w)
per=$(( seconds / ntargets ))
[ "$per" -ge 1 ] || per=1


# libFuzzer's status lines and artifacts, counted in Python (tools/campaign/artifacts.py):
# the one definition of a finding, for the progress line, the summary and the exit status.
before=$out/logs/crashes-before.list
counts() { python3 "$src/tools/campaign/artifacts.py" "$@"; }
status() { counts status "$@"; }
artifacts() { # target...
	local t dirs=()
	for t in "$@"; do dirs+=("$out/crashes/$t"); done
	counts list "$before" "${dirs[@]}"
}
count_findings() { counts count "$@"; } # new|earlier [target] <artifacts

# Progress every 10 s while the workers run.
progress() { # target pids...
	local t=$1 start=$SECONDS
	shift
	while kill -0 "$@" 2>/dev/null; do
		sleep 10
		read -r n c f e < <(status "$out/logs/$t".*.log)
		printf '[%s %ds/%ds] execs %s (%s/s) cov %s ft %s corpus %s findings %s\n' "$t" \
			$((SECONDS - start)) "$per" "$n" "$e" "$c" "$f" "$(ls "$out/corpus/$t" | wc -l)" \
			"$(artifacts "$t" | count_findings new "$t")"
	done
}

# The flags that replay a finding of target t, as this campaign ran it: for
# the CLI (iopgfuzz run/trace/print), for tools/reproduce and tools/minimize,
# and for the fuzz binary itself.
cli_flags() { # target
	case $1 in
	fuzz_pgsize) echo "iopgfuzz pgsize --binary${bugs:+ --bugs=$bugs}" ;;
	fuzz_kernel_*) echo "iopgfuzz run --target=$1 --binary --engines=opt,$kind:$kernel${bugs:+ --bugs=$bugs}" ;;
	*) echo "iopgfuzz run --target=$1 --binary${bugs:+ --bugs=$bugs}" ;;
	esac
}
tool_flags() { # target
	case $1 in
	fuzz_kernel_*) echo "${bugs:+--bugs=$bugs }--kernel=$kernel" ;;
	*) echo "${bugs:+--bugs=$bugs}" ;;
	esac
}
fuzzer_cmd() { # target
	case $1 in
	fuzz_kernel_*) echo "build/fuzz/fuzz/$1${bugs:+ --ipf-bugs=$bugs} --ipf-kernel=$kernel" ;;
	*) echo "build/fuzz/fuzz/$1${bugs:+ --ipf-bugs=$bugs}" ;;
	esac
}

# What crashes/ held before this campaign: earlier findings, not this campaign's.
for t in $targets; do
	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
done
find "$out/crashes" -type f >"$before.tmp"
mv -f "$before.tmp" "$before"
rm -f "$out/exit-status" "$out/logs/artifacts.tsv"

declare -A execs cov corp eps
fuzz_start=$(date +%s%N)
echo "== campaign seed $seed (worker w runs -seed=$seed+w; FUZZ_SEED=$seed or --seed $seed repeats it)"
for t in $targets; do
	cp -n "$(seeds_of $t)"/* "$out/corpus/$t/" 2>/dev/null || true
	rm -f "$out/logs/$t".*.log
	echo "== $t: $per s, $jobs workers sharing corpus $out/corpus/$t ($(ls "$out/corpus/$t" | wc -l) inputs)"
	pids=()
	t_start=$(date +%s%N)
	# Independent workers on one corpus directory (each reloads what the others add);
	# a worker that finds something stops, the others go on.
	kflag=()
	case $t in fuzz_kernel_*) kflag=("--ipf-kernel=$kernel") ;; esac
	for w in $(seq 1 "$jobs"); do
		build/fuzz/fuzz/$t "${bugflag[@]}" "${kflag[@]}" "$out/corpus/$t" -max_total_time="$per" -seed="$((seed + w))" -reload=1 \
			-timeout=25 -rss_limit_mb=4096 -dict="$(dict_of $t)" -print_final_stats=1 \
			-artifact_prefix="$out/crashes/$t/" >"$out/logs/$t.$w.log" 2>&1 &
		pids+=($!)
	done
	progress "$t" "${pids[@]}" &
	ppid=$!
	wait "${pids[@]}" || true
	kill "$ppid" 2>/dev/null || true
	wait "$ppid" 2>/dev/null || true
	read -r execs[$t] cov[$t] _ _ < <(status "$out/logs/$t".*.log)
	# Executions per second of this run, all workers together, over the target's wall time.
	t_ms=$((($(date +%s%N) - t_start) / 1000000))
	case ${execs[$t]} in ''|-) eps[$t]=- ;; *) eps[$t]=$((execs[$t] * 1000 / (t_ms > 0 ? t_ms : 1))) ;; esac
	corp[$t]=$(ls "$out/corpus/$t" | wc -l)
done

fuzz_ms=$((($(date +%s%N) - fuzz_start) / 1000000))
fuzz_wall=$((fuzz_ms / 1000)).$((fuzz_ms % 1000 / 100))

all=$(artifacts $targets)
printf '%s\n' "$all" >"$out/logs/artifacts.tsv" # for docker/entrypoint.sh's summary.txt
findings=$(count_findings new <<<"$all")
echo
echo "== summary (budget $seconds s, fuzzed ${fuzz_wall} s; $jobs jobs, out: $out${bugs:+, bugs: $bugs})"
printf '%-17s %12s %8s %8s %8s %9s\n' target executions exec/s edges corpus findings
for t in $targets; do
	n=$(count_findings new "$t" <<<"$all")
	printf '%-17s %12s %8s %8s %8s %9s\n' "$t" "${execs[$t]:-0}" "${eps[$t]:--}" "${cov[$t]:-?}" \
		"${corp[$t]}" "$n"
done
echo "(seed $seed: FUZZ_SEED=$seed repeats this campaign's paths)"
kinds() { counts kinds "$@"; } # new|earlier <artifacts: "1 crash, 2 timeout"
target_of() { local d=${1%/*}; echo "${d##*/}"; }
if [ "$findings" -gt 0 ]; then
	echo
	echo "findings of this campaign: $findings ($(kinds new <<<"$all")); reproduce with tools/reproduce$bugopt FILE,"
	echo "minimise with tools/minimize crash$bugopt FILE -o OUT.txt${kernel:+ (fuzz_kernel_* findings: add --kernel=$kernel)}:"
	while IFS=$'\t' read -r k a f; do
		[ "$a" = new ] || continue
		case $k in crash|timeout|leak|oom) ;; *) continue ;; esac
		t=$(target_of "$f")
		replay=$(cli_flags "$t")
		if [ "$k" != crash ]; then
			# A hang, a leak or a memory blow-up shows in the fuzz binary, not in the CLI.
			replay="$(fuzzer_cmd "$t") FILE"
			cls=$k
		elif [ "$t" = fuzz_pgsize ]; then
			cls="crash: pgsize"
		else
			# shellcheck disable=SC2086
			cls=$(timeout 60 "$cli" ${replay#iopgfuzz } --porcelain "$f" 2>/dev/null |
				awk -F'\t' 'NF >= 3 && $2 == "finding" { print $3; exit }' || true)
			cls="crash: ${cls:-does not reproduce in the CLI}"
		fi
		echo "  $f  [$cls] ($replay)"
		# For a later campaign, which lists this file as an earlier finding.
		printf '%s\t%s\t%s\t%s\n' "$f" "$k" "$replay" "$(tool_flags "$t")" >>"$out/findings.tsv"
	done <<<"$all"
fi
earlier=$(count_findings earlier <<<"$all")
if [ "$earlier" -gt 0 ]; then
	echo
	echo "earlier findings, already in $out/crashes before this campaign (not counted): $earlier ($(kinds earlier <<<"$all"))"
	while IFS=$'\t' read -r k a f; do
		[ "$a" = earlier ] || continue
		case $k in crash|timeout|leak|oom) ;; *) continue ;; esac
		flags=$(counts flags "$out/findings.tsv" "$f")
		echo "  $f  [$k] (${flags:-replay flags unknown: found before $out/findings.tsv kept them})"
	done <<<"$all"
fi
slow=$(counts select slow <<<"$all")
if [ -n "$slow" ]; then
	echo
	echo "slow inputs (libFuzzer's slow-unit- files; not findings): $(wc -l <<<"$slow")"
	while IFS=$'\t' read -r k a f; do
		if [ "$a" = earlier ]; then echo "  $f  (earlier)"; else echo "  $f"; fi
	done <<<"$slow"
fi
others=$(counts select other <<<"$all" | wc -l)
[ "$others" -eq 0 ] || echo "($others other files in $out/crashes are not libFuzzer artifacts: ignored)"
files=$(find "$out/corpus/fuzz_unmap" "$out/corpus/fuzz_map" -type f 2>/dev/null | head -2000 || true)
if [ -n "$files" ]; then
	echo
	echo "what the series buys, over the corpus of fuzz_unmap and fuzz_map (iopgfuzz stats):"
	# shellcheck disable=SC2086
	{ $cli stats --binary $files || true; } >"$out/logs/stats.txt"
	grep -E '^(ref|opt)\.(indirect_calls|walks|pte_reads)=|^ratio\.(indirect_calls|walks|pte_reads|add_page|iotlb_sync)=|^programs=' \
		"$out/logs/stats.txt" | sed 's/^/  /' || true
	# Every known difference, skip and budget that applied (engine/common/known.c; iopgfuzz known).
	echo "the rules of known.c that applied over that corpus (non-zero only; iopgfuzz known explains them):"
	grep -E '^(known\.[a-z0-9-]+|ops_skipped)=[1-9]' "$out/logs/stats.txt" | sed 's/^/  /' || true
	if [ -n "$bugs" ]; then
		echo "the injected bugs over that corpus (reached: their code ran; triggered: their buggy branch was taken):"
		# shellcheck disable=SC2086
		{ $cli stats --binary "--bugs=$bugs" $files || true; } | grep -E "^bug\.(${bugs//,/|})\." |
			sed 's/^/  /' || true
	fi
fi
rc=$([ "$findings" -eq 0 ] && echo 0 || echo 1)
echo "$rc $([ "$rc" = 0 ] && echo 'no new finding' || echo "$findings new findings")" >"$out/exit-status"
exit "$rc"
