// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPF_PGTABLE_KERNEL: io_pgtable_ops backed by a kernel tree's own
 * io-pgtable-arm.c (include/iopgfuzz/kernel.h), hosted in the engine's
 * watched table arena.
 *
 * The tree's code writes descriptors with plain stores, which the SMMU
 * cannot watch. It runs with coherent_walk = false, so that every write it
 * means the walker to see is followed by a dma_sync of those bytes, as a
 * non-coherent SMMU needs: the sync is where the SMMU is told, against a
 * shadow of what the device has seen. A write never synced is a finding
 * (KERNEL_UNSYNCED_WRITE), except in the bits the walker ignores.
 *
 * The geometry the SMMU and the comparisons read (start level, pgd size,
 * pgd address) is decoded from the registers the tree computed (TCR/VTCR,
 * TTBR), as the hardware would, not from our model's rules.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/gather.h"
#include "iopgfuzz/kernel.h"
#include "iopgfuzz/lpae.h"

struct kernel_io_pgtable {
	struct arm_lpae_io_pgtable lpae;  /* geometry, pgd: what the walker sees */
	const struct ipf_kernel_variant *v;
	struct ipf_kernel_pgtable *kp;
	struct ipf_kernel_host host;
	uint8_t *shadow;                   /* per arena byte: what the device has seen (the arena's) */
};

/* Where __va() of something that is no table points: reads as empty. */
static uint64_t trap_page[SZ_64K / sizeof(uint64_t)] __attribute__((aligned(SZ_64K)));

static struct kernel_io_pgtable *to_kernel(struct io_pgtable_ops *ops)
{
	return (struct kernel_io_pgtable *)io_pgtable_ops_to_data(ops);
}

static struct ipf_ctx *kctx(void *ctx)
{
	return ((struct kernel_io_pgtable *)ctx)->lpae.iop.ctx;
}

static bool in_arena(const struct ipf_pgmem *m, uint64_t pa, uint64_t size)
{
	return pa >= IPF_TABLE_PA_BASE && pa - IPF_TABLE_PA_BASE <= m->reserved &&
	       size <= m->reserved - (pa - IPF_TABLE_PA_BASE);
}

static void *host_table_alloc(void *ctx, uint64_t size)
{
	struct kernel_io_pgtable *k = ctx;
	struct ipf_ctx *c = kctx(ctx);
	uint64_t pa;
	void *table = ipf_pgmem_alloc(c->mem, size, &pa);

	if (!table) {
		ipf_event(c->events, IPF_EV_ALLOC_FAILED, 0, size);
		return NULL;
	}
	memset(k->shadow + (pa - IPF_TABLE_PA_BASE), 0, size);
	c->counters.tables_allocated++;
	ipf_trace(c, &(struct ipf_trace){ .kind = IPF_TR_TABLE_ALLOC, .iova = pa, .size = size });
	return table;
}

static void host_table_free(void *ctx, void *virt)
{
	struct ipf_ctx *c = kctx(ctx);
	uint64_t pa = ipf_pgmem_pa(c->mem, virt);

	if ((uint8_t *)virt < c->mem->base || (uint8_t *)virt >= c->mem->base + c->mem->reserved ||
	    ipf_pgmem_free(c->mem, virt)) {
		ipf_warn(c, IPF_EV_BAD_TABLE_FREE, 0, pa);
		return;
	}
	c->counters.tables_freed++;
	ipf_trace(c, &(struct ipf_trace){ .kind = IPF_TR_TABLE_FREE, .iova = pa });
}

static uint64_t host_table_pa(void *ctx, const void *virt)
{
	struct ipf_ctx *c = kctx(ctx);
	const uint8_t *p = virt;

	if (p < c->mem->base || p >= c->mem->base + c->mem->reserved) {
		ipf_warn(c, IPF_EV_KERNEL_BAD_ADDRESS, 0, 0);
		return 0;
	}
	return ipf_pgmem_pa(c->mem, virt);
}

static void *host_table_va(void *ctx, uint64_t pa)
{
	struct ipf_ctx *c = kctx(ctx);

	if (!in_arena(c->mem, pa, 1)) {
		ipf_warn(c, IPF_EV_KERNEL_BAD_ADDRESS, 0, pa);
		return trap_page;
	}
	return ipf_pgmem_host(c->mem, pa);
}

