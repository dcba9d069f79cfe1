# SPDX-License-Identifier: GPL-2.0-only
# tools/minimize: crash mode, the original's kind, the engines
# (libFuzzer, afl-tmin, the CLI), the polish, the final check and the output.
# Sourced by tools/minimize, never run.

[ ${#inputs[@]} -gt 0 ] || die "no CRASH file given (try --help)"
[ ${#inputs[@]} -eq 1 ] || die "one CRASH file at a time (try --help)"
crash=${inputs[0]}
[ -e "$crash" ] || die "$crash: no such file"
[ -f "$crash" ] || die "$crash: not a regular file"
[ -r "$crash" ] || die "$crash: cannot read"
case $crash in -*) crash=./$crash ;; esac
case $out in
*.txt) out_bin=${out%.txt}.bin ;;
*) out_bin=$out.bin ;;
esac
odir=$(dirname -- "$out")
[ -d "$odir" ] || die "$out: directory $odir does not exist"
[ ! -d "$out" ] || die "$out: is a directory (give a file name, e.g. min.txt)"
crash_real=$(realpath -- "$crash")
for o in "$out" "$out_bin"; do
	[ "$(realpath -m -- "$o")" != "$crash_real" ] || die "$o: would overwrite the input $crash"
done

choose_target "$crash"
text_input=0
if [ "$target" != fuzz_pgsize ] && is_text "$crash"; then text_input=1; fi
if [ -z "$engine" ]; then
	if [ "$target" != fuzz_pgsize ] && { [ -n "$bugs" ] || [ "$text_input" = 1 ]; }; then
		engine=cli
	else
		engine=libfuzzer
	fi
fi
if [ "$target" = fuzz_pgsize ]; then
	[ "$engine" != cli ] || die "--engine cli minimises programs; fuzz_pgsize takes libfuzzer or afl"
	[ "$bugs" != input ] || die "--bugs=input applies to binary programs; fuzz_pgsize takes bug names"
	[ -z "$bugs" ] || [ "$engine" = libfuzzer ] ||
		die "--bugs with fuzz_pgsize needs --engine libfuzzer (its binaries get --ipf-bugs=LIST)"
else
	[ -z "$bugs" ] || [ "$engine" = cli ] ||
		die "--bugs needs --engine cli: the fuzz targets decode inputs with every bug off"
fi

if [ -z "$ipf" ]; then
	build gcc iopgfuzz
	ipf=$src/build/gcc/tools/iopgfuzz
fi
[ -x "$ipf" ] || die "$ipf: no iopgfuzz command there (build preset gcc, or give --iopgfuzz PATH)"
bugopt=()
[ -z "$bugs" ] || bugopt=("--bugs=$bugs")
# The same bugs for the fuzz and replay binaries (their --ipf-bugs takes names, not 'input').
fuzz_args=()
[ -z "$bugs" ] || [ "$bugs" = input ] || fuzz_args=("--ipf-bugs=$bugs")
# A kernel target runs the optimised model against its tree (the newest, unless
# --kernel): the CLI runs the program so, the fuzz binaries get --ipf-kernel.
case $target in
fuzz_kernel_*)
	if [ -z "$kernel" ]; then
		kernel=$(newest_kernel "$ipf")
		[ -n "$kernel" ] || die "$target: this build holds no kernel tree (tools/kernel-tree)"
	fi
	has_kernel "$ipf" "$kernel" ||
		die "--kernel=$kernel: no such tree in this build ($ipf kernels lists them)"
	# As the kernel targets run it: with the tree's own core where the build has it.
	kind=$(kernel_engine "$ipf" "$kernel")
	bugopt+=("--engines=opt,$kind:$kernel")
	fuzz_args+=("--ipf-kernel=$kernel")
	;;
*) [ -z "$kernel" ] || die "--kernel applies to the fuzz_kernel_* targets, not $target" ;;
esac

# A program (binary or text) as text, as the target runs it: bugs on, its kinds only.

. "$src/tools/minimize.d/program.sh"
. "$src/tools/minimize.d/pgsize.sh"

