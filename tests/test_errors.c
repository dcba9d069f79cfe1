// SPDX-License-Identifier: GPL-2.0-only
/*
 * The errors io-pgtable-arm.c's map and unmap paths return, one test per row, on both
 * engines where the row applies: the reference engine's io-pgtable has
 * only ->map/->unmap (v5.12, one page per call), the optimised engine's
 * only ->map_pages/->unmap_pages (v5.15). Rows about io-pgtable call the
 * ops directly; rows about the core (the checks of __iommu_map() and __iommu_unmap(),
 * drivers/iommu/iommu.c) go through iommu_map /
 * iommu_unmap. Every row checks the return value, *mapped, the events
 * recorded (the kernel's WARNs), and with iova_to_phys that nothing was
 * mapped or unmapped that should not have been.
 */
#include <errno.h>
#include <stdio.h>

#include "check.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/lpae.h"

CHECK_MAIN_STATE;

#define RW (IOMMU_READ | IOMMU_WRITE)
#define PA_A 0x40000000ULL   /* 1G-aligned physical addresses, < 2^40 */
#define PA_B 0x80000000ULL
#define PA_C 0xc0000000ULL
#define PA_D 0x100000000ULL
#define BIT_48 (1ULL << 48)

static const struct ipf_domain_cfg cfg_4k = {
	.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	.smmu = IPF_SMMU_V3,
};

/* Failure messages say which engine: "test_x[ref]". */
static char test_name[96];

static void on_engine(const char *fn, enum ipf_engine e)
{
	snprintf(test_name, sizeof(test_name), "%s[%s]", fn, ipf_engine_name(e));
	check_state.test = test_name;
}

#define FOR_EACH_ENGINE(e)                                                  \
	for (enum ipf_engine e = IPF_ENGINE_REF; e < IPF_ENGINES;           \
	     e = (enum ipf_engine)(e + 1))                                  \
		if (on_engine(__func__, e), 1)

/* Exactly n events were recorded, all of this kind. */
#define CHECK_EVENTS(ev, kind, n)                          \
	do {                                               \
		CHECK_EQ((ev)->count[kind], (n));          \
		CHECK_EQ((ev)->total, (n));                \
	} while (0)
#define CHECK_NO_EVENTS(ev) CHECK_EQ((ev)->total, 0)

static struct ipf_domain *new_domain(enum ipf_engine e, const struct ipf_domain_cfg *cfg,
				     struct ipf_pgmem *mem, struct ipf_events *ev)
{
	int err = 0;
	struct ipf_domain *d;

	ipf_events_reset(ev);
	d = ipf_domain_alloc(e, cfg, mem, ev, NULL, &err);
	CHECK(d != NULL);
	if (!d) {
		fprintf(stderr, "ipf_domain_alloc(%s): %d\n", ipf_engine_name(e), err);
		exit(1);
	}
	/* The shape of the ops: the ref engine is per page, the opt one *_pages. */
	if (e == IPF_ENGINE_REF)
		CHECK(d->pgtbl_ops->map && d->pgtbl_ops->unmap && !d->pgtbl_ops->map_pages &&
		      !d->pgtbl_ops->unmap_pages);
	else
		CHECK(!d->pgtbl_ops->map && !d->pgtbl_ops->unmap && d->pgtbl_ops->map_pages &&
		      d->pgtbl_ops->unmap_pages);
	return d;
}

static void free_domain(struct ipf_domain *d)
{
	/* Every table is reachable from the pgd: nothing leaks. */
	CHECK_EQ(ipf_domain_free(d), 0);
}

static uint64_t phys(struct ipf_domain *d, uint64_t iova)
{
	return d->pgtbl_ops->iova_to_phys(d->pgtbl_ops, iova);
}

/* True when no 4K page of [iova, iova + size) translates. */
static bool nothing_mapped(struct ipf_domain *d, uint64_t iova, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += SZ_4K)
		if (phys(d, iova + off))
			return false;
	return true;
}

/* True when [iova, iova + size) translates linearly to pa. */
static bool mapped_to(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t pa)
{
	for (uint64_t off = 0; off < size; off += SZ_4K)
		if (phys(d, iova + off) != pa + off)
			return false;
	return true;
}

/* The leaf descriptor translating iova, and its level; 0 when none. Reads only. */
static arm_lpae_iopte leaf_of(struct ipf_domain *dom, uint64_t iova, int *lvl_out)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(dom->pgtbl_ops);
	const arm_lpae_iopte *table = d->pgd;

	*lvl_out = -1;
	for (int lvl = d->start_level; lvl < ARM_LPAE_MAX_LEVELS && table; lvl++) {
		arm_lpae_iopte pte = table[ARM_LPAE_LVL_IDX(iova, lvl, d)];

		if (!pte)
			return 0;
		if (iopte_leaf(pte, lvl)) {
			*lvl_out = lvl;
			return pte;
		}
		table = ipf_pgmem_deref(d->iop.ctx->mem, iopte_to_paddr(pte, d));
	}
	return 0;
}

/* Set up through the core: one call, must succeed. */
static void setup_map(struct ipf_domain *d, uint64_t iova, uint64_t pa, uint64_t size, int prot)
{
	CHECK_EQ(iommu_map(&d->domain, iova, pa, size, prot), 0);
	CHECK(mapped_to(d, iova, size, pa));
}

static struct ipf_counters snap(struct ipf_domain *d)
{
	return d->ctx.counters;
}

static struct ipf_counters since(struct ipf_domain *d, const struct ipf_counters *before)
{
	struct ipf_counters delta;

	ipf_counters_sub(&delta, &d->ctx.counters, before);
	return delta;
}

/*
 * One io-pgtable map request of pgcount pages of pgsize: the opt engine's
 * ->map_pages, or the ref engine's ->map once per page, stopping at the
 * first error (what the v5.12 core would have sent).
 */
static int pgt_map(struct ipf_domain *d, uint64_t iova, uint64_t paddr, uint64_t pgsize,
		   uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;

	*mapped = 0;
	if (d->engine == IPF_ENGINE_OPT)
		return ops->map_pages(ops, iova, paddr, pgsize, pgcount, prot, mapped);
	for (uint64_t i = 0; i < pgcount; i++) {
		int ret = ops->map(ops, iova + i * pgsize, paddr + i * pgsize, pgsize, prot);

		if (ret)
			return ret;
		*mapped += pgsize;
	}
	return 0;
}

