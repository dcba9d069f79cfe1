#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job (`make fuzz`): build, then fuzz the main targets one after the
# other with a libFuzzer worker on every core, show progress, and end with
# a summary: executions, coverage, corpus, findings with their reproducers,
# and what the optimised engine saves over the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
targets=''
kernel=''
out=out
jobs=$(nproc)
bugs=''

usage() {
	cat <<USAGE
usage: tools/fuzz-campaign.sh [--seconds N] [--targets "T1 T2"] [--out DIR] [--jobs N]
                               [--bugs LIST] [--kernel TREE]
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
Exit status: 0 no finding, 1 findings (listed with their reproducers),
2 a setup error.
make fuzz takes FUZZ_SECONDS=, FUZZ_TARGETS=, FUZZ_OUT=, FUZZ_JOBS=, FUZZ_BUGS=,
FUZZ_KERNEL= and KERNEL_SRC=.
USAGE
}

die() { echo "fuzz-campaign: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=${2:?}; shift 2 ;;
	--targets) targets=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--jobs) jobs=${2:?}; shift 2 ;;
	--bugs) bugs=${2:?}; shift 2 ;;
	--kernel) kernel=${2:?}; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1' (try --help)" ;;
	esac
done
case $seconds in ''|*[!0-9]*) die "--seconds takes a number, not '$seconds'" ;; esac
case $jobs in ''|*[!0-9]*|0) die "--jobs takes a positive number, not '$jobs'" ;; esac
kernel_targets="fuzz_kernel_unmap fuzz_kernel_map"
for t in $targets; do
	case $t in fuzz_unmap|fuzz_map|fuzz_smmu|fuzz_pgsize|fuzz_kernel_unmap|fuzz_kernel_map) ;;
	*) die "unknown target '$t'" ;; esac
done

tools/deps.sh fuzz || exit 2
KERNEL_SRC="${KERNEL_SRC:-}" tools/kernel-tree prepare build/kernel || exit 2
echo "== building (gcc: CLI and seeds; fuzz: libFuzzer + ASan + UBSan)"
for p in gcc fuzz; do
	cmake --preset $p >/dev/null || die "cmake --preset $p failed"
	cmake --build --preset $p >/dev/null || die "building preset $p failed"
done
cli=build/gcc/tools/iopgfuzz
# The kernel targets: in the build when it holds a tree; the tree they run.
have_kernel=0
[ -x build/fuzz/fuzz/fuzz_kernel_unmap ] && have_kernel=1
if [ -z "$targets" ]; then
	targets="fuzz_unmap fuzz_map fuzz_smmu fuzz_pgsize"
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
		kernel=$($cli kernels | sort -t "$(printf '\t')" -k2,2V | tail -n 1 | cut -f1)
	fi
	$cli kernels | cut -f1 | grep -qxF -- "$kernel" ||
		die "--kernel $kernel: no such tree in this build (${cli} kernels lists them)"
	kind=$($cli kernels | awk -F'\t' -v k="$kernel" '$1 == k { print ($4 == "core: kernel-core") ? "kernel-core" : "kernel" }')
	echo "== kernel targets run tree $kernel ($($cli kernels | awk -F'\t' -v k="$kernel" '$1 == k { print $2 }')), engines=opt,$kind:$kernel"
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

seeds_of() { [ "$1" = fuzz_pgsize ] && echo build/gcc/seeds/pgsize || echo build/gcc/seeds/programs; }
dict_of() { [ "$1" = fuzz_pgsize ] && echo fuzz/pgsize.dict || echo fuzz/programs.dict; }

# The last status line of each worker's log: executions add up, the rest is the
# maximum; "-" when no worker got as far as one (a finding among the seeds).
status() { # log...
	local f
	for f in "$@"; do grep -E '^#[0-9]+\s+(pulse|NEW|REDUCE|DONE|INITED)' "$f" | tail -1; done |
		awk '{ sub("#", "", $1); n += $1
			for (i = 2; i <= NF; i++) {
				if ($i == "cov:" && $(i+1) > cov) cov = $(i+1)
				if ($i == "ft:" && $(i+1) > ft) ft = $(i+1)
				if ($i == "exec/s:") eps += $(i+1)
			} }
			END { if (NR) printf "%d %d %d %d\n", n, cov, ft, eps; else print "- - - -" }'
}

