// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommu_pgsize(), both forms (drivers/iommu/iommu.c, v5.12 and v5.15 (e586e22974d2, GENMASK)).
 *
 *  - the test-vector table below, driven the way the core drives it: v5.15
 *    advances by pgsize * count per answer, v5.12 by one page per answer;
 *    the v5.15 runs must match the table, the v5.12 pages run-length
 *    encoded must match the table, and the v5.15 runs expanded must be
 *    exactly the v5.12 page sequence;
 *  - the overflow rows (B5) with the fix and with the bug, in 32-bit and
 *    64-bit arithmetic;
 *  - ipf_pgsize_check() on good answers and on hand-made bad ones;
 *  - a deterministic randomised sweep (splitmix64, fixed seeds) of v5.15
 *    against v5.12 over kernel-like bitmaps, arbitrary 64-bit bitmaps and
 *    32-bit arithmetic;
 *  - brute-force references for small bitmaps.
 *
 * When does iommu_pgsize() find no size (the kernel's BUG_ON, 0 here)?
 * Let m be the smallest size in the bitmap. Candidates are the sizes
 * <= size that divide addr_merge = iova|paddr (truncated to unsigned long),
 * so a single call finds none exactly when size < m or m does not divide
 * addr_merge. Over a whole loop every step advances iova, paddr and the
 * remaining size by multiples of m, so the loop runs into "no size"
 * exactly when m does not divide iova|paddr|size: at the first call if
 * the addresses are misaligned (size bytes left), else once the remainder
 * size % m is reached. That is the case the core's min_pagesz check
 * (__iommu_map()/__iommu_unmap()) keeps away from iommu_pgsize(). The sweep counts the
 * loops that got stuck and checks that they are exactly the predicted
 * ones, with the predicted number of bytes left, in both forms.
 */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "rng.h"
#include "iopgfuzz/bitops.h"
#include "iopgfuzz/pgsize.h"

CHECK_MAIN_STATE;

/* splitmix64 (rng.h): deterministic, a fixed seed per test. */

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* ------------------------------------------------------------------------ */
/* Driving the loops                                                        */

struct run {
	uint64_t iova, pgsize, count;
	uint64_t paddr, size; /* where the run starts: paddr, bytes still to do */
};

#define MAX_RUNS 256
#define MAX_LOOP_ITERS 100000
/* Sweep loops up to this many pages are compared page by page, longer ones sampled. */
#define FULL_WALK_MAX_PAGES 2048

/* One v5.15 loop: pgsize, count -> advance by pgsize * count. */
struct loop {
	int nr;             /* runs (answers with a size) */
	bool too_many;      /* more than MAX_RUNS: only the first are kept */
	bool bad_answer;    /* an answer failed ipf_pgsize_check */
	bool stuck;         /* iommu_pgsize found no size */
	uint64_t left;      /* bytes left when stuck */
	uint64_t pages;     /* sum of the counts */
	struct run runs[MAX_RUNS];
};

static void loop_v515(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
		      const struct ipf_pgsize_arith *a, struct ipf_events *ev, struct loop *l)
{
	l->nr = 0;
	l->too_many = l->bad_answer = l->stuck = false;
	l->left = 0;
	l->pages = 0;
	while (size) {
		uint64_t count = ~0ULL;
		uint64_t pg = iommu_pgsize_v515(bitmap, iova, paddr, size, &count, a, ev);

		if (!pg) {
			/* The header promises count = 0 with a 0 answer. */
			if (count)
				l->bad_answer = true;
			l->stuck = true;
			l->left = size;
			return;
		}
		if (!ipf_pgsize_check(bitmap, iova, paddr, size, pg, count, ev))
			l->bad_answer = true;
		if (l->nr < MAX_RUNS)
			l->runs[l->nr] = (struct run){ .iova = iova, .pgsize = pg, .count = count,
						       .paddr = paddr, .size = size };
		else
			l->too_many = true;
		l->nr++;
		l->pages += count;
		/* A bad answer would make the loop spin or wrap: stop there. */
		if (!count || !pg || count > size / pg || l->nr > MAX_LOOP_ITERS) {
			l->bad_answer = true;
			return;
		}
		iova += pg * count;
		paddr += pg * count;
		size -= pg * count;
	}
}

/* One v5.12 loop, run-length encoded: one page per answer. */
static void loop_v512_rle(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			  const struct ipf_pgsize_arith *a, struct ipf_events *ev, struct loop *l)
{
	l->nr = 0;
	l->too_many = l->bad_answer = l->stuck = false;
	l->left = 0;
	l->pages = 0;
	while (size) {
		uint64_t pg = iommu_pgsize_v512(bitmap, iova | paddr, size, a, ev);

		if (!pg) {
			l->stuck = true;
			l->left = size;
			return;
		}
		if (!ipf_pgsize_check(bitmap, iova, paddr, size, pg, 1, ev) || pg > size) {
			l->bad_answer = true;
			return;
		}
		if (l->nr && l->runs[l->nr - 1].pgsize == pg) {
			l->runs[l->nr - 1].count++;
		} else if (l->nr < MAX_RUNS) {
			l->runs[l->nr++] = (struct run){ .iova = iova, .pgsize = pg, .count = 1,
							 .paddr = paddr, .size = size };
		} else {
			l->too_many = true;
			return;
		}
		l->pages++;
		if (l->pages > 4 * MAX_LOOP_ITERS) {
			l->bad_answer = true;
			return;
		}
		iova += pg;
		paddr += pg;
		size -= pg;
	}
}

/*
 * Walk v5.12 one page at a time along the expansion of the v5.15 runs
 * (all of them: only for loops of a bounded number of pages). True when
 * every page is the one the runs predict and v5.12 ends where v5.15 ended
 * (done, or stuck with the same bytes left).
 */
static bool v512_equals_expansion(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
				  const struct ipf_pgsize_arith *a, struct ipf_events *ev,
				  const struct loop *l, bool *check_ok)
{
	if (l->too_many || l->bad_answer)
		return false;
	for (int r = 0; r < l->nr; r++) {
		const struct run *run = &l->runs[r];

		if (run->iova != iova || run->paddr != paddr || run->size != size)
			return false;
		for (uint64_t j = 0; j < run->count; j++) {
			uint64_t pg = iommu_pgsize_v512(bitmap, iova | paddr, size, a, ev);

			if (pg != run->pgsize)
				return false;
			if (!ipf_pgsize_check(bitmap, iova, paddr, size, pg, 1, ev))
				*check_ok = false;
			iova += pg;
			paddr += pg;
			size -= pg;
		}
	}
	if (l->stuck)
		return size == l->left && iommu_pgsize_v512(bitmap, iova | paddr, size, a, ev) == 0;
	return size == 0;
}

/*
 * For loops with too many pages to walk: v5.12 must answer the run's page
 * size at the first page, the last page and one random page of every run,
 * and no size where v5.15 got stuck.
 */
static bool v512_samples_match(uint64_t bitmap, const struct ipf_pgsize_arith *a,
			       struct ipf_events *ev, const struct loop *l, uint64_t rnd,
			       bool *check_ok)
{
	if (l->too_many || l->bad_answer)
		return false;
	for (int r = 0; r < l->nr; r++) {
		const struct run *run = &l->runs[r];
		uint64_t js[3] = { 0, run->count - 1, rnd % run->count };

		for (int k = 0; k < 3; k++) {
			uint64_t off = js[k] * run->pgsize;
			uint64_t iova = run->iova + off, paddr = run->paddr + off;
			uint64_t size = run->size - off;
			uint64_t pg = iommu_pgsize_v512(bitmap, iova | paddr, size, a, ev);

			if (pg != run->pgsize)
				return false;
			if (!ipf_pgsize_check(bitmap, iova, paddr, size, pg, 1, ev))
				*check_ok = false;
		}
		/* Runs chain: each starts where the previous one ended. */
		if (r + 1 < l->nr &&
		    (l->runs[r + 1].iova != run->iova + run->count * run->pgsize ||
		     l->runs[r + 1].size != run->size - run->count * run->pgsize))
			return false;
	}
	if (l->stuck && l->nr) { /* sampled loops have runs: > FULL_WALK_MAX_PAGES pages */
		const struct run *last = &l->runs[l->nr - 1];
		uint64_t off = last->count * last->pgsize;

		return iommu_pgsize_v512(bitmap, (last->iova + off) | (last->paddr + off), l->left,
					 a, ev) == 0;
	}
	return l->nr > 0;
}

/* Consecutive v5.15 runs never share a page size: RLE(v5.12) == v5.15 runs. */
static bool runs_alternate(const struct loop *l)
{
	int n = l->nr < MAX_RUNS ? l->nr : MAX_RUNS;

	for (int r = 1; r < n; r++)
		if (l->runs[r].pgsize == l->runs[r - 1].pgsize)
			return false;
	return true;
}

static bool same_runs(const struct loop *x, const struct loop *y)
{
	if (x->nr != y->nr || x->too_many || y->too_many)
		return false;
	for (int r = 0; r < x->nr; r++)
		if (x->runs[r].iova != y->runs[r].iova || x->runs[r].pgsize != y->runs[r].pgsize ||
		    x->runs[r].count != y->runs[r].count)
			return false;
	return true;
}

/* ------------------------------------------------------------------------ */
/* iommu_pgsize() test vectors, worked out by hand                           */

struct exp_run {
	uint64_t iova, pgsize, count;
};

struct vector {
	const char *what;
	uint64_t bitmap, iova, paddr, size;
	unsigned int long_bits;
	int nr;
	struct exp_run runs[4];
};

#define BM_4K_2M_1G (SZ_4K | SZ_2M | SZ_1G)
#define SZ_512G 0x8000000000ULL

static const struct vector vectors[] = {
	{ "cover letter: 4M at 0", BM_4K_2M_1G, 0, 0, 4 * SZ_1M, 64, 1,
	  { { 0, SZ_2M, 2 } } },
	{ "0x1ff000 + 0x402000", BM_4K_2M_1G, 0x1ff000, 0x1ff000, 0x402000, 64, 3,
	  { { 0x1ff000, SZ_4K, 1 }, { 0x200000, SZ_2M, 2 }, { 0x600000, SZ_4K, 1 } } },
	{ "1M + 5M", BM_4K_2M_1G, SZ_1M, SZ_1M, 5 * SZ_1M, 64, 2,
	  { { SZ_1M, SZ_4K, 256 }, { SZ_2M, SZ_2M, 2 } } },
	{ "1M + 3M", BM_4K_2M_1G, SZ_1M, SZ_1M, 3 * SZ_1M, 64, 2,
	  { { SZ_1M, SZ_4K, 256 }, { SZ_2M, SZ_2M, 1 } } },
	{ "1M + 2.5M: no 2M page fits", BM_4K_2M_1G, SZ_1M, SZ_1M, 5 * SZ_1M / 2, 64, 1,
	  { { SZ_1M, SZ_4K, 640 } } },
	{ "iova 0, pa 4K: not co-aligned", BM_4K_2M_1G, 0, SZ_4K, 4 * SZ_1M, 64, 1,
	  { { 0, SZ_4K, 1024 } } },
	{ "3G + 2G: no larger size", BM_4K_2M_1G, 3 * SZ_1G, 3 * SZ_1G, 2 * SZ_1G, 64, 1,
	  { { 3 * SZ_1G, SZ_1G, 2 } } },
	{ "1G-2M + 1G+4M", BM_4K_2M_1G, SZ_1G - SZ_2M, SZ_1G - SZ_2M, SZ_1G + 4 * SZ_1M, 64, 3,
	  { { SZ_1G - SZ_2M, SZ_2M, 1 }, { SZ_1G, SZ_1G, 1 }, { 2 * SZ_1G, SZ_2M, 1 } } },
	{ "Intel regression range", BM_4K_2M_1G, 0x3fe400000, 0x3fe400000,
	  0x4c0600000 - 0x3fe400000, 64, 3,
	  { { 0x3fe400000, SZ_2M, 14 }, { 0x400000000, SZ_1G, 3 }, { 0x4c0000000, SZ_2M, 3 } } },
	{ "AMD-like bitmap", 0x000ffffffffff000ULL ^ SZ_512G, 0xfef80000, 0x208b95d000, 0x20000,
	  64, 1, { { 0xfef80000, SZ_4K, 32 } } },
	{ "32-bit 0xfffff000, 1G at 0 (fixed)", 0xfffff000, 0, 0, SZ_1G, 32, 1,
	  { { 0, SZ_1G, 1 } } },
	{ "{4K,2^62,2^63}, 2^62 at 0 (fixed)", SZ_4K | BIT64(62) | BIT64(63), 0, 0, BIT64(62),
	  64, 1, { { 0, BIT64(62), 1 } } },
	{ "16K|32M", SZ_16K | SZ_32M, 0x1ffc000, 0x1ffc000, 0x2008000, 64, 3,
	  { { 0x1ffc000, SZ_16K, 1 }, { 0x2000000, SZ_32M, 1 }, { 0x4000000, SZ_16K, 1 } } },
	{ "64K|512M", SZ_64K | SZ_512M, 0x1ff0000, 0x1ff0000, 0x20020000, 64, 1,
	  { { 0x1ff0000, SZ_64K, 8194 } } },
};

#define NR_VECTORS (sizeof(vectors) / sizeof(vectors[0]))

static bool matches_vector(const struct loop *l, const struct vector *v)
{
	if (l->nr != v->nr || l->too_many || l->stuck || l->bad_answer)
		return false;
	for (int r = 0; r < v->nr; r++)
		if (l->runs[r].iova != v->runs[r].iova || l->runs[r].pgsize != v->runs[r].pgsize ||
		    l->runs[r].count != v->runs[r].count)
			return false;
	return true;
}

static void print_loop(const char *form, const struct vector *v, const struct loop *l)
{
	fprintf(stderr, "  %s %s:", v->what, form);
	for (int r = 0; r < l->nr && r < MAX_RUNS; r++)
		fprintf(stderr, " (0x%" PRIx64 ",0x%" PRIx64 ",%" PRIu64 ")", l->runs[r].iova,
			l->runs[r].pgsize, l->runs[r].count);
	fprintf(stderr, "%s\n", l->stuck ? " stuck" : "");
}

static struct loop lp15, lp12; /* big: keep off the stack */

static void test_vectors(void)
{
	for (size_t i = 0; i < NR_VECTORS; i++) {
		const struct vector *v = &vectors[i];
		struct ipf_pgsize_arith a = { .long_bits = v->long_bits };
		struct ipf_events ev;
		bool check_ok = true;
		uint64_t total = 0;

		ipf_events_reset(&ev);
		loop_v515(v->bitmap, v->iova, v->paddr, v->size, &a, &ev, &lp15);
		CHECK(matches_vector(&lp15, v));
		if (!matches_vector(&lp15, v))
			print_loop("v5.15", v, &lp15);
		/* Every answer of the table passes the property check. */
		CHECK(!lp15.bad_answer);
		for (int r = 0; r < v->nr; r++)
			total += v->runs[r].count;
		CHECK_EQ(lp15.pages, total);

		loop_v512_rle(v->bitmap, v->iova, v->paddr, v->size, &a, &ev, &lp12);
		CHECK(matches_vector(&lp12, v));
		if (!matches_vector(&lp12, v))
			print_loop("v5.12", v, &lp12);
		/* RLE(v5.12 pages) == v5.15 runs, and the expansion page by page. */
		CHECK(same_runs(&lp15, &lp12));
		CHECK(v512_equals_expansion(v->bitmap, v->iova, v->paddr, v->size, &a, &ev, &lp15,
					    &check_ok));
		CHECK(check_ok);
		/* No event: no BUG_ON, no property violation, no wide shift. */
		CHECK_EQ(ev.total, 0);
	}
}

/* Row-specific facts of the table beyond the runs. */
static void test_vector_details(void)
{
	struct ipf_pgsize_arith a = { .long_bits = 64 };
	uint64_t count = 0;
	uint64_t bm_amd = genmask64(51, 12) ^ SZ_512G;

	/* The AMD-like bitmap is GENMASK(51,12) without 512G. */
	CHECK_EQ(bm_amd, vectors[9].bitmap);
	CHECK(!(bm_amd & SZ_512G));
	CHECK(bm_amd & BIT64(40));

	/* Intel range: 14 + 3 + 3 = 20 leaf entries. */
	loop_v515(BM_4K_2M_1G, 0x3fe400000, 0x3fe400000, 0x4c0600000 - 0x3fe400000, &a, NULL, &lp15);
	CHECK_EQ(lp15.pages, 20);
	loop_v512_rle(BM_4K_2M_1G, 0x3fe400000, 0x3fe400000, 0x4c0600000 - 0x3fe400000, &a, NULL,
		      &lp12);
	CHECK_EQ(lp12.pages, 20);

	/* Cover letter: v5.15 one call, v5.12 two calls. */
	loop_v515(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, &a, NULL, &lp15);
	CHECK_EQ(lp15.nr, 1);
	loop_v512_rle(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, &a, NULL, &lp12);
	CHECK_EQ(lp12.pages, 2);

	/* Step 6: the same range co-aligned gets 2M pages. */
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, SZ_4K, 4 * SZ_1M, &count, &a, NULL), SZ_4K);
	CHECK_EQ(count, 1024);
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, SZ_2M, 4 * SZ_1M, &count, &a, NULL), SZ_2M);
	CHECK_EQ(count, 2);

	/* 1M + 2.5M vs 1M + 3M: one 2M page needs room after the boundary. */
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, SZ_1M, SZ_1M, 5 * SZ_1M / 2, &count, &a, NULL),
		 SZ_4K);
	CHECK_EQ(count, 640);
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, SZ_1M, SZ_1M, 3 * SZ_1M, &count, &a, NULL), SZ_4K);
	CHECK_EQ(count, 256);
}