/* The same for unmap: ->unmap_pages, or ->unmap per page until one returns 0. */
static uint64_t pgt_unmap(struct ipf_domain *d, uint64_t iova, uint64_t pgsize, uint64_t pgcount)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	struct iommu_iotlb_gather gather;
	uint64_t done = 0;

	iommu_iotlb_gather_init(&gather);
	if (d->engine == IPF_ENGINE_OPT) {
		done = ops->unmap_pages(ops, iova, pgsize, pgcount, &gather);
	} else {
		for (uint64_t i = 0; i < pgcount; i++) {
			uint64_t got = ops->unmap(ops, iova + done, pgsize, &gather);

			if (!got)
				break;
			done += got;
		}
	}
	iommu_iotlb_sync(&d->domain, &gather);
	return done;
}

/* ------------------------------------------------------------------------ */
/* Row: pgsize 0 or not in the bitmap -> map WARN -EINVAL, unmap WARN 0    */

static void test_bad_pgsize(void)
{
	static const uint64_t bad[] = { 0, 2 * SZ_4K, 4 * SZ_1M, SZ_4K >> 1, 1ULL << 39, 3 };

	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct io_pgtable_ops *ops = d->pgtbl_ops;

		setup_map(d, 0, PA_A, SZ_4K, RW);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct ipf_counters c0 = snap(d), dc;
			struct iommu_iotlb_gather g;
			uint64_t mapped = 0, got;
			int ret;

			ipf_events_reset(&ev);
			if (e == IPF_ENGINE_REF)
				ret = ops->map(ops, SZ_2M, PA_B, bad[i], RW);
			else
				ret = ops->map_pages(ops, SZ_2M, PA_B, bad[i], 1, RW, &mapped);
			CHECK_EQ(ret, -EINVAL);
			CHECK_EQ(mapped, 0);
			CHECK_EVENTS(&ev, IPF_EV_MAP_BAD_PGSIZE, 1);
			CHECK(nothing_mapped(d, SZ_2M, SZ_2M));

			ipf_events_reset(&ev);
			iommu_iotlb_gather_init(&g);
			if (e == IPF_ENGINE_REF)
				got = ops->unmap(ops, 0, bad[i], &g);
			else
				got = ops->unmap_pages(ops, 0, bad[i], 1, &g);
			CHECK_EQ(got, 0);
			CHECK_EVENTS(&ev, IPF_EV_UNMAP_BAD_ARGS, 1);
			CHECK_EQ(phys(d, 0), PA_A);
			CHECK_EQ(g.pgsize, 0); /* nothing gathered */
			iommu_iotlb_sync(&d->domain, &g);

			/* Rejected before any walk: no table, no PTE written. */
			dc = since(d, &c0);
			CHECK_EQ(dc.tables_allocated, 0);
			CHECK_EQ(dc.pte_writes, 0);
			CHECK_EQ(dc.walks, 0);
		}
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: pgcount 0 -> map: 0, nothing mapped (tables may be allocated);      */
/*                   unmap: WARN, 0                                         */

static void test_pgcount_zero(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct io_pgtable_ops *ops = d->pgtbl_ops;
		struct ipf_counters c0, dc;

		setup_map(d, 0, PA_A, SZ_4K, RW);
		ipf_events_reset(&ev);

		if (e == IPF_ENGINE_OPT) {
			struct iommu_iotlb_gather g;
			uint64_t mapped = 0;

			/* map_pages does not check pgcount: walks, allocates, writes nothing. */
			c0 = snap(d);
			CHECK_EQ(ops->map_pages(ops, 1ULL << 39, PA_B, SZ_4K, 0, RW, &mapped), 0);
			CHECK_EQ(mapped, 0);
			CHECK_NO_EVENTS(&ev);
			CHECK_EQ(phys(d, 1ULL << 39), 0);
			dc = since(d, &c0);
			CHECK_EQ(dc.tables_allocated, 3); /* levels 1, 2 and 3 under a new pgd slot */
			CHECK_EQ(dc.walks, 1);
			/* ... and so for a block size. */
			c0 = snap(d);
			CHECK_EQ(ops->map_pages(ops, 1ULL << 40, PA_B, SZ_2M, 0, RW, &mapped), 0);
			CHECK_EQ(mapped, 0);
			CHECK(nothing_mapped(d, 1ULL << 40, SZ_2M));
			CHECK_EQ(since(d, &c0).tables_allocated, 2);

			/* unmap_pages does: WARN and 0, the page stays. */
			iommu_iotlb_gather_init(&g);
			c0 = snap(d);
			CHECK_EQ(ops->unmap_pages(ops, 0, SZ_4K, 0, &g), 0);
			CHECK_EVENTS(&ev, IPF_EV_UNMAP_BAD_ARGS, 1);
			CHECK_EQ(phys(d, 0), PA_A);
			dc = since(d, &c0);
			CHECK_EQ(dc.walks, 0);
			CHECK_EQ(dc.add_page, 0);
			iommu_iotlb_sync(&d->domain, &g);
		}

		/* The core's analogue on both engines: size 0 never calls the driver. */
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B, 0, RW), 0);
		CHECK_EQ(iommu_unmap(&d->domain, 0, 0), 0);
		dc = since(d, &c0);
		CHECK_EQ(dc.core_to_driver, 0);
		CHECK_EQ(phys(d, 0), PA_A);
		CHECK(nothing_mapped(d, SZ_2M, SZ_2M));
		CHECK_NO_EVENTS(&ev);
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: iova >= 2^ias (first page) -> map WARN -ERANGE, unmap WARN 0        */

