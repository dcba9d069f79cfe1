// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each oracle of the simulated SMMU against a deliberately broken variant
 * that it must catch, with the correct engines clean on the same program.
 * Broken variants replace the io-pgtable flush callbacks (or the driver's
 * iotlb_sync) of a domain, so the engines themselves stay as they are.
 */
#include "check.h"
#include "smmu_fixture.h"

CHECK_MAIN_STATE;

static const struct ipf_domain_cfg cfg_s1 = {
	.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	.smmu = IPF_SMMU_V3,
};

static const struct iommu_flush_ops *orig_ops;

/* Breakages, each replacing one callback of the domain's real flush ops. */
static void noop_walk(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	(void)iova, (void)size, (void)granule, (void)cookie;
}

static void noop_add_page(struct iommu_iotlb_gather *g, uint64_t iova, uint64_t granule, void *cookie)
{
	(void)g, (void)iova, (void)granule, (void)cookie;
}

/* A walk flush issued as leaf-only invalidation: the walk cache keeps the table. */
static void leaf_only_walk(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	struct ipf_domain *d = cookie;

	for (uint64_t a = iova; a < iova + size; a += granule)
		ipf_smmu_cmd(d->smmu, &(struct ipf_smmu_cmd){ { SMMU_CMD_TLBI_NH_VA, 1 | a } });
	ipf_smmu_cmd(d->smmu, &(struct ipf_smmu_cmd){ { SMMU_CMD_SYNC, 0 } });
}

static void flush_all_ok(void *cookie)
{
	orig_ops->tlb_flush_all(cookie);
}

static void add_page_ok(struct iommu_iotlb_gather *g, uint64_t iova, uint64_t granule, void *cookie)
{
	orig_ops->tlb_add_page(g, iova, granule, cookie);
}

static void walk_ok(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	orig_ops->tlb_flush_walk(iova, size, granule, cookie);
}

static struct iommu_flush_ops broken;

static void break_flush_ops(struct fixture *f,
			    void (*walk)(uint64_t, uint64_t, uint64_t, void *),
			    void (*add_page)(struct iommu_iotlb_gather *, uint64_t, uint64_t, void *))
{
	struct io_pgtable *iop = io_pgtable_ops_to_pgtable(f->d->pgtbl_ops);

	orig_ops = iop->cfg.tlb;
	broken = (struct iommu_flush_ops){
		.tlb_flush_all = flush_all_ok,
		.tlb_flush_walk = walk ? walk : walk_ok,
		.tlb_add_page = add_page ? add_page : add_page_ok,
	};
	iop->cfg.tlb = &broken;
}

static uint32_t n(const struct fixture *f, enum ipf_event_kind kind)
{
	return f->ev.count[kind];
}

/* 512 4K pages in [0, 2M) (one level-3 table) and a 2M block at 2M. */
static void populate(struct fixture *f)
{
	CHECK_EQ(fixture_map(f, 0, SZ_1G, SZ_2M - SZ_64K, IOMMU_READ | IOMMU_WRITE), 0);
	CHECK_EQ(fixture_map(f, SZ_2M - SZ_64K, SZ_1G + SZ_2M - SZ_64K, SZ_64K, IOMMU_READ), 0);
	CHECK_EQ(fixture_map(f, SZ_2M, 2 * SZ_1G, SZ_2M, IOMMU_READ | IOMMU_WRITE), 0);
}

static void for_each_engine(void (*fn)(enum ipf_engine, const struct ipf_smmu_cfg *))
{
	static const struct ipf_smmu_cfg smmus[] = {
		{ .range_inv = false }, { .range_inv = true },
	};

	for (int e = 0; e < IPF_ENGINES; e++)
		for (size_t i = 0; i < sizeof(smmus) / sizeof(smmus[0]); i++)
			fn((enum ipf_engine)e, &smmus[i]);
}

