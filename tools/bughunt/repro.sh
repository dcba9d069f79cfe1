# SPDX-License-Identifier: GPL-2.0-only
# tools/bug-hunt's reproducers, sourced by it: a bug's first attributable
# crash minimised by tools/minimize, then checked to fire with the bug and
# not without it. Uses $src, $work, $outp, $ipf, $nb_opt and trial.sh's replay
# and oracle_of.

minimise_bug() { # bug target artifact
	local bug=$1 t=$2 art=$3 name rc=0 status=ok path note=- txt bin cls
	local fz=$src/build/fuzz/fuzz/$2
	name=$(lower "$bug")
	txt=$work/repro/$name.txt bin=$work/repro/$name.bin
	timeout -s KILL 1200 "$src/tools/minimize" crash "--bugs=$bug" --target "$t" --tries 2000 --runs 5000 \
		--iopgfuzz "$ipf" "${nb_opt[@]}" "$art" -o "$txt" \
		>"$work/repro/$name.log" 2>&1 || rc=$?
	if [ "$rc" != 0 ] || [ ! -f "$txt" ]; then
		status=failed
		note="minimisation failed (exit $rc, $(show_path "$outp")/repro/$name.log); the raw crash: $(show_path "$outp")/${art#"$work"/}"
		path=-
	else
		path=$(show_path "$outp")/repro/$name.txt
		# It fires with the bug, and is clean without: the CLI (iopgfuzz run, or pgsize for
		# page-size requests), or the fuzz target on the bytes for what the CLI does not see.
		local on=0 off=0 cmd=run
		[ "$t" != fuzz_pgsize ] || cmd=pgsize
		# run --porcelain names the class itself (FILE, KIND, CLASS); pgsize's class is pgsize.
		local popt=() topt=()
		[ "$cmd" = pgsize ] || popt=(--porcelain) topt=("--target=$t")
		"$ipf" "$cmd" "${popt[@]}" "${topt[@]}" --bugs="$bug" "$txt" >"$work/repro/$name.on" 2>&1 || on=$?
		"$ipf" "$cmd" "${popt[@]}" "${topt[@]}" --bugs=none "$txt" >"$work/repro/$name.off" 2>&1 || off=$?
		# A bug that makes the model accept what the kernel refuses: without it, the
		# refusal (unusable) is clean.
		if [ "$cmd" = run ] && [ "$off" = 2 ] &&
			awk -F'\t' 'NF >= 3 && $2 == "unusable" { u = 1 } END { exit !u }' \
				"$work/repro/$name.off"; then
			off=0
		fi
		if [ "$cmd" = pgsize ]; then
			cls=pgsize
		else
			cls=$(awk -F'\t' 'NF >= 3 && $2 == "finding" { print $3; exit }' "$work/repro/$name.on")
		fi
		if [ "$on" != 1 ] && grep -q '^# crash: ' "$txt"; then
			replay "$work/repro/$name.on" "$fz" "--ipf-bugs=$bug" "$bin"
			on=$rc
			[ "$on" = 0 ] || on=1
			replay "$work/repro/$name.off" "$fz" "$bin"
			off=$rc
			cls="$(oracle_of "$work/repro/$name.on") in $t"
		fi
		if [ "$on" = 1 ] && [ "$off" = 0 ]; then
			note="[$cls]"
		else
			status=unverified
			note="fires with the bug: $([ "$on" = 1 ] && echo yes || echo no), clean without: $([ "$off" = 0 ] && echo yes || echo no)"
		fi
		rm -f "$work/repro/$name.on" "$work/repro/$name.off"
	fi
	printf '%s\t%s\t%s\t%s\n' "$bug" "$status" "$path" "$note" >"$work/repro/$name.result"
}