static void test_iova_out_of_range(void)
{
	static const uint64_t bad[] = { BIT_48, BIT_48 + SZ_4K, 1ULL << 63, ~0ULL << 12 };
	struct ipf_domain_cfg cfg32 = cfg_4k;

	cfg32.ias = 32;
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct io_pgtable_ops *ops = d->pgtbl_ops;
		uint64_t mapped = 0;

		/* A page at 0 and none at 4K: the aliases of 2^48 and 2^48 + 4K. */
		setup_map(d, 0, PA_A, SZ_4K, RW);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct iommu_iotlb_gather g;
			uint64_t got;
			int ret;

			ipf_events_reset(&ev);
			if (e == IPF_ENGINE_REF)
				ret = ops->map(ops, bad[i], PA_B, SZ_4K, RW);
			else
				ret = ops->map_pages(ops, bad[i], PA_B, SZ_4K, 1, RW, &mapped);
			CHECK_EQ(ret, -ERANGE);
			CHECK_EQ(mapped, 0);
			CHECK_EVENTS(&ev, IPF_EV_MAP_OUT_OF_RANGE, 1);
			CHECK_EQ(phys(d, SZ_4K), 0);
			CHECK_EQ(phys(d, 0), PA_A);

			ipf_events_reset(&ev);
			iommu_iotlb_gather_init(&g);
			if (e == IPF_ENGINE_REF)
				got = ops->unmap(ops, bad[i] & ~(SZ_4K * 2 - 1), SZ_4K, &g);
			else
				got = ops->unmap_pages(ops, bad[i] & ~(SZ_4K * 2 - 1), SZ_4K, 1, &g);
			CHECK_EQ(got, 0);
			CHECK_EVENTS(&ev, IPF_EV_UNMAP_OUT_OF_RANGE, 1);
			CHECK_EQ(phys(d, 0), PA_A);
			iommu_iotlb_sync(&d->domain, &g);
		}

		/* Only the first page is checked: the last page of the space is fine... */
		ipf_events_reset(&ev);
		CHECK_EQ(pgt_map(d, BIT_48 - SZ_4K, PA_B, SZ_4K, 1, RW, &mapped), 0);
		CHECK_EQ(mapped, SZ_4K);
		CHECK_EQ(phys(d, BIT_48 - SZ_4K), PA_B);
		CHECK_EQ(pgt_unmap(d, BIT_48 - SZ_4K, SZ_4K, 1), SZ_4K);
		if (e == IPF_ENGINE_OPT) {
			/* ...and a run from it stops at the end of its table, not past 2^48. */
			mapped = 0; /* map_pages adds to *mapped */
			CHECK_EQ(ops->map_pages(ops, BIT_48 - SZ_4K, PA_C, SZ_4K, 2, RW, &mapped), 0);
			CHECK_EQ(mapped, SZ_4K);
			CHECK_EQ(phys(d, BIT_48 - SZ_4K), PA_C);
			CHECK_EQ(phys(d, SZ_4K), 0); /* no wrap into the alias */
			CHECK_EQ(pgt_unmap(d, BIT_48 - SZ_4K, SZ_4K, 1), SZ_4K);
		}
		CHECK_NO_EVENTS(&ev);

		/* Through the core: the second page fails, the first is unwound. */
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_map(&d->domain, BIT_48 - SZ_4K, PA_D, 2 * SZ_4K, RW), -ERANGE);
		CHECK_EVENTS(&ev, IPF_EV_MAP_OUT_OF_RANGE, 1);
		CHECK_EQ(phys(d, BIT_48 - SZ_4K), 0);
		CHECK_EQ(phys(d, 0), PA_A);
		free_domain(d);

		/* ias 32: 4G is out of range and aliases 0. */
		d = new_domain(e, &cfg32, NULL, &ev);
		ops = d->pgtbl_ops;
		CHECK_EQ(d->pgtbl_cfg.ias, 32);
		setup_map(d, 0, PA_A, SZ_2M, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(pgt_map(d, 1ULL << 32, PA_B, SZ_2M, 1, RW, &mapped), -ERANGE);
		CHECK_EQ(pgt_unmap(d, 1ULL << 32, SZ_2M, 1), 0);
		CHECK_EQ(iommu_unmap(&d->domain, 1ULL << 32, SZ_2M), 0);
		CHECK_EQ(ev.count[IPF_EV_MAP_OUT_OF_RANGE], 1);
		CHECK_EQ(ev.count[IPF_EV_UNMAP_OUT_OF_RANGE], 2);
		CHECK_EQ(ev.total, 3);
		CHECK(mapped_to(d, 0, SZ_2M, PA_A));
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: paddr >= 2^oas (first page) -> map WARN -ERANGE                     */

static void test_paddr_out_of_range(void)
{
	struct ipf_domain_cfg cfg40 = cfg_4k;

	cfg40.oas = 40;
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg40, NULL, &ev);
		struct io_pgtable_ops *ops = d->pgtbl_ops;
		static const uint64_t bad[] = { 1ULL << 40, (1ULL << 40) + SZ_1G, 1ULL << 47,
						1ULL << 63 };
		uint64_t mapped = 0;

		CHECK_EQ(d->pgtbl_cfg.oas, 40);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int ret;

			ipf_events_reset(&ev);
			if (e == IPF_ENGINE_REF)
				ret = ops->map(ops, SZ_1G, bad[i], SZ_1G, RW);
			else
				ret = ops->map_pages(ops, SZ_1G, bad[i], SZ_1G, 1, RW, &mapped);
			CHECK_EQ(ret, -ERANGE);
			CHECK_EQ(mapped, 0);
			CHECK_EVENTS(&ev, IPF_EV_MAP_OUT_OF_RANGE, 1);
			CHECK(nothing_mapped(d, SZ_1G, SZ_2M));
			CHECK_EQ(phys(d, SZ_1G + SZ_1G - SZ_4K), 0);
		}
		/* The last page below 2^oas maps. */
		ipf_events_reset(&ev);
		CHECK_EQ(pgt_map(d, SZ_1G, (1ULL << 40) - SZ_4K, SZ_4K, 1, RW, &mapped), 0);
		CHECK_EQ(phys(d, SZ_1G), (1ULL << 40) - SZ_4K);
		CHECK_NO_EVENTS(&ev);

		/* Through the core. */
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, 1ULL << 40, SZ_2M, RW), -ERANGE);
		CHECK_EVENTS(&ev, IPF_EV_MAP_OUT_OF_RANGE, 1);
		CHECK(nothing_mapped(d, SZ_2M, SZ_2M));
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: no READ/WRITE -> ref: 0, nothing mapped; opt: -EINVAL, or with     */
/*      MAP_NO_ACCESS (6093cd582f8e reverted) 0 with mapped 0: core hangs   */

