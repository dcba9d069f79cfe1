// SPDX-License-Identifier: GPL-2.0-only
/*
 * The io-pgtable-arm selftest (arm_lpae_run_tests(), io-pgtable-arm.c) as
 * reproducible cases, on both engines, for every configuration it runs:
 * pgsize_bitmap {4K|2M|1G, 16K|32M, 64K|512M} x ias {32..48} x {S1, S2},
 * oas 48. The io-pgtable ops are driven directly, as the selftest does,
 * with a NULL gather; the domain uses the SMMUv2-like flush ops, which
 * never touch the gather (the selftest's dummy ops do not either) and
 * check every flush size against the bitmap like the dummy ops do.
 *
 * Each profile runs the steps its kernel's selftest has: the block split
 * (T5..T7) up to v6.12, the last page of the IAS (T12/T13, d64c8053378e,
 * v6.13; the model holds it in every profile), and from v6.14 every OAS of
 * the list with ias <= oas (376ce8b35ed1), as v6.19's KUnit suite
 * (io-pgtable-arm-selftests.c) still does.
 *
 * Then harness extensions: the same kind of map/unmap work with
 * pgcount > 1 runs crossing table boundaries (map_pages/unmap_pages on the
 * optimised engine, the equivalent per-page loop on the reference engine),
 * after which both engines must hold identical page tables; and the start
 * level / pgd size io-pgtable-arm gives every granule and IAS, including
 * the stage-2 concatenated pgds, by the rule before v6.14 and by
 * 4dcac8407fe1's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgmem.h"

CHECK_MAIN_STATE;

static const uint64_t selftest_bitmaps[] = {
	SZ_4K | SZ_2M | SZ_1G,
	SZ_16K | SZ_32M,
	SZ_64K | SZ_512M,
};
static const unsigned int selftest_ias[] = { 32, 36, 40, 42, 44, 48 };
static const enum io_pgtable_fmt selftest_fmts[] = { ARM_64_LPAE_S1, ARM_64_LPAE_S2 };

#define NR_BITMAPS (sizeof(selftest_bitmaps) / sizeof(selftest_bitmaps[0]))
#define NR_IAS (sizeof(selftest_ias) / sizeof(selftest_ias[0]))
#define NR_FMTS (sizeof(selftest_fmts) / sizeof(selftest_fmts[0]))

static char label[160];
/* The kernel every domain of the running test behaves as. */
static enum ipf_profile profile;

static const char *fmt_name(enum io_pgtable_fmt fmt)
{
	return fmt == ARM_64_LPAE_S1 ? "S1" : "S2";
}

/* Failure messages name the configuration. */
static void set_label(const char *what, enum ipf_engine engine, uint64_t bitmap,
		      unsigned int ias, enum io_pgtable_fmt fmt)
{
	snprintf(label, sizeof(label), "%s [%s %s bitmap 0x%llx ias %u %s]", what,
		 ipf_profile_name(profile), ipf_engine_name(engine), (unsigned long long)bitmap,
		 ias, fmt_name(fmt));
	check_state.test = label;
}

/* The tracer for T14: counts tlb_flush_all records. */
struct flush_count {
	unsigned long flush_all;
};

static void count_flush_all(void *ctx, const struct ipf_trace *t)
{
	struct flush_count *fc = ctx;

	if (t->kind == IPF_TR_FLUSH_ALL)
		fc->flush_all++;
}

static struct ipf_domain *alloc_domain_oas(enum ipf_engine engine, uint64_t bitmap,
					   unsigned int ias, unsigned int oas,
					   enum io_pgtable_fmt fmt, struct ipf_events *ev,
					   const struct ipf_tracer *tr)
{
	/* host PAGE_SIZE = the granule, so the restriction keeps that granule */
	struct ipf_domain_cfg cfg = {
		.fmt = fmt, .pgsize_bitmap = bitmap, .ias = ias, .oas = oas,
		.smmu = IPF_SMMU_V2, .host_page_size = bitmap & (~bitmap + 1),
		.profile = profile,
	};
	int err = 0;
	struct ipf_domain *d = ipf_domain_alloc(engine, &cfg, NULL, ev, tr, &err);

	CHECK(d != NULL);
	CHECK_EQ(err, 0);
	if (!d)
		return NULL;
	CHECK_EQ(d->pgtbl_cfg.pgsize_bitmap, bitmap);
	CHECK_EQ(d->pgtbl_cfg.ias, ias);
	CHECK_EQ(d->pgtbl_cfg.oas, oas);
	/* Each engine exposes exactly its own algorithm. */
	if (engine == IPF_ENGINE_REF) {
		CHECK(d->pgtbl_ops->map && d->pgtbl_ops->unmap);
		CHECK(!d->pgtbl_ops->map_pages && !d->pgtbl_ops->unmap_pages);
	} else {
		CHECK(d->pgtbl_ops->map_pages && d->pgtbl_ops->unmap_pages);
		CHECK(!d->pgtbl_ops->map && !d->pgtbl_ops->unmap);
	}
	return d;
}

