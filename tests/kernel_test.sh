#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel engine against the model, for every kernel tree of this build:
# the regression corpus gives the verdicts its '# expect:' lines say with
# engines=opt,kernel:TREE, the seeds agree, and the two trees agree with
# each other. A program naming a tree the build lacks is unusable (exit 2).
# Usage: kernel_test.sh IOPGFUZZ SOURCE_DIR
set -uo pipefail
cli=$1 src=$2
. "$src/tests/check.sh"

trees=$("$cli" kernels | awk -F'\t' 'NF >= 2 && $1 !~ / / { print $1 }' | tr '\n' ' ')
if [ -z "$trees" ]; then
	echo "skipped: this build has no kernel tree (make prepares Debian's 6.1 and 6.12)"
	exit 77
fi
# The model follows v5.15, and the trees up to v6.12 behave as it does on these
# programs. v6.13 stopped splitting blocks (33729a5fc0ca: a partial unmap WARNs
# and returns 0) and v6.14 changed stage-2 concatenation: on a newer tree the
# regression and seed programs may end in those differences, which the model
# cannot judge yet. There each program must still end as expected or in one of
# the classes those changes explain; an SMMU oracle, an unsynced write, a bad
# address, a BUG or a leak fails the test whatever the tree.
newer_than_model() { # release
	[ "$(printf '%s\n' "$1" 6.13 | sort -V | head -n 1)" = 6.13 ]
}
explained='^(agree|event:KERNEL_WARN|return|golden-return|structure|translation)$'
newer_tree() { # tree: regress and seeds, only explained differences
	local t=$1 cls bad=0 n=0
	"$cli" run --expect --kernel="$t" "$src"/corpus/regress/*.txt "$src"/corpus/seeds/*.txt \
		>"$tmp/newer" 2>&1
	while read -r cls; do
		[ "$cls" = agree ] || n=$((n + 1))
		[[ $cls =~ $explained ]] || bad=1
	done < <(sed -nE 's/.*: NOT as expected \[([^]]*)\].*/\1/p' "$tmp/newer")
	if [ "$bad" = 0 ] && grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$tmp/newer"; then
		pass
		echo "tree $t ($2) is newer than the model (v6.13+): $n programs differ, each in a class v6.13/v6.14 explain:"
		grep ': NOT as expected' "$tmp/newer" | grep -vF ': NOT as expected [agree]' | sed 's/^/  /'
	else
		fail "tree $t: a difference no v6.13/v6.14 change explains"
		grep -v ': as expected' "$tmp/newer" | sed 's/^/  | /' | tail -n 30
	fi
}
while IFS=$'\t' read -r t release _ core; do
	case " $trees " in *" $t "*) ;; *) continue ;; esac
	if newer_than_model "$release"; then
		newer_tree "$t" "$release"
		continue
	fi
	check "regress, --expect, opt,kernel:$t" 0 "$cli" run --quiet --expect --kernel="$t" "$src"/corpus/regress/*.txt
	check "seeds agree, opt,kernel:$t" 0 "$cli" run --quiet --kernel="$t" "$src"/corpus/seeds/*.txt
	check "seeds agree, ref,kernel:$t" 0 "$cli" run --quiet --engines=ref,kernel:"$t" "$src"/corpus/seeds/*.txt
	# The tree's own iommu core too, where the build took it from its iommu.c.
	[ "$core" = "core: kernel-core" ] || { echo "tree $t: no kernel-core in this build"; continue; }
	check "regress, --expect, opt,kernel-core:$t" 0 "$cli" run --quiet --expect --kernel-core="$t" \
		"$src"/corpus/regress/*.txt
	check "seeds agree, ref,kernel-core:$t" 0 "$cli" run --quiet --engines=ref,kernel-core:"$t" \
		"$src"/corpus/seeds/*.txt
	check "seeds agree, kernel:$t,kernel-core:$t" 0 "$cli" run --quiet \
		--engines=kernel:"$t",kernel-core:"$t" "$src"/corpus/seeds/*.txt
done < <("$cli" kernels | grep -v '^ ')
trees=$(for t in $trees; do r=$("$cli" kernels | awk -F'\t' -v t="$t" '$1 == t { print $2 }')
	newer_than_model "$r" || echo "$t"; done)
set -- $trees
if [ $# -ge 2 ]; then
	check "seeds agree, kernel:$1,kernel:$2" 0 "$cli" run --quiet --engines="kernel:$1,kernel:$2" "$src"/corpus/seeds/*.txt
fi
printf 'config engines=opt,kernel:no-such-tree\nmap iova=0 paddr=0 size=4K prot=rw\n' > "$tmp/missing.txt"
check "a missing tree is unusable" 2 "$cli" run "$tmp/missing.txt"
contains "a missing tree is named" "$tmp/out" "no kernel tree 'no-such-tree'"
check "a malformed --engines is a usage error" 2 "$cli" run --engines=opt "$tmp/missing.txt"
one_line "one line for a malformed --engines" "$tmp/err" "expected --engines="
check_done kernel