/* The device may now see [pa, pa + size): tell the watcher what changed for it. */
static void host_sync(void *ctx, uint64_t pa, uint64_t size)
{
	struct kernel_io_pgtable *k = ctx;
	struct ipf_pgmem *m = kctx(ctx)->mem;
	uint64_t lo = pa & ~7ULL, hi = (pa + size + 7) & ~7ULL;

	if (!size || !in_arena(m, lo, hi - lo)) {
		ipf_warn(kctx(ctx), IPF_EV_KERNEL_BAD_ADDRESS, 0, pa);
		return;
	}
	for (uint64_t a = lo; a < hi; a += 8) {
		uint64_t off = a - IPF_TABLE_PA_BASE, now, seen;

		memcpy(&now, m->base + off, 8);
		memcpy(&seen, k->shadow + off, 8);
		if (now == seen)
			continue;
		memcpy(k->shadow + off, &now, 8);
		if ((now ^ seen) & ~ARM_LPAE_PTE_SW_MASK) {
			kctx(ctx)->counters.pte_writes++;
			if (m->watch.pte_write)
				m->watch.pte_write(m->watch.ctx, a, seen, now);
		}
	}
}

/* After a call: any live table byte the device has not been shown? */
static void check_unsynced(struct kernel_io_pgtable *k)
{
	struct ipf_ctx *c = k->lpae.iop.ctx;
	const struct ipf_pgmem *m = c->mem;

	for (uint32_t i = 0; i < m->nr_rec; i++) {
		const struct ipf_table_page *pg = &m->rec[i];
		uint64_t off = pg->pa - IPF_TABLE_PA_BASE;
		const uint64_t *now = (const uint64_t *)(m->base + off);
		const uint64_t *seen = (const uint64_t *)(k->shadow + off);

		if (pg->state != IPF_PAGE_LIVE || !memcmp(now, seen, pg->size))
			continue;
		for (uint64_t j = 0; j < pg->size / 8; j++)
			if ((now[j] ^ seen[j]) & ~ARM_LPAE_PTE_SW_MASK) {
				ipf_warn(c, IPF_EV_KERNEL_UNSYNCED_WRITE, 0, pg->pa + 8 * j);
				return;
			}
	}
}

static void host_warn(void *ctx, const char *func, int line)
{
	(void)func;
	ipf_warn(kctx(ctx), IPF_EV_KERNEL_WARN, 0, (uint64_t)line);
}

static void host_bug(void *ctx, const char *func, int line)
{
	(void)func;
	ipf_warn(kctx(ctx), IPF_EV_KERNEL_BUG, 0, (uint64_t)line);
}

static void host_tlb_flush_all(void *ctx)
{
	io_pgtable_tlb_flush_all(&((struct kernel_io_pgtable *)ctx)->lpae.iop);
}

static void host_tlb_flush_walk(void *ctx, uint64_t iova, uint64_t size, uint64_t granule)
{
	io_pgtable_tlb_flush_walk(&((struct kernel_io_pgtable *)ctx)->lpae.iop, iova, size, granule);
}

static void host_tlb_add_page(void *ctx, void *gather, uint64_t iova, uint64_t granule)
{
	io_pgtable_tlb_add_page(&((struct kernel_io_pgtable *)ctx)->lpae.iop, gather, iova, granule);
}

static int kernel_map_pages(struct io_pgtable_ops *ops, uint64_t iova, uint64_t paddr,
			    uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct kernel_io_pgtable *k = to_kernel(ops);
	int ret = k->v->map_pages(k->kp, iova, paddr, pgsize, pgcount, prot, mapped);

	check_unsynced(k);
	return ret;
}

static uint64_t kernel_unmap_pages(struct io_pgtable_ops *ops, uint64_t iova, uint64_t pgsize,
				   uint64_t pgcount, struct iommu_iotlb_gather *gather)
{
	struct kernel_io_pgtable *k = to_kernel(ops);
	uint64_t ret = k->v->unmap_pages(k->kp, iova, pgsize, pgcount, gather,
					 iommu_iotlb_gather_queued(gather));

	check_unsynced(k);
	return ret;
}

static uint64_t kernel_iova_to_phys(struct io_pgtable_ops *ops, uint64_t iova)
{
	struct kernel_io_pgtable *k = to_kernel(ops);

	return k->v->iova_to_phys(k->kp, iova);
}

