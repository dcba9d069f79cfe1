// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the per-page and the *_pages algorithms share: descriptor encoding,
 * table allocation, installation and teardown, iova_to_phys.
 */
#include "iopgfuzz/lpae.h"

arm_lpae_iopte arm_lpae_prot_to_pte(const struct arm_lpae_io_pgtable *d, int prot)
{
	arm_lpae_iopte pte;

	if (d->iop.fmt == ARM_64_LPAE_S1) {
		pte = ARM_LPAE_PTE_nG;
		if (!(prot & IOMMU_WRITE) && (prot & IOMMU_READ))
			pte |= ARM_LPAE_PTE_AP_RDONLY;
		if (!(prot & IOMMU_PRIV))
			pte |= ARM_LPAE_PTE_AP_UNPRIV;
		if (prot & IOMMU_MMIO)
			pte |= ARM_LPAE_MAIR_ATTR_IDX_DEV << ARM_LPAE_PTE_ATTRINDX_SHIFT;
		else if (prot & IOMMU_CACHE)
			pte |= ARM_LPAE_MAIR_ATTR_IDX_CACHE << ARM_LPAE_PTE_ATTRINDX_SHIFT;
	} else {
		pte = 0; /* HAP_FAULT */
		if (prot & IOMMU_READ)
			pte |= ARM_LPAE_PTE_HAP_READ;
		if (prot & IOMMU_WRITE)
			pte |= ARM_LPAE_PTE_HAP_WRITE;
		if (prot & IOMMU_MMIO)
			pte |= ARM_LPAE_PTE_MEMATTR_DEV;
		else if (prot & IOMMU_CACHE)
			pte |= ARM_LPAE_PTE_MEMATTR_OIWB;
		else
			pte |= ARM_LPAE_PTE_MEMATTR_NC;
	}

	pte |= (prot & IOMMU_CACHE) ? ARM_LPAE_PTE_SH_IS : ARM_LPAE_PTE_SH_OS;
	if ((prot & IOMMU_NOEXEC) && !ipf_bug_site(d->iop.ctx, IPF_BUG_PROT_XN_LOST, true))
		pte |= ARM_LPAE_PTE_XN;
	if (d->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
		pte |= ARM_LPAE_PTE_NS;
	return pte | ARM_LPAE_PTE_AF;
}

void __arm_lpae_init_pte(struct arm_lpae_io_pgtable *d, uint64_t paddr, arm_lpae_iopte prot,
			 int lvl, int num_entries, arm_lpae_iopte *ptep)
{
	arm_lpae_iopte pte = prot;
	uint64_t sz = ARM_LPAE_BLOCK_SIZE(lvl, d);

	pte |= lvl == ARM_LPAE_MAX_LEVELS - 1 ? ARM_LPAE_PTE_TYPE_PAGE : ARM_LPAE_PTE_TYPE_BLOCK;
	for (int i = 0; i < num_entries; i++)
		arm_lpae_write(d, &ptep[i], pte | paddr_to_iopte(paddr + (uint64_t)i * sz, d));
}

/*
 * Point *ptep at a new table, if it still holds `curr`; return what it held.
 * The model is single threaded, so the compare always succeeds when callers
 * pass what they just read.
 */
arm_lpae_iopte arm_lpae_install_table(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *table,
				      arm_lpae_iopte *ptep, arm_lpae_iopte curr)
{
	arm_lpae_iopte old, new;

	new = paddr_to_iopte(ipf_pgmem_pa(d->iop.ctx->mem, table), d) | ARM_LPAE_PTE_TYPE_TABLE;
	if (d->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
		new |= ARM_LPAE_PTE_NSTABLE;

	old = arm_lpae_read(d, ptep);
	if (old == curr)
		arm_lpae_write(d, ptep, new);
	return old;
}

arm_lpae_iopte *arm_lpae_alloc_table(struct arm_lpae_io_pgtable *d, uint64_t size)
{
	struct ipf_ctx *ctx = d->iop.ctx;
	uint64_t pa;
	arm_lpae_iopte *table = ipf_pgmem_alloc(ctx->mem, size, &pa);

	if (!table) {
		ipf_event(ctx->events, IPF_EV_ALLOC_FAILED, 0, size);
		return NULL;
	}
	ctx->counters.tables_allocated++;
	ipf_trace(ctx, &(struct ipf_trace){ .kind = IPF_TR_TABLE_ALLOC, .iova = pa, .size = size });
	return table;
}

void arm_lpae_free_table(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *table)
{
	struct ipf_ctx *ctx = d->iop.ctx;
	uint64_t pa = ipf_pgmem_pa(ctx->mem, table);

	if (ipf_pgmem_free(ctx->mem, table)) {
		ipf_warn(ctx, IPF_EV_BAD_TABLE_FREE, 0, pa);
		return;
	}
	ctx->counters.tables_freed++;
	ipf_trace(ctx, &(struct ipf_trace){ .kind = IPF_TR_TABLE_FREE, .iova = pa });
}

arm_lpae_iopte *iopte_deref(arm_lpae_iopte pte, struct arm_lpae_io_pgtable *d)
{
	uint64_t pa = iopte_to_paddr(pte, d);
	arm_lpae_iopte *table = ipf_pgmem_deref(d->iop.ctx->mem, pa);

	if (!table)
		ipf_warn(d->iop.ctx, IPF_EV_BAD_TABLE_POINTER, 0, pa);
	return table;
}

/* Free a table and, below the last level, every table its descriptors point at. */
void __arm_lpae_free_pgtable(struct arm_lpae_io_pgtable *d, int lvl, arm_lpae_iopte *ptep)
{
	uint64_t table_size = lvl == d->start_level ? ARM_LPAE_PGD_SIZE(d) : ARM_LPAE_GRANULE(d);
	uint64_t n = lvl == ARM_LPAE_MAX_LEVELS - 1 ? 0 : table_size / sizeof(arm_lpae_iopte);

	for (uint64_t i = 0; i < n; i++) {
		arm_lpae_iopte pte = arm_lpae_read(d, &ptep[i]);
		arm_lpae_iopte *next;

		if (!pte || iopte_leaf(pte, lvl))
			continue;
		next = iopte_deref(pte, d);
		if (next)
			__arm_lpae_free_pgtable(d, lvl + 1, next);
	}
	arm_lpae_free_table(d, ptep);
}

/*
 * What KASAN sees: how many descriptors from ptep on lie in the pages of the
 * live table holding it (whole pages, as the kernel allocates tables: a pgd
 * smaller than a page may be overrun silently, docs/kernel-findings.md); 0 when ptep is in no
 * live table.
 */
uint64_t arm_lpae_table_room(struct arm_lpae_io_pgtable *d, const arm_lpae_iopte *ptep)
{
	struct ipf_ctx *ctx = d->iop.ctx;
	uint64_t pa = ipf_pgmem_pa(ctx->mem, ptep);
	const struct ipf_table_page *pg = ipf_pgmem_lookup(ctx->mem, pa);

	if (!pg || pg->state != IPF_PAGE_LIVE || pa < pg->pa)
		return 0;
	return (pg->pa + pg->alloc_size - pa) / sizeof(*ptep);
}

int arm_lpae_iova_out_of_range(const struct arm_lpae_io_pgtable *d, uint64_t iova)
{
	return d->iop.cfg.ias < 64 && (iova >> d->iop.cfg.ias) != 0;
}

uint64_t arm_lpae_iova_to_phys(struct io_pgtable_ops *ops, uint64_t iova)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(ops);
	arm_lpae_iopte *ptep = d->pgd;
	int lvl = d->start_level;

	do {
		arm_lpae_iopte pte;

		ptep += ARM_LPAE_LVL_IDX(iova, lvl, d);
		pte = arm_lpae_read(d, ptep);
		if (!pte)
			return 0;
		if (iopte_leaf(pte, lvl)) {
			uint64_t offset = iova & (ARM_LPAE_BLOCK_SIZE(lvl, d) - 1);

			if (ipf_bug_site(d->iop.ctx, IPF_BUG_IOVA_TO_PHYS_OFFSET,
					 offset && lvl < ARM_LPAE_MAX_LEVELS - 1))
				offset = 0;
			return iopte_to_paddr(pte, d) | offset;
		}
		ptep = iopte_deref(pte, d);
		if (!ptep)
			return 0;
	} while (++lvl < ARM_LPAE_MAX_LEVELS);

	/* Ran out of levels: the kernel says "nothing mapped". */
	return 0;
}

/*
 * The walk the registers describe, as a driver programming them and a walker
 * reading them see it: TCR.{T0SZ,TG0} at stage 1, VTCR.{T0SZ,TG0,SL0} at
 * stage 2, whose SL0 counts up from level 2 (4K) or 3 (16K, 64K).
 */
bool io_pgtable_arm_lpae_walk(const struct io_pgtable_cfg *cfg, int stage, int *start_level,
			      int *pgd_bits)
{
	static const unsigned int tg_shift[] = { 12, 16, 14 };
	unsigned int ias = 64 - cfg->arm_lpae_regs.tsz, pg_shift, bpl;

	if (cfg->arm_lpae_regs.tg >= 3 || cfg->arm_lpae_regs.tsz > 64)
		return false;
	pg_shift = tg_shift[cfg->arm_lpae_regs.tg];
	bpl = pg_shift - 3;
	if (ias <= pg_shift)
		return false;
	if (stage == 1)
		*start_level = ARM_LPAE_MAX_LEVELS - (int)((ias - pg_shift + bpl - 1) / bpl);
	else
		*start_level = (pg_shift == 12 ? 2 : 3) - (int)cfg->arm_lpae_regs.sl;
	if (*start_level < 0 || *start_level >= ARM_LPAE_MAX_LEVELS)
		return false;
	*pgd_bits = (int)ias - (int)((unsigned int)(ARM_LPAE_MAX_LEVELS - *start_level) * bpl + 3);
	return *pgd_bits > 0;
}