static struct ipf_domain *alloc_domain(enum ipf_engine engine, uint64_t bitmap, unsigned int ias,
				       enum io_pgtable_fmt fmt, struct ipf_events *ev,
				       const struct ipf_tracer *tr)
{
	return alloc_domain_oas(engine, bitmap, ias, 48, fmt, ev, tr);
}

/* One io-pgtable map call: ->map (ref) or ->map_pages (opt). */
static int pt_map(struct ipf_domain *d, uint64_t iova, uint64_t pa, uint64_t size,
		  uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	int ret;

	*mapped = 0;
	if (ops->map_pages)
		return ops->map_pages(ops, iova, pa, size, pgcount, prot, mapped);
	ret = ops->map(ops, iova, pa, size, prot);
	if (!ret)
		*mapped = size;
	return ret;
}

/* One io-pgtable unmap call, NULL gather as in the selftest. */
static uint64_t pt_unmap(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t pgcount)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;

	if (ops->unmap_pages)
		return ops->unmap_pages(ops, iova, size, pgcount, NULL);
	return ops->unmap(ops, iova, size, NULL);
}

static uint64_t phys(struct ipf_domain *d, uint64_t iova)
{
	return d->pgtbl_ops->iova_to_phys(d->pgtbl_ops, iova);
}

/* ------------------------------------------------------------------ */
/* T1..T14                                                             */

/* T5..T7 up to v6.12: a partial unmap splits the block at 1G, then the hole is remapped. */
static void partial_unmap_split(struct ipf_domain *d, uint64_t min)
{
	uint64_t mapped;

	CHECK_EQ(pt_unmap(d, SZ_1G + min, min, 1), min);
	CHECK_EQ(phys(d, SZ_1G + min + 42), 0);
	/* the rest of the block still translates as before */
	CHECK_EQ(phys(d, SZ_1G + 42), SZ_1G + 42);
	CHECK_EQ(phys(d, SZ_1G + 2 * min + 42), SZ_1G + 2 * min + 42);
	/* T6: remap the hole elsewhere */
	CHECK_EQ(pt_map(d, SZ_1G + min, min, min, 1, IOMMU_READ, &mapped), 0);
	CHECK_EQ(mapped, min);
	/* T7 */
	CHECK_EQ(phys(d, SZ_1G + min + 42), min + 42);
}

/* From v6.13 the selftest has no T5..T7: the model refuses the split, once warned, block intact. */
static void partial_unmap_refused(struct ipf_domain *d, uint64_t min, const struct ipf_events *ev)
{
	CHECK_EQ(pt_unmap(d, SZ_1G + min, min, 1), 0);
	CHECK_EQ(ev->count[IPF_EV_UNMAP_PARTIAL_BLOCK], 1);
	CHECK_EQ(phys(d, SZ_1G + min + 42), SZ_1G + min + 42);
}

static void run_selftest(enum ipf_engine engine, uint64_t bitmap, unsigned int ias,
			 unsigned int oas, enum io_pgtable_fmt fmt)
{
	struct ipf_events ev;
	struct flush_count fc = { 0 };
	const struct ipf_tracer tracer = { .fn = count_flush_all, .ctx = &fc };
	const int prot_rwxc = IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_CACHE;
	struct ipf_domain *d;
	uint64_t iova, size, mapped, min, bm, leaked;
	unsigned int nsizes = 0;
	int ret;

	set_label("selftest", engine, bitmap, ias, fmt);
	ipf_events_reset(&ev);
	d = alloc_domain_oas(engine, bitmap, ias, oas, fmt, &ev, &tracer);
	if (!d)
		return;
	bm = d->pgtbl_cfg.pgsize_bitmap;

	/* T1: an empty table translates nothing. */
	CHECK_EQ(phys(d, 42), 0);
	CHECK_EQ(phys(d, SZ_1G + 42), 0);
	CHECK_EQ(phys(d, 2 * SZ_1G + 42), 0);

	/*
	 * T2..T4: one mapping per page size, ascending, at 0, 1G, 2G (all
	 * below 2^32, so every ias in the list holds them, as in the kernel).
	 */
	iova = 0;
	for (uint64_t b = bm; b; b &= b - 1) {
		size = b & (~b + 1);
		ret = pt_map(d, iova, iova, size, 1, prot_rwxc, &mapped);
		CHECK_EQ(ret, 0);
		CHECK_EQ(mapped, size);
		/* T3: overlapping mapping must fail and map nothing */
		ret = pt_map(d, iova, iova + size, size, 1, IOMMU_READ | IOMMU_NOEXEC, &mapped);
		CHECK_EQ(ret, -EEXIST);
		CHECK_EQ(mapped, 0);
		/* T4 */
		CHECK_EQ(phys(d, iova + 42), iova + 42);
		CHECK_EQ(phys(d, iova + size - 1), iova + size - 1);
		iova += SZ_1G;
		nsizes++;
	}
	CHECK(nsizes >= 2);

	/* T5: partial unmap of the smallest page out of the block at 1G. */
	min = 1ULL << ffs64(bm);
	if (ipf_profile_has(profile, IPF_CHANGE_NO_SPLIT))
		partial_unmap_refused(d, min, &ev);
	else
		partial_unmap_split(d, min);

	/* T8..T11: full unmap per size, then remap write-only. */
	iova = 0;
	for (uint64_t b = bm; b; b &= b - 1) {
		size = b & (~b + 1);
		CHECK_EQ(pt_unmap(d, iova, size, 1), size);
		CHECK_EQ(phys(d, iova + 42), 0);
		ret = pt_map(d, iova, iova, size, 1, IOMMU_WRITE, &mapped);
		CHECK_EQ(ret, 0);
		CHECK_EQ(mapped, size);
		CHECK_EQ(phys(d, iova + 42), iova + 42);
		iova += SZ_1G;
	}

	/* T12/T13: the last largest page of the IAS. */
	size = 1ULL << fls64(bm);
	iova = (1ULL << ias) - size;
	ret = pt_map(d, iova, iova, size, 1, prot_rwxc, &mapped);
	CHECK_EQ(ret, 0);
	CHECK_EQ(mapped, size);
	CHECK_EQ(phys(d, iova + 42), iova + 42);
	CHECK_EQ(phys(d, iova + size - 1), iova + size - 1);
	CHECK_EQ(pt_unmap(d, iova, size, 1), size);
	CHECK_EQ(phys(d, iova + 42), 0);

	/* Only T3 (and a refused split) may have warned (the kernel silences T3 in the selftest). */
	CHECK_EQ(ev.count[IPF_EV_MAP_EXISTS], nsizes);
	CHECK_EQ(ev.total, nsizes + ev.count[IPF_EV_UNMAP_PARTIAL_BLOCK]);
	CHECK_EQ(fc.flush_all, 0);

	/* T14: free -> exactly one tlb_flush_all, nothing leaked. */
	leaked = ipf_domain_free(d);
	CHECK_EQ(fc.flush_all, 1);
	CHECK_EQ(leaked, 0);
}