/* ------------------------------------------------------------------------ */
/* B5: the overflow rows                                                    */

/* e586e22974d2 reverted: the pgsize functions read the bug from a context. */
static struct ipf_ctx overflow_bug = { .bugs = IPF_BUG_BIT(IPF_BUG_PGSIZE_OVERFLOW) };

static void one_overflow_row(const char *what, uint64_t bitmap, uint64_t size, uint64_t pgsize,
			     unsigned int long_bits)
{
	for (int bug = 0; bug < 2; bug++) {
		struct ipf_pgsize_arith a = { .long_bits = long_bits, .ctx = bug ? &overflow_bug : NULL };
		struct ipf_events ev;
		uint64_t count = 0, pg;

		ipf_events_reset(&ev);
		pg = iommu_pgsize_v515(bitmap, 0, 0, size, &count, &a, &ev);
		CHECK_EQ(pg, pgsize);
		CHECK_EQ(count, bug ? 2 : 1);
		CHECK_EQ(ev.total, 0);
		/* The property check is the oracle that catches the buggy count. */
		CHECK(ipf_pgsize_check(bitmap, 0, 0, size, pg, count, &ev) == !bug);
		CHECK_EQ(ev.count[IPF_EV_PGSIZE_BAD_COUNT], bug ? 1 : 0);
		CHECK_EQ(ev.total, bug ? 1 : 0);

		/* v5.12 has no count: one page of pgsize, whatever the bug flag. */
		ipf_events_reset(&ev);
		loop_v512_rle(bitmap, 0, 0, size, &a, &ev, &lp12);
		CHECK(lp12.nr == 1 && lp12.runs[0].pgsize == pgsize && lp12.runs[0].count == 1 &&
		      !lp12.stuck && !lp12.bad_answer);
		CHECK_EQ(ev.total, 0);

		/* The differential: v5.15 expanded = 2 pages where v5.12 has 1. */
		CHECK_EQ(count * pg == lp12.pages * lp12.runs[0].pgsize, !bug);
		if (count != (bug ? 2u : 1u))
			fprintf(stderr, "  row %s, overflow_bug=%d: count %" PRIu64 "\n", what, bug,
				count);
	}
}

