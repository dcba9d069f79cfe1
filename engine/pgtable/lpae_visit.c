// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-only, uncounted walks over the valid descriptors of LPAE trees: the
 * judges' view (the runner's structure comparison, tests), never the engines'.
 */
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

/*
 * The subtrees of tables pa[0] and pa[1] at lvl, side by side: how many
 * descriptors arm_lpae_for_each_pte would give for each (the same on both
 * sides), adding the tables with nothing below them to *empty; -1 at the
 * first difference, or where one side has no live table.
 */
static int64_t same_subtrees(const struct arm_lpae_io_pgtable *const d[2], int lvl,
			     const uint64_t pa[2], uint64_t *empty)
{
	const arm_lpae_iopte *t0 = ipf_pgmem_deref(d[0]->iop.ctx->mem, pa[0]);
	const arm_lpae_iopte *t1 = ipf_pgmem_deref(d[1]->iop.ctx->mem, pa[1]);
	uint64_t n, nr = 0;

	if (!t0 || !t1)
		return !t0 && !t1 ? 0 : -1;
	n = (lvl == d[0]->start_level ? ARM_LPAE_PGD_SIZE(d[0]) : ARM_LPAE_GRANULE(d[0])) /
	    sizeof(*t0);
	for (uint64_t i = 0; i < n; i++) {
		arm_lpae_iopte a = t0[i], b = t1[i];
		int64_t below;

		if (!(a | b))
			continue;
		if (!a || !b || iopte_leaf(a, lvl) != iopte_leaf(b, lvl))
			return -1;
		nr++;
		if (iopte_leaf(a, lvl)) {
			if (a != b)
				return -1;
			continue;
		}
		if (lvl == ARM_LPAE_MAX_LEVELS - 1) {
			(*empty)++; /* a table nothing follows */
			continue;
		}
		below = same_subtrees(d, lvl + 1, (const uint64_t[2]){ iopte_to_paddr(a, d[0]),
								       iopte_to_paddr(b, d[1]) }, empty);
		if (below < 0)
			return -1;
		*empty += !below;
		nr += (uint64_t)below;
	}
	return (int64_t)nr;
}

int64_t arm_lpae_same_trees(const struct arm_lpae_io_pgtable *a, const struct arm_lpae_io_pgtable *b)
{
	const struct arm_lpae_io_pgtable *d[2] = { a, b };
	uint64_t empty = 0;

	if (a->start_level != b->start_level || a->pgd_bits != b->pgd_bits ||
	    a->bits_per_level != b->bits_per_level ||
	    same_subtrees(d, a->start_level, (const uint64_t[2]){ a->pgd_pa, b->pgd_pa }, &empty) < 0)
		return -1;
	return (int64_t)empty;
}