static void case_correct(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	CHECK_EQ(fixture_unmap(&f, 0x1000, 0x3000), 0x3000);   /* leaves */
	CHECK_EQ(fixture_unmap(&f, 0, SZ_2M), SZ_2M);          /* the level-3 table */
	CHECK_EQ(fixture_unmap(&f, SZ_2M + SZ_4K, SZ_4K), SZ_4K); /* block split */
	CHECK_EQ(ipf_smmu_dma(f.smmu, 0x1000, false).fault, IPF_FAULT_TRANSLATION);
	CHECK_EQ(ipf_smmu_dma(f.smmu, SZ_2M + SZ_4K, false).fault, IPF_FAULT_TRANSLATION);
	CHECK_EQ(ipf_smmu_dma(f.smmu, SZ_2M + 2 * SZ_4K, true).pa, 2 * SZ_1G + 2 * SZ_4K);
	CHECK_EQ(fixture_smmu_events(&f), 0);
	CHECK_EQ(fixture_fini(&f), 0);
}

/* tlb_add_page that does nothing: leaves go, their TLB entries stay. */
static void case_no_add_page(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	break_flush_ops(&f, NULL, noop_add_page);
	CHECK_EQ(fixture_unmap(&f, 0x1000, 0x3000), 0x3000);
	CHECK_EQ(n(&f, IPF_EV_SMMU_LEAF_FLUSH_MISSING), 3);
	CHECK(n(&f, IPF_EV_SMMU_STALE_TLB) >= 3);
	CHECK(n(&f, IPF_EV_SMMU_STALE_DMA) >= 1);
	/* and the device still reaches the page */
	CHECK_EQ(ipf_smmu_dma(f.smmu, 0x2000, false).fault, IPF_FAULT_NONE);
	CHECK_EQ(n(&f, IPF_EV_SMMU_WALK_FLUSH_MISSING), 0);
	fixture_fini(&f);
}

/* tlb_flush_walk that does nothing: the freed table stays in the walk cache. */
static void case_no_walk_flush(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	break_flush_ops(&f, noop_walk, NULL);
	CHECK_EQ(fixture_unmap(&f, 0, SZ_2M), SZ_2M);
	CHECK_EQ(n(&f, IPF_EV_SMMU_WALK_FLUSH_MISSING), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_FREED_WHILE_CACHED), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_FREE_BEFORE_FLUSH), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_STALE_WALK_CACHE), 1);
	CHECK(n(&f, IPF_EV_SMMU_STALE_TLB) >= 1);
	/* the device still reaches the unmapped page */
	CHECK_EQ(ipf_smmu_dma(f.smmu, 0x7000, false).fault, IPF_FAULT_NONE);
	fixture_fini(&f);
}

/* Leaf-only invalidation where a walk invalidation was needed. */
static void case_leaf_only_walk(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	break_flush_ops(&f, leaf_only_walk, NULL);
	CHECK_EQ(fixture_unmap(&f, 0, SZ_2M), SZ_2M);
	CHECK_EQ(n(&f, IPF_EV_SMMU_WALK_FLUSH_MISSING), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_FREED_WHILE_CACHED), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_STALE_WALK_CACHE), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_STALE_TLB), 0); /* the leaves did go */
	fixture_fini(&f);
}

/* A recycled table page: only the generation check tells the stale walk. */
static void case_reuse(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;
	struct ipf_xlate x;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_REUSE), 0);
	populate(&f);
	break_flush_ops(&f, noop_walk, NULL);
	CHECK_EQ(fixture_unmap(&f, 0, SZ_2M), SZ_2M);
	/* The freed level-3 table comes back as a table for [1G, 1G + 2M). */
	CHECK_EQ(fixture_map(&f, SZ_1G, 3 * SZ_1G, SZ_4K, IOMMU_READ), 0);
	/* Leaf entries gone, the walk cache still points at the recycled page. */
	for (uint64_t a = 0; a < SZ_2M; a += SZ_4K)
		ipf_smmu_cmd(f.smmu, &(struct ipf_smmu_cmd){ { SMMU_CMD_TLBI_NH_VA, 1 | a } });
	ipf_smmu_cmd(f.smmu, &(struct ipf_smmu_cmd){ { SMMU_CMD_SYNC, 0 } });
	x = ipf_smmu_dma(f.smmu, 0, false);
	CHECK(n(&f, IPF_EV_SMMU_STALE_TABLE_WALK) >= 1);
	CHECK(x.fault == IPF_FAULT_WALK_ABORT);
	fixture_fini(&f);
}

