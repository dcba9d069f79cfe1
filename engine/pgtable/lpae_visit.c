// SPDX-License-Identifier: GPL-2.0-only
/* A read-only, uncounted walk over every valid descriptor of an LPAE tree. */
#include "iopgfuzz/lpae.h"

struct visit {
	const struct arm_lpae_io_pgtable *d;
	int (*fn)(void *arg, const struct arm_lpae_pte_visit *v);
	void *arg;
};

static int visit_table(const struct visit *w, int lvl, uint64_t table_pa, uint64_t base)
{
	const struct arm_lpae_io_pgtable *d = w->d;
	const arm_lpae_iopte *table = ipf_pgmem_deref(d->iop.ctx->mem, table_pa);
	uint64_t n, size = ARM_LPAE_BLOCK_SIZE(lvl, d);

	if (!table)
		return 0;
	n = (lvl == d->start_level ? ARM_LPAE_PGD_SIZE(d) : ARM_LPAE_GRANULE(d)) / sizeof(*table);
	for (uint64_t i = 0; i < n; i++) {
		struct arm_lpae_pte_visit v = {
			.lvl = lvl, .iova = base + i * size, .size = size, .pte = table[i],
			.leaf = iopte_leaf(table[i], lvl), .table_pa = table_pa,
			.idx = (unsigned int)i,
		};
		int ret;

		if (!v.pte)
			continue;
		ret = w->fn(w->arg, &v);
		if (ret)
			return ret;
		if (!v.leaf && lvl < ARM_LPAE_MAX_LEVELS - 1) {
			ret = visit_table(w, lvl + 1, iopte_to_paddr(v.pte, d), v.iova);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int arm_lpae_for_each_pte(const struct arm_lpae_io_pgtable *d,
			  int (*fn)(void *arg, const struct arm_lpae_pte_visit *v), void *arg)
{
	struct visit w = { .d = d, .fn = fn, .arg = arg };

	return visit_table(&w, d->start_level, d->pgd_pa, 0);
}
