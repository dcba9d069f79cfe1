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
# Each tree runs against the model of its own release (--profile=tree: 6.1 as
# v5.15, 6.12 as v6.12, a mainline tree as v6.19): no difference is excused
# by the tree's age.
#
# The one kernel finding a tree may show here, named with the program that
# shows it (docs/kernel-findings.md): from v6.14 the tree's own stage-2
# allocator leaks what it kmalloc'd when it refuses a mandatory
# concatenation of more than 16 tables. Anything else fails.
known_tree_finding() { # release, program, class
	[ "$(printf '%s\n' "$1" 6.14 | sort -V | head -n 1)" = 6.14 ] &&
		[ "$2" = concat-refused-v6-14.txt ] && [ "$3" = event:KERNEL_LEAK ]
}
regress() { # name release command...: --expect over corpus/regress, the known finding aside
	local name=$1 release=$2 bad=0 file cls
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	while IFS=$'\t' read -r file cls; do
		known_tree_finding "$release" "$(basename "$file")" "$cls" &&
			echo "  $name: $(basename "$file"): the tree's own leak (docs/kernel-findings.md)" ||
			bad=1
	done < <(sed -nE 's/^([^:]+): NOT as expected \[([^]]*)\].*/\1\t\2/p' "$tmp/out")
	if [ "$bad" = 0 ] && grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$tmp/out"; then
		pass
	else
		fail "$name"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | tail -n 30
	fi
}
while IFS=$'\t' read -r t release _ core; do
	case " $trees " in *" $t "*) ;; *) continue ;; esac
	echo "tree $t ($release): profile $("$cli" profiles --of "$release")"
	regress "regress, --expect, opt,kernel:$t" "$release" "$cli" run --quiet --expect \
		--profile=tree --kernel="$t" "$src"/corpus/regress/*.txt
	check "seeds agree, opt,kernel:$t" 0 "$cli" run --quiet --profile=tree --kernel="$t" "$src"/corpus/seeds/*.txt
	check "seeds agree, ref,kernel:$t" 0 "$cli" run --quiet --profile=tree --engines=ref,kernel:"$t" "$src"/corpus/seeds/*.txt
	# The tree's own iommu core too, where the build took it from its iommu.c.
	[ "$core" = "core: kernel-core" ] || { echo "tree $t: no kernel-core in this build"; continue; }
	regress "regress, --expect, opt,kernel-core:$t" "$release" "$cli" run --quiet --expect \
		--profile=tree --kernel-core="$t" "$src"/corpus/regress/*.txt
	check "seeds agree, ref,kernel-core:$t" 0 "$cli" run --quiet --profile=tree --engines=ref,kernel-core:"$t" \
		"$src"/corpus/seeds/*.txt
	check "seeds agree, kernel:$t,kernel-core:$t" 0 "$cli" run --quiet --profile=tree \
		--engines=kernel:"$t",kernel-core:"$t" "$src"/corpus/seeds/*.txt
done < <("$cli" kernels | grep -v '^ ')
# Two trees of one profile against each other (Debian's 6.1 and 6.12 differ
# only in 85b715a33458's order of invalidations, which no verdict sees).
set -- $trees
if [ $# -ge 2 ]; then
	check "seeds agree, kernel:$1,kernel:$2" 0 "$cli" run --quiet --profile=tree \
		--engines="kernel:$1,kernel:$2" "$src"/corpus/seeds/*.txt
fi
printf 'config engines=opt,kernel:no-such-tree\nmap iova=0 paddr=0 size=4K prot=rw\n' > "$tmp/missing.txt"
check "a missing tree is unusable" 2 "$cli" run "$tmp/missing.txt"
contains "a missing tree is named" "$tmp/out" "no kernel tree 'no-such-tree'"
check "a malformed --engines is a usage error" 2 "$cli" run --engines=opt "$tmp/missing.txt"
one_line "one line for a malformed --engines" "$tmp/err" "expected --engines="
check_done kernel