/* Invalidate, then clear, then free: the order is wrong even though a flush happened. */
static void case_flush_before_clear(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;
	struct iommu_iotlb_gather gather;
	uint64_t got;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	fixture_begin(&f);
	ipf_smmu_prefill(f.smmu, 0, 4 * SZ_2M, 1u << 16);
	orig_ops = io_pgtable_ops_to_pgtable(f.d->pgtbl_ops)->cfg.tlb;
	orig_ops->tlb_flush_walk(0, SZ_2M, SZ_4K, f.d);
	break_flush_ops(&f, noop_walk, NULL);
	iommu_iotlb_gather_init(&gather);
	got = iommu_unmap_fast(&f.d->domain, 0, SZ_2M, &gather);
	iommu_iotlb_sync(&f.d->domain, &gather);
	ipf_smmu_op_end(f.smmu, false);
	CHECK_EQ(got, SZ_2M);
	CHECK_EQ(n(&f, IPF_EV_SMMU_FLUSH_BEFORE_CLEAR), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_FREE_BEFORE_FLUSH), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_WALK_FLUSH_MISSING), 0);
	fixture_fini(&f);
}

/* An iotlb_sync that issues the invalidation but never the CMD_SYNC. */
static void no_sync_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	struct ipf_domain *d = (struct ipf_domain *)domain;

	for (uint64_t a = gather->start; gather->pgsize && a <= gather->end; a += gather->pgsize)
		ipf_smmu_cmd(d->smmu, &(struct ipf_smmu_cmd){ { SMMU_CMD_TLBI_NH_VA, 1 | a } });
}

static void case_unsynced(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;
	struct iommu_ops ops;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	ops = *f.d->domain.ops;
	ops.iotlb_sync = no_sync_iotlb_sync;
	f.d->domain.ops = &ops;
	CHECK_EQ(fixture_unmap(&f, 0x1000, 0x3000), 0x3000);
	CHECK_EQ(n(&f, IPF_EV_SMMU_LEAF_FLUSH_MISSING), 3);
	CHECK(n(&f, IPF_EV_SMMU_STALE_TLB) >= 1);
	fixture_fini(&f);
}

/* Two TLB entries for one address: a block split without invalidating the block. */
static void case_conflict(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	CHECK_EQ(ipf_smmu_dma(f.smmu, SZ_2M + 0x5000, false).size, SZ_2M);
	break_flush_ops(&f, NULL, noop_add_page);
	CHECK_EQ(fixture_unmap(&f, SZ_2M + SZ_4K, SZ_4K), SZ_4K);
	/* the pages of the new level-3 table get cached too */
	ipf_smmu_prefill(f.smmu, SZ_2M, 2 * SZ_2M, 1024);
	ipf_smmu_dma(f.smmu, SZ_2M + 0x5000, false);
	CHECK(n(&f, IPF_EV_SMMU_TLB_CONFLICT) >= 1);
	fixture_fini(&f);
}

static void case_leak(enum ipf_engine engine, const struct ipf_smmu_cfg *scfg)
{
	struct fixture f;
	uint64_t pa;

	CHECK_EQ(fixture_init(&f, engine, &cfg_s1, scfg, IPF_FREE_QUARANTINE), 0);
	populate(&f);
	/* a table the engine lost track of */
	CHECK(ipf_pgmem_alloc(&f.mem, SZ_4K, &pa) != NULL);
	CHECK_EQ(fixture_fini(&f), 1);
	CHECK_EQ(n(&f, IPF_EV_SMMU_LEAK), 1);
}

static void test_oracles(void)
{
	for_each_engine(case_correct);
	for_each_engine(case_no_add_page);
	for_each_engine(case_no_walk_flush);
	for_each_engine(case_leaf_only_walk);
	for_each_engine(case_reuse);
	for_each_engine(case_flush_before_clear);
	for_each_engine(case_unsynced);
	for_each_engine(case_conflict);
	for_each_engine(case_leak);
}

int main(void)
{
	RUN_TEST(test_oracles);
	return check_summary("test_smmu_oracles");
}
