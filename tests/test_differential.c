// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two engines against each other on random programs: for the same
 * requests, the reference (v5.12, per page) and the optimised (v5.15,
 * *_pages) engines must return the same values, leave the same page
 * tables, and issue the same tlb_flush_walk/tlb_add_page/iotlb_sync
 * sequence (__iommu_map() and __iommu_unmap(), drivers/iommu/iommu.c), on every configuration.
 */
#include <string.h>

#include "check.h"
#include "rng.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/lpae.h"

CHECK_MAIN_STATE;


/* Flush ops and syncs, in order, as comparable records. */
#define MAX_FLUSH 32768
struct flush_log {
	uint32_t nr;
	int overflow;
	struct { int kind; uint64_t a, b, c; } rec[MAX_FLUSH];
};

static void log_flush(void *ctx, const struct ipf_trace *t)
{
	struct flush_log *log = ctx;

	if (t->kind != IPF_TR_FLUSH_WALK && t->kind != IPF_TR_ADD_PAGE &&
	    t->kind != IPF_TR_IOTLB_SYNC && t->kind != IPF_TR_FLUSH_ALL)
		return;
	if (log->nr == MAX_FLUSH) {
		log->overflow = 1;
		return;
	}
	log->rec[log->nr].kind = t->kind;
	log->rec[log->nr].a = t->iova;
	log->rec[log->nr].b = t->kind == IPF_TR_IOTLB_SYNC ? t->end : t->size;
	log->rec[log->nr].c = t->pgsize;
	log->nr++;
}

/* Leaves exactly; tables by position only (their PAs are each engine's own). */
#define MAX_PTES 16384
struct dump {
	uint32_t nr;
	struct { int lvl; uint64_t iova, pte; } e[MAX_PTES];
};

static int dump_one(void *arg, const struct arm_lpae_pte_visit *v)
{
	struct dump *dp = arg;

	if (dp->nr == MAX_PTES)
		return 1;
	dp->e[dp->nr].lvl = v->lvl;
	dp->e[dp->nr].iova = v->iova;
	dp->e[dp->nr].pte = v->leaf ? v->pte : ARM_LPAE_PTE_TYPE_TABLE;
	dp->nr++;
	return 0;
}

static struct dump dumps[2];
static struct flush_log logs[2];

/* Tables in the dump that nothing deeper follows. */
static int64_t empty_in_dump(const struct dump *dp)
{
	int64_t n = 0;

	for (uint32_t k = 0; k < dp->nr; k++)
		if (dp->e[k].pte == ARM_LPAE_PTE_TYPE_TABLE &&
		    (k + 1 == dp->nr || dp->e[k + 1].lvl <= dp->e[k].lvl))
			n++;
	return n;
}

static unsigned long side_by_side_checked;

/* The dumps compared, and arm_lpae_same_trees() must say the same without them. */
static int same_tables(struct ipf_domain *ref, struct ipf_domain *opt)
{
	int64_t side_by_side = arm_lpae_same_trees(io_pgtable_ops_to_data(ref->pgtbl_ops),
						   io_pgtable_ops_to_data(opt->pgtbl_ops));
	int same;

	memset(dumps, 0, sizeof(dumps));
	arm_lpae_for_each_pte(io_pgtable_ops_to_data(ref->pgtbl_ops), dump_one, &dumps[0]);
	arm_lpae_for_each_pte(io_pgtable_ops_to_data(opt->pgtbl_ops), dump_one, &dumps[1]);
	same = dumps[0].nr == dumps[1].nr &&
	       !memcmp(dumps[0].e, dumps[1].e, dumps[0].nr * sizeof(dumps[0].e[0]));
	if (dumps[0].nr < MAX_PTES && dumps[1].nr < MAX_PTES) {
		CHECK_EQ(side_by_side >= 0, same);
		if (same)
			CHECK_EQ(side_by_side, empty_in_dump(&dumps[0]));
		side_by_side_checked++;
	}
	return same;
}