/* OAS 48 only, or from v6.14 (376ce8b35ed1) every OAS of the list with ias <= oas. */
static void selftest_config(enum ipf_engine e, uint64_t bitmap, unsigned int ias,
			    enum io_pgtable_fmt fmt)
{
	bool every_oas = ipf_profile_has(profile, IPF_CHANGE_CONCAT_MANDATORY);

	for (unsigned int o = 0; o < NR_IAS; o++)
		if (every_oas ? selftest_ias[o] >= ias : selftest_ias[o] == 48)
			run_selftest(e, bitmap, ias, selftest_ias[o], fmt);
}

static void test_selftest(void)
{
	for (profile = 0; profile < IPF_PROFILES; profile++)
		for (unsigned int e = 0; e < IPF_ENGINES; e++)
			for (unsigned int b = 0; b < NR_BITMAPS; b++)
				for (unsigned int i = 0; i < NR_IAS; i++)
					for (unsigned int f = 0; f < NR_FMTS; f++)
						selftest_config((enum ipf_engine)e,
								selftest_bitmaps[b],
								selftest_ias[i], selftest_fmts[f]);
	profile = IPF_PROFILE_V5_15;
}

/* ------------------------------------------------------------------ */
/* Harness extensions: pgcount > 1 across table boundaries, ref vs opt */

struct pair {
	struct ipf_domain *d[IPF_ENGINES];
	struct ipf_events ev[IPF_ENGINES];
	uint64_t bitmap;
	unsigned int ias;
	enum io_pgtable_fmt fmt;
	uint64_t granule;
	uint64_t ptes;     /* descriptors per (non-pgd) table */
	uint64_t sizes[3]; /* page sizes, ascending */
	unsigned int nsizes;
	uint32_t warns[IPF_ENGINES]; /* MAP_EXISTS events the cases provoke on purpose */
};

/* Distinct output addresses for the runs, keeping the alignment of every page size. */
static uint64_t pa_of(uint64_t iova, unsigned int tag)
{
	return iova ^ (1ULL << (40 + tag));
}

/* How many of n pages of size s from iova one *_pages call may touch. */
static uint64_t entries_left(const struct pair *p, uint64_t iova, uint64_t s, uint64_t n)
{
	uint64_t left = p->ptes - ((iova / s) & (p->ptes - 1));

	return n < left ? n : left;
}

/*
 * Map n pages of size s: the opt engine with map_pages loops the way the
 * core does (each call must stop exactly at the end of the current table);
 * the ref engine one page per call.
 */