# Progress every 10 s while the workers run.
progress() { # target pids...
	local t=$1 start=$SECONDS
	shift
	while kill -0 "$@" 2>/dev/null; do
		sleep 10
		read -r n c f e < <(status "$out/logs/$t".*.log)
		printf '[%s %ds/%ds] execs %s (%s/s) cov %s ft %s corpus %s findings %s\n' "$t" \
			$((SECONDS - start)) "$per" "$n" "$e" "$c" "$f" "$(ls "$out/corpus/$t" | wc -l)" \
			"$(find "$out/crashes/$t" -type f | wc -l)"
	done
}

declare -A execs cov corp
for t in $targets; do
	mkdir -p "$out/corpus/$t" "$out/crashes/$t" "$out/logs"
	cp -n "$(seeds_of $t)"/* "$out/corpus/$t/" 2>/dev/null || true
	rm -f "$out/logs/$t".*.log
	echo "== $t: $per s, $jobs workers sharing corpus $out/corpus/$t ($(ls "$out/corpus/$t" | wc -l) inputs)"
	pids=()
	# Independent workers on one corpus directory (each reloads what the others add);
	# a worker that finds something stops, the others go on.
	kflag=()
	case $t in fuzz_kernel_*) kflag=("--ipf-kernel=$kernel") ;; esac
	for w in $(seq 1 "$jobs"); do
		build/fuzz/fuzz/$t "${bugflag[@]}" "${kflag[@]}" "$out/corpus/$t" -max_total_time="$per" -seed="$w" -reload=1 \
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
	corp[$t]=$(ls "$out/corpus/$t" | wc -l)
done

echo
echo "== summary ($seconds s, $jobs jobs, out: $out${bugs:+, bugs: $bugs})"
printf '%-17s %12s %8s %8s %9s\n' target executions edges corpus findings
findings=0
for t in $targets; do
	n=$(find "$out/crashes/$t" -type f -name 'crash-*' | wc -l)
	findings=$((findings + n))
	printf '%-17s %12s %8s %8s %9s\n' "$t" "${execs[$t]:-0}" "${cov[$t]:-?}" "${corp[$t]}" "$n"
done
if [ "$findings" -gt 0 ]; then
	echo
	echo "findings (reproduce with tools/reproduce$bugopt FILE, minimise with tools/minimize crash$bugopt FILE -o OUT.txt):"
	for t in $targets; do
		for f in $(find "$out/crashes/$t" -type f -name 'crash-*' | sort); do
			if [ "$t" = fuzz_pgsize ]; then
				echo "  $f  [pgsize]"
			else
				kopt=''
				case $t in fuzz_kernel_*) kopt="--engines=opt,$kind:$kernel" ;; esac
				cls=$($cli run --porcelain --target="$t" --binary ${bugs:+"--bugs=$bugs"} $kopt "$f" 2>/dev/null |
					awk -F'\t' 'NF >= 3 && $2 == "finding" { print $3; exit }' || true)
				echo "  $f  [${cls:-does not reproduce in the CLI}] (iopgfuzz run --target=$t${kopt:+ $kopt}${bugs:+ --bugs=$bugs})"
			fi
		done
	done
fi
files=$(find "$out/corpus/fuzz_unmap" "$out/corpus/fuzz_map" -type f 2>/dev/null | head -2000 || true)
if [ -n "$files" ]; then
	echo
	echo "what the series buys, over the corpus of fuzz_unmap and fuzz_map (iopgfuzz stats):"
	# shellcheck disable=SC2086
	{ $cli stats --binary $files || true; } |
		grep -E '^(ref|opt)\.(indirect_calls|walks|pte_reads)=|^ratio\.(indirect_calls|walks|pte_reads|add_page|iotlb_sync)=|^programs=' |
		sed 's/^/  /' || true
	if [ -n "$bugs" ]; then
		echo "the injected bugs over that corpus (reached: their code ran; triggered: their buggy branch was taken):"
		# shellcheck disable=SC2086
		{ $cli stats --binary "--bugs=$bugs" $files || true; } | grep -E "^bug\.(${bugs//,/|})\." |
			sed 's/^/  /' || true
	fi
fi
[ "$findings" -eq 0 ] && exit 0 || exit 1