static void test_overflow_rows(void)
{
	struct ipf_pgsize_arith a64 = { .long_bits = 64 };
	struct ipf_pgsize_arith a64_bug = { .long_bits = 64, .ctx = &overflow_bug };
	uint64_t count = 0;

	/* 32-bit arithmetic, AMD v1 bitmap, iova = pa = 0, 1G. */
	one_overflow_row("32-bit 0xfffff000", 0xfffff000, SZ_1G, SZ_1G, 32);
	/* 64-bit analogue: bitmap {4K, 2^62, 2^63}, size 2^62. */
	one_overflow_row("64-bit {4K,2^62,2^63}", SZ_4K | BIT64(62) | BIT64(63), BIT64(62),
			 BIT64(62), 64);

	/* The 32-bit row needs 32-bit arithmetic: with 64 bits nothing wraps. */
	CHECK_EQ(iommu_pgsize_v515(0xfffff000, 0, 0, SZ_1G, &count, &a64, NULL), SZ_1G);
	CHECK_EQ(count, 1);
	CHECK_EQ(iommu_pgsize_v515(0xfffff000, 0, 0, SZ_1G, &count, &a64_bug, NULL), SZ_1G);
	CHECK_EQ(count, 1);

	/* Where no boundary is crossed the bug is harmless: 2^62 at 2^62. */
	CHECK_EQ(iommu_pgsize_v515(SZ_4K | BIT64(62) | BIT64(63), BIT64(62), BIT64(62), BIT64(62),
				   &count, &a64_bug, NULL), BIT64(62));
	CHECK_EQ(count, 1);
}

