// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable-arm after the series (v5.15, with the later stable fixes that
 * touch it): map_pages/unmap_pages write or clear up to pgcount entries of
 * one table in a single walk. This is the optimised side of the differential.
 * Later kernels' changes (include/iopgfuzz/profile.h) act where ipf_since()
 * asks for them: the batched clear of a run and the refused block split.
 */
#include <errno.h>
#include <limits.h>

#include "iopgfuzz/gather.h"
#include "iopgfuzz/lpae.h"

static uint64_t __arm_lpae_unmap(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size, uint64_t pgcount, int lvl,
				 arm_lpae_iopte *ptep);

/* Entries from idx to the end of its table (of a concatenated pgd's tables). */
static int arm_lpae_entries_left(struct arm_lpae_io_pgtable *d, unsigned int idx)
{
	int ptes = (int)ARM_LPAE_PTES_PER_TABLE(d);

	return ptes - (int)(idx & (unsigned int)(ptes - 1));
}

/*
 * How many of pgcount entries fit in the table holding index idx, as the
 * kernel's min_t(int, ...) computes it. A concatenated pgd has indices
 * beyond one table; without d71fa842d33c the difference goes negative.
 */
static int arm_lpae_num_entries(struct arm_lpae_io_pgtable *d, unsigned int idx, uint64_t pgcount)
{
	int ptes = (int)ARM_LPAE_PTES_PER_TABLE(d);
	int max_entries = arm_lpae_entries_left(d, idx);

	if (ipf_bug_site(d->iop.ctx, IPF_BUG_CONCAT_COUNT, idx >= (unsigned int)ptes))
		max_entries = ptes - (int)idx;
	return (int)pgcount < max_entries ? (int)pgcount : max_entries;
}

/* Check all num_entries targets first; tables in the way are torn down. */
static int arm_lpae_init_pte(struct arm_lpae_io_pgtable *d, uint64_t iova, uint64_t paddr,
			     arm_lpae_iopte prot, int lvl, int num_entries, arm_lpae_iopte *ptep)
{
	/* The kernel reads then writes every entry of the run. */
	if (num_entries > 0 && (uint64_t)num_entries > arm_lpae_table_room(d, ptep)) {
		ipf_warn(d->iop.ctx, IPF_EV_TABLE_OVERRUN, iova, (uint64_t)num_entries);
		return -EINVAL;
	}
	for (int i = 0; i < num_entries; i++) {
		arm_lpae_iopte pte = arm_lpae_read(d, &ptep[i]);

		if (iopte_leaf(pte, lvl)) {
			ipf_warn(d->iop.ctx, IPF_EV_MAP_EXISTS, iova, (uint64_t)lvl);
			return -EEXIST;
		}
		if (iopte_type(pte) == ARM_LPAE_PTE_TYPE_TABLE) {
			uint64_t sz = ARM_LPAE_BLOCK_SIZE(lvl, d);
			arm_lpae_iopte *tblp = ptep - ARM_LPAE_LVL_IDX(iova, lvl, d);

			if (__arm_lpae_unmap(d, NULL, iova + (uint64_t)i * sz, sz, 1, lvl, tblp) != sz) {
				ipf_warn(d->iop.ctx, IPF_EV_MAP_REPLACE_FAILED, iova, sz);
				return -EINVAL;
			}
		}
	}
	__arm_lpae_init_pte(d, paddr, prot, lvl, num_entries, ptep);
	return 0;
}

