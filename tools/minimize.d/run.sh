# SPDX-License-Identifier: GPL-2.0-only
# tools/minimize: running the fuzz binaries and naming the
# kind of crash they give: the finding's class, or the sanitizer's report.
# Uses $src, $tmp, $fuzz_args and lib.sh's build.
# Sourced by tools/minimize, never run.

need_afl() {
	local t
	for t in afl-clang-fast afl-tmin afl-cmin; do
		command -v "$t" >/dev/null 2>&1 ||
			die "$t not found: --engine afl needs AFL++ (apt-get install -y afl++)"
	done
}

# The fuzz binary of the engine (libFuzzer or AFL++ build), built if needed.
fuzz_binary() { # engine target
	local preset=fuzz
	[ "$1" != afl ] || { need_afl; preset=fuzz-afl; }
	build "$preset" "$2"
	fuzz_bin=$src/build/$preset/fuzz/$2
	[ -x "$fuzz_bin" ] || die "$fuzz_bin: missing (build preset $preset, or drop --no-build)"
}

# Sanitizer settings for the targets we run: reports we can parse, abort as a crash.
run_target() { # binary input log -> exit status in $rc
	rc=0
	{ ASAN_OPTIONS=handle_abort=1:detect_leaks=1:abort_on_error=0:symbolize=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		timeout 300 "$1" "${fuzz_args[@]}" "$2" >"$3" 2>&1; } 2>/dev/null || rc=$?
}

# The kind of a crash from its log (empty: no crash).
crash_class() { # log status
	local line
	[ "$2" != 0 ] || return 0
	[ "$2" != 124 ] || { echo timeout; return; }
	line=$(grep -m 1 -E '^==iopgfuzz== finding: ' "$1" || true)
	if [ -n "$line" ]; then
		line=${line#==iopgfuzz== finding: }
		case $line in
		"pgsize: "*) echo "pgsize: $(echo "${line#pgsize: }" | sed -E 's/: bitmap 0x.*//')" ;;
		*) echo "$line" | sed -E 's/^([A-Za-z0-9_]+) \(.*/event:\1/; t; s/^([a-z-]+) in .*/\1/' ;;
		esac
		return
	fi
	line=$(grep -m 1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z0-9_-]+' "$1" || true)
	if [ -n "$line" ]; then
		echo "$line" | sed -E 's/ERROR: AddressSanitizer: /asan:/; s/ERROR: LeakSanitizer: /lsan:/;
			s/ERROR: libFuzzer: /libfuzzer:/'
		return
	fi
	line=$(grep -m 1 -oE '[^ /]+:[0-9]+:[0-9]+: runtime error' "$1" || true)
	if [ -n "$line" ]; then
		echo "ubsan:${line%: runtime error}"
		return
	fi
	echo "crash"
}

# The crash kind a binary gives on an input (empty: none).
binary_class() { # binary input
	run_target "$1" "$2" "$tmp/bin.log"
	crash_class "$tmp/bin.log" "$rc"
}

# Text or binary, as the CLI decides (docs/format.md).
is_text() {
	case $1 in *.txt|*.ipf) return 0 ;; esac
	[ "$(LC_ALL=C tr -d '\t\r\n\040-\176' <"$1" | head -c 1 | wc -c)" = 0 ] || return 1
	local w
	w=$(LC_ALL=C sed -e 's/^[[:space:]]*#.*//' -- "$1" | awk 'NF { print $1; exit }')
	case $w in config|map|unmap|unmap-lazy|flush-all|dma|prefetch) return 0 ;; esac
	return 1
}

count_files() { # dir... -> "N BYTES"
	find "$@" -type f -printf '%s\n' 2>/dev/null | awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }'
}

