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
while IFS=$'\t' read -r t release _ core; do
	case " $trees " in *" $t "*) ;; *) continue ;; esac
	echo "tree $t ($release): profile $("$cli" profiles --of "$release")"
	check "regress, --expect, opt,kernel:$t" 0 "$cli" run --quiet --expect --profile=tree --kernel="$t" "$src"/corpus/regress/*.txt
	check "seeds agree, opt,kernel:$t" 0 "$cli" run --quiet --profile=tree --kernel="$t" "$src"/corpus/seeds/*.txt
	check "seeds agree, ref,kernel:$t" 0 "$cli" run --quiet --profile=tree --engines=ref,kernel:"$t" "$src"/corpus/seeds/*.txt
	# The tree's own iommu core too, where the build took it from its iommu.c.
	[ "$core" = "core: kernel-core" ] || { echo "tree $t: no kernel-core in this build"; continue; }
	check "regress, --expect, opt,kernel-core:$t" 0 "$cli" run --quiet --expect --profile=tree --kernel-core="$t" \
		"$src"/corpus/regress/*.txt
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