static void test_no_access(void)
{
	static const int prots[] = { 0, IOMMU_CACHE, IOMMU_NOEXEC | IOMMU_PRIV, IOMMU_MMIO };

	FOR_EACH_ENGINE(e) {
		for (int bug = 0; bug < 2; bug++) {
			struct ipf_domain_cfg cfg = cfg_4k;
			struct ipf_events ev;
			struct ipf_domain *d;
			struct io_pgtable_ops *ops;

			cfg.bugs = bug ? IPF_BUG_BIT(IPF_BUG_MAP_NO_ACCESS) : 0;
			d = new_domain(e, &cfg, NULL, &ev);
			ops = d->pgtbl_ops;
			for (size_t i = 0; i < sizeof(prots) / sizeof(prots[0]); i++) {
				struct ipf_counters c0 = snap(d), dc;
				uint64_t mapped = 0;
				int ret;

				ipf_events_reset(&ev);
				if (e == IPF_ENGINE_REF)
					ret = ops->map(ops, SZ_2M, PA_A, SZ_4K, prots[i]);
				else
					ret = ops->map_pages(ops, SZ_2M, PA_A, SZ_4K, 4, prots[i],
							     &mapped);
				/* ref: v5.12 success; opt: the fix's -EINVAL, or the bug. */
				CHECK_EQ(ret, e == IPF_ENGINE_REF || bug ? 0 : -EINVAL);
				CHECK_EQ(mapped, 0);
				CHECK_NO_EVENTS(&ev); /* no WARN in LPAE for this */
				CHECK(nothing_mapped(d, SZ_2M, 4 * SZ_4K));
				dc = since(d, &c0);
				CHECK_EQ(dc.tables_allocated, 0);
				CHECK_EQ(dc.pte_writes, 0);
			}

			/*
			 * The checks before it still apply (f12e0d22903e, v5.11, put the
			 * no-access return after the size and range WARNs in both forms).
			 */
			{
				uint64_t mapped = 0;

				ipf_events_reset(&ev);
				CHECK_EQ(pgt_map(d, SZ_2M, PA_A, 2 * SZ_4K, 1, IOMMU_CACHE, &mapped),
					 -EINVAL);
				CHECK_EQ(ev.count[IPF_EV_MAP_BAD_PGSIZE], 1);
				CHECK_EQ(pgt_map(d, BIT_48, PA_A, SZ_4K, 1, IOMMU_CACHE, &mapped),
					 -ERANGE);
				CHECK_EQ(pgt_map(d, SZ_2M, BIT_48, SZ_4K, 1, IOMMU_CACHE, &mapped),
					 -ERANGE);
				CHECK_EQ(ev.count[IPF_EV_MAP_OUT_OF_RANGE], 2);
				CHECK_EQ(ev.total, 3);
			}

			/* Through the core. */
			{
				struct ipf_counters c0 = snap(d), dc;
				int ret;

				ipf_events_reset(&ev);
				ret = iommu_map(&d->domain, 0, PA_A, 4 * SZ_1M, IOMMU_CACHE);
				dc = since(d, &c0);
				if (e == IPF_ENGINE_REF) {
					/* v5.12 advances by the page it asked for: two calls, 0. */
					CHECK_EQ(ret, 0);
					CHECK_EQ(dc.core_to_driver, 2);
					CHECK_NO_EVENTS(&ev);
				} else if (!bug) {
					CHECK_EQ(ret, -EINVAL);
					CHECK_EQ(dc.core_to_driver, 1);
					CHECK_NO_EVENTS(&ev);
				} else {
					/* 0 with mapped 0 twice: the kernel loops forever. */
					CHECK_EQ(ret, -IPF_EHANG);
					CHECK_EVENTS(&ev, IPF_EV_CORE_ITER_BOUND, 1);
					CHECK_EQ(dc.core_to_driver, 2);
				}
				CHECK(nothing_mapped(d, 0, 4 * SZ_1M));
				CHECK_EQ(dc.tables_allocated, 0);
			}
			free_domain(d);
		}
	}
}

/* ------------------------------------------------------------------------ */
/* Row: target leaf already present (same level) -> WARN, -EEXIST           */

static void test_leaf_exists(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;
		uint64_t mapped = 0;

		setup_map(d, SZ_4K, PA_A, SZ_4K, RW);
		setup_map(d, SZ_2M, PA_B, SZ_2M, RW);
		setup_map(d, SZ_1G, PA_C, SZ_1G, RW);
		ipf_events_reset(&ev);

		/* One page of each level onto an existing leaf of that level. */
		c0 = snap(d);
		CHECK_EQ(pgt_map(d, SZ_4K, PA_D, SZ_4K, 1, IOMMU_READ, &mapped), -EEXIST);
		CHECK_EQ(mapped, 0);
		CHECK_EQ(pgt_map(d, SZ_2M, PA_D, SZ_2M, 1, IOMMU_READ, &mapped), -EEXIST);
		CHECK_EQ(pgt_map(d, SZ_1G, PA_D, SZ_1G, 1, IOMMU_READ, &mapped), -EEXIST);
		CHECK_EQ(mapped, 0);
		CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 3);
		dc = since(d, &c0);
		CHECK_EQ(dc.pte_writes, 0);
		CHECK_EQ(dc.tables_allocated, 0);
		/* The old translations are untouched. */
		CHECK_EQ(phys(d, SZ_4K), PA_A);
		CHECK(mapped_to(d, SZ_2M, SZ_2M, PA_B));
		CHECK_EQ(phys(d, SZ_1G + 0x12345000), PA_C + 0x12345000);

		if (e == IPF_ENGINE_OPT) {
			/* All targets are checked before any is written: none of the run lands. */
			struct io_pgtable_ops *ops = d->pgtbl_ops;

			setup_map(d, 0x7000, PA_A + 0x7000, SZ_4K, RW);
			ipf_events_reset(&ev);
			c0 = snap(d);
			CHECK_EQ(ops->map_pages(ops, 0x5000, PA_D, SZ_4K, 3, RW, &mapped), -EEXIST);
			CHECK_EQ(mapped, 0);
			CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 1);
			CHECK(nothing_mapped(d, 0x5000, 2 * SZ_4K));
			CHECK_EQ(phys(d, 0x7000), PA_A + 0x7000);
			CHECK_EQ(since(d, &c0).pte_writes, 0);
		}

		/* Through the core: the same answer, nothing unwound that was not mapped. */
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_map(&d->domain, SZ_4K, PA_D, SZ_4K, RW), -EEXIST);
		CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 1);
		CHECK_EQ(phys(d, SZ_4K), PA_A);
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: leaf present at a higher level on the path                          */
/*      -> map WARN -EEXIST; unmap: split (<= v6.12)                        */

