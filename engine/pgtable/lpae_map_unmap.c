// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable-arm before the series (v5.12): map and unmap one page per
 * call. This is the reference side of the differential; it deliberately
 * shares nothing with lpae_map_unmap_pages.c but the helpers in lpae.h.
 * Later kernels' changes that a single page sees (include/iopgfuzz/profile.h)
 * act where ipf_since() asks for them, so the reference stays the per-page
 * semantics of the profile's kernel.
 */
#include <errno.h>

#include "iopgfuzz/gather.h"
#include "iopgfuzz/lpae.h"

static uint64_t __arm_lpae_unmap(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size, int lvl, arm_lpae_iopte *ptep);

/* Write one leaf; a table in the way is unmapped and freed first. */
static int arm_lpae_init_pte(struct arm_lpae_io_pgtable *d, uint64_t iova, uint64_t paddr,
			     arm_lpae_iopte prot, int lvl, arm_lpae_iopte *ptep)
{
	arm_lpae_iopte pte = arm_lpae_read(d, ptep);

	if (iopte_leaf(pte, lvl)) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_EXISTS, iova, (uint64_t)lvl);
		return -EEXIST;
	}
	if (iopte_type(pte) == ARM_LPAE_PTE_TYPE_TABLE) {
		uint64_t sz = ARM_LPAE_BLOCK_SIZE(lvl, d);
		arm_lpae_iopte *tblp = ptep - ARM_LPAE_LVL_IDX(iova, lvl, d);

		if (__arm_lpae_unmap(d, NULL, iova, sz, lvl, tblp) != sz) {
			ipf_warn(d->iop.ctx, IPF_EV_MAP_REPLACE_FAILED, iova, sz);
			return -EINVAL;
		}
	}
	__arm_lpae_init_pte(d, paddr, prot, lvl, 1, ptep);
	return 0;
}

static int __arm_lpae_map(struct arm_lpae_io_pgtable *d, uint64_t iova, uint64_t paddr,
			  uint64_t size, arm_lpae_iopte prot, int lvl, arm_lpae_iopte *ptep)
{
	arm_lpae_iopte *cptep, pte;

	ptep += ARM_LPAE_LVL_IDX(iova, lvl, d);
	if (size == ARM_LPAE_BLOCK_SIZE(lvl, d))
		return arm_lpae_init_pte(d, iova, paddr, prot, lvl, ptep);

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
	return __arm_lpae_map(d, iova, paddr, size, prot, lvl + 1, cptep);
}

static int arm_lpae_map(struct io_pgtable_ops *ops, uint64_t iova, uint64_t paddr,
			uint64_t size, int prot)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(ops);
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;

	if (!size || (size & cfg->pgsize_bitmap) != size) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_BAD_PGSIZE, iova, size);
		return -EINVAL;
	}
	if (arm_lpae_iova_out_of_range(d, iova) || (cfg->oas < 64 && paddr >> cfg->oas)) {
		ipf_warn(d->iop.ctx, IPF_EV_MAP_OUT_OF_RANGE, iova, paddr);
		return -ERANGE;
	}
	/* No access: nothing to do, and success (f12e0d22903e put this after the checks). */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return 0;
	d->iop.ctx->counters.walks++;
	return __arm_lpae_map(d, iova, paddr, size, arm_lpae_prot_to_pte(d, prot),
			      d->start_level, d->pgd);
}

/*
 * Replace a block with a table of the next level's size that maps all of
 * it but the unmapped entry (when the request is exactly one level down),
 * or all of it, then carry on into the new table.
 */