/*
 * Wrap needs offset + next >= 2^W with offset <= next <= 2^(W-1): so next is
 * the top bit, addr_merge is 0 mod next, and size < next. Then the buggy
 * answer is count = next / pgsize, always more than size / pgsize: the
 * property check sees every instance. Sweep those inputs.
 */
static void test_overflow_sweep(void)
{
	uint64_t wrong_fixed = 0, bug_seen = 0, bug_missed = 0, bug_caught = 0, cases = 0;

	rng_state = 0x0f10f10f10ULL;
	for (int i = 0; i < 20000; i++) {
		unsigned int w = (i & 1) ? 32 : 64;
		uint64_t top = BIT64(w - 1);
		uint64_t addr = (i & 2) ? top : 0;
		uint64_t size = (1 + rnd_below((top >> 12) - 1)) << 12; /* 4K..top-4K */
		struct ipf_pgsize_arith fixed = { .long_bits = w };
		struct ipf_pgsize_arith buggy = { .long_bits = w, .ctx = &overflow_bug };
		uint64_t c_fixed, c_bug, p_fixed, p_bug, bm;

		size >>= rnd_below(w - 13); /* all magnitudes */
		size &= ~(SZ_4K - 1);
		if (!size)
			size = SZ_4K;
		/* 4K, the top bit, random sizes up to size's top bit: next = top. */
		bm = SZ_4K | top | (rnd() & genmask64(fls64(size), 13));
		cases++;
		p_fixed = iommu_pgsize_v515(bm, addr, addr, size, &c_fixed, &fixed, NULL);
		p_bug = iommu_pgsize_v515(bm, addr, addr, size, &c_bug, &buggy, NULL);
		if (p_fixed != p_bug || !ipf_pgsize_check(bm, addr, addr, size, p_fixed, c_fixed, NULL) ||
		    p_fixed != iommu_pgsize_v512(bm, addr, size, &fixed, NULL))
			wrong_fixed++;
		if (c_bug != c_fixed) {
			bug_seen++;
			if (ipf_pgsize_check(bm, addr, addr, size, p_bug, c_bug, NULL))
				bug_missed++;
			else
				bug_caught++;
			if (c_bug != top / p_bug)
				bug_missed++;
		}
	}
	CHECK_EQ(wrong_fixed, 0);
	CHECK_EQ(bug_missed, 0);
	/* The bug fires on every such input, and the check catches every one. */
	CHECK_EQ(bug_seen, cases);
	CHECK_EQ(bug_caught, bug_seen);
}

