// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two engines against each other through the runner (engine/runner/):
 * for the same requests, the reference (v5.12, per page) and the optimised
 * (v5.15, *_pages) engines return the same values, leave the same page
 * tables and, for every request both carried out strictly, issue the same
 * tlb_flush_walk/tlb_add_page/iotlb_sync sequence (__iommu_map() and
 * __iommu_unmap(), drivers/iommu/iommu.c; the runner's flush_order.c), on
 * every configuration. What differs by design is a rule of
 * engine/common/known.c, counted, never restated here (test_known.c meets
 * each rule, lazy-flush-order among them).
 */
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgsize.h"
#include "iopgfuzz/runner.h"
#include "program_check.h"

CHECK_MAIN_STATE;

/* An IOVA near something interesting: 0, a block boundary, the top of IAS. */
static uint64_t random_iova(const struct ipf_geometry *g)
{
	uint64_t big = gen_biggest(g->pgsize_bitmap), top = 1ULL << g->ias;
	uint64_t base;

	switch (pick(4)) {
	case 0: base = 0; break;
	case 1: base = big * (1 + pick(3)); break;
	case 2: base = top - 4 * big; break;
	default: base = g->granule * 512 * pick(8); break;
	}
	if (pick(2))
		base += g->granule * (pick(2) ? pick(4) : (uint64_t)(int64_t)-(int64_t)pick(4));
	return base & (top - 1) & ~(g->granule - 1);
}

/* How many leaves the core would write for [iova, iova + size). */
static uint64_t leaves(uint64_t bitmap, uint64_t iova, uint64_t size)
{
	uint64_t n = 0, count;

	while (size) {
		uint64_t pgsize = iommu_pgsize_v515(bitmap, iova, iova, size, &count, NULL, NULL);

		if (!pgsize)
			break;
		n += count;
		iova += pgsize * count;
		size -= pgsize * count;
	}
	return n;
}

static uint64_t random_size(const struct ipf_geometry *g, uint64_t iova)
{
	static const uint64_t counts[] = { 1, 2, 3, 31, 32, 33, 511, 512, 513 };
	uint64_t sizes[3], nr = 0, size;

	for (uint64_t b = g->pgsize_bitmap; b && nr < 3; b &= b - 1)
		sizes[nr++] = b & -b;
	size = sizes[pick(nr)] * counts[pick(9)];
	/* Keep programs small: at most 8192 leaves per request. */
	while (size > sizes[0] && leaves(g->pgsize_bitmap, iova, size) > 8192)
		size = (size / 2) & ~(sizes[0] - 1);
	return size ? size : sizes[0];
}

static int random_prot(void)
{
	int prot = (int)pick(64) & IOMMU_PROT_MASK;

	return prot & (IOMMU_READ | IOMMU_WRITE) ? prot : prot | IOMMU_READ;
}

/* 24 strict maps and unmaps, inside the aperture, as callers keep them. */
static void random_program(struct ipf_program *p, uint64_t seed)
{
	struct ipf_geometry g;

	rng_state = seed;
	memset(p, 0, sizeof(*p));
	ipf_config_default(&p->cfg);
	gen_domain_cfg(&p->cfg.domain, &gen_space_all);
	ipf_config_geometry(&p->cfg, &g);
	p->nr_ops = 24;
	for (uint32_t i = 0; i < p->nr_ops; i++) {
		struct ipf_op *op = &p->ops[i];
		uint64_t top = 1ULL << g.ias, otop = 1ULL << g.oas;

		op->iova = random_iova(&g);
		op->size = random_size(&g, op->iova);
		if (op->iova + op->size > top)
			op->size = top - op->iova;
		if (!pick(3)) {
			op->kind = IPF_OP_UNMAP;
			continue;
		}
		op->kind = IPF_OP_MAP;
		op->paddr = pick(4) ? op->iova + (pick(64) << 30) : (rnd() & ~0xfffULL);
		op->paddr &= (otop - 1) & ~(g.granule - 1);
		if (op->paddr + op->size > otop)
			op->paddr = otop - op->size;
		op->prot = random_prot();
	}
}

static void test_random_programs(void)
{
	struct ipf_runner *r = ipf_runner_create();
	static struct ipf_program p;
	struct run_tally t = { 0 };
	unsigned long failed_maps = 0;

	for (uint64_t seed = 1; seed <= 250; seed++) {
		struct ipf_run_stats st;

		random_program(&p, seed);
		run_tallied(r, &p, seed, &st, &t);
		failed_maps += st.known.n[IPF_KNOWN_FAILED_MAP_FLUSHES];
		/* Every request strict: no flush order was excused. */
		CHECK_EQ(st.known.n[IPF_KNOWN_LAZY_FLUSH_ORDER], 0);
	}
	printf("differential: %lu programs agree, %lu unusable, %lu operations, %lu failed maps\n",
	       t.agree, t.unusable, t.ops, failed_maps);
	CHECK(t.agree > 200);
	CHECK(t.ops > 4000);
	CHECK(failed_maps > 0); /* the failed-map-flushes rule is met, and counted */
	ipf_runner_destroy(r);
}

/*
 * arm_lpae_same_trees() (the runner's final structure comparison) against
 * changes the translations may not show: a descriptor bit, an entry gone,
 * an empty table more, one entry moved, a second link to one table.
 */
static void test_same_trees_sees_each_change(void)
{
	static const struct ipf_domain_cfg cfg = {
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	};
	for (int change = 0; change < 5; change++) {
		struct ipf_domain *ref = ipf_domain_alloc(IPF_ENGINE_REF, &cfg, NULL, NULL, NULL, NULL);
		struct ipf_domain *opt = ipf_domain_alloc(IPF_ENGINE_OPT, &cfg, NULL, NULL, NULL, NULL);
		struct arm_lpae_io_pgtable *od = io_pgtable_ops_to_data(opt->pgtbl_ops);
		arm_lpae_iopte *l1, *l2, *l3;

		for (int e = 0; e < 2; e++) {
			struct iommu_domain *dom = e ? &opt->domain : &ref->domain;

			CHECK_EQ(iommu_map(dom, SZ_1G, SZ_1G, 4 * SZ_2M, IOMMU_READ), 0);
			CHECK_EQ(iommu_map(dom, SZ_1G + 4 * SZ_2M, 0, 3 * SZ_4K, IOMMU_WRITE), 0);
		}
		CHECK_EQ(arm_lpae_same_trees(io_pgtable_ops_to_data(ref->pgtbl_ops), od), 0);
		l1 = ipf_pgmem_deref(opt->ctx.mem, iopte_to_paddr(od->pgd[0], od));
		l2 = ipf_pgmem_deref(opt->ctx.mem, iopte_to_paddr(l1[1], od));
		l3 = ipf_pgmem_deref(opt->ctx.mem, iopte_to_paddr(l2[4], od));
		switch (change) {
		case 0: l2[1] ^= ARM_LPAE_PTE_XN; break;          /* an attribute bit of a block */
		case 1: l3[2] = 0; break;                          /* a page gone */
		case 2: l3[3] = l3[2], l3[2] = 0; break;           /* a page moved up one slot */
		case 3: l2[5] = l2[4]; break;                      /* a second link to one table */
		default: {                                         /* an empty table more */
			uint64_t pa;

			CHECK(ipf_pgmem_alloc(opt->ctx.mem, ARM_LPAE_GRANULE(od), &pa) != NULL);
			l2[6] = paddr_to_iopte(pa, od) | ARM_LPAE_PTE_TYPE_TABLE;
			break;
		}
		}
		CHECK_EQ(arm_lpae_same_trees(io_pgtable_ops_to_data(ref->pgtbl_ops), od), -1);
		ipf_domain_free(ref);
		ipf_domain_free(opt);
	}
}

int main(void)
{
	RUN_TEST(test_random_programs);
	RUN_TEST(test_same_trees_sees_each_change);
	return check_summary("test_differential");
}