static void test_leaf_on_path(void)
{
	const int blk_prot = IOMMU_READ | IOMMU_NOEXEC | IOMMU_CACHE;

	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;
		arm_lpae_iopte blk, pte;
		uint64_t mapped = 0;
		int lvl;

		setup_map(d, SZ_2M, PA_A, SZ_2M, blk_prot);
		setup_map(d, SZ_1G, PA_B, SZ_1G, blk_prot);
		blk = leaf_of(d, SZ_2M, &lvl);
		CHECK_EQ(lvl, 2);

		/* Map below a block: -EEXIST where the block is met, nothing allocated. */
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(pgt_map(d, SZ_2M + SZ_4K, PA_C, SZ_4K, 1, RW, &mapped), -EEXIST);
		CHECK_EQ(pgt_map(d, SZ_1G + SZ_2M, PA_C, SZ_2M, 1, RW, &mapped), -EEXIST);
		CHECK_EQ(pgt_map(d, SZ_1G + SZ_4K, PA_C, SZ_4K, 1, RW, &mapped), -EEXIST);
		CHECK_EQ(mapped, 0);
		CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 3);
		dc = since(d, &c0);
		CHECK_EQ(dc.tables_allocated, 0);
		CHECK_EQ(dc.pte_writes, 0);
		CHECK(mapped_to(d, SZ_2M, SZ_2M, PA_A));
		CHECK_EQ(leaf_of(d, SZ_2M, &lvl), blk);

		/* Unmap 8K inside the 2M block: split, 510 pages of it stay. */
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(pgt_unmap(d, SZ_2M + SZ_4K, SZ_4K, 2), 2 * SZ_4K);
		dc = since(d, &c0);
		CHECK_NO_EVENTS(&ev);
		CHECK_EQ(dc.tables_allocated, 1);
		CHECK_EQ(dc.add_page, 2);
		CHECK(nothing_mapped(d, SZ_2M + SZ_4K, 2 * SZ_4K));
		CHECK_EQ(phys(d, SZ_2M), PA_A);
		CHECK(mapped_to(d, SZ_2M + 3 * SZ_4K, SZ_2M - 3 * SZ_4K, PA_A + 3 * SZ_4K));
		/* The neighbours are now pages with the block's attributes. */
		pte = leaf_of(d, SZ_2M, &lvl);
		CHECK_EQ(lvl, 3);
		CHECK_EQ(iopte_prot(pte), iopte_prot(blk));
		pte = leaf_of(d, 2 * SZ_2M - SZ_4K, &lvl);
		CHECK_EQ(lvl, 3);
		CHECK_EQ(iopte_prot(pte), iopte_prot(blk));
		CHECK_EQ(iopte_to_paddr(pte, io_pgtable_ops_to_data(d->pgtbl_ops)),
			 PA_A + SZ_2M - SZ_4K);

		/* 4K out of a 1G block: two splits (1G -> 2M blocks -> 4K pages). */
		blk = leaf_of(d, SZ_1G, &lvl);
		CHECK_EQ(lvl, 1);
		c0 = snap(d);
		CHECK_EQ(pgt_unmap(d, SZ_1G + SZ_2M + SZ_4K, SZ_4K, 1), SZ_4K);
		dc = since(d, &c0);
		CHECK_NO_EVENTS(&ev);
		CHECK_EQ(dc.tables_allocated, 2);
		CHECK_EQ(dc.add_page, 1);
		CHECK_EQ(phys(d, SZ_1G + SZ_2M + SZ_4K), 0);
		pte = leaf_of(d, SZ_1G, &lvl);             /* first 2M: a block */
		CHECK_EQ(lvl, 2);
		CHECK_EQ(iopte_prot(pte), iopte_prot(blk));
		pte = leaf_of(d, SZ_1G + SZ_2M, &lvl);     /* the split 2M: pages */
		CHECK_EQ(lvl, 3);
		CHECK_EQ(iopte_prot(pte), iopte_prot(blk));
		pte = leaf_of(d, 2 * SZ_1G - SZ_2M, &lvl); /* last 2M: a block */
		CHECK_EQ(lvl, 2);
		CHECK_EQ(phys(d, SZ_1G), PA_B);
		CHECK_EQ(phys(d, SZ_1G + SZ_2M + 2 * SZ_4K + 42), PA_B + SZ_2M + 2 * SZ_4K + 42);
		CHECK_EQ(phys(d, 2 * SZ_1G - SZ_4K), PA_B + SZ_1G - SZ_4K);

		/* The selftest's remap of the hole (T6/T7). */
		CHECK_EQ(pgt_map(d, SZ_1G + SZ_2M + SZ_4K, SZ_4K, SZ_4K, 1, IOMMU_READ, &mapped), 0);
		CHECK_EQ(phys(d, SZ_1G + SZ_2M + SZ_4K + 42), SZ_4K + 42);

		/* Through the core: 4K inside what is left of the 2M block's table. */
		CHECK_EQ(iommu_unmap(&d->domain, 2 * SZ_2M - SZ_4K, SZ_4K), SZ_4K);
		CHECK_EQ(phys(d, 2 * SZ_2M - SZ_4K), 0);
		CHECK_NO_EVENTS(&ev);
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: table present where a block is requested                            */
/*      -> map: table silently unmapped and freed, block written;           */
/*         unmap: table freed (+flush_walk), counted as size                */