# ---- the original ---------------------------------------------------------------------------
start=$SECONDS
orig_bytes=$(stat -c %s -- "$crash")
if [ "$target" = fuzz_pgsize ]; then
	fuzz_binary "$engine" "$target"
	orig_bin=$crash cli0=
	class0=$(binary_class "$fuzz_bin" "$crash")
	[ -n "$class0" ] || die "$crash: $target does not crash on it: nothing to minimise"
	orig_desc="$orig_bytes bytes"
else
	if [ "$text_input" = 1 ]; then fmt=--text; else fmt=--binary; fi
	target_text "$crash" "$fmt" "$tmp/orig.txt"
	orig_ops=$(ops_of "$tmp/orig.txt")
	orig_desc="$orig_ops operations, $orig_bytes bytes"
	cli_class "$tmp/orig.txt"
	cli0=$got
	[ "$cli0" != unusable ] || die "$crash: the CLI finds the program unusable"
	# The bytes a fuzz target sees: the file itself, or a text program's encoding.
	if [ "$text_input" = 1 ]; then
		"$ipf" encode --text "$crash" -o "$tmp/orig.bin" >/dev/null 2>"$tmp/err" ||
			die "$(head -n 1 "$tmp/err")"
		orig_bin=$tmp/orig.bin
	else
		orig_bin=$crash
	fi
	if [ "$engine" = cli ]; then
		if [ "$cli0" != agree ]; then
			class0=$cli0
		elif [ "$bugs" = input ]; then
			die "$crash: no finding with --bugs=$bugs (iopgfuzz run agrees): nothing to minimise"
		else
			# A finding the CLI does not see: judge by the replay build (sanitizers),
			# with the same bugs on.
			build replay "$target"
			oracle=target oracle_bin=$src/build/replay/fuzz/$target
			class0=$(binary_class "$oracle_bin" "$orig_bin")
			if [ -z "$class0" ]; then
				[ -z "$bugs" ] || die "$crash: no finding with --bugs=$bugs (iopgfuzz run agrees, the replay build is clean): nothing to minimise"
				die "$crash: no finding (the CLI agrees, the replay build is clean): nothing to minimise"
			fi
		fi
	else
		fuzz_binary "$engine" "$target"
		class0=$(binary_class "$fuzz_bin" "$orig_bin")
		if [ -z "$class0" ]; then
			if [ "$cli0" != agree ]; then
				die "$crash: $target does not crash on it, but the CLI finds [$cli0] (bugs in the program? fuzz targets switch them off): try --engine cli"
			fi
			own=
			if [ "$text_input" = 0 ]; then
				own=$("$ipf" print --binary --bugs=input "$crash" 2>/dev/null |
					sed -nE 's/^config .*bugs=([^ ]*).*/\1/p')
			fi
			[ -z "$own" ] || [ "$own" = none ] ||
				die "$crash: $target does not crash on it; its bug bytes name $own, which fuzz targets ignore: try --bugs=input"
			die "$crash: $target does not crash on it: nothing to minimise"
		fi
	fi
fi
echo "$prog: $crash: $target $target_why, [$class0], $orig_desc; engine $engine"