/*
 * arm_lpae_same_trees() against changes the translations may not show: a
 * descriptor bit, an entry gone, an empty table more, one entry moved.
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
		CHECK(same_tables(ref, opt));
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
		CHECK(!same_tables(ref, opt));
		CHECK_EQ(arm_lpae_same_trees(io_pgtable_ops_to_data(ref->pgtbl_ops), od), -1);
		ipf_domain_free(ref);
		ipf_domain_free(opt);
	}
}

static int same_flushes(void)
{
	return !logs[0].overflow && !logs[1].overflow && logs[0].nr == logs[1].nr &&
	       !memcmp(logs[0].rec, logs[1].rec, logs[0].nr * sizeof(logs[0].rec[0]));
}

static void print_first_difference(void)
{
	for (uint32_t i = 0; i < logs[0].nr || i < logs[1].nr; i++) {
		for (int e = 0; e < 2; e++) {
			if (i >= logs[e].nr)
				continue;
			fprintf(stderr, "    %s #%u: %s 0x%llx 0x%llx 0x%llx\n", e ? "opt" : "ref", i,
				ipf_trace_kind_name(logs[e].rec[i].kind),
				(unsigned long long)logs[e].rec[i].a, (unsigned long long)logs[e].rec[i].b,
				(unsigned long long)logs[e].rec[i].c);
		}
		if (i >= logs[0].nr || i >= logs[1].nr ||
		    memcmp(&logs[0].rec[i], &logs[1].rec[i], sizeof(logs[0].rec[i])))
			break;
	}
}

static void random_cfg(struct ipf_domain_cfg *cfg)
{
	static const uint64_t granules[] = { SZ_4K, SZ_16K, SZ_64K };
	static const uint64_t blocks[3][2] = { { SZ_2M, SZ_1G }, { SZ_32M, 0 }, { SZ_512M, 0 } };
	static const unsigned int ias[] = { 32, 36, 39, 40, 42, 44, 48 };
	static const unsigned int oas[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int g = (unsigned int)pick(3);

	memset(cfg, 0, sizeof(*cfg));
	cfg->fmt = pick(2) ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
	cfg->pgsize_bitmap = granules[g];
	for (int i = 0; i < 2; i++)
		if (pick(4))
			cfg->pgsize_bitmap |= blocks[g][i];
	cfg->host_page_size = granules[g];
	cfg->ias = ias[pick(7)];
	cfg->oas = oas[pick(6)];
	cfg->smmu = pick(2) ? IPF_SMMU_V2 : IPF_SMMU_V3;
	if (cfg->fmt == ARM_64_LPAE_S1 && !pick(4))
		cfg->quirks = IO_PGTABLE_QUIRK_ARM_NS;
}

/* An IOVA near something interesting: 0, a block boundary, the top of IAS. */
static uint64_t random_iova(const struct ipf_domain *d)
{
	uint64_t bitmap = d->domain.pgsize_bitmap, granule = 1ULL << ffs64(bitmap);
	uint64_t big = 1ULL << fls64(bitmap), top = 1ULL << d->pgtbl_cfg.ias;
	uint64_t base;

	switch (pick(4)) {
	case 0: base = 0; break;
	case 1: base = big * (1 + pick(3)); break;
	case 2: base = top - 4 * big; break;
	default: base = granule * 512 * pick(8); break;
	}
	if (pick(2))
		base += granule * (pick(2) ? pick(4) : (uint64_t)(int64_t)-(int64_t)pick(4));
	return base & (top - 1) & ~(granule - 1);
}

/* How many leaves the core would write for [iova, iova + size). */
static uint64_t leaves(const struct ipf_domain *d, uint64_t iova, uint64_t size)
{
	uint64_t n = 0, count;

	while (size) {
		uint64_t pgsize = iommu_pgsize_v515(d->domain.pgsize_bitmap, iova, iova, size, &count,
						    NULL, NULL);

		if (!pgsize)
			break;
		n += count;
		iova += pgsize * count;
		size -= pgsize * count;
	}
	return n;
}

static uint64_t random_size(const struct ipf_domain *d, uint64_t iova)
{
	static const uint64_t counts[] = { 1, 2, 3, 31, 32, 33, 511, 512, 513 };
	uint64_t bitmap = d->domain.pgsize_bitmap, sizes[3], nr = 0;
	uint64_t size;

	for (uint64_t b = bitmap; b; b &= b - 1)
		sizes[nr++] = b & -b;
	size = sizes[pick(nr)] * counts[pick(9)];
	/* Keep programs small: at most 8192 leaves per request. */
	while (size > sizes[0] && leaves(d, iova, size) > 8192)
		size = (size / 2) & ~(sizes[0] - 1);
	return size ? size : sizes[0];
}

static int random_prot(void)
{
	int prot = (int)pick(64) & IOMMU_PROT_MASK;

	return prot & (IOMMU_READ | IOMMU_WRITE) ? prot : prot | IOMMU_READ;
}

static unsigned long programs, ops_run, maps_ok, unmapped_bytes;
static struct ipf_pgmem arenas[2]; /* one per engine, reset per program, as a fuzz loop does */