static void test_table_where_block(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;
		uint64_t mapped = 0;
		int lvl;

		/* A level-3 table under the 2M slot at 2M, with two pages in it. */
		setup_map(d, SZ_2M, PA_A, SZ_4K, RW);
		setup_map(d, 2 * SZ_2M - SZ_4K, PA_A + SZ_1M, SZ_4K, RW);
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(pgt_map(d, SZ_2M, PA_B, SZ_2M, 1, RW, &mapped), 0);
		CHECK_EQ(mapped, SZ_2M);
		dc = since(d, &c0);
		CHECK_NO_EVENTS(&ev);
		CHECK_EQ(dc.tables_freed, 1);
		CHECK_EQ(dc.flush_walk, 1);
		CHECK_EQ(dc.tables_allocated, 0);
		CHECK_EQ(dc.add_page, 0);
		CHECK(mapped_to(d, SZ_2M, SZ_2M, PA_B)); /* the old pages are gone */
		leaf_of(d, SZ_2M, &lvl);
		CHECK_EQ(lvl, 2);

		/* A 1G block over a level-2 table with a level-3 table below it. */
		setup_map(d, SZ_1G + SZ_4K, PA_C, SZ_4K, RW);
		c0 = snap(d);
		CHECK_EQ(pgt_map(d, SZ_1G, PA_C, SZ_1G, 1, RW, &mapped), 0);
		dc = since(d, &c0);
		CHECK_EQ(dc.tables_freed, 2);
		CHECK_EQ(dc.flush_walk, 1);
		CHECK_EQ(phys(d, SZ_1G + SZ_4K), PA_C + SZ_4K);
		leaf_of(d, SZ_1G + SZ_4K, &lvl);
		CHECK_EQ(lvl, 1);
		CHECK_NO_EVENTS(&ev);

		if (e == IPF_ENGINE_OPT) {
			/* Two block targets, both tables: both freed, two walk flushes. */
			struct io_pgtable_ops *ops = d->pgtbl_ops;

			setup_map(d, 4 * SZ_2M, PA_A, SZ_4K, RW);
			setup_map(d, 5 * SZ_2M + SZ_4K, PA_A, SZ_4K, RW);
			c0 = snap(d);
			mapped = 0;
			CHECK_EQ(ops->map_pages(ops, 4 * SZ_2M, PA_D, SZ_2M, 2, RW, &mapped), 0);
			CHECK_EQ(mapped, 2 * SZ_2M);
			dc = since(d, &c0);
			CHECK_EQ(dc.tables_freed, 2);
			CHECK_EQ(dc.flush_walk, 2);
			CHECK(mapped_to(d, 4 * SZ_2M, 2 * SZ_2M, PA_D));
			CHECK_NO_EVENTS(&ev);
		}

		/* Unmap of the block size over a table: whole table gone, counted as 2M. */
		setup_map(d, 8 * SZ_2M + SZ_4K, PA_A, SZ_4K, RW);
		c0 = snap(d);
		CHECK_EQ(pgt_unmap(d, 8 * SZ_2M, SZ_2M, 1), SZ_2M);
		dc = since(d, &c0);
		CHECK_EQ(dc.tables_freed, 1);
		CHECK_EQ(dc.flush_walk, 1);
		CHECK_EQ(dc.add_page, 0);
		CHECK(nothing_mapped(d, 8 * SZ_2M, SZ_2M));
		CHECK_NO_EVENTS(&ev);

		/* Through the core the same: the 4K page under it is silently replaced. */
		setup_map(d, 10 * SZ_2M + SZ_4K, PA_A, SZ_4K, RW);
		c0 = snap(d);
		CHECK_EQ(iommu_map(&d->domain, 10 * SZ_2M, PA_B, SZ_2M, RW), 0);
		CHECK_EQ(since(d, &c0).tables_freed, 1);
		CHECK(mapped_to(d, 10 * SZ_2M, SZ_2M, PA_B));
		CHECK_NO_EVENTS(&ev);
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: table allocation failure -> map -ENOMEM; split: 0                   */

static void test_alloc_failure(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_pgmem mem;
		struct ipf_events ev;
		struct ipf_domain *d;
		struct ipf_counters c0, dc;
		uint64_t mapped = 0;
		int lvl;

		/* Allocation 1 is the pgd, 2 the level-1 table, 3 the level-2 table. */
		CHECK_EQ(ipf_pgmem_init(&mem, &(struct ipf_pgmem_cfg){ .fail_at = 3 }), 0);
		d = new_domain(e, &cfg_4k, &mem, &ev);
		CHECK_EQ(mem.nr_allocs, 1);
		c0 = snap(d);
		CHECK_EQ(pgt_map(d, 0, PA_A, SZ_4K, 1, RW, &mapped), -ENOMEM);
		CHECK_EQ(mapped, 0);
		CHECK_EQ(mem.nr_allocs, 3);
		CHECK_EVENTS(&ev, IPF_EV_ALLOC_FAILED, 1);
		CHECK_EQ(phys(d, 0), 0);
		dc = since(d, &c0);
		CHECK_EQ(dc.tables_allocated, 1); /* the level-1 table stays (empty) */
		CHECK_EQ(dc.pte_writes, 1);       /* its table descriptor */
		/* The failure was one allocation: the next map succeeds. */
		CHECK_EQ(pgt_map(d, 0, PA_A, SZ_4K, 1, RW, &mapped), 0);
		CHECK_EQ(phys(d, 0), PA_A);

		/* Through the core: -ENOMEM, nothing to unwind. */
		mem.cfg.fail_at = mem.nr_allocs + 1;
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_map(&d->domain, SZ_1G, PA_B, SZ_4K, RW), -ENOMEM);
		CHECK_EVENTS(&ev, IPF_EV_ALLOC_FAILED, 1);
		CHECK_EQ(phys(d, SZ_1G), 0);

		/* Split of a block needs a table: failure -> 0, the block stays whole. */
		setup_map(d, SZ_2M, PA_C, SZ_2M, RW);
		mem.cfg.fail_at = mem.nr_allocs + 1;
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(pgt_unmap(d, SZ_2M + SZ_4K, SZ_4K, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_ALLOC_FAILED, 1);
		CHECK(mapped_to(d, SZ_2M, SZ_2M, PA_C));
		leaf_of(d, SZ_2M, &lvl);
		CHECK_EQ(lvl, 2);
		dc = since(d, &c0);
		CHECK_EQ(dc.pte_writes, 0);
		CHECK_EQ(dc.add_page, 0);
		/* And through the core: 0 bytes unmapped. */
		mem.cfg.fail_at = mem.nr_allocs + 1;
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_unmap(&d->domain, SZ_2M + SZ_4K, SZ_4K), 0);
		CHECK_EVENTS(&ev, IPF_EV_ALLOC_FAILED, 1);
		CHECK(mapped_to(d, SZ_2M, SZ_2M, PA_C));
		/* With memory again the split works. */
		CHECK_EQ(iommu_unmap(&d->domain, SZ_2M + SZ_4K, SZ_4K), SZ_4K);
		CHECK_EQ(phys(d, SZ_2M + SZ_4K), 0);

		free_domain(d);
		CHECK_EQ(mem.live_tables, 0);
		ipf_pgmem_destroy(&mem);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: entry empty -> unmap WARN 0, or the partial count inside a run      */

static void test_unmap_empty(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;

		/* Empty at the top level. */
		CHECK_EQ(pgt_unmap(d, SZ_4K, SZ_4K, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 1);
		CHECK_EQ(ev.kept[0].iova, SZ_4K);
		CHECK_EQ(pgt_unmap(d, SZ_1G, SZ_1G, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 2);

		/* Empty in a level-3 table that exists. */
		setup_map(d, 0, PA_A, 2 * SZ_4K, RW);
		setup_map(d, 3 * SZ_4K, PA_A + 3 * SZ_4K, SZ_4K, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(pgt_unmap(d, 2 * SZ_4K, SZ_4K, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 1);
		CHECK_EQ(ev.kept[0].iova, 2 * SZ_4K);
		/* Empty 2M slot of a level-2 table that exists. */
		CHECK_EQ(pgt_unmap(d, SZ_2M, SZ_2M, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 2);

		/* A run over the hole: the pages before it, then stop. */
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(pgt_unmap(d, 0, SZ_4K, 4), 2 * SZ_4K);
		dc = since(d, &c0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 1);
		CHECK_EQ(ev.kept[0].iova, 2 * SZ_4K);
		CHECK_EQ(dc.add_page, 2);
		CHECK(nothing_mapped(d, 0, 3 * SZ_4K));
		CHECK_EQ(phys(d, 3 * SZ_4K), PA_A + 3 * SZ_4K); /* past the hole: kept */
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Row: level overflow (internal) -> map WARN -EINVAL, unmap WARN 0         */

static void test_level_overflow(void)
{
	/* 4K|2M passes "(size & bitmap) == size" but is no block size at any level. */
	const uint64_t odd = SZ_2M | SZ_4K;

	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0 = snap(d);
		uint64_t mapped = 0;

		CHECK_EQ(pgt_map(d, 0, PA_A, odd, 1, RW, &mapped), -EINVAL);
		CHECK_EQ(mapped, 0);
		CHECK_EVENTS(&ev, IPF_EV_MAP_LEVEL_OVERFLOW, 1);
		CHECK(nothing_mapped(d, 0, SZ_2M));
		CHECK_EQ(since(d, &c0).tables_allocated, 3); /* walked down to level 3 */

		setup_map(d, 0, PA_A, SZ_4K, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(pgt_unmap(d, 0, odd, 1), 0);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_LEVEL_OVERFLOW, 1);
		CHECK_EQ(phys(d, 0), PA_A);
		free_domain(d);
	}
}

/* ------------------------------------------------------------------------ */
/* Core: __iommu_map()/__iommu_unmap() validation (drivers/iommu/iommu.c)     */

static void test_core_validation(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;
		uint64_t bitmap;

		setup_map(d, 0, PA_A, 2 * SZ_4K, RW);
		ipf_events_reset(&ev);
		c0 = snap(d);
		/* iova, paddr or size not a multiple of min_pagesz: -EINVAL. */
		CHECK_EQ(iommu_map(&d->domain, SZ_2M + 0x800, PA_B, SZ_4K, RW), -EINVAL);
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B + 0x800, SZ_4K, RW), -EINVAL);
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B, SZ_4K + 0x800, RW), -EINVAL);
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B, 0x800, RW), -EINVAL);
		CHECK(nothing_mapped(d, SZ_2M, 2 * SZ_4K));
		/* iova or size misaligned: unmap does nothing, returns 0. */
		CHECK_EQ(iommu_unmap(&d->domain, 0x800, SZ_4K), 0);
		CHECK_EQ(iommu_unmap(&d->domain, 0, SZ_4K + 0x800), 0);
		CHECK_EQ(iommu_unmap(&d->domain, 0, 0x800), 0);
		CHECK(mapped_to(d, 0, 2 * SZ_4K, PA_A));
		dc = since(d, &c0);
		CHECK_EQ(dc.core_to_driver, 0);
		CHECK_EQ(dc.pgsize_calls, 0);
		CHECK_NO_EVENTS(&ev);

		/* Not a paging domain: map -EINVAL, unmap 0. */
		d->domain.type = 0;
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B, SZ_4K, RW), -EINVAL);
		CHECK_EQ(iommu_unmap(&d->domain, 0, SZ_4K), 0);
		d->domain.type = IOMMU_DOMAIN_PAGING;
		/* No page sizes: map -ENODEV, unmap 0. */
		bitmap = d->domain.pgsize_bitmap;
		d->domain.pgsize_bitmap = 0;
		CHECK_EQ(iommu_map(&d->domain, SZ_2M, PA_B, SZ_4K, RW), -ENODEV);
		CHECK_EQ(iommu_unmap(&d->domain, 0, SZ_4K), 0);
		d->domain.pgsize_bitmap = bitmap;
		CHECK(mapped_to(d, 0, 2 * SZ_4K, PA_A));
		CHECK(nothing_mapped(d, SZ_2M, SZ_4K));
		CHECK_EQ(since(d, &c0).core_to_driver, 0);
		CHECK_NO_EVENTS(&ev);

		/* Aligned again: both work. */
		CHECK_EQ(iommu_unmap(&d->domain, 0, 2 * SZ_4K), 2 * SZ_4K);
		CHECK(nothing_mapped(d, 0, 2 * SZ_4K));
		free_domain(d);
	}
}