# ---- the engines ----------------------------------------------------------------------------
result_bin=   # engine result, bytes (empty: none)
if [ "$engine" = libfuzzer ]; then
	cur=$orig_bin
	cur_size=$(stat -c %s -- "$cur")
	for seed in 1 2 3 4 5 6; do
		art=$tmp/lf.$seed
		# Six frames: abort's three, finding_<KIND> and its two callers (or the
		# sanitizer report's top six), not the libFuzzer frames that differ
		# between its runs.
		ASAN_OPTIONS=handle_abort=1:detect_leaks=1:dedup_token_length=6:symbolize=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			"$fuzz_bin" "${fuzz_args[@]}" -minimize_crash=1 -runs="$runs" -seed="$seed" -timeout=25 \
			-exact_artifact_path="$art" "$cur" >"$tmp/lf.log" 2>&1 || true
		if grep -q 'CRASH_MIN: mismatch in dedup tokens' "$tmp/lf.log"; then
			note "libFuzzer (seed $seed) ran into another kind of crash and stopped there: retrying with another seed"
		fi
		[ -s "$art" ] || break
		size=$(stat -c %s -- "$art")
		cls=$(binary_class "$fuzz_bin" "$art")
		if [ "$cls" != "$class0" ]; then
			note "libFuzzer (seed $seed) ended on another kind [${cls:-no crash}]: dropped, retrying"
			continue
		fi
		if [ "$size" -lt "$cur_size" ]; then
			cp -- "$art" "$tmp/lf.best.$seed"
			cur=$tmp/lf.best.$seed cur_size=$size
		fi
		# Done when libFuzzer found nothing smaller; after a round that hit
		# another kind (dedup token mismatch), try again with another seed.
		! grep -q 'CRASH_MIN: failed to minimize beyond' "$tmp/lf.log" || break
	done
	result_bin=$cur
	echo "$prog: libFuzzer -minimize_crash: $orig_bytes -> $cur_size bytes"
elif [ "$engine" = afl ]; then
	if AFL_ALLOW_TMP=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 \
		afl-tmin -i "$orig_bin" -o "$tmp/tmin.bin" -m none -t 5000 -- "$fuzz_bin" \
		>"$tmp/tmin.log" 2>&1 && [ -s "$tmp/tmin.bin" ]; then
		cls=$(binary_class "$fuzz_bin" "$tmp/tmin.bin")
		if [ "$cls" = "$class0" ]; then
			result_bin=$tmp/tmin.bin
		else
			note "afl-tmin ended on another kind [${cls:-no crash}]: kept the original for the next step"
			result_bin=$orig_bin
		fi
	else
		tail -n 5 "$tmp/tmin.log" >&2
		note "afl-tmin failed: kept the original for the next step"
		result_bin=$orig_bin
	fi
	echo "$prog: afl-tmin: $orig_bytes -> $(stat -c %s -- "$result_bin") bytes"
fi

# ---- the text program: minimise (cli) or polish (after an engine) ---------------------------
final_txt='' final_bin=''
if [ "$target" = fuzz_pgsize ]; then
	final_bin=$result_bin
	if [ "$polish" = 1 ]; then
		build replay "$target"
		oracle_bin=$src/build/replay/fuzz/$target
		pgsize_polish "$result_bin" "$tmp/polished.bin" "$class0"
		if [ "$(binary_class "$fuzz_bin" "$tmp/polished.bin")" = "$class0" ]; then
			final_bin=$tmp/polished.bin
		else
			note "the polished vector does not crash $target the same way: kept the $engine result's bytes"
		fi
	fi
elif [ "$engine" = cli ]; then
	delta_minimize "$tmp/orig.txt" "$tmp/final.txt" "$class0"
	final_txt=$tmp/final.txt
	"$ipf" encode --text "$final_txt" -o "$tmp/final.bin" >/dev/null 2>"$tmp/err" ||
		die "$(head -n 1 "$tmp/err")"
	final_bin=$tmp/final.bin
elif [ "$polish" = 0 ]; then
	target_text "$result_bin" --binary "$tmp/engine.txt"
	final_txt=$tmp/engine.txt final_bin=$result_bin
else
	target_text "$result_bin" --binary "$tmp/engine.txt"
	final_txt=$tmp/engine.txt final_bin=$result_bin
	cli_class "$tmp/engine.txt"
	if [ "$got" = "$class0" ]; then
		oracle=cli
	else
		oracle=target oracle_bin=$fuzz_bin
	fi
	delta_minimize "$tmp/engine.txt" "$tmp/polished.txt" "$class0"
	"$ipf" encode --text "$tmp/polished.txt" -o "$tmp/polished.bin" >/dev/null 2>&1 || true
	if [ -s "$tmp/polished.bin" ] &&
		[ "$(binary_class "$fuzz_bin" "$tmp/polished.bin")" = "$class0" ]; then
		final_txt=$tmp/polished.txt final_bin=$tmp/polished.bin
	else
		note "the polished program does not crash $target the same way: kept the $engine result's bytes"
	fi
fi