/* ------------------------------------------------------------------------ */
/* ipf_pgsize_check                                                         */

static void expect_bad(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
		       uint64_t pgsize, uint64_t count, enum ipf_event_kind k1, int n_events)
{
	struct ipf_events ev;

	ipf_events_reset(&ev);
	CHECK(!ipf_pgsize_check(bitmap, iova, paddr, size, pgsize, count, &ev));
	CHECK_EQ(ev.count[k1], 1);
	CHECK_EQ(ev.total, n_events);
	CHECK(ev.nr_kept >= 1 && ev.kept[0].kind == k1);
}

static void test_check(void)
{
	struct ipf_events ev;

	/* Good answers, including the exact edges. */
	ipf_events_reset(&ev);
	CHECK(ipf_pgsize_check(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, SZ_2M, 2, &ev));
	CHECK(ipf_pgsize_check(BM_4K_2M_1G, SZ_2M, 3 * SZ_2M, 4 * SZ_1M + SZ_4K, SZ_2M, 2, &ev));
	CHECK(ipf_pgsize_check(BM_4K_2M_1G, SZ_4K, 0, SZ_4K, SZ_4K, 1, &ev));
	CHECK(ipf_pgsize_check(BIT64(63), 0, 0, BIT64(63), BIT64(63), 1, &ev));
	CHECK_EQ(ev.total, 0);
	/* No sink: still answers. */
	CHECK(!ipf_pgsize_check(BM_4K_2M_1G, 0, 0, SZ_4K, SZ_4K, 0, NULL));

	/* pgsize not in the bitmap, not a power of two, zero. */
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, 2 * SZ_4K, 1, IPF_EV_PGSIZE_NOT_IN_BITMAP, 1);
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, SZ_2M | SZ_4K, 1, IPF_EV_PGSIZE_NOT_IN_BITMAP, 1);
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, 0, 1, IPF_EV_PGSIZE_NOT_IN_BITMAP, 1);
	/* Misaligned: by iova, by paddr. */
	expect_bad(BM_4K_2M_1G, SZ_4K, 0, 4 * SZ_1M, SZ_2M, 1, IPF_EV_PGSIZE_MISALIGNED, 1);
	expect_bad(BM_4K_2M_1G, 0, SZ_1M, 4 * SZ_1M, SZ_2M, 1, IPF_EV_PGSIZE_MISALIGNED, 1);
	/* count 0; count * pgsize > size (by one page, and absurdly). */
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, SZ_2M, 0, IPF_EV_PGSIZE_BAD_COUNT, 1);
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, SZ_2M, 3, IPF_EV_PGSIZE_BAD_COUNT, 1);
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M - SZ_4K, SZ_2M, 2, IPF_EV_PGSIZE_BAD_COUNT, 1);
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, SZ_2M, BIT64(63) + 1, IPF_EV_PGSIZE_BAD_COUNT, 1);
	/* Two faults at once: both reported. */
	expect_bad(BM_4K_2M_1G, 0, 0, 4 * SZ_1M, 2 * SZ_4K, 0, IPF_EV_PGSIZE_NOT_IN_BITMAP, 2);
	ipf_events_reset(&ev);
	CHECK(!ipf_pgsize_check(BM_4K_2M_1G, SZ_4K, 0, SZ_2M, SZ_2M, 2, &ev));
	CHECK_EQ(ev.count[IPF_EV_PGSIZE_MISALIGNED], 1);
	CHECK_EQ(ev.count[IPF_EV_PGSIZE_BAD_COUNT], 1);
	CHECK_EQ(ev.total, 2);
}

/* The "no size" answers: 0, count 0, one NO_SIZE event per call. */
static void test_no_size(void)
{
	struct ipf_pgsize_arith a = { .long_bits = 64 };
	struct ipf_events ev;
	uint64_t count = 77;

	ipf_events_reset(&ev);
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0x800, 0, SZ_2M, &count, &a, &ev), 0);
	CHECK_EQ(count, 0);
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, 0, SZ_4K - 1, &count, &a, &ev), 0);
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, 0, 0, &count, &a, &ev), 0);
	CHECK_EQ(iommu_pgsize_v512(BM_4K_2M_1G, 0x800, SZ_2M, &a, &ev), 0);
	CHECK_EQ(iommu_pgsize_v512(BM_4K_2M_1G, 0, SZ_4K - 1, &a, &ev), 0);
	CHECK_EQ(iommu_pgsize_v512(BM_4K_2M_1G, 0, 0, &a, &ev), 0);
	CHECK_EQ(ev.count[IPF_EV_PGSIZE_NO_SIZE], 6);
	CHECK_EQ(ev.total, 6);
	/* Size not a multiple of 4K but >= 4K: a page still fits. */
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, 0, SZ_4K + 1, &count, &a, &ev), SZ_4K);
	CHECK_EQ(count, 1);
	CHECK_EQ(iommu_pgsize_v512(BM_4K_2M_1G, 0, SZ_4K + 1, &a, &ev), SZ_4K);
	/* A loop over it gets stuck with the remainder left. */
	loop_v515(BM_4K_2M_1G, 0, 0, SZ_2M + SZ_4K + 5, &a, NULL, &lp15);
	CHECK(lp15.stuck && lp15.left == 5 && lp15.nr == 2);
	/* 32-bit: paddr bits above 31 are not alignment (addr_merge is unsigned long). */
	a.long_bits = 32;
	CHECK_EQ(iommu_pgsize_v515(BM_4K_2M_1G, 0, BIT64(32), SZ_1G, &count, &a, NULL), SZ_1G);
	CHECK_EQ(count, 1);
}