struct io_pgtable_ops *kernel_io_pgtable_alloc(enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg,
					       void *cookie, struct ipf_ctx *ctx, int *err)
{
	struct kernel_io_pgtable *k;
	struct ipf_kernel_pgtable_info info;
	unsigned long leaked;
	int ret = -EINVAL;

	if (!cfg->kernel)
		goto fail;
	ret = -ENOMEM;
	k = calloc(1, sizeof(*k));
	if (!k)
		goto fail;
	/*
	 * The arena's shadow, kept across domains: each table's bytes in it are
	 * zeroed when the table is allocated, and only live tables are read.
	 */
	k->shadow = ipf_pgmem_shadow(ctx->mem);
	if (!k->shadow)
		goto fail_free;
	k->v = cfg->kernel;
	k->lpae.iop = (struct io_pgtable){ .fmt = fmt, .cookie = cookie, .cfg = *cfg, .ctx = ctx };
	k->lpae.algo = IPF_PGTABLE_KERNEL;
	k->host = (struct ipf_kernel_host){
		.page_size = cfg->host_page_size ? cfg->host_page_size : SZ_4K,
		.table_alloc = host_table_alloc, .table_free = host_table_free,
		.table_pa = host_table_pa, .table_va = host_table_va, .sync = host_sync,
		.warn = host_warn, .bug = host_bug,
		.tlb_flush_all = host_tlb_flush_all, .tlb_flush_walk = host_tlb_flush_walk,
		.tlb_add_page = host_tlb_add_page,
		.ctx = k,
	};
	k->kp = k->v->alloc(&k->host, &(struct ipf_kernel_cfg){
		.stage = fmt == ARM_64_LPAE_S2 ? 2 : 1,
		.pgsize_bitmap = cfg->pgsize_bitmap, .ias = cfg->ias, .oas = cfg->oas,
		.quirk_arm_ns = cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS,
		.coherent_walk = false,
	}, &info, &ret);
	if (!k->kp)
		goto fail_unmap;
	k->lpae.iop.cfg.pgsize_bitmap = info.pgsize_bitmap;
	k->lpae.iop.cfg.ias = info.ias;
	k->lpae.iop.cfg.oas = info.oas;
	k->lpae.pgd_pa = info.ttbr & genmask64(47, 4);
	k->lpae.pgd = ipf_pgmem_deref(ctx->mem, k->lpae.pgd_pa);
	k->lpae.iop.cfg.arm_lpae_regs.ttbr = k->lpae.pgd_pa;
	k->lpae.iop.cfg.arm_lpae_regs.tsz = info.tsz;
	k->lpae.iop.cfg.arm_lpae_regs.tg = info.tg;
	k->lpae.iop.cfg.arm_lpae_regs.sl = fmt == ARM_64_LPAE_S2 ? info.sl : 0;
	k->lpae.bits_per_level = (int)ffs64(info.pgsize_bitmap) - 3;
	if (!k->lpae.pgd ||
	    !io_pgtable_arm_lpae_walk(&k->lpae.iop.cfg, fmt == ARM_64_LPAE_S2 ? 2 : 1,
				      &k->lpae.start_level, &k->lpae.pgd_bits) ||
	    k->lpae.pgd_bits > k->lpae.bits_per_level + 4) {
		/* Registers no walker could use: the tree's bug, reported as its WARN. */
		ipf_warn(ctx, IPF_EV_BAD_TABLE_POINTER, 0, info.ttbr);
		k->v->free(k->kp);
		ret = -EINVAL;
		goto fail_unmap;
	}
	k->lpae.iop.ops = (struct io_pgtable_ops){
		.map_pages = kernel_map_pages, .unmap_pages = kernel_unmap_pages,
		.iova_to_phys = kernel_iova_to_phys,
	};
	*cfg = k->lpae.iop.cfg;
	return &k->lpae.iop.ops;

fail_unmap:
	/* What the tree left allocated on its way out of a refusal is its leak. */
	leaked = ipf_kernel_release(k);
	if (leaked)
		ipf_event(ctx->events, IPF_EV_KERNEL_LEAK, 0, leaked);
fail_free:
	free(k);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void kernel_io_pgtable_free(struct io_pgtable_ops *ops)
{
	struct kernel_io_pgtable *k = to_kernel(ops);
	unsigned long leaked;

	k->v->free(k->kp);
	leaked = ipf_kernel_release(k);
	if (leaked)
		ipf_event(k->lpae.iop.ctx->events, IPF_EV_KERNEL_LEAK, 0, leaked);
	free(k);
}