static uint64_t arm_lpae_split_blk_unmap(struct arm_lpae_io_pgtable *d,
					 struct iommu_iotlb_gather *gather, uint64_t iova,
					 uint64_t size, arm_lpae_iopte blk_pte, int lvl,
					 arm_lpae_iopte *ptep)
{
	uint64_t split_sz = ARM_LPAE_BLOCK_SIZE(lvl, d);
	uint64_t ptes = ARM_LPAE_PTES_PER_TABLE(d);
	arm_lpae_iopte *tablep, pte;
	uint64_t blk_paddr;
	int64_t unmap_idx = -1;

	if (lvl == ARM_LPAE_MAX_LEVELS) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_LEVEL_OVERFLOW, iova, size);
		return 0;
	}
	tablep = arm_lpae_alloc_table(d, ARM_LPAE_GRANULE(d));
	if (!tablep)
		return 0;

	if (size == split_sz)
		unmap_idx = ARM_LPAE_LVL_IDX(iova, lvl, d);

	blk_paddr = iopte_to_paddr(blk_pte, d);
	pte = iopte_prot(blk_pte);
	for (uint64_t i = 0; i < ptes; i++, blk_paddr += split_sz) {
		if ((int64_t)i == unmap_idx)
			continue;
		__arm_lpae_init_pte(d, blk_paddr, pte, lvl, 1, &tablep[i]);
	}

	pte = arm_lpae_install_table(d, tablep, ptep, blk_pte);
	if (pte != blk_pte) {
		arm_lpae_free_table(d, tablep);
		return 0; /* a racing change: impossible in a single-threaded model */
	}
	if (unmap_idx >= 0) {
		io_pgtable_tlb_add_page(&d->iop, gather, iova, size);
		return size;
	}
	return __arm_lpae_unmap(d, gather, iova, size, lvl, tablep);
}

static uint64_t __arm_lpae_unmap(struct arm_lpae_io_pgtable *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size, int lvl, arm_lpae_iopte *ptep)
{
	struct io_pgtable *iop = &d->iop;
	arm_lpae_iopte pte;

	if (lvl == ARM_LPAE_MAX_LEVELS) {
		ipf_warn(iop->ctx, IPF_EV_UNMAP_LEVEL_OVERFLOW, iova, size);
		return 0;
	}
	ptep += ARM_LPAE_LVL_IDX(iova, lvl, d);
	pte = arm_lpae_read(d, ptep);
	if (!pte) {
		ipf_warn(iop->ctx, IPF_EV_UNMAP_EMPTY, iova, (uint64_t)lvl);
		return 0;
	}

	if (size == ARM_LPAE_BLOCK_SIZE(lvl, d)) {
		/* A flush-queue unmap leaves the leaf's invalidation to the queue. */
		bool strict = !iommu_iotlb_gather_queued(gather);

		arm_lpae_write(d, ptep, 0);
		if (!iopte_leaf(pte, lvl)) {
			arm_lpae_iopte *table;

			/* The walk cache may still point at the table: flush before freeing. */
			io_pgtable_tlb_flush_walk(iop, iova, size, ARM_LPAE_GRANULE(d));
			table = iopte_deref(pte, d);
			if (table)
				__arm_lpae_free_pgtable(d, lvl + 1, table);
			/* v6.12 (85b715a33458) gathers every removed entry, a table's too. */
			if (strict && gather && ipf_since(iop->ctx, IPF_CHANGE_UNMAP_BATCHED))
				io_pgtable_tlb_add_page(iop, gather, iova, size);
		} else if (strict) {
			io_pgtable_tlb_add_page(iop, gather, iova, size);
		}
		return size;
	}
	if (iopte_leaf(pte, lvl)) {
		/* v6.13 (33729a5fc0ca): no split, the partial unmap is refused. */
		if (ipf_since(iop->ctx, IPF_CHANGE_NO_SPLIT)) {
			ipf_warn(iop->ctx, IPF_EV_UNMAP_PARTIAL_BLOCK, iova, size);
			return 0;
		}
		return arm_lpae_split_blk_unmap(d, gather, iova, size, pte, lvl + 1, ptep);
	}

	ptep = iopte_deref(pte, d);
	if (!ptep)
		return 0;
	return __arm_lpae_unmap(d, gather, iova, size, lvl + 1, ptep);
}

static uint64_t arm_lpae_unmap(struct io_pgtable_ops *ops, uint64_t iova, uint64_t size,
			       struct iommu_iotlb_gather *gather)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(ops);

	if (!size || (size & d->iop.cfg.pgsize_bitmap) != size) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_BAD_ARGS, iova, size);
		return 0;
	}
	if (arm_lpae_iova_out_of_range(d, iova)) {
		ipf_warn(d->iop.ctx, IPF_EV_UNMAP_OUT_OF_RANGE, iova, size);
		return 0;
	}
	d->iop.ctx->counters.walks++;
	return __arm_lpae_unmap(d, gather, iova, size, d->start_level, d->pgd);
}

void arm_lpae_per_page_ops(struct io_pgtable_ops *ops)
{
	ops->map = arm_lpae_map;
	ops->unmap = arm_lpae_unmap;
	ops->map_pages = NULL;
	ops->unmap_pages = NULL;
}