/* ------------------------------------------------------------------------ */
/* Randomised sweep                                                         */

enum family { FAM_KERNEL, FAM_ANY64, FAM_SPARSE64, FAM_32BIT, FAM_NR };

static const char *const family_name[FAM_NR] = { "kernel-like", "any-64", "sparse-64", "32-bit" };

struct sweep_stats {
	uint64_t cases, full, sampled, stuck, predicted_stuck, stuck_mismatch;
	uint64_t mismatch, bad_check, not_alternating, v515_answers, v512_pages_walked;
	uint64_t sizes_seen;  /* OR of every page size answered */
};

/* A random set bit of x (x != 0). */
static uint64_t pick_bit(uint64_t x)
{
	unsigned int n = popcount64(x), k = (unsigned int)rnd_below(n);

	while (k--)
		x &= x - 1;
	return x & -x;
}

static uint64_t make_bitmap(enum family f)
{
	uint64_t bm;

	switch (f) {
	case FAM_KERNEL: /* 4K plus up to 4 extra sizes in (4K, 1G] */
		bm = SZ_4K;
		for (uint64_t n = rnd_below(5); n; n--)
			bm |= BIT64(13 + rnd_below(18));
		return bm;
	case FAM_ANY64: /* a fully random word, density 1/2, 1/4 or 1/8 */
		do {
			bm = rnd();
			if (rnd() & 1)
				bm &= rnd();
			if (rnd() & 1)
				bm &= rnd();
		} while (!bm);
		return bm;
	case FAM_SPARSE64: /* 1..6 bits anywhere */
		bm = 0;
		for (uint64_t n = 1 + rnd_below(6); n; n--)
			bm |= BIT64(rnd_below(64));
		return bm;
	default: /* 32-bit: 1..6 bits in the low word, or a dense low word */
		if (rnd() & 1) {
			do
				bm = rnd() & 0xffffffffULL;
			while (!bm);
			return bm;
		}
		bm = 0;
		for (uint64_t n = 1 + rnd_below(6); n; n--)
			bm |= BIT64(rnd_below(32));
		return bm;
	}
}

/* a + b <= limit_mask + 1 without wrapping, and b itself fits in the word. */
static bool add_ok(uint64_t a, uint64_t b, uint64_t limit_mask)
{
	uint64_t s = a + b;

	return b <= limit_mask && s >= a && s - 1 <= limit_mask;
}

/*
 * iova near a boundary of a random size from the bitmap (a few smallest
 * pages either side), paddr equal, co-aligned up to a random size, or
 * random; size a sum of small multiples of bitmap sizes and of the
 * smallest size. All aligned to the smallest size unless *misalign.
 */
static void make_case(uint64_t bm, unsigned int addr_bits, unsigned int pa_bits, uint64_t *piova,
		      uint64_t *ppaddr, uint64_t *psize, bool misalign)
{
	uint64_t amask = addr_bits >= 64 ? ~0ULL : BIT64(addr_bits) - 1;
	uint64_t pmask = pa_bits >= 64 ? ~0ULL : BIT64(pa_bits) - 1;
	uint64_t m = bm & -bm;

	for (int attempt = 0;; attempt++) {
		uint64_t anchor = pick_bit(bm), iova, paddr, size = 0;

		if ((rnd() & 3) == 0 && anchor < (amask >> 1))
			anchor <<= 1 + rnd_below(3);
		if (anchor > amask)
			anchor = m;
		iova = rnd() & amask & ~(anchor - 1);
		{
			/* a few pages of the smallest or of a random size either side */
			uint64_t unit = (rnd() & 1) ? m : pick_bit(bm);
			uint64_t delta = unit <= amask / 8 ? rnd_below(8) * unit : 0;

			if (rnd() & 1)
				iova = iova >= delta ? iova - delta : iova;
			else if (iova + delta - 1 < amask)
				iova += delta;
		}
		switch (rnd_below(3)) {
		case 0:
			paddr = iova;
			break;
		case 1: {
			uint64_t co = pick_bit(bm);

			paddr = (iova + (rnd() & pmask & ~(co - 1))) & pmask;
			paddr &= ~(m - 1);
			break;
		}
		default:
			paddr = rnd() & pmask & ~(m - 1);
			break;
		}
		for (uint64_t t = 1 + rnd_below(3); t; t--) {
			uint64_t s = pick_bit(bm), c = rnd_below(4), add;

			if (c && s <= amask / c) {
				add = s * c;
				if (size + add >= size)
					size += add;
			}
		}
		if (m <= amask / 8) {
			uint64_t add = rnd_below(8) * m;

			if (size + add >= size)
				size += add;
		}
		if (!size)
			size = m;
		if (misalign && m > 1) {
			uint64_t bump = 1 + rnd_below(m - 1);

			switch (rnd_below(3)) {
			case 0:
				iova = (iova & ~(m - 1)) | bump;
				break;
			case 1:
				paddr = (paddr & ~(m - 1)) | bump;
				break;
			default:
				size += bump;
				break;
			}
		}
		if (attempt < 32 && (!add_ok(iova, size, amask) || !add_ok(paddr, size, pmask)))
			continue;
		if (attempt >= 32) {
			/* Give up on big ones: one smallest page at 0. */
			iova = paddr = 0;
			size = m;
		}
		*piova = iova;
		*ppaddr = paddr;
		*psize = size;
		return;
	}
}

