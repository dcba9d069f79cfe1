# SPDX-License-Identifier: GPL-2.0-only
# tools/bug-hunt's trials, sourced by it: one libFuzzer process per trial, its
# finding attributed to the bug by replaying it with the bug on and off, and
# the bug's reached/triggered counts over the trial's corpus. Uses $src, $work
# and lib.sh's seeds_of/dict_of.

# What fired, from a fuzz target's log.
oracle_of() { # log
	local l
	l=$(grep -m 1 -oE '^==iopgfuzz== abort: finding_[A-Za-z0-9_]+' "$1" || true)
	[ -z "$l" ] || { echo "${l#==iopgfuzz== abort: finding_}"; return; }
	l=$(grep -m 1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z0-9_-]+' "$1" || true)
	if [ -n "$l" ]; then
		case $l in
		*libFuzzer:\ timeout*) echo timeout ;;
		*libFuzzer:\ out-of-memory*) echo oom ;;
		*) echo "$l" | sed -E 's/ERROR: AddressSanitizer: /asan:/; s/ERROR: LeakSanitizer: .*/leak/; s/ERROR: libFuzzer: /libfuzzer:/' ;;
		esac
		return
	fi
	l=$(grep -m 1 -oE '[^ /]+:[0-9]+:[0-9]+: runtime error' "$1" || true)
	[ -z "$l" ] || { echo "ubsan:${l%: runtime error}"; return; }
	echo crash
}

# One fuzz target run on one input; status in $rc.
replay() { # log binary args...
	local log=$1
	shift
	rc=0
	timeout -s KILL 120 "$@" -timeout=25 -rss_limit_mb=4096 -artifact_prefix="$(dirname -- "$log")/" \
		>"$log" 2>&1 || rc=$?
}

# One trial; writes DIR/result (one trials.tsv line) when done.
run_trial() { # bug target corpus trial seed budget dir
	local bug=$1 t=$2 corpus=$3 k=$4 seed=$5 budget=$6 dir=$7
	local fz=$src/build/fuzz/fuzz/$2 t0 us secs rc=0 art='' status oracle=- note=- reached='?' triggered='?' execs='?'
	mkdir -p "$dir/corpus" "$dir/replay" "$dir/replay/artifact"
	[ "$corpus" = empty ] || cp -- "$(seeds_of "$t")"/* "$dir/corpus/"
	t0=${EPOCHREALTIME/./} # microseconds
	# The fuzzer in the background, so that a TERM stops it too.
	timeout -s KILL $((budget + 300)) "$fz" "--ipf-bugs=$bug" -seed="$seed" -max_total_time="$budget" \
		-timeout=25 -rss_limit_mb=4096 -dict="$(dict_of "$t")" -artifact_prefix="$dir/" \
		-print_final_stats=1 "$dir/corpus" >"$dir/fuzz.log" 2>&1 &
	local fpid=$!
	trap 'kill $fpid 2>/dev/null; exit 143' TERM INT
	wait "$fpid" || rc=$?
	us=$((${EPOCHREALTIME/./} - t0 + 50000)) # to the nearest 0.1 s
	secs=$((us / 1000000)).$((us / 100000 % 10))
	execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$dir/fuzz.log" | tail -n 1)
	execs=${execs:-?}
	art=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) |
		sort | head -n 1)
	if [ -n "$art" ]; then
		oracle=$(oracle_of "$dir/fuzz.log")
		replay "$dir/replay/on.log" "$fz" "--ipf-bugs=$bug" "$art"
		local on=$rc
		replay "$dir/replay/off.log" "$fz" "$art"
		local off=$rc
		if [ "$on" = 0 ]; then
			status=not-reproduced note="does not crash again on replay with the bug on ($oracle in the trial)"
		elif [ "$off" != 0 ]; then
			status=not-attributable
			note="not attributable: $(oracle_of "$dir/replay/off.log") also with the bug off ($(basename -- "$art"))"
		else
			status=found
		fi
	elif [ "$rc" = 0 ]; then
		status=missed
	else
		status=error
		note="the fuzzer exited with status $rc and no artifact: $(grep -m 1 -E 'ERROR|error' "$dir/fuzz.log" | tr '\t' ' ' | cut -c1-120 || true)"
		note=${note%: }
	fi
	# reached/triggered over the final corpus and the artifact (counted, not aborting).
	[ -z "$art" ] || cp -- "$art" "$dir/replay/artifact/"
	local counts=$dir/replay/counts.log
	replay "$counts" "$fz" --ipf-count-only "--ipf-bugs=$bug" -runs=0 "$dir/corpus" "$dir/replay/artifact"
	if ! grep -q "^bug\.$bug\.reached=" "$counts"; then
		# An input only a sanitizer stops: the corpus alone.
		replay "$counts" "$fz" --ipf-count-only "--ipf-bugs=$bug" -runs=0 "$dir/corpus"
	fi
	reached=$(sed -nE "s/^bug\.$bug\.reached=([0-9]+)$/\1/p" "$counts" | tail -n 1)
	triggered=$(sed -nE "s/^bug\.$bug\.triggered=([0-9]+)$/\1/p" "$counts" | tail -n 1)
	# The corpora add up (an empty-corpus trial grows thousands of inputs): counted, then gone.
	local ninputs
	ninputs=$(find "$dir/corpus" -type f | wc -l)
	rm -rf "$dir/corpus"
	# The progress line, then the trials.tsv row (its columns: trials.py's COLUMNS).
	case $status in
	found) echo "found in $secs s ($oracle)" ;;
	missed) echo "missed in $budget s (reached ${reached:-?}, triggered ${triggered:-?})" ;;
	*) echo "$status: $note" ;;
	esac >"$dir/what"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$bug" "$t" "$corpus" "$k" \
		"$seed" "$budget" "$status" "$secs" "$oracle" "${reached:-?}" "${triggered:-?}" "$execs" \
		"$ninputs" "$note" "${art:+${art#"$work"/}}" >"$dir/result.tmp"
	mv -f "$dir/result.tmp" "$dir/result"
}