static void map_run(struct pair *p, uint64_t iova, uint64_t pa, uint64_t s, uint64_t n, int prot)
{
	struct ipf_domain *r = p->d[IPF_ENGINE_REF], *o = p->d[IPF_ENGINE_OPT];
	uint64_t done = 0, bad_calls = 0, ref_fail = 0, mapped;
	int ret = 0;

	for (uint64_t i = 0; i < n; i++)
		if (pt_map(r, iova + i * s, pa + i * s, s, 1, prot, &mapped) || mapped != s)
			ref_fail++;
	CHECK_EQ(ref_fail, 0);

	while (done < n) {
		uint64_t want = entries_left(p, iova + done * s, s, n - done);

		ret = pt_map(o, iova + done * s, pa + done * s, s, n - done, prot, &mapped);
		if (ret || !mapped)
			break;
		if (mapped != want * s)
			bad_calls++;
		done += mapped / s;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(done, n);
	CHECK_EQ(bad_calls, 0);
}

/* Unmap n pages of size s: unmap_pages loop (opt) vs per-page loop (ref). */
static void unmap_run(struct pair *p, uint64_t iova, uint64_t s, uint64_t n)
{
	struct ipf_domain *r = p->d[IPF_ENGINE_REF], *o = p->d[IPF_ENGINE_OPT];
	uint64_t done = 0, bad_calls = 0, ref_total = 0;

	for (uint64_t i = 0; i < n; i++)
		ref_total += pt_unmap(r, iova + i * s, s, 1);
	CHECK_EQ(ref_total, n * s);

	while (done < n) {
		uint64_t want = entries_left(p, iova + done * s, s, n - done);
		uint64_t got = pt_unmap(o, iova + done * s, s, n - done);

		if (!got)
			break;
		if (got != want * s)
			bad_calls++;
		done += got / s;
	}
	CHECK_EQ(done, n);
	CHECK_EQ(bad_calls, 0);
}

/*
 * T3 with pgcount: mapping over the first n pages of a mapped run fails
 * with -EEXIST and maps nothing, on both engines.
 */
static void overlap(struct pair *p, uint64_t iova, uint64_t s, uint64_t n)
{
	uint64_t mapped = 1;

	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		int ret = pt_map(p->d[e], iova, pa_of(iova, 5), s, e == IPF_ENGINE_OPT ? n : 1,
				 IOMMU_READ | IOMMU_NOEXEC, &mapped);

		CHECK_EQ(ret, -EEXIST);
		CHECK_EQ(mapped, 0);
		p->warns[e]++;
	}
}

/* Structural comparison of two trees: leaves bit-exact, tables in the same places. */
static uint64_t cmp_tree(struct arm_lpae_io_pgtable *a, const arm_lpae_iopte *ta,
			 struct arm_lpae_io_pgtable *b, const arm_lpae_iopte *tb, int lvl, uint64_t n)
{
	uint64_t bad = 0;

	for (uint64_t i = 0; i < n; i++) {
		arm_lpae_iopte pa = ta[i], pb = tb[i];
		const arm_lpae_iopte *na, *nb;

		if (!pa && !pb)
			continue;
		if (lvl == ARM_LPAE_MAX_LEVELS - 1 || iopte_leaf(pa, lvl) || iopte_leaf(pb, lvl) ||
		    !pa || !pb) {
			bad += pa != pb;
			continue;
		}
		/* both table descriptors: same attributes, then the tables below */
		bad += (pa & ~ARM_LPAE_PTE_ADDR_MASK) != (pb & ~ARM_LPAE_PTE_ADDR_MASK);
		na = ipf_pgmem_deref(a->iop.ctx->mem, iopte_to_paddr(pa, a));
		nb = ipf_pgmem_deref(b->iop.ctx->mem, iopte_to_paddr(pb, b));
		if (!na || !nb) {
			bad++;
			continue;
		}
		bad += cmp_tree(a, na, b, nb, lvl + 1, ARM_LPAE_PTES_PER_TABLE(a));
	}
	return bad;
}

static uint64_t live_tables(const struct ipf_domain *d)
{
	return d->ctx.counters.tables_allocated - d->ctx.counters.tables_freed;
}

/* Identical tables in both engines, and identical iova_to_phys over [lo, hi). */
static void compare(struct pair *p, uint64_t lo, uint64_t hi)
{
	struct ipf_domain *r = p->d[IPF_ENGINE_REF], *o = p->d[IPF_ENGINE_OPT];
	struct arm_lpae_io_pgtable *dr = io_pgtable_ops_to_data(r->pgtbl_ops);
	struct arm_lpae_io_pgtable *dopt = io_pgtable_ops_to_data(o->pgtbl_ops);
	uint64_t step = p->granule, bad = 0;

	CHECK_EQ(dr->pgd_bits, dopt->pgd_bits);
	CHECK_EQ(dr->start_level, dopt->start_level);
	if (dr->pgd_bits == dopt->pgd_bits)
		CHECK_EQ(cmp_tree(dr, dr->pgd, dopt, dopt->pgd, dr->start_level,
				  ARM_LPAE_PGD_SIZE(dr) / sizeof(arm_lpae_iopte)), 0);
	CHECK_EQ(live_tables(r), live_tables(o));
	CHECK_EQ(live_tables(r), r->ctx.mem->live_tables);
	CHECK_EQ(live_tables(o), o->ctx.mem->live_tables);

	/*
	 * Granule by granule; ranges of more than 2^15 granules (the 1G-block
	 * regions) are sampled at both ends of every step.
	 */
	while ((hi - lo) / step > (1ULL << 15))
		step <<= 1;
	for (uint64_t a = lo; a < hi; a += step) {
		bad += phys(r, a) != phys(o, a);
		if (step != p->granule)
			bad += phys(r, a + step - 1) != phys(o, a + step - 1);
	}
	CHECK_EQ(bad, 0);
}

