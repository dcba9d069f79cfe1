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
#include "gen.h"
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

static int same_tables(struct ipf_domain *ref, struct ipf_domain *opt)
{
	memset(dumps, 0, sizeof(dumps));
	arm_lpae_for_each_pte(io_pgtable_ops_to_data(ref->pgtbl_ops), dump_one, &dumps[0]);
	arm_lpae_for_each_pte(io_pgtable_ops_to_data(opt->pgtbl_ops), dump_one, &dumps[1]);
	return dumps[0].nr == dumps[1].nr &&
	       !memcmp(dumps[0].e, dumps[1].e, dumps[0].nr * sizeof(dumps[0].e[0]));
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
	gen_domain_cfg(&cfg, &gen_space_all);
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
	printf("differential: %lu programs, %lu operations, %lu maps succeeded, %lu bytes unmapped\n",
	       programs, ops_run, maps_ok, unmapped_bytes);
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
	return check_summary("test_differential");
}
