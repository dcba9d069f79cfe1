# SPDX-License-Identifier: GPL-2.0-only
# tools/minimize: programs as text, their class by the CLI or a
# target binary, and the in-process minimiser ('iopgfuzz minimize').
# Sourced by tools/minimize, never run.

target_text() { # input format(--text|--binary) out
	"$ipf" print "$2" "${bugopt[@]}" --target="$target" "$1" >"$3" 2>"$tmp/tt.err" ||
		die "$(head -n 1 "$tmp/tt.err")"
}

# The class 'iopgfuzz run' gives a text program, in $got: agree, unusable or the finding's
# class. (Called for every candidate: no subshells.)
cli_runs=0 # candidates the minimiser tried
got=
cli_class() { # text
	local rc=0 line=
	"$ipf" run --quiet --text "${bugopt[@]}" "$1" >"$tmp/cli.out" 2>/dev/null || rc=$?
	case $rc in
	0) got=agree ;;
	1)
		IFS= read -r line <"$tmp/cli.out" || true
		case $line in *\]) line=${line%]}; got=${line##*[} ;; *) got=unusable ;; esac
		;;
	*) got=unusable ;;
	esac
}

# The class of a text program by the oracle, in $got: the CLI, or a target binary on its
# encoding.
oracle=cli oracle_bin=
oracle_class() { # text
	if [ "$oracle" = cli ] || [ "$oracle" = both ]; then
		cli_class "$1"
		# both: the CLI's class, and then the target binary's too.
		[ "$oracle" = both ] && [ "$got" = "$dd_class" ] || return 0
	fi
	if "$ipf" encode --text "$1" -o "$tmp/oracle.bin" >/dev/null 2>&1; then
		got=$(binary_class "$oracle_bin" "$tmp/oracle.bin")
	else
		got=unusable
	fi
}

ops_of() { grep -cvE '^(#|config |config$)' "$1" || true; }

# Minimise the text program in $1 into $2, keeping class $3, with 'iopgfuzz minimize': in
# process on the typed program, through the CLI's runner when the CLI sees the finding, and
# with the target binary as its oracle (a script that prints the class the binary gives the
# candidate's bytes) when the binary sees it too or alone.
dd_class=
delta_minimize() { # in out class
	local topt=() oopt=()
	dd_class=$3
	[ "$target" = fuzz_pgsize ] || topt=("--target=$target")
	if [ "$oracle" != cli ]; then
		{
			echo "#!/usr/bin/env bash"
			declare -p fuzz_args
			echo "tmp=$(printf %q "$tmp/oracle")"
			declare -f run_target crash_class binary_class
			echo "mkdir -p \"\$tmp\"; binary_class $(printf %q "$oracle_bin") \"\$1\""
		} >"$tmp/oracle.sh"
		oopt=("--oracle=bash $tmp/oracle.sh")
		[ "$oracle" = both ] || oopt+=(--no-cli)
	fi
	"$ipf" minimize --text "${bugopt[@]}" "${topt[@]}" "${oopt[@]}" --tries="$tries" "$1" \
		-o "$tmp/ipf-min.txt" >"$tmp/ipf-min.log" 2>&1 ||
		die "iopgfuzz minimize failed: $(tail -n 1 "$tmp/ipf-min.log")"
	cli_runs=$(sed -nE 's/.*\(([0-9]+) candidates run.*/\1/p' "$tmp/ipf-min.log")
	[ "$cli_runs" -lt "$tries" ] || note "stopped after --tries $tries candidates; the result may shrink further"
	"$ipf" print --text "${bugopt[@]}" "$tmp/ipf-min.txt" >"$2" 2>"$tmp/err" ||
		die "$(head -n 1 "$tmp/err")"
}