static void run_program(uint64_t seed)
{
	struct ipf_domain_cfg cfg;
	struct ipf_domain *d[2];
	struct ipf_tracer tr[2] = { { .fn = log_flush, .ctx = &logs[0] },
				    { .fn = log_flush, .ctx = &logs[1] } };
	int err[2] = { 0, 0 };

	rng_state = seed;
	random_cfg(&cfg);
	ipf_pgmem_reset(&arenas[0]);
	ipf_pgmem_reset(&arenas[1]);
	d[0] = ipf_domain_alloc(IPF_ENGINE_REF, &cfg, &arenas[0], NULL, &tr[0], &err[0]);
	d[1] = ipf_domain_alloc(IPF_ENGINE_OPT, &cfg, &arenas[1], NULL, &tr[1], &err[1]);
	CHECK((d[0] == NULL) == (d[1] == NULL));
	CHECK_EQ(err[0], err[1]);
	if (!d[0] || !d[1]) {
		ipf_domain_free(d[0]);
		ipf_domain_free(d[1]);
		return;
	}
	programs++;
	for (int op = 0; op < 24; op++) {
		uint64_t iova = random_iova(d[0]), size = random_size(d[0], iova);
		int unmap = pick(3) == 0, failed_map = 0;

		/* Within the aperture, as callers keep it (see test_range_checked_on_first_page). */
		if (iova + size > 1ULL << d[0]->pgtbl_cfg.ias)
			size = (1ULL << d[0]->pgtbl_cfg.ias) - iova;

		memset(logs, 0, sizeof(logs));
		if (unmap) {
			uint64_t r0 = iommu_unmap(&d[0]->domain, iova, size);
			uint64_t r1 = iommu_unmap(&d[1]->domain, iova, size);

			CHECK_EQ(r0, r1);
			unmapped_bytes += r0;
		} else {
			uint64_t paddr = pick(4) ? iova + (pick(64) << 30) : (rnd() & ~0xfffULL);
			int prot = random_prot(), r0, r1;

			paddr &= (1ULL << d[0]->pgtbl_cfg.oas) - 1;
			paddr &= ~((1ULL << ffs64(d[0]->domain.pgsize_bitmap)) - 1);
			if (paddr + size > 1ULL << d[0]->pgtbl_cfg.oas)
				paddr = (1ULL << d[0]->pgtbl_cfg.oas) - size;
			r0 = iommu_map(&d[0]->domain, iova, paddr, size, prot);
			r1 = iommu_map(&d[1]->domain, iova, paddr, size, prot);
			CHECK_EQ(r0, r1);
			maps_ok += r0 == 0;
			failed_map = r0 != 0;
		}
		ops_run++;
		/*
		 * A failing map_pages writes nothing of its run, while the per-page
		 * engine maps the pages before the failure and then unwinds them:
		 * the same tables, but extra invalidations on the reference side.
		 */
		if (!failed_map && !same_flushes()) {
			CHECK(same_flushes());
			fprintf(stderr, "  seed %llu op %d (%s iova 0x%llx size 0x%llx): flush sequences differ (%u vs %u)\n",
				(unsigned long long)seed, op, unmap ? "unmap" : "map",
				(unsigned long long)iova, (unsigned long long)size, logs[0].nr, logs[1].nr);
			print_first_difference();
			break;
		}
		if (!same_tables(d[0], d[1])) {
			CHECK(0);
			fprintf(stderr, "  seed %llu op %d: page tables differ\n",
				(unsigned long long)seed, op);
			break;
		}
		CHECK_EQ(d[0]->ctx.mem->live_tables, d[1]->ctx.mem->live_tables);
	}
	CHECK_EQ(ipf_domain_free(d[0]), 0);
	CHECK_EQ(ipf_domain_free(d[1]), 0);
}

static void test_random_programs(void)
{
	CHECK_EQ(ipf_pgmem_init(&arenas[0], NULL), 0);
	CHECK_EQ(ipf_pgmem_init(&arenas[1], NULL), 0);
	for (uint64_t seed = 1; seed <= 250; seed++)
		run_program(seed);
	printf("differential: %lu programs, %lu operations, %lu maps succeeded, %lu bytes unmapped, "
	       "%lu side-by-side structure checks\n", programs, ops_run, maps_ok, unmapped_bytes,
	       side_by_side_checked);
	CHECK(programs > 120);
	CHECK(maps_ok > 600);
	ipf_pgmem_destroy(&arenas[0]);
	ipf_pgmem_destroy(&arenas[1]);
}

/*
 * A known difference, and the kernel's: io-pgtable-arm checks iova and paddr
 * against IAS/OAS for the first page of a call only. Per page, a request
 * crossing the top of the IAS fails with -ERANGE at the first page beyond it
 * and is unwound; as one map_pages run it is written whole, the entries past
 * the IAS landing in the unused tail of the pgd page.
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
	CHECK_EQ(iommu_map(&ref->domain, 3 * SZ_1G, 3 * SZ_1G, 2 * SZ_1G, IOMMU_READ), -34 /* -ERANGE */);
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
	RUN_TEST(test_range_checked_on_first_page);
	RUN_TEST(test_random_programs);
	RUN_TEST(test_same_trees_sees_each_change);
	return check_summary("test_differential");
}
