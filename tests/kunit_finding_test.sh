#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel findings' KUnit reproducers (docs/kernel-findings/):
#   kunit_finding_test.sh EXE DIR NAME TREE
#       NAME.c built against TREE (EXE) ends as DIR/results.txt records:
#       'NAME TREE pass' or 'NAME TREE fail TEXT', TEXT a line of the failing
#       expectation (the divergence it names). No record for TREE: skipped.
#   kunit_finding_test.sh --fresh IOPGFUZZ DIR
#       each DIR/NAME.c is what the command in its header writes today.
#   kunit_finding_test.sh --regress EXE [CASE...]
#       the exported regression suite passes, but for the CASEs, which may fail.
#   kunit_finding_test.sh --broken EXE TEXT
#       EXE (a suite whose flush ops were broken on purpose) fails, and a
#       failing expectation says TEXT.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$1" = --fresh ]; then
	cli=$2 dir=$3 bad=0 n=0
	top=$(cd "$dir/../.." && pwd)
	for c in "$dir"/*.c; do
		n=$((n + 1))
		# The header's fourth line: ' *   iopgfuzz kunit ARGS'
		args=$(sed -n '4s/^ \*   iopgfuzz kunit //p' "$c")
		[ -n "$args" ] || { echo "FAIL $c: no 'iopgfuzz kunit' command in its header"; bad=1; continue; }
		# shellcheck disable=SC2086
		if ! (cd "$top" && "$cli" kunit --quiet $args -o "$tmp/out.c") ||
		   ! diff -u "$c" "$tmp/out.c" > "$tmp/diff"; then
			echo "FAIL $c is not what 'iopgfuzz kunit $args' writes today:"
			head -n 40 "$tmp/diff"
			bad=1
		else
			echo "ok $c"
		fi
	done
	echo "$((n - bad)) passed, $bad failed"
	exit "$bad"
fi

if [ "$1" = --regress ]; then
	exe=$2
	shift 2
	"$exe" > "$tmp/out" 2>&1
	rc=$?
	cat "$tmp/out"
	bad=0
	while read -r _ _ _ name; do
		case " $* " in
		*" $name "*) echo "allowed on this tree: $name fails" ;;
		*) echo "FAIL: $name fails"; bad=1 ;;
		esac
	done < <(grep -E '^    not ok [0-9]+ ' "$tmp/out")
	grep -qE '^[0-9]+ passed, [0-9]+ failed' "$tmp/out" || { echo "FAIL: no summary line (exit $rc)"; bad=1; }
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || { echo "FAIL: the runner exited $rc"; bad=1; }
	exit "$bad"
fi

if [ "$1" = --broken ]; then
	"$2" > "$tmp/out" 2>&1
	rc=$?
	n=$(grep -cF -- "$3" "$tmp/out")
	if [ "$rc" = 1 ] && [ "$n" -gt 0 ]; then
		echo "ok: the broken suite fails, $n expectation(s) saying: $3"
		grep -E '^    not ok' "$tmp/out"
		exit 0
	fi
	cat "$tmp/out"
	echo "FAIL: the broken suite exited $rc with $n line(s) saying: $3"
	exit 1
fi

exe=$1 dir=$2 name=$3 tree=$4
rec=$(awk -v n="$name" -v t="$tree" '$1 == n && $2 == t { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' \
	"$dir/results.txt")
if [ -z "$rec" ]; then
	echo "skipped: no result recorded for $name on $tree in $dir/results.txt"
	exit 77
fi
want=${rec%% *} text=""
[ "$want" = "$rec" ] || text=${rec#* }
"$exe" > "$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
case $want:$rc in
pass:0) echo "ok: $name passes on $tree, as recorded"; exit 0 ;;
fail:1)
	if grep -qF -- "$text" "$tmp/out"; then
		echo "ok: $name fails on $tree, as recorded, naming: $text"
		exit 0
	fi
	echo "FAIL: $name fails on $tree, but no line says: $text"
	exit 1 ;;
*) echo "FAIL: $name on $tree: recorded '$want', the runner exited $rc"; exit 1 ;;
esac