static int __arm_lpae_map(struct arm_lpae_io_pgtable *d, uint64_t iova, uint64_t paddr,
			  uint64_t size, uint64_t pgcount, arm_lpae_iopte prot, int lvl,
			  arm_lpae_iopte *ptep, uint64_t *mapped)
{
	unsigned int map_idx_start = ARM_LPAE_LVL_IDX(iova, lvl, d);
	struct ipf_ctx *ctx = d->iop.ctx;
	arm_lpae_iopte *cptep, pte;
	int ret;

	ptep += map_idx_start;
	if (size == ARM_LPAE_BLOCK_SIZE(lvl, d)) {
		int num_entries = arm_lpae_num_entries(d, map_idx_start, pgcount);

		if (ipf_bug_site(ctx, IPF_BUG_TABLE_BOUND,
				 num_entries >= 0 && pgcount > (uint64_t)num_entries))
			num_entries = pgcount > INT_MAX ? INT_MAX : (int)pgcount;

		ret = arm_lpae_init_pte(d, iova, paddr, prot, lvl, num_entries, ptep);
		if (!ret && mapped)
			*mapped += (uint64_t)(int64_t)num_entries * size;
		return ret;
	}

	if (lvl >= ARM_LPAE_MAX_LEVELS - 1) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_LEVEL_OVERFLOW, iova, size);
		return -EINVAL;
	}

	pte = arm_lpae_read(d, ptep);
	if (!pte) {
		cptep = arm_lpae_alloc_table(d, ARM_LPAE_GRANULE(d));
		if (!cptep)
			return -ENOMEM;
		pte = arm_lpae_install_table(d, cptep, ptep, 0);
		if (pte)
			arm_lpae_free_table(d, cptep);
	}
	if (pte && !iopte_leaf(pte, lvl)) {
		cptep = iopte_deref(pte, d);
		if (!cptep)
			return -EINVAL;
	} else if (pte) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_EXISTS, iova, (uint64_t)lvl);
		return -EEXIST;
	}
	/* Series v5 handed the next level NULL: only a start-level run was counted. */
	if (ipf_bug_site(ctx, IPF_BUG_MAPPED_LOST, mapped != NULL))
		mapped = NULL;
	return __arm_lpae_map(d, iova, paddr, size, pgcount, prot, lvl + 1, cptep, mapped);
}

static int arm_lpae_map_pages(struct io_pgtable_ops *ops, uint64_t iova, uint64_t paddr,
			      uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(ops);
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;
	bool no_access;

	if (!pgsize || (pgsize & cfg->pgsize_bitmap) != pgsize) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_BAD_PGSIZE, iova, pgsize);
		return -EINVAL;
	}
	if (arm_lpae_iova_out_of_range(d, iova) || (cfg->oas < 64 && paddr >> cfg->oas)) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_OUT_OF_RANGE, iova, paddr);
		return -ERANGE;
	}
	/* No access: v5.15 returned success having mapped nothing (6093cd582f8e). */
	no_access = !(prot & (IOMMU_READ | IOMMU_WRITE));
	if (ipf_bug_site(d->iop.ctx, IPF_BUG_MAP_NO_ACCESS, no_access))
		return 0;
	if (no_access)
		return -EINVAL;

	d->iop.ctx->counters.walks++;
	return __arm_lpae_map(d, iova, paddr, pgsize, pgcount, arm_lpae_prot_to_pte(d, prot),
			      d->start_level, d->pgd, mapped);
}

