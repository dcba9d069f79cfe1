# SPDX-License-Identifier: GPL-2.0-only
# The shell tests' check.h, sourced by each: a scratch directory $tmp, the
# pass/fail counters and the checks. Each check counts one pass or one failure
# and shows what failed; check_done prints the counts and gives the status.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check_timed=0 # 1: check prints each command's exit status and seconds

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

check() { # name, expected status, command...: output in $tmp/out and $tmp/err
	local name=$1 want=$2 t0=$SECONDS got=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || got=$?
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$name: exit $got, expected $want"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | tail -n 30
	fi
	[ "$check_timed" = 0 ] || echo "  $name: exit $got ($((SECONDS - t0)) s)"
}

contains() { # name, file, extended regex
	if grep -qE -- "$3" "$2"; then
		pass
	else
		fail "$1: '$3' not in $(basename "$2")"
		sed 's/^/  | /' "$2" | tail -n 20
	fi
}

one_line() { # name, file[, extended regex the line must match]
	if [ "$(wc -l <"$2")" -eq 1 ] && grep -qE -- "${3:-}" "$2"; then
		pass
	else
		fail "$1: expected one line${3:+ matching '$3'} on stderr"
		sed 's/^/  | /' "$2"
	fi
}

check_done() { # test name
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