static void sweep_family(enum family f, uint64_t n_cases, uint64_t seed, struct sweep_stats *st)
{
	struct ipf_pgsize_arith a = { .long_bits = f == FAM_32BIT ? 32 : 64 };
	unsigned int addr_bits = f == FAM_KERNEL ? 48 : f == FAM_32BIT ? 32 : 64;
	unsigned int pa_bits = f == FAM_KERNEL ? 48 : f == FAM_32BIT ? 40 : 64;
	struct ipf_events ev;
	uint64_t zero_answers = 0;

	rng_state = seed;
	memset(st, 0, sizeof(*st));
	ipf_events_reset(&ev);
	for (uint64_t i = 0; i < n_cases; i++) {
		uint64_t bm = make_bitmap(f), m = bm & -bm;
		bool misalign = rnd_below(16) == 0;
		uint64_t iova, paddr, size, merge;
		bool predicted, check_ok = true, ok;

		make_case(bm, addr_bits, pa_bits, &iova, &paddr, &size, misalign);
		st->cases++;
		loop_v515(bm, iova, paddr, size, &a, &ev, &lp15);
		st->v515_answers += (uint64_t)lp15.nr + lp15.stuck;
		zero_answers += lp15.stuck;
		for (int r = 0; r < lp15.nr && r < MAX_RUNS; r++)
			st->sizes_seen |= lp15.runs[r].pgsize;

		/* Stuck exactly when m does not divide iova|paddr|size (see top). */
		merge = (iova | paddr) & (a.long_bits == 32 ? 0xffffffffULL : ~0ULL);
		predicted = ((merge | size) & (m - 1)) != 0;
		st->predicted_stuck += predicted;
		st->stuck += lp15.stuck;
		if (predicted != lp15.stuck ||
		    (lp15.stuck && lp15.left != ((merge & (m - 1)) ? size : (size & (m - 1)))))
			st->stuck_mismatch++;

		if (lp15.bad_answer)
			st->bad_check++;
		if (!runs_alternate(&lp15))
			st->not_alternating++;

		if (lp15.pages <= FULL_WALK_MAX_PAGES) {
			st->full++;
			ok = v512_equals_expansion(bm, iova, paddr, size, &a, &ev, &lp15, &check_ok);
			st->v512_pages_walked += lp15.pages;
			zero_answers += lp15.stuck;
		} else {
			st->sampled++;
			ok = v512_samples_match(bm, &a, &ev, &lp15, rnd(), &check_ok);
			zero_answers += lp15.stuck && lp15.nr;
		}
		if (!check_ok)
			st->bad_check++;
		if (!ok) {
			if (st->mismatch < 5)
				fprintf(stderr, "  %s: v5.15 vs v5.12 mismatch: bitmap 0x%" PRIx64
					" iova 0x%" PRIx64 " paddr 0x%" PRIx64 " size 0x%" PRIx64 "\n",
					family_name[f], bm, iova, paddr, size);
			st->mismatch++;
		}
	}
	/*
	 * Events: one NO_SIZE per answer without a size; nothing else but the
	 * v5.12 "shift by 64 or more" note (only with bit 63 candidates).
	 */
	CHECK_EQ(ev.count[IPF_EV_PGSIZE_NO_SIZE], zero_answers);
	CHECK_EQ(ev.total - ev.count[IPF_EV_PGSIZE_WIDE_SHIFT], zero_answers);
	if (f != FAM_ANY64 && f != FAM_SPARSE64 && f != FAM_32BIT)
		CHECK_EQ(ev.count[IPF_EV_PGSIZE_WIDE_SHIFT], 0);
}

static void test_sweep(void)
{
	static const uint64_t n[FAM_NR] = { 200000, 60000, 60000, 80000 };
	uint64_t total = 0;

	for (int f = 0; f < FAM_NR; f++) {
		struct sweep_stats st;

		sweep_family((enum family)f, n[f], 0x1234567ULL + (uint64_t)f * 0x9e3779b9ULL, &st);
		printf("sweep %-11s: %" PRIu64 " cases (%" PRIu64 " walked page by page, %" PRIu64
		       " sampled), %" PRIu64 " v5.15 answers, %" PRIu64 " v5.12 pages, %" PRIu64
		       " stuck\n", family_name[f], st.cases, st.full, st.sampled, st.v515_answers,
		       st.v512_pages_walked, st.stuck);
		CHECK_EQ(st.mismatch, 0);
		CHECK_EQ(st.bad_check, 0);
		CHECK_EQ(st.not_alternating, 0);
		CHECK_EQ(st.stuck_mismatch, 0);
		CHECK_EQ(st.stuck, st.predicted_stuck);
		/* The sweep reaches both branches and most of the walk page by page. */
		CHECK(st.stuck > 0 && st.stuck < st.cases / 8);
		CHECK(st.full > st.cases / 2);
		total += st.cases;
		if (f == FAM_KERNEL) /* every size of the family was answered somewhere */
			CHECK_EQ(st.sizes_seen, genmask64(30, 12));
		if (f == FAM_32BIT)
			CHECK(!(st.sizes_seen >> 32));
	}
	CHECK(total >= 200000);
}

/*
 * Single calls on unaligned inputs (no loop): v5.15 and v5.12 agree on
 * whether a size fits and on which one, and "no size" happens exactly when
 * size < m or m does not divide addr_merge.
 */