static uint64_t arm_lpae_split_blk_unmap(struct arm_lpae_io_pgtable *d,
					 struct iommu_iotlb_gather *gather, uint64_t iova,
					 uint64_t size, arm_lpae_iopte blk_pte, int lvl,
					 arm_lpae_iopte *ptep, uint64_t pgcount)
{
	uint64_t split_sz = ARM_LPAE_BLOCK_SIZE(lvl, d);
	int ptes = (int)ARM_LPAE_PTES_PER_TABLE(d);
	int unmap_idx_start = -1, num_entries = 0;
	struct ipf_ctx *ctx = d->iop.ctx;
	arm_lpae_iopte *tablep, pte;
	int64_t skip_end;
	uint64_t blk_paddr;

	if (lvl == ARM_LPAE_MAX_LEVELS) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_LEVEL_OVERFLOW, iova, size);
		return 0;
	}
	tablep = arm_lpae_alloc_table(d, ARM_LPAE_GRANULE(d));
	if (!tablep)
		return 0;

	if (size == split_sz) {
		unmap_idx_start = (int)ARM_LPAE_LVL_IDX(iova, lvl, d);
		num_entries = arm_lpae_num_entries(d, (unsigned int)unmap_idx_start, pgcount);
		if (ipf_bug_site(ctx, IPF_BUG_SPLIT_NUM_UNBOUNDED,
				 num_entries >= 0 && pgcount > (uint64_t)num_entries))
			num_entries = pgcount > INT_MAX ? INT_MAX : (int)pgcount;
	}
	skip_end = (int64_t)unmap_idx_start + num_entries;
	if (unmap_idx_start >= 0 && ipf_bug_site(ctx, IPF_BUG_SPLIT_WRONG_OA, skip_end < ptes))
		skip_end++;

	blk_paddr = iopte_to_paddr(blk_pte, d);
	pte = iopte_prot(blk_pte);
	for (int i = 0; i < ptes; i++, blk_paddr += split_sz) {
		if (i >= unmap_idx_start && i < skip_end)
			continue;
		__arm_lpae_init_pte(d, blk_paddr, pte, lvl, 1, &tablep[i]);
	}

	pte = arm_lpae_install_table(d, tablep, ptep, blk_pte);
	if (pte != blk_pte) {
		arm_lpae_free_table(d, tablep);
		return 0; /* a racing change: impossible in a single-threaded model */
	}
	if (unmap_idx_start >= 0) {
		if (!ipf_bug_site(ctx, IPF_BUG_SPLIT_NO_ADD_PAGE, num_entries > 0))
			for (int i = 0; i < num_entries; i++)
				io_pgtable_tlb_add_page(&d->iop, gather, iova + (uint64_t)i * size,
							size);
		return (uint64_t)(int64_t)num_entries * size;
	}
	return __arm_lpae_unmap(d, gather, iova, size, pgcount, lvl, tablep);
}

/* A removed leaf of a run goes to the gather. */
static void arm_lpae_gather_leaf(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t va, uint64_t size, int i, int num_entries)
{
	struct ipf_ctx *ctx = d->iop.ctx;

	if (ipf_bug_site(ctx, IPF_BUG_ADD_PAGE_ONCE, num_entries > 1)) {
		if (!i)
			io_pgtable_tlb_add_page(&d->iop, gather, va, size * (uint64_t)num_entries);
		return;
	}
	if (ipf_bug_site(ctx, IPF_BUG_ADD_PAGE_FIRST, i > 0))
		return;
	io_pgtable_tlb_add_page(&d->iop, gather, va, size);
}

/*
 * The table entry at i of the run at `run`: clear it, invalidate the walks
 * through it, then free its subtree (the walker may hold it until the
 * invalidation is done).
 */
static void arm_lpae_clear_table(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t va, uint64_t size, int lvl, arm_lpae_iopte pte,
				 arm_lpae_iopte *run, int i, bool *torn_down)
{
	struct io_pgtable *iop = &d->iop;
	bool early = ipf_bug_site(iop->ctx, IPF_BUG_INV_BEFORE_CLEAR, true);
	/* 85b715a33458's v1 cleared the run's first entry for every table. */
	arm_lpae_iopte *ptep = ipf_bug_site(iop->ctx, IPF_BUG_CLEAR_WRONG_PTE, i > 0) ? run : &run[i];
	arm_lpae_iopte *table;

	if (early)
		io_pgtable_tlb_flush_walk(iop, va, size, ARM_LPAE_GRANULE(d));
	arm_lpae_write(d, ptep, 0);
	if (ipf_bug_site(iop->ctx, IPF_BUG_UNMAP_FIRST_TABLE, *torn_down))
		return;
	*torn_down = true;
	table = iopte_deref(pte, d);
	if (ipf_bug_site(iop->ctx, IPF_BUG_FREE_BEFORE_FLUSH, table != NULL && !early)) {
		__arm_lpae_free_pgtable(d, lvl + 1, table);
		io_pgtable_tlb_flush_walk(iop, va, size, ARM_LPAE_GRANULE(d));
		return;
	}
	if (early || ipf_bug_site(iop->ctx, IPF_BUG_NO_FLUSH_WALK, true))
		;
	else if (ipf_bug_site(iop->ctx, IPF_BUG_FLUSH_WALK_LEAF, true))
		io_pgtable_tlb_add_page(iop, gather, va, size);
	else
		io_pgtable_tlb_flush_walk(iop, va, size, ARM_LPAE_GRANULE(d));
	if (table)
		__arm_lpae_free_pgtable(d, lvl + 1, table);
}