/*
 * Region 0: pages of the granule g around the first table boundary B0 = s1
 * (E + 5 pages crossing two boundaries), then partial unmap and remap across
 * B0, unmap of a whole table entry with the next size, a block map over a
 * table that still holds pages, and teardown.
 */
static void ext_region0(struct pair *p)
{
	uint64_t g = p->sizes[0], s1 = p->sizes[1], b0 = s1;
	uint64_t start = b0 - 3 * g, n = p->ptes + 5;
	const uint64_t end = 4 * b0;

	map_run(p, start, pa_of(start, 0), g, n, IOMMU_READ | IOMMU_WRITE);
	overlap(p, start, g, n);
	compare(p, start, end);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], start + 42), pa_of(start, 0) + 42);
		CHECK_EQ(phys(p->d[e], 2 * b0 + g + 42), pa_of(start, 0) + (p->ptes + 4) * g + 42);
		CHECK_EQ(phys(p->d[e], 2 * b0 + 2 * g), 0);
	}

	/* unmap and remap 5 pages across B0 (2 + 3 pages per call on opt) */
	unmap_run(p, b0 - 2 * g, g, 5);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], b0 - 2 * g), 0);
		CHECK_EQ(phys(p->d[e], b0 + 2 * g + 42), 0);
		CHECK_EQ(phys(p->d[e], b0 + 3 * g + 42), pa_of(start, 0) + 6 * g + 42);
	}
	/*
	 * map_pages checks every target entry before writing any: with a leaf
	 * in the 4th entry, the 3 empty ones before it stay empty (opt only:
	 * per page, the ref engine would map 3 pages and the core unwind them).
	 */
	{
		struct ipf_domain *o = p->d[IPF_ENGINE_OPT];
		uint64_t mapped = 1;

		CHECK_EQ(pt_map(o, b0, pa_of(b0, 4), g, 4, IOMMU_READ, &mapped), -EEXIST);
		CHECK_EQ(mapped, 0);
		CHECK_EQ(phys(o, b0), 0);
		CHECK_EQ(phys(o, b0 + 2 * g), 0);
		p->warns[IPF_ENGINE_OPT]++;
	}
	map_run(p, b0 - 2 * g, pa_of(b0 - 2 * g, 1), g, 5, IOMMU_READ);
	compare(p, start, end);

	/* unmapping [B0, 2*B0) with size s1 removes the whole level-3 table */
	unmap_run(p, b0, s1, 1);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], b0 + 42), 0);
		CHECK_EQ(phys(p->d[e], b0 + 5 * g + 42), 0);
		CHECK_EQ(phys(p->d[e], b0 - g + 42), pa_of(b0 - 2 * g, 1) + g + 42);
	}

	/* block map over the table at [2*B0, 3*B0), which still holds two pages */
	map_run(p, 2 * b0, pa_of(2 * b0, 2), s1, 2, IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], 2 * b0 + g + 42), pa_of(2 * b0, 2) + g + 42);
		CHECK_EQ(phys(p->d[e], 3 * b0 + 42), pa_of(2 * b0, 2) + s1 + 42);
		CHECK_EQ(p->ev[e].total, p->warns[e]);
	}
	map_run(p, b0, pa_of(b0, 3), s1, 1, IOMMU_WRITE);
	compare(p, start, end);

	/* teardown: the pages below B0, then the three blocks */
	unmap_run(p, start, g, 3);
	unmap_run(p, b0, s1, 3);
	compare(p, start, end);
	for (unsigned int e = 0; e < IPF_ENGINES; e++)
		CHECK_EQ(phys(p->d[e], b0 + 42), 0);
}

/*
 * Region k > 0: blocks of size s = sizes[k] across the table boundary
 * B = s * E when the IAS has room for it, else the last two blocks of the
 * IAS. Then block splits with pgcount > 1 (one inside a block, one across
 * two blocks and so across two new tables), a split two levels down for
 * 1G blocks, remaps of the holes, and teardown by whole blocks.
 */
