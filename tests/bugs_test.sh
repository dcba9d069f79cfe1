#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The bug catalogue: every injectable bug has its program in corpus/bugs/,
# that program gives the finding it expects with the bug on and agrees with
# every bug off, and the reached/triggered counts see it.
# usage: bugs_test.sh IOPGFUZZ SOURCE_DIR
set -u
bin=$1
src=$2
dir=$src/corpus/bugs
. "$(dirname -- "$0")/check.sh"

# A header line of a bug file: "# key: value".
header() { sed -n "s/^# $2: *//p" "$1" | head -1; }

names=$("$bin" bugs --names) || { echo "FAIL iopgfuzz bugs"; exit 1; }
[ "$(echo "$names" | wc -l)" -ge 16 ] && pass || fail "fewer than 16 bugs in the catalogue"

for name in $names; do
	f=$dir/$(echo "$name" | tr 'A-Z_' 'a-z-').txt
	if [ ! -f "$f" ]; then
		fail "$name: no $f"
		continue
	fi
	[ "$(header "$f" bug)" = "$name" ] && pass || fail "$name: '# bug:' does not name it"
	grep -q "^### $name\$" "$src/docs/bugs.md" && pass || fail "$name: not in docs/bugs.md"
	target=$(header "$f" target)
	case $target in
	fuzz_unmap | fuzz_map | fuzz_smmu | fuzz_pgsize) pass ;;
	*) fail "$name: '# target:' is '$target'" ;;
	esac
	case $(header "$f" expect) in
	"finding "*) pass ;;
	*) fail "$name: '# expect:' is not a finding" ;;
	esac
	if [ "$target" = fuzz_pgsize ]; then
		cmd=pgsize
	else
		cmd=run
	fi
	# With the bug on (the file switches it on): the expected finding.
	if "$bin" $cmd --expect "$f" >"$tmp/out" 2>&1; then
		pass
	else
		fail "$name: not as expected with the bug on"
		sed 's/^/  | /' "$tmp/out" | head -8
	fi
	# With every bug off: clean (or, for a bug that makes the model accept
	# what the kernel refuses, the refusal: unusable).
	if "$bin" $cmd --bugs=none "$f" >"$tmp/out" 2>&1; then
		pass
	elif [ $cmd = run ] && "$bin" run --bugs=none --porcelain "$f" 2>/dev/null |
		grep -q $'\tunusable\t'; then
		pass
	else
		fail "$name: a finding with every bug off"
		sed 's/^/  | /' "$tmp/out" | head -8
	fi
	# The counts: a program that finds the bug reached it and took its branch.
	if [ $cmd = run ]; then
		"$bin" stats "$f" >"$tmp/stats" 2>&1
		reached=$(sed -n "s/^bug\.$name\.reached=//p" "$tmp/stats")
		triggered=$(sed -n "s/^bug\.$name\.triggered=//p" "$tmp/stats")
		if [ "${reached:-0}" -gt 0 ] && [ "${triggered:-0}" -gt 0 ]; then
			pass
		else
			fail "$name: reached=${reached:-?} triggered=${triggered:-?}"
		fi
		"$bin" stats --bugs=none "$f" >"$tmp/stats" 2>&1
		triggered=$(sed -n "s/^bug\.$name\.triggered=//p" "$tmp/stats")
		[ "${triggered:-1}" = 0 ] && pass || fail "$name: triggered with the bug off"
	fi
done

# No stray files: every program in corpus/bugs belongs to a bug of the catalogue.
for f in "$dir"/*.txt; do
	b=$(header "$f" bug)
	echo "$names" | grep -qx "$b" && pass || fail "$f: '$b' is not in the catalogue"
done

# Every bug off, the seeds and the regression corpus agree (those that expect agree).
if "$bin" run --bugs=none --quiet "$src"/corpus/seeds/*.txt >"$tmp/out" 2>&1; then
	pass
else
	fail "seeds with every bug off"
	tail -5 "$tmp/out"
fi

check_done bugs