/*
 * The entry at i of a run, or 0 where the run stops: past the table (the
 * kernel would read on: an overrun) or at an empty entry.
 */
static arm_lpae_iopte arm_lpae_run_entry(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *ptep,
					 int i, uint64_t room, uint64_t va, int lvl, int num_entries)
{
	arm_lpae_iopte pte;

	if ((uint64_t)i >= room) {
		ipf_warn(d->iop.ctx, IPF_EV_TABLE_OVERRUN, va, (uint64_t)num_entries);
		return 0;
	}
	pte = arm_lpae_read(d, &ptep[i]);
	if (!pte)
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_EMPTY, va, (uint64_t)lvl);
	return pte;
}

/* v5.15: clear up to pgcount entries of one table, one at a time; a table takes its subtree. */
static uint64_t arm_lpae_clear_entries(struct arm_lpae_io_pgtable *d,
				       struct iommu_iotlb_gather *gather, uint64_t iova,
				       uint64_t size, int num_entries, int lvl, arm_lpae_iopte *ptep)
{
	uint64_t room = num_entries > 0 ? arm_lpae_table_room(d, ptep) : 0;
	bool torn_down = false;
	int i;

	for (i = 0; i < num_entries; i++) {
		uint64_t va = iova + (uint64_t)i * size;
		arm_lpae_iopte pte = arm_lpae_run_entry(d, ptep, i, room, va, lvl, num_entries);

		if (!pte)
			break;
		if (!iopte_leaf(pte, lvl)) {
			arm_lpae_clear_table(d, gather, va, size, lvl, pte, ptep, i, &torn_down);
		} else {
			arm_lpae_write(d, &ptep[i], 0);
			if (!iommu_iotlb_gather_queued(gather))
				arm_lpae_gather_leaf(d, gather, va, size, i, num_entries);
		}
	}
	return (uint64_t)i * size;
}

/*
 * v6.12 (85b715a33458): tear the run's tables down first, then clear every
 * entry of the run at once (one cache sync for a non-coherent walker), then
 * add each removed entry to the gather, a table's too.
 */
static uint64_t arm_lpae_clear_entries_batched(struct arm_lpae_io_pgtable *d,
					       struct iommu_iotlb_gather *gather, uint64_t iova,
					       uint64_t size, int num_entries, int lvl,
					       arm_lpae_iopte *ptep)
{
	uint64_t room = num_entries > 0 ? arm_lpae_table_room(d, ptep) : 0;
	struct ipf_ctx *ctx = d->iop.ctx;
	bool torn_down = false;
	int i, cleared;

	for (i = 0; i < num_entries; i++) {
		uint64_t va = iova + (uint64_t)i * size;
		arm_lpae_iopte pte = arm_lpae_run_entry(d, ptep, i, room, va, lvl, num_entries);

		if (!pte)
			break;
		if (!iopte_leaf(pte, lvl))
			arm_lpae_clear_table(d, gather, va, size, lvl, pte, ptep, i, &torn_down);
	}
	cleared = i;
	if (ipf_bug_site(ctx, IPF_BUG_BATCH_CLEAR_PAST_HOLE,
			 i < num_entries && (uint64_t)num_entries <= room))
		cleared = num_entries;
	for (int j = 0; j < cleared; j++)
		arm_lpae_write(d, &ptep[j], 0);
	if (gather && !iommu_iotlb_gather_queued(gather))
		for (int j = 0; j < i; j++)
			arm_lpae_gather_leaf(d, gather, iova + (uint64_t)j * size, size, j, i);
	return (uint64_t)i * size;
}