static void ext_region(struct pair *p, unsigned int k)
{
	uint64_t s = p->sizes[k], t = p->sizes[k - 1], g = p->granule;
	uint64_t top = 1ULL << p->ias, bnd = s * p->ptes;
	uint64_t start, n, j0, pa = 0;
	uint64_t last;

	if (bnd <= top / 2) {
		start = bnd - 2 * s;
		n = 4;
	} else {
		start = top - 2 * s;
		n = 2;
	}
	j0 = n / 2 - 1; /* blocks j0 and j0 + 1 sit either side of the boundary */
	last = start + (n - 1) * s;
	pa = pa_of(start, 0);

	map_run(p, start, pa, s, n, IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE);
	overlap(p, start, s, n);
	compare(p, start, start + n * s);

	/* 5 pages of the next size down out of the first block: one split */
	unmap_run(p, start + 2 * t, t, 5);
	/* 4 pages across the blocks j0 | j0 + 1: two splits, two tables */
	unmap_run(p, start + (j0 + 1) * s - 2 * t, t, 4);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], start + 2 * t + 42), 0);
		CHECK_EQ(phys(p->d[e], start + 7 * t - g), 0);
		CHECK_EQ(phys(p->d[e], start + t + 42), pa + t + 42);
		CHECK_EQ(phys(p->d[e], start + 7 * t + 42), pa + 7 * t + 42);
		CHECK_EQ(phys(p->d[e], start + (j0 + 1) * s - 2 * t + 42), 0);
		CHECK_EQ(phys(p->d[e], start + (j0 + 1) * s + t + 42), 0);
		CHECK_EQ(phys(p->d[e], start + (j0 + 1) * s + 2 * t + 42),
			 pa + (j0 + 1) * s + 2 * t + 42);
	}
	/* 3 granules across two sub-blocks of the last block: split 2 levels down */
	if (k >= 2) {
		uint64_t at = last + 3 * t - g;

		unmap_run(p, at, g, 3);
		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			CHECK_EQ(phys(p->d[e], at - g + 42), pa + (at - g - start) + 42);
			CHECK_EQ(phys(p->d[e], at + 42), 0);
			CHECK_EQ(phys(p->d[e], at + 2 * g + 42), 0);
			CHECK_EQ(phys(p->d[e], at + 3 * g + 42), pa + (at + 3 * g - start) + 42);
		}
		compare(p, start, start + n * s);
		map_run(p, at, pa_of(at, 3), g, 3, IOMMU_READ | IOMMU_NOEXEC);
	}
	compare(p, start, start + n * s);

	/* remap the holes, the second run across the table boundary again */
	map_run(p, start + 2 * t, pa_of(start + 2 * t, 1), t, 5, IOMMU_READ);
	map_run(p, start + (j0 + 1) * s - 2 * t, pa_of(start + (j0 + 1) * s - 2 * t, 2), t, 4,
		IOMMU_READ | IOMMU_WRITE);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(phys(p->d[e], start + 3 * t + 42), pa_of(start + 2 * t, 1) + t + 42);
		CHECK_EQ(phys(p->d[e], start + (j0 + 1) * s + t + 42),
			 pa_of(start + (j0 + 1) * s - 2 * t, 2) + 3 * t + 42);
	}
	compare(p, start, start + n * s);

	/* teardown by whole blocks: table entries and blocks alike */
	unmap_run(p, start, s, n);
	for (unsigned int e = 0; e < IPF_ENGINES; e++)
		for (uint64_t j = 0; j < n; j++)
			CHECK_EQ(phys(p->d[e], start + j * s + 2 * t + 42), 0);
	compare(p, start, start + n * s);
}

static void run_extension(uint64_t bitmap, unsigned int ias, enum io_pgtable_fmt fmt)
{
	struct pair p = { .bitmap = bitmap, .ias = ias, .fmt = fmt };
	uint64_t leaked;

	set_label("extension", IPF_ENGINE_OPT, bitmap, ias, fmt);
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		ipf_events_reset(&p.ev[e]);
		p.d[e] = alloc_domain((enum ipf_engine)e, bitmap, ias, fmt, &p.ev[e], NULL);
	}
	if (!p.d[IPF_ENGINE_REF] || !p.d[IPF_ENGINE_OPT])
		goto out;
	p.granule = bitmap & (~bitmap + 1);
	p.ptes = p.granule / 8;
	for (uint64_t b = bitmap; b && p.nsizes < 3; b &= b - 1)
		p.sizes[p.nsizes++] = b & (~b + 1);
	CHECK_EQ(ARM_LPAE_PTES_PER_TABLE(io_pgtable_ops_to_data(p.d[0]->pgtbl_ops)), p.ptes);

	ext_region0(&p);
	for (unsigned int k = 1; k < p.nsizes; k++)
		ext_region(&p, k);

	/* nothing warned but the overlapping maps */
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		CHECK_EQ(p.ev[e].count[IPF_EV_MAP_EXISTS], p.warns[e]);
		CHECK_EQ(p.ev[e].total, p.warns[e]);
	}
	/* same invalidation work: every leaf cleared and every table removed */
	CHECK_EQ(p.d[0]->ctx.counters.add_page, p.d[1]->ctx.counters.add_page);
	CHECK_EQ(p.d[0]->ctx.counters.flush_walk, p.d[1]->ctx.counters.flush_walk);
	CHECK_EQ(p.d[0]->ctx.counters.tables_allocated, p.d[1]->ctx.counters.tables_allocated);
	CHECK_EQ(p.d[0]->ctx.counters.tables_freed, p.d[1]->ctx.counters.tables_freed);
out:
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		if (!p.d[e])
			continue;
		leaked = ipf_domain_free(p.d[e]);
		CHECK_EQ(leaked, 0);
	}
}

static void test_extension(void)
{
	for (unsigned int b = 0; b < NR_BITMAPS; b++)
		for (unsigned int i = 0; i < NR_IAS; i++)
			for (unsigned int f = 0; f < NR_FMTS; f++)
				run_extension(selftest_bitmaps[b], selftest_ias[i], selftest_fmts[f]);
}