# The CLI gave the kind on the original but not on the engine's result (the fuzz build and
# the CLI's build differ on it): minimise again from the original, keeping both kinds.
if [ "$target" != fuzz_pgsize ] && [ "$engine" != cli ] && [ "$cli0" = "$class0" ]; then
	cli_class "$final_txt"
	if [ "$got" != "$class0" ]; then
		note "iopgfuzz run gives [$got] on the $engine result, not [$class0]: minimising the original again, keeping [$class0] in both the CLI and $target"
		oracle=both oracle_bin=$fuzz_bin
		delta_minimize "$tmp/orig.txt" "$tmp/both.txt" "$class0"
		"$ipf" encode --text "$tmp/both.txt" -o "$tmp/both.bin" >/dev/null 2>"$tmp/err" ||
			die "$(head -n 1 "$tmp/err")"
		final_txt=$tmp/both.txt final_bin=$tmp/both.bin
	fi
fi

# ---- check what will be written, then write it ----------------------------------------------
fail() { echo "$prog: $*; nothing written" >&2; exit 1; }
if [ "$target" = fuzz_pgsize ]; then
	cls=$(binary_class "$fuzz_bin" "$final_bin")
	[ "$cls" = "$class0" ] || fail "the result gives [${cls:-no crash}], not [$class0]"
	pgsize_text "$final_bin" >"$tmp/vec.txt"
	{
		echo "# minimised by tools/minimize from $(basename -- "$crash") (target $target, engine $engine${bugs:+, --bugs=$bugs})"
		[ -z "$bugs" ] || echo "# bugs: $bugs"
		# The CLI reads the request: say what it finds.
		prc=0
		"$ipf" pgsize "${bugopt[@]}" "$tmp/vec.txt" >/dev/null 2>&1 || prc=$?
		if [ "$prc" = 1 ] && [ "${class0%%:*}" = pgsize ]; then
			echo "# expect: finding pgsize"
		else
			echo "# crash: [$class0] in $target (iopgfuzz pgsize does not see it: replay the .bin)"
		fi
		cat "$tmp/vec.txt"
	} >"$tmp/out.txt"
	final_desc="$(stat -c %s -- "$final_bin") bytes"
else
	# The CLI must give the class on the result whenever it gave it on the original.
	if [ "$cli0" = "$class0" ]; then
		cli_class "$final_txt"
		[ "$got" = "$class0" ] || fail "iopgfuzz run gives [$got] on the result, not [$class0]"
	fi
	if [ "$engine" != cli ]; then
		cls=$(binary_class "$fuzz_bin" "$final_bin")
		[ "$cls" = "$class0" ] || fail "$target gives [${cls:-no crash}] on the result, not [$class0]"
	elif [ "$oracle" = target ]; then
		dd_class=$class0
		oracle_class "$final_txt"
		[ "$got" = "$class0" ] || fail "the replay build gives [${got:-no crash}] on the result, not [$class0]"
	fi
	cli_class "$final_txt"
	{
		echo "# minimised by tools/minimize from $(basename -- "$crash") (target $target, engine $engine${bugs:+, --bugs=$bugs})"
		if [ "$got" = "$class0" ]; then
			echo "# expect: finding $class0"
		else
			echo "# crash: [$class0] in $target (the CLI does not see it: replay the .bin)"
		fi
		cat "$final_txt"
	} >"$tmp/out.txt"
	final_desc="$(ops_of "$final_txt") operations, $(stat -c %s -- "$final_bin") bytes"
fi
cp -- "$tmp/out.txt" "$out.tmp.$$" && mv -f -- "$out.tmp.$$" "$out" || die "$out: cannot write"
cp -- "$final_bin" "$out_bin.tmp.$$" && mv -f -- "$out_bin.tmp.$$" "$out_bin" || die "$out_bin: cannot write"
tries_note=
[ "$cli_runs" = 0 ] || tries_note=", $cli_runs candidates tried"
echo "$prog: [$class0] $orig_desc -> $final_desc ($((SECONDS - start)) s$tries_note)"
echo "$prog: wrote $out and $out_bin"