/*
 * v6.13 (33729a5fc0ca): a request below a block's size is refused. The
 * first posting removed the whole block and reported its size instead.
 */
static uint64_t arm_lpae_refuse_split(struct arm_lpae_io_pgtable *d,
				      struct iommu_iotlb_gather *gather, uint64_t iova,
				      uint64_t size, int lvl, arm_lpae_iopte *ptep)
{
	uint64_t blk_size = ARM_LPAE_BLOCK_SIZE(lvl, d), blk_iova = align_down64(iova, blk_size);

	ipf_warn(d->iop.ctx, IPF_EV_UNMAP_PARTIAL_BLOCK, iova, size);
	if (!ipf_bug_site(d->iop.ctx, IPF_BUG_UNMAP_WHOLE_BLOCK, true))
		return 0;
	arm_lpae_write(d, ptep, 0);
	if (!iommu_iotlb_gather_queued(gather))
		io_pgtable_tlb_add_page(&d->iop, gather, blk_iova, blk_size);
	return blk_size;
}

static uint64_t __arm_lpae_unmap(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size, uint64_t pgcount, int lvl,
				 arm_lpae_iopte *ptep)
{
	unsigned int unmap_idx_start;
	arm_lpae_iopte pte;

	if (lvl == ARM_LPAE_MAX_LEVELS) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_LEVEL_OVERFLOW, iova, size);
		return 0;
	}
	unmap_idx_start = ARM_LPAE_LVL_IDX(iova, lvl, d);
	ptep += unmap_idx_start;
	pte = arm_lpae_read(d, ptep);
	if (!pte) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_EMPTY, iova, (uint64_t)lvl);
		return 0;
	}

	if (size == ARM_LPAE_BLOCK_SIZE(lvl, d)) {
		int num_entries = arm_lpae_num_entries(d, unmap_idx_start, pgcount);

		if (ipf_bug_site(d->iop.ctx, IPF_BUG_UNMAP_OFF_BY_ONE,
				 num_entries >= 0 &&
				 num_entries < arm_lpae_entries_left(d, unmap_idx_start)))
			num_entries++;
		if (ipf_since(d->iop.ctx, IPF_CHANGE_UNMAP_BATCHED))
			return arm_lpae_clear_entries_batched(d, gather, iova, size, num_entries,
							      lvl, ptep);
		return arm_lpae_clear_entries(d, gather, iova, size, num_entries, lvl, ptep);
	}
	if (iopte_leaf(pte, lvl) && !ipf_bug_site(d->iop.ctx, IPF_BUG_DESCEND_LEAF, true)) {
		if (ipf_since(d->iop.ctx, IPF_CHANGE_NO_SPLIT))
			return arm_lpae_refuse_split(d, gather, iova, size, lvl, ptep);
		return arm_lpae_split_blk_unmap(d, gather, iova, size, pte, lvl + 1, ptep, pgcount);
	}

	ptep = iopte_deref(pte, d);
	if (!ptep)
		return 0;
	return __arm_lpae_unmap(d, gather, iova, size, pgcount, lvl + 1, ptep);
}

static uint64_t arm_lpae_unmap_pages(struct io_pgtable_ops *ops, uint64_t iova, uint64_t pgsize,
				     uint64_t pgcount, struct iommu_iotlb_gather *gather)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(ops);

	if (!pgsize || (pgsize & d->iop.cfg.pgsize_bitmap) != pgsize || !pgcount) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_BAD_ARGS, iova, pgsize);
		return 0;
	}
	if (arm_lpae_iova_out_of_range(d, iova)) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_OUT_OF_RANGE, iova, pgsize);
		return 0;
	}
	d->iop.ctx->counters.walks++;
	return __arm_lpae_unmap(d, gather, iova, pgsize, pgcount, d->start_level, d->pgd);
}

void arm_lpae_pages_ops(struct io_pgtable_ops *ops)
{
	ops->map = NULL;
	ops->unmap = NULL;
	ops->map_pages = arm_lpae_map_pages;
	ops->unmap_pages = arm_lpae_unmap_pages;
}