/* ------------------------------------------------------------------ */
/* Geometry: arm_lpae_alloc_pgtable() geometry, S1 and S2 (the concatenation rule before v6.14) */

struct geom_row {
	uint64_t granule;
	unsigned int ias;
	int s1_level;
	uint64_t s1_entries;
	int s2_level;
	uint64_t s2_entries;
};

static const struct geom_row geom_rows[] = {
	{ SZ_4K, 32, 1, 4, 1, 4 },
	{ SZ_4K, 36, 1, 64, 1, 64 },
	{ SZ_4K, 40, 0, 2, 1, 1024 },
	{ SZ_4K, 42, 0, 8, 1, 4096 },
	{ SZ_4K, 44, 0, 32, 0, 32 },
	{ SZ_4K, 48, 0, 512, 0, 512 },
	{ SZ_16K, 32, 2, 128, 2, 128 },
	{ SZ_16K, 36, 2, 2048, 2, 2048 },
	{ SZ_16K, 40, 1, 16, 1, 16 },
	{ SZ_16K, 42, 1, 64, 1, 64 },
	{ SZ_16K, 44, 1, 256, 1, 256 },
	{ SZ_16K, 48, 0, 2, 1, 4096 },
	{ SZ_64K, 32, 2, 8, 2, 8 },
	{ SZ_64K, 36, 2, 128, 2, 128 },
	{ SZ_64K, 40, 2, 2048, 2, 2048 },
	{ SZ_64K, 42, 2, 8192, 2, 8192 },
	{ SZ_64K, 44, 1, 4, 1, 4 },
	{ SZ_64K, 48, 1, 64, 1, 64 },
};

static uint64_t bitmap_of(uint64_t granule)
{
	return granule == SZ_4K ? SZ_4K | SZ_2M | SZ_1G :
	       granule == SZ_16K ? SZ_16K | SZ_32M : SZ_64K | SZ_512M;
}

static void test_geometry(void)
{
	unsigned int concat = 0;

	for (unsigned int r = 0; r < sizeof(geom_rows) / sizeof(geom_rows[0]); r++) {
		const struct geom_row *row = &geom_rows[r];
		uint64_t bitmap = bitmap_of(row->granule);

		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			for (unsigned int f = 0; f < NR_FMTS; f++) {
				enum io_pgtable_fmt fmt = selftest_fmts[f];
				int level = fmt == ARM_64_LPAE_S1 ? row->s1_level : row->s2_level;
				uint64_t entries = fmt == ARM_64_LPAE_S1 ? row->s1_entries
									 : row->s2_entries;
				struct ipf_domain *d;
				struct arm_lpae_io_pgtable *data;
				const struct ipf_table_page *rec;

				set_label("geometry", (enum ipf_engine)e, bitmap, row->ias, fmt);
				d = alloc_domain((enum ipf_engine)e, bitmap, row->ias, fmt, NULL, NULL);
				if (!d)
					continue;
				data = io_pgtable_ops_to_data(d->pgtbl_ops);
				CHECK_EQ(ARM_LPAE_GRANULE(data), row->granule);
				CHECK_EQ(data->bits_per_level, ffs64(row->granule) - 3);
				CHECK_EQ(data->start_level, level);
				CHECK_EQ(1ULL << data->pgd_bits, entries);
				CHECK_EQ(ARM_LPAE_PGD_SIZE(data), entries * 8);
				/* the pgd really is that big in table memory */
				rec = ipf_pgmem_lookup(d->ctx.mem, data->pgd_pa);
				CHECK(rec != NULL);
				if (rec) {
					CHECK_EQ(rec->pa, data->pgd_pa);
					CHECK_EQ(rec->size, entries * 8);
					CHECK_EQ(rec->state, IPF_PAGE_LIVE);
				}
				CHECK_EQ(ipf_pgmem_pa(d->ctx.mem, data->pgd), data->pgd_pa);
				/* concatenated: more entries than one table holds */
				if (fmt == ARM_64_LPAE_S2 && entries > row->granule / 8) {
					CHECK_EQ(data->pgd_bits - data->bits_per_level,
						 fls64(entries / (row->granule / 8)));
					concat++;
				}
				CHECK_EQ(ipf_domain_free(d), 0);
			}
		}
	}
	/* S2 4K ias 40 and 42, 16K ias 48; on both engines */
	check_state.test = "test_geometry";
	CHECK_EQ(concat, 3 * IPF_ENGINES);
}

/*
 * Stage 2 from v6.14 (4dcac8407fe1): concatenated only where the
 * architecture requires it (4K or 16K with the PA sizes it names), refused
 * where that needs more than 16 tables; level 0 then.
 */