static void test_single_calls(void)
{
	uint64_t wrong = 0, none = 0, cases = 0;

	rng_state = 0xabcdef12345ULL;
	for (int i = 0; i < 100000; i++) {
		unsigned int w = (i % 3 == 0) ? 32 : 64;
		struct ipf_pgsize_arith a = { .long_bits = w };
		uint64_t wmask = w == 32 ? 0xffffffffULL : ~0ULL;
		uint64_t bm = make_bitmap(w == 32 ? FAM_32BIT : (i & 1) ? FAM_SPARSE64 : FAM_KERNEL);
		uint64_t m = bm & -bm;
		uint64_t iova = (rnd() >> rnd_below(64)) & wmask, paddr = rnd() >> rnd_below(64);
		uint64_t size = (rnd() >> rnd_below(64)) & wmask, count = 0;
		uint64_t merge, p15, p12;
		bool no_fit;

		if (rnd() & 1) { /* half of them aligned to some size */
			uint64_t al = BIT64(rnd_below(w));

			iova &= ~(al - 1);
			paddr &= ~(al - 1);
		}
		merge = (iova | paddr) & wmask;
		p15 = iommu_pgsize_v515(bm, iova, paddr, size, &count, &a, NULL);
		p12 = iommu_pgsize_v512(bm, iova | paddr, size, &a, NULL);
		no_fit = size < m || (merge & (m - 1));

		cases++;
		none += no_fit;
		if (p15 != p12 || (p15 == 0) != no_fit || (p15 == 0 && count != 0))
			wrong++;
		else if (p15 && !ipf_pgsize_check(bm, iova, paddr, size, p15, count, NULL))
			wrong++;
	}
	CHECK_EQ(wrong, 0);
	CHECK(none > cases / 10 && none < cases - cases / 10);
}

/* ------------------------------------------------------------------------ */
/* Brute force                                                              */

/*
 * The largest supported size <= size that divides addr_merge (every size
 * divides 0): try the sizes of the bitmap from the largest down.
 */
static uint64_t brute_pgsize(uint64_t bitmap, uint64_t addr_merge, uint64_t size)
{
	while (bitmap) {
		uint64_t s = BIT64(fls64(bitmap));

		if (s <= size && addr_merge % s == 0)
			return s;
		bitmap &= ~s;
	}
	return 0;
}

static void test_brute_v512(void)
{
	uint64_t wrong = 0, calls = 0, shifts[] = { 0, 12, 56 };

	/* Exhaustive: bitmaps of bits 0..5, addr_merge 0..127, size 0..127. */
	for (int w = 0; w < 2; w++) {
		struct ipf_pgsize_arith a = { .long_bits = w ? 32 : 64 };

		for (uint64_t bm = 1; bm < 64; bm++)
			for (uint64_t am = 0; am < 128; am++)
				for (uint64_t sz = 0; sz < 128; sz++) {
					calls++;
					if (iommu_pgsize_v512(bm, am, sz, &a, NULL) !=
					    brute_pgsize(bm, am, sz))
						wrong++;
				}
	}
	/* The same small patterns moved up (4K-based, and into the top byte). */
	for (size_t k = 0; k < sizeof(shifts) / sizeof(shifts[0]); k++) {
		struct ipf_pgsize_arith a = { .long_bits = 64 };
		unsigned int sh = (unsigned int)shifts[k];

		for (uint64_t bm = 1; bm < 256; bm += 3)
			for (uint64_t am = 0; am < 256; am += 5)
				for (uint64_t sz = 1; sz < 256; sz += 7) {
					calls++;
					if (iommu_pgsize_v512(bm << sh, am << sh, sz << sh, &a, NULL) !=
					    brute_pgsize(bm << sh, am << sh, sz << sh))
						wrong++;
				}
	}
	/* Random small bitmaps (up to 6 sizes) anywhere, random inputs. */
	rng_state = 0x5eed5eedULL;
	for (int i = 0; i < 100000; i++) {
		struct ipf_pgsize_arith a = { .long_bits = 64 };
		uint64_t bm = make_bitmap(FAM_SPARSE64);
		uint64_t am = rnd() >> rnd_below(64), sz = rnd() >> rnd_below(64);

		calls++;
		if (iommu_pgsize_v512(bm, am, sz, &a, NULL) != brute_pgsize(bm, am, sz))
			wrong++;
	}
	CHECK_EQ(wrong, 0);
	CHECK(calls > 1000000);
}

/*
 * v5.15 against the brute-force page sequence, exhaustively over small
 * values: bitmaps of bits 0..4, iova and paddr 0..15, size 0..39. The
 * brute-force loop stops where no size fits; v5.15 must stop there too.
 */
static void test_brute_v515(void)
{
	struct ipf_pgsize_arith a = { .long_bits = 64 };
	uint64_t wrong = 0, loops = 0, stuck = 0;

	for (uint64_t bm = 1; bm < 32; bm++)
		for (uint64_t iova0 = 0; iova0 < 16; iova0++)
			for (uint64_t pa0 = 0; pa0 < 16; pa0++)
				for (uint64_t size0 = 0; size0 < 40; size0++) {
					uint64_t iova = iova0, pa = pa0, size = size0;
					bool ok;

					loops++;
					loop_v515(bm, iova0, pa0, size0, &a, NULL, &lp15);
					ok = !lp15.bad_answer && !lp15.too_many;
					for (int r = 0; ok && r < lp15.nr; r++)
						for (uint64_t j = 0; ok && j < lp15.runs[r].count; j++) {
							uint64_t s = brute_pgsize(bm, iova | pa, size);

							ok = s && s == lp15.runs[r].pgsize &&
							     iova == lp15.runs[r].iova + j * s;
							iova += s;
							pa += s;
							size -= s;
						}
					if (ok && lp15.stuck)
						ok = size == lp15.left && !brute_pgsize(bm, iova | pa, size);
					else if (ok)
						ok = size == 0;
					stuck += lp15.stuck;
					wrong += !ok;
				}
	CHECK_EQ(wrong, 0);
	CHECK(stuck > 0 && stuck < loops);
}

int main(void)
{
	RUN_TEST(test_vectors);
	RUN_TEST(test_vector_details);
	RUN_TEST(test_overflow_rows);
	RUN_TEST(test_overflow_sweep);
	RUN_TEST(test_check);
	RUN_TEST(test_no_size);
	RUN_TEST(test_sweep);
	RUN_TEST(test_single_calls);
	RUN_TEST(test_brute_v512);
	RUN_TEST(test_brute_v515);
	return check_summary("test_pgsize");
}