/* Core: iommu_unmap over a hole stops there and returns the bytes before it. */
static void test_core_unmap_hole(void)
{
	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);

		/* 2M blocks at [0,4M) and [6M,8M); hole at [4M,6M). */
		setup_map(d, 0, PA_A, 4 * SZ_1M, RW);
		setup_map(d, 6 * SZ_1M, PA_A + 6 * SZ_1M, SZ_2M, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_unmap(&d->domain, 0, 8 * SZ_1M), 4 * SZ_1M);
		CHECK(nothing_mapped(d, 0, 6 * SZ_1M));
		CHECK(mapped_to(d, 6 * SZ_1M, SZ_2M, PA_A + 6 * SZ_1M));
		/*
		 * ref: 2M, 2M, then 0 at the hole (one WARN). opt: (2M, 4) clears two
		 * and meets the hole (WARN), then (2M, 2) at the hole gets 0 (WARN).
		 */
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, e == IPF_ENGINE_REF ? 1 : 2);

		/* With 4K pages: 0, 4K mapped, 8K a hole, 12K mapped. */
		setup_map(d, SZ_1G, PA_B, 2 * SZ_4K, RW);
		setup_map(d, SZ_1G + 3 * SZ_4K, PA_B + 3 * SZ_4K, SZ_4K, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_unmap(&d->domain, SZ_1G, 4 * SZ_4K), 2 * SZ_4K);
		CHECK(nothing_mapped(d, SZ_1G, 3 * SZ_4K));
		CHECK_EQ(phys(d, SZ_1G + 3 * SZ_4K), PA_B + 3 * SZ_4K);
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, e == IPF_ENGINE_REF ? 1 : 2);

		/* A hole at the start: 0 and nothing touched. */
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_unmap(&d->domain, 4 * SZ_1M, 4 * SZ_1M), 0);
		CHECK(mapped_to(d, 6 * SZ_1M, SZ_2M, PA_A + 6 * SZ_1M));
		CHECK_EVENTS(&ev, IPF_EV_UNMAP_EMPTY, 1);
		free_domain(d);
	}
}