static void test_geometry_mandatory(void)
{
	static const struct {
		uint64_t granule;
		unsigned int ias, oas;
		int level;        /* -1: refused */
		uint64_t entries;
	} rows[] = {
		{ SZ_4K, 40, 40, 1, 1024 },  { SZ_4K, 42, 42, 1, 4096 },
		{ SZ_4K, 40, 48, 0, 2 },     { SZ_4K, 44, 40, -1, 0 },
		{ SZ_4K, 48, 42, -1, 0 },    { SZ_16K, 40, 40, 2, 32768 },
		{ SZ_16K, 48, 48, 1, 4096 }, { SZ_16K, 40, 48, 1, 16 },
		{ SZ_16K, 42, 40, -1, 0 },   { SZ_64K, 48, 40, 1, 64 },
	};

	for (profile = IPF_PROFILE_V6_14; profile < IPF_PROFILES; profile++) {
		for (unsigned int r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			uint64_t bitmap = bitmap_of(rows[r].granule);

			for (unsigned int e = 0; e < IPF_ENGINES; e++) {
				struct ipf_domain_cfg cfg = {
					.fmt = ARM_64_LPAE_S2, .pgsize_bitmap = bitmap,
					.ias = rows[r].ias, .oas = rows[r].oas,
					.smmu = IPF_SMMU_V2, .host_page_size = rows[r].granule,
					.profile = profile,
				};
				struct arm_lpae_io_pgtable *data;
				struct ipf_domain *d;
				int err = 0;

				set_label("mandatory concatenation", (enum ipf_engine)e, bitmap,
					  rows[r].ias, ARM_64_LPAE_S2);
				d = ipf_domain_alloc((enum ipf_engine)e, &cfg, NULL, NULL, NULL, &err);
				CHECK_EQ(d != NULL, rows[r].level >= 0);
				if (!d) {
					CHECK_EQ(err, -EINVAL);
					continue;
				}
				data = io_pgtable_ops_to_data(d->pgtbl_ops);
				CHECK_EQ(data->start_level, rows[r].level);
				CHECK_EQ(1ULL << data->pgd_bits, rows[r].entries);
				CHECK_EQ(ipf_domain_free(d), 0);
			}
		}
	}
	profile = IPF_PROFILE_V5_15;
}

/*
 * The last page of the IAS on every concatenated S2 pgd (and the last
 * index of the pgd): map and unmap through both engines, with the entry
 * count from the concatenated index, not from one table.
 */
static void test_concat_last_page(void)
{
	static const struct { uint64_t bitmap; unsigned int ias; } cfgs[] = {
		{ SZ_4K | SZ_2M | SZ_1G, 40 },
		{ SZ_4K | SZ_2M | SZ_1G, 42 },
		{ SZ_16K | SZ_32M, 48 },
	};

	for (unsigned int c = 0; c < sizeof(cfgs) / sizeof(cfgs[0]); c++) {
		struct pair p = { .bitmap = cfgs[c].bitmap, .ias = cfgs[c].ias,
				  .fmt = ARM_64_LPAE_S2 };
		uint64_t top = 1ULL << p.ias, s, n;

		set_label("concat", IPF_ENGINE_OPT, p.bitmap, p.ias, p.fmt);
		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			ipf_events_reset(&p.ev[e]);
			p.d[e] = alloc_domain((enum ipf_engine)e, p.bitmap, p.ias, p.fmt, &p.ev[e],
					      NULL);
		}
		if (!p.d[0] || !p.d[1]) {
			for (unsigned int e = 0; e < IPF_ENGINES; e++)
				if (p.d[e])
					ipf_domain_free(p.d[e]);
			continue;
		}
		p.granule = p.bitmap & (~p.bitmap + 1);
		p.ptes = p.granule / 8;
		s = 1ULL << fls64(p.bitmap);
		/* the largest pages: the last 3 of the IAS, then 3 across the middle of the pgd */
		n = 3;
		map_run(&p, top - n * s, pa_of(top - n * s, 0), s, n, IOMMU_READ | IOMMU_WRITE);
		map_run(&p, top / 2 - 2 * s, pa_of(top / 2 - 2 * s, 1), s, 4, IOMMU_READ);
		/* smallest pages at the very end of the IAS */
		unmap_run(&p, top - 2 * p.granule, p.granule, 2);
		compare(&p, top - n * s, top);
		compare(&p, top / 2 - 2 * s, top / 2 + 2 * s);
		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			CHECK_EQ(phys(p.d[e], top - p.granule), 0);
			CHECK_EQ(phys(p.d[e], top - 3 * p.granule + 42),
				 pa_of(top - n * s, 0) + n * s - 3 * p.granule + 42);
			CHECK_EQ(phys(p.d[e], top / 2 + 42), pa_of(top / 2 - 2 * s, 1) + 2 * s + 42);
		}
		unmap_run(&p, top - n * s, s, n);
		unmap_run(&p, top / 2 - 2 * s, s, 4);
		compare(&p, top - n * s, top);
		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			CHECK_EQ(p.ev[e].total, 0);
			CHECK_EQ(ipf_domain_free(p.d[e]), 0);
		}
	}
}

int main(void)
{
	RUN_TEST(test_selftest);
	RUN_TEST(test_extension);
	RUN_TEST(test_geometry);
	RUN_TEST(test_geometry_mandatory);
	RUN_TEST(test_concat_last_page);
	return check_summary("test_selftest");
}
