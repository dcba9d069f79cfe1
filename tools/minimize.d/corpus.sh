# SPDX-License-Identifier: GPL-2.0-only
# tools/minimize: corpus mode, merging corpora into a new, minimal
# one with libFuzzer -merge=1 or afl-cmin.
# Sourced by tools/minimize, never run.

[ ${#inputs[@]} -gt 0 ] || die "no IN_DIR given (try --help)"
for d in "${inputs[@]}"; do
	[ -d "$d" ] || die "$d: not a directory"
	[ -r "$d" ] && [ -x "$d" ] || die "$d: cannot read"
done
if [ -e "$out" ] || [ -L "$out" ]; then
	[ -d "$out" ] || die "$out: exists and is not a directory"
	[ -z "$(ls -A -- "$out")" ] || die "$out: exists and is not empty (give a new directory)"
fi
mkdir -p -- "$(dirname -- "$out")" 2>/dev/null || die "$out: cannot create its parent directory"
outp=$(cd "$(dirname -- "$out")" && pwd -P)/$(basename -- "$out")
for d in "${inputs[@]}"; do
	dp=$(cd "$d" && pwd -P)
	case "$outp/" in "$dp"/*) die "$out: inside the input directory $d" ;; esac
	case "$dp/" in "$outp"/*) die "$d: inside the output directory $out" ;; esac
done
choose_target "${inputs[0]}"
engine=${engine:-libfuzzer}
fuzz_binary "$engine" "$target"
read -r n_before b_before < <(count_files "${inputs[@]}")
echo "$prog: $target $target_why, engine $engine: ${#inputs[@]} director$([ ${#inputs[@]} = 1 ] && echo y || echo ies), $n_before inputs, $b_before bytes"
# A new directory beside OUT_DIR, renamed into place when complete.
work=$(mktemp -d "$(dirname -- "$outp")/.$(basename -- "$outp").tmp.XXXXXX" 2>/dev/null) ||
	die "$out: cannot write in its parent directory"
cleanup_paths+=("$work")
start=$SECONDS
if [ "$engine" = libfuzzer ]; then
	ASAN_OPTIONS=detect_leaks=1 timeout 86400 "$fuzz_bin" -merge=1 \
		-merge_control_file="$tmp/merge.ctl" -timeout=25 "$work" "${inputs[@]}" \
		>"$tmp/merge.log" 2>&1 || {
		tail -n 20 "$tmp/merge.log" >&2
		die "libFuzzer -merge=1 failed (log above)"
	}
else
	# afl-cmin takes one flat input directory: stage copies, named by content.
	stage=$tmp/stage
	mkdir -p "$stage"
	find "${inputs[@]}" -type f -print0 | while IFS= read -r -d '' f; do
		cp -- "$f" "$stage/$(sha1sum <"$f" | cut -c1-40)"
	done
	if [ "$n_before" = 0 ]; then
		note "no inputs: nothing to merge"
	else
		AFL_ALLOW_TMP=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 \
			afl-cmin -i "$stage" -o "$work/cmin" -m none -t 5000 -- "$fuzz_bin" - \
			>"$tmp/merge.log" 2>&1 || {
			tail -n 20 "$tmp/merge.log" >&2
			die "afl-cmin failed (log above)"
		}
		find "$work/cmin" -mindepth 1 -maxdepth 1 -type f -exec mv -t "$work" -- {} +
		rm -rf "$work/cmin"
	fi
fi
chmod 755 "$work"
[ ! -d "$outp" ] || rmdir -- "$outp" || die "$out: could not replace the empty directory"
mv -T -- "$work" "$outp" || die "$out: could not rename the result into place"
read -r n_after b_after < <(count_files "$outp")
echo "$prog: $n_before inputs ($b_before bytes) -> $n_after inputs ($b_after bytes) in $out ($((SECONDS - start)) s)"
exit 0