/*
 * Core: a map failing in the middle unwinds exactly what it mapped: the
 * runs 4K@0x1ff000, 2M@2M, 2M@4M, 4K@6M, with the third one failing.
 */
static void test_core_map_unwind(void)
{
	const uint64_t iova = 0x1ff000, pa = PA_B + 0x1ff000, size = 0x402000;

	FOR_EACH_ENGINE(e) {
		struct ipf_events ev;
		struct ipf_domain *d = new_domain(e, &cfg_4k, NULL, &ev);
		struct ipf_counters c0, dc;
		struct ipf_pgmem mem;

		/* -EEXIST: a block already at 4M. */
		setup_map(d, 4 * SZ_1M, PA_A, SZ_2M, RW);
		ipf_events_reset(&ev);
		c0 = snap(d);
		CHECK_EQ(iommu_map(&d->domain, iova, pa, size, RW), -EEXIST);
		dc = since(d, &c0);
		CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 1);
		CHECK(nothing_mapped(d, iova, 4 * SZ_1M - iova));
		CHECK(mapped_to(d, 4 * SZ_1M, SZ_2M, PA_A)); /* not unwound: not ours */
		CHECK(nothing_mapped(d, 6 * SZ_1M, SZ_4K));
		/*
		 * The unwind removed exactly what was mapped. ref mapped 4K and the
		 * 2M block at 2M before failing on 4M; opt's second call asked for
		 * both 2M blocks at once and, checking all targets before writing,
		 * mapped neither: its unwind has only the 4K page to remove.
		 */
		CHECK_EQ(dc.add_page, e == IPF_ENGINE_REF ? 2 : 1);
		CHECK_EQ(dc.core_to_driver, e == IPF_ENGINE_REF ? 3 + 2 : 2 + 1);
		CHECK(dc.iotlb_sync >= 1);
		free_domain(d);

		/* -ENOMEM: the level-3 table for the 4K tail (allocation 5) fails. */
		CHECK_EQ(ipf_pgmem_init(&mem, &(struct ipf_pgmem_cfg){ .fail_at = 5 }), 0);
		d = new_domain(e, &cfg_4k, &mem, &ev);
		CHECK_EQ(iommu_map(&d->domain, iova, pa, size, RW), -ENOMEM);
		CHECK_EQ(mem.nr_allocs, 5);
		CHECK_EVENTS(&ev, IPF_EV_ALLOC_FAILED, 1);
		CHECK(nothing_mapped(d, iova, size));
		/* Mapping it again now works, as one would expect after an unwind. */
		CHECK_EQ(iommu_map(&d->domain, iova, pa, size, RW), 0);
		CHECK(mapped_to(d, iova, size, pa));
		free_domain(d);
		ipf_pgmem_destroy(&mem);

		/*
		 * What unwinding cannot restore: a 4K page under the first 2M block
		 * was discarded by the block map and stays lost (iommu_map()'s unwind
		 * through iommu_unmap(), and unmap_pages() removing the whole block).
		 */
		d = new_domain(e, &cfg_4k, NULL, &ev);
		setup_map(d, 0x205000, PA_C, SZ_4K, RW);
		setup_map(d, 4 * SZ_1M, PA_A, SZ_2M, RW);
		ipf_events_reset(&ev);
		CHECK_EQ(iommu_map(&d->domain, iova, pa, size, RW), -EEXIST);
		CHECK_EQ(phys(d, 0x205000), 0);
		CHECK(nothing_mapped(d, iova, 4 * SZ_1M - iova));
		CHECK(mapped_to(d, 4 * SZ_1M, SZ_2M, PA_A));
		CHECK_EVENTS(&ev, IPF_EV_MAP_EXISTS, 1);
		free_domain(d);
	}
}

/*
 * io-pgtable-arm checks iova and paddr against IAS/OAS for the first page of
 * a call only (the runner skips such requests: known.c's ias-crossing-map).
 * Per page, a request crossing the top of the IAS fails with -ERANGE at the
 * first page beyond it and is unwound; as one map_pages run it is written
 * whole, the entries past the IAS landing in the unused tail of the pgd page.
 */
static void test_range_checked_on_first_page(void)
{
	static const struct ipf_domain_cfg cfg = {
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 32, .oas = 48,
	};
	struct ipf_domain *ref = ipf_domain_alloc(IPF_ENGINE_REF, &cfg, NULL, NULL, NULL, NULL);
	struct ipf_domain *opt = ipf_domain_alloc(IPF_ENGINE_OPT, &cfg, NULL, NULL, NULL, NULL);
	struct arm_lpae_io_pgtable *od = io_pgtable_ops_to_data(opt->pgtbl_ops);

	/* ias 32: the pgd is 4 level-1 entries; 3G + 2G crosses the top. */
	CHECK_EQ(od->start_level, 1);
	CHECK_EQ(ARM_LPAE_PGD_SIZE(od), 32);
	CHECK_EQ(iommu_map(&ref->domain, 3 * SZ_1G, 3 * SZ_1G, 2 * SZ_1G, IOMMU_READ), -ERANGE);
	CHECK_EQ(iommu_map(&opt->domain, 3 * SZ_1G, 3 * SZ_1G, 2 * SZ_1G, IOMMU_READ), 0);
	CHECK_EQ(iommu_iova_to_phys(&ref->domain, 3 * SZ_1G), 0);
	CHECK_EQ(iommu_iova_to_phys(&opt->domain, 3 * SZ_1G), 3 * SZ_1G);
	/* pgd[4]: past the 4 entries the hardware can index, inside the pgd's page. */
	CHECK(od->pgd[4] != 0);
	CHECK_EQ(ipf_domain_free(ref), 0);
	CHECK_EQ(ipf_domain_free(opt), 0);
}

int main(void)
{
	RUN_TEST(test_bad_pgsize);
	RUN_TEST(test_pgcount_zero);
	RUN_TEST(test_iova_out_of_range);
	RUN_TEST(test_paddr_out_of_range);
	RUN_TEST(test_no_access);
	RUN_TEST(test_leaf_exists);
	RUN_TEST(test_leaf_on_path);
	RUN_TEST(test_table_where_block);
	RUN_TEST(test_alloc_failure);
	RUN_TEST(test_unmap_empty);
	RUN_TEST(test_level_overflow);
	RUN_TEST(test_core_validation);
	RUN_TEST(test_core_unmap_hole);
	RUN_TEST(test_core_map_unwind);
	RUN_TEST(test_range_checked_on_first_page);
	return check_summary("test_errors");
}
