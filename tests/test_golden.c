// SPDX-License-Identifier: GPL-2.0-only
/*
 * The golden model: each of its rules by hand, then against the reference
 * engine (v5.12, one page per call) on random programs: same return values
 * and, after every operation, the same tables and the same leaves (level,
 * IOVA, PA, and the descriptor attributes arm_lpae_prot_to_pte() (io-pgtable-arm.c) gives for prot).
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/golden.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/runner.h"

CHECK_MAIN_STATE;

#define RW (IOMMU_READ | IOMMU_WRITE)
#define SZ_4M (4 * SZ_1M)

/* 4K granule, ias 32: the pgd is 4 level-1 entries. */
static const struct golden_cfg cfg_4k = {
	.granule = SZ_4K, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 32, .oas = 40,
	.start_level = 1,
};

static struct golden *new_golden(const struct golden_cfg *cfg, uint32_t max_nodes)
{
	int err = 1;
	struct golden *g = golden_alloc(cfg, max_nodes, &err);

	CHECK_EQ(err, 0);
	if (!g) {
		fprintf(stderr, "golden_alloc failed\n");
		exit(1);
	}
	return g;
}

/* The leaf translating iova; level -1 when unmapped. */
static struct golden_node leaf_at(const struct golden *g, uint64_t iova)
{
	struct golden_node n = { .level = -1 };

	golden_lookup(g, iova, &n);
	return n;
}

static void done(struct golden *g)
{
	CHECK(golden_check(g));
	golden_destroy(g);
}

/* ---- configuration and validation ---- */

static void test_cfg_rejected(void)
{
	struct golden_cfg bad[6];
	struct golden *g = new_golden(&cfg_4k, 0);
	int err = 0;

	for (int i = 0; i < 6; i++)
		bad[i] = cfg_4k;
	bad[0].granule = 0x2000;
	bad[1].pgsize_bitmap = SZ_2M;            /* no granule */
	bad[2].pgsize_bitmap = SZ_4K | SZ_32M;   /* not a 4K level */
	bad[3].start_level = 2;                  /* 1G is a level-1 block */
	bad[4].ias = 53;
	bad[5].start_level = 4;
	for (int i = 0; i < 6; i++) {
		CHECK(golden_alloc(&bad[i], 0, &err) == NULL);
		CHECK_EQ(err, -EINVAL);
		CHECK_EQ(golden_reset(g, &bad[i]), -EINVAL);
	}
	CHECK(golden_alloc(NULL, 0, &err) == NULL);
	/* A refused reset keeps the geometry. */
	CHECK_EQ(golden_map(g, SZ_1G, 0, SZ_1G, RW), 0);
	CHECK_EQ(leaf_at(g, SZ_1G).level, 1);
	done(g);
}

static void test_validation(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, 0x800, 0, SZ_4K, RW), -EINVAL);
	CHECK_EQ(golden_map(g, 0, 0x800, SZ_4K, RW), -EINVAL);
	CHECK_EQ(golden_map(g, 0, 0, 0x1800, RW), -EINVAL);
	CHECK_EQ(golden_map(g, 0x800, 0, SZ_4K, 0), -EINVAL); /* checked before prot */
	CHECK_EQ(golden_map(g, 0, 0, 0, RW), 0);
	CHECK_EQ(golden_nr_tables(g) + golden_nr_leaves(g), 0);
	CHECK_EQ(golden_map(g, 0, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_unmap(g, 0x800, SZ_4K), 0);
	CHECK_EQ(golden_unmap(g, 0, 0x800), 0);
	CHECK_EQ(golden_unmap(g, 0, 0), 0);
	CHECK_EQ(golden_nr_leaves(g), 1);
	done(g);
}

/*
 * v5.12: a page with neither READ nor WRITE maps nothing and succeeds, after
 * the range checks (f12e0d22903e moved the test below them).
 */
static void test_no_access(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);
	uint64_t top = 1ULL << 32;

	CHECK_EQ(golden_map(g, 0, 0, SZ_2M + SZ_4K, IOMMU_CACHE | IOMMU_NOEXEC | IOMMU_PRIV), 0);
	CHECK_EQ(golden_map(g, 0, 0, SZ_4K, IOMMU_MMIO), 0);
	CHECK_EQ(golden_nr_tables(g), 0);
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_iova_to_phys(g, 0), 0);
	CHECK_EQ(golden_map(g, top, 0, SZ_4K, 0), -ERANGE);
	/*
	 * The "mapped" no-access page is unwound like any other: the unwind
	 * unmaps the leaf that was already there.
	 */
	CHECK_EQ(golden_map(g, top - SZ_4K, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, top - SZ_4K, 0, 2 * SZ_4K, IOMMU_CACHE), -ERANGE);
	CHECK_EQ(leaf_at(g, top - SZ_4K).level, -1);
	done(g);
}

/* Each page: the largest size that fits and divides iova | paddr. */
static void test_page_sizes(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	/* iova and paddr never co-aligned beyond 4K: 1024 pages. */
	CHECK_EQ(golden_map(g, 0, SZ_4K, 4 * SZ_1M, IOMMU_READ), 0);
	CHECK_EQ(golden_nr_leaves(g), 1024);
	CHECK_EQ(leaf_at(g, SZ_2M).size, SZ_4K);
	/* 1M..2M in 4K pages, then two 2M blocks. */
	CHECK_EQ(golden_map(g, SZ_1G + SZ_1M, SZ_1G + SZ_1M, 5 * SZ_1M, IOMMU_READ), 0);
	CHECK_EQ(golden_nr_leaves(g), 1024 + 256 + 2);
	CHECK_EQ(leaf_at(g, SZ_1G + SZ_2M).level, 2);
	CHECK_EQ(leaf_at(g, SZ_1G + 5 * SZ_1M).pa, SZ_1G + SZ_4M);
	CHECK_EQ(golden_unmap(g, SZ_1G + SZ_1M, 5 * SZ_1M), 5 * SZ_1M);
	CHECK_EQ(golden_nr_leaves(g), 1024);
	/* A 1G page where iova and paddr allow it. */
	CHECK_EQ(golden_map(g, 2 * SZ_1G, 5 * SZ_1G, SZ_1G, IOMMU_READ), 0);
	CHECK_EQ(leaf_at(g, 3 * SZ_1G - 1).level, 1);
	CHECK_EQ(golden_iova_to_phys(g, 3 * SZ_1G - 1), 6 * SZ_1G - 1);
	done(g);
}

/* ---- map ---- */

/* A block over a table: the table and the smaller leaves in it go silently. */
static void test_block_over_table(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, 0, 0x10000000, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, 2 * SZ_4K, 0x10002000, SZ_4K, RW), 0);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK_EQ(golden_map(g, 0, 0x20000000, SZ_2M, IOMMU_READ), 0);
	CHECK_EQ(golden_nr_tables(g), 1);
	CHECK_EQ(golden_nr_leaves(g), 1);
	CHECK_EQ(leaf_at(g, 2 * SZ_4K).level, 2);
	CHECK_EQ(golden_iova_to_phys(g, 2 * SZ_4K), 0x20002000);
	CHECK_EQ(leaf_at(g, 0).prot, IOMMU_READ);
	/* 1G over a level-1 table holding a 2M block and a level-3 table. */
	CHECK_EQ(golden_map(g, SZ_2M + SZ_4K, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK_EQ(golden_map(g, 0, SZ_1G, SZ_1G, RW), 0);
	CHECK_EQ(golden_nr_tables(g), 0);
	CHECK_EQ(golden_nr_leaves(g), 1);
	CHECK_EQ(leaf_at(g, SZ_2M + SZ_4K).size, SZ_1G);
	done(g);
}

static void test_exists(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	/* A leaf above the page's level. */
	CHECK_EQ(golden_map(g, 0, 0, SZ_2M, RW), 0);
	CHECK_EQ(golden_map(g, SZ_4K, SZ_4K, SZ_4K, RW), -EEXIST);
	/* A leaf at the page's level. */
	CHECK_EQ(golden_map(g, 0, SZ_1G, SZ_2M, RW), -EEXIST);
	CHECK_EQ(golden_nr_tables(g), 1);
	CHECK_EQ(golden_nr_leaves(g), 1);
	CHECK_EQ(leaf_at(g, SZ_4K).pa, 0);
	done(g);
}

/* The pages mapped before the failure are unmapped again; tables stay. */
static void test_exists_unwinds(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, SZ_2M + 2 * SZ_4K, 0x7000, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, SZ_2M, 0x9000, 4 * SZ_4K, RW), -EEXIST);
	CHECK_EQ(leaf_at(g, SZ_2M).level, -1);
	CHECK_EQ(leaf_at(g, SZ_2M + SZ_4K).level, -1);
	CHECK_EQ(leaf_at(g, SZ_2M + 2 * SZ_4K).pa, 0x7000);
	CHECK_EQ(leaf_at(g, SZ_2M + 3 * SZ_4K).level, -1);
	CHECK_EQ(golden_nr_leaves(g), 1);
	CHECK_EQ(golden_nr_tables(g), 2);

	/* A table made on the way down survives the failure of a later page. */
	CHECK_EQ(golden_map(g, SZ_1G, 0, SZ_2M, RW), 0);
	CHECK_EQ(golden_nr_tables(g), 3);
	CHECK_EQ(golden_map(g, SZ_1G - SZ_4K, SZ_1G - SZ_4K, 2 * SZ_4K, RW), -EEXIST);
	CHECK_EQ(leaf_at(g, SZ_1G - SZ_4K).level, -1);
	CHECK_EQ(golden_nr_tables(g), 4); /* + level 3 below 1G - 2M */
	done(g);
}

/*
 * The unwind is iommu_unmap() of the bytes mapped: its pages follow the
 * IOVA alone, so 512 4K pages are taken back as one 2M page, and the
 * table they were written into goes with them.
 */
static void test_unwind_by_iova(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, SZ_2M, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, 0, SZ_4K, SZ_2M + SZ_4K, RW), -EEXIST);
	CHECK_EQ(golden_nr_leaves(g), 1);
	CHECK_EQ(golden_nr_tables(g), 2); /* level 1 at 0, level 2 at 2M: not level 2 at 0 */
	done(g);
}

static void test_out_of_range(void)
{
	struct golden_cfg cfg = cfg_4k;
	struct golden *g = new_golden(&cfg_4k, 0);

	/* Crossing the top of the IAS: two pages mapped, then -ERANGE, then the unwind. */
	CHECK_EQ(golden_map(g, (1ULL << 32) - 2 * SZ_4K, 0, 4 * SZ_4K, RW), -ERANGE);
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK_EQ(golden_map(g, 1ULL << 32, 0, SZ_4K, RW), -ERANGE);
	CHECK_EQ(golden_unmap(g, 1ULL << 32, SZ_4K), 0);
	/* Crossing the top of the OAS. */
	cfg.oas = 32;
	CHECK_EQ(golden_reset(g, &cfg), 0);
	CHECK_EQ(golden_map(g, 0, (1ULL << 32) - SZ_4K, 2 * SZ_4K, RW), -ERANGE);
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_map(g, 0, (1ULL << 32) - SZ_4K, SZ_4K, RW), 0);
	done(g);
}

/* ---- unmap ---- */

static void test_split_2m(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);
	struct golden_node n;

	CHECK_EQ(golden_map(g, SZ_2M, SZ_1G + SZ_2M, SZ_2M, RW | IOMMU_CACHE), 0);
	CHECK_EQ(golden_unmap(g, SZ_2M + 2 * SZ_4K, SZ_4K), SZ_4K);
	CHECK_EQ(golden_nr_leaves(g), 511);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK_EQ(leaf_at(g, SZ_2M + 2 * SZ_4K).level, -1);
	n = leaf_at(g, SZ_2M + 3 * SZ_4K);
	CHECK_EQ(n.level, 3);
	CHECK_EQ(n.iova, SZ_2M + 3 * SZ_4K);
	CHECK_EQ(n.size, SZ_4K);
	CHECK_EQ(n.pa, SZ_1G + SZ_2M + 3 * SZ_4K);
	CHECK_EQ(n.prot, RW | IOMMU_CACHE);
	CHECK_EQ(golden_iova_to_phys(g, 2 * SZ_2M - 1), SZ_1G + 2 * SZ_2M - 1);
	done(g);
}

/* 4K out of 1G: 1G -> 512 x 2M, then 2M -> 512 x 4K, then the page goes. */
static void test_split_1g(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, SZ_1G, 3 * SZ_1G, SZ_1G, IOMMU_READ | IOMMU_NOEXEC), 0);
	CHECK_EQ(golden_unmap(g, SZ_1G + SZ_2M + SZ_4K, SZ_4K), SZ_4K);
	CHECK_EQ(golden_nr_leaves(g), 511 + 511);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK_EQ(leaf_at(g, SZ_1G).level, 2);
	CHECK_EQ(leaf_at(g, SZ_1G).pa, 3 * SZ_1G);
	CHECK_EQ(leaf_at(g, 2 * SZ_1G - 1).pa, 4 * SZ_1G - SZ_2M);
	CHECK_EQ(leaf_at(g, SZ_1G + SZ_2M).level, 3);
	CHECK_EQ(leaf_at(g, SZ_1G + SZ_2M).prot, IOMMU_READ | IOMMU_NOEXEC);
	CHECK_EQ(leaf_at(g, SZ_1G + SZ_2M + SZ_4K).level, -1);
	CHECK_EQ(golden_iova_to_phys(g, SZ_1G + SZ_2M + 2 * SZ_4K), 3 * SZ_1G + SZ_2M + 2 * SZ_4K);
	/* 2M out of a fresh 1G: one split. */
	CHECK_EQ(golden_map(g, 2 * SZ_1G, 0, SZ_1G, RW), 0);
	CHECK_EQ(golden_unmap(g, 2 * SZ_1G, SZ_2M), SZ_2M);
	CHECK_EQ(golden_nr_leaves(g), 511 + 511 + 511);
	CHECK_EQ(golden_nr_tables(g), 3);
	done(g);
}

/* A table entry is unmapped whole and counts as the page, leaves or none. */
static void test_unmap_table_entry(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, 0, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_unmap(g, 0, SZ_4K), SZ_4K);
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_nr_tables(g), 2); /* empty tables stay */
	CHECK_EQ(golden_unmap(g, 0, SZ_2M), SZ_2M);
	CHECK_EQ(golden_nr_tables(g), 1);
	CHECK_EQ(golden_unmap(g, 0, SZ_1G), SZ_1G);
	CHECK_EQ(golden_nr_tables(g), 0);
	CHECK_EQ(golden_unmap(g, 0, SZ_1G), 0);
	/* With leaves below: all of them go. */
	CHECK_EQ(golden_map(g, 0, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, 5 * SZ_4K, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_unmap(g, 0, SZ_2M), SZ_2M);
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_nr_tables(g), 1);
	done(g);
}

static void test_hole_stops_unmap(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(golden_map(g, 0, 0, 2 * SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, 3 * SZ_4K, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_unmap(g, 0, 4 * SZ_4K), 2 * SZ_4K);
	CHECK_EQ(leaf_at(g, 3 * SZ_4K).level, 3);
	CHECK_EQ(golden_unmap(g, 2 * SZ_4K, 2 * SZ_4K), 0);
	CHECK_EQ(golden_nr_leaves(g), 1);
	done(g);
}

/* ---- reading ---- */

#define MAX_SEEN 16
struct seen {
	int nr, stop_after;
	struct golden_node n[MAX_SEEN];
};

static int record(void *arg, const struct golden_node *node)
{
	struct seen *s = arg;

	if (s->nr < MAX_SEEN)
		s->n[s->nr] = *node;
	s->nr++;
	return s->nr == s->stop_after ? 7 : 0;
}

static void expect_node(const struct golden_node *n, enum golden_kind kind, int lvl, uint64_t iova)
{
	CHECK_EQ(n->kind, kind);
	CHECK_EQ(n->level, lvl);
	CHECK_EQ(n->iova, iova);
}

static void test_enumeration(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);
	struct seen s = { 0 };

	CHECK_EQ(golden_map(g, 0, 0, SZ_2M, RW), 0);
	CHECK_EQ(golden_map(g, SZ_2M + SZ_4K, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_map(g, SZ_4M, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_for_each_node(g, 0, UINT64_MAX, record, &s), 0);
	CHECK_EQ(s.nr, 6);
	expect_node(&s.n[0], GOLDEN_TABLE, 1, 0);
	expect_node(&s.n[1], GOLDEN_LEAF, 2, 0);
	expect_node(&s.n[2], GOLDEN_TABLE, 2, SZ_2M);
	expect_node(&s.n[3], GOLDEN_LEAF, 3, SZ_2M + SZ_4K);
	expect_node(&s.n[4], GOLDEN_TABLE, 2, SZ_4M);
	expect_node(&s.n[5], GOLDEN_LEAF, 3, SZ_4M);
	CHECK_EQ(s.n[1].size, SZ_2M);

	/* A leaf starting before lo is reported whole. */
	memset(&s, 0, sizeof(s));
	CHECK_EQ(golden_for_each_leaf(g, SZ_4K, SZ_2M + 2 * SZ_4K, record, &s), 0);
	CHECK_EQ(s.nr, 2);
	expect_node(&s.n[0], GOLDEN_LEAF, 2, 0);
	expect_node(&s.n[1], GOLDEN_LEAF, 3, SZ_2M + SZ_4K);
	/* The tables on lo's path come first. */
	memset(&s, 0, sizeof(s));
	CHECK_EQ(golden_for_each_node(g, SZ_2M + SZ_4K, SZ_2M + 2 * SZ_4K, record, &s), 0);
	CHECK_EQ(s.nr, 3);
	expect_node(&s.n[0], GOLDEN_TABLE, 1, 0);
	expect_node(&s.n[1], GOLDEN_TABLE, 2, SZ_2M);
	expect_node(&s.n[2], GOLDEN_LEAF, 3, SZ_2M + SZ_4K);
	/* Empty ranges, and a callback that stops. */
	memset(&s, 0, sizeof(s));
	CHECK_EQ(golden_for_each_leaf(g, SZ_2M, SZ_2M + SZ_4K, record, &s), 0);
	CHECK_EQ(golden_for_each_leaf(g, SZ_4K, SZ_4K, record, &s), 0);
	CHECK_EQ(golden_for_each_leaf(g, 1ULL << 32, UINT64_MAX, record, &s), 0);
	CHECK_EQ(s.nr, 0);
	s.stop_after = 2;
	CHECK_EQ(golden_for_each_node(g, 0, UINT64_MAX, record, &s), 7);
	CHECK_EQ(s.nr, 2);
	done(g);
}

/* ---- limits and other geometries ---- */

static void test_node_limit(void)
{
	struct golden *g = new_golden(&cfg_4k, 8);

	/* 2 tables + 6 pages fill the pool; the 7th page fails and all 6 are unwound. */
	CHECK_EQ(golden_map(g, 0, 0, 16 * SZ_4K, RW), -ENOMEM);
	CHECK(golden_exhausted(g));
	CHECK_EQ(golden_nr_leaves(g), 0);
	CHECK_EQ(golden_nr_tables(g), 2);
	CHECK(golden_check(g));
	CHECK_EQ(golden_reset(g, NULL), 0);
	CHECK(!golden_exhausted(g));
	CHECK_EQ(golden_nr_tables(g), 0);
	/* A split that does not fit stops the unmap and leaves the block alone. */
	CHECK_EQ(golden_map(g, 0, 0, SZ_2M, RW), 0);
	CHECK_EQ(golden_unmap(g, 0, SZ_4K), 0);
	CHECK(golden_exhausted(g));
	CHECK_EQ(leaf_at(g, SZ_4K).level, 2);
	done(g);
}

/*
 * The node index under churn: a pool of 700 nodes (a few dozen chunks of
 * keys), random 4K maps and unmaps over 16 MiB that fill and empty it again
 * and again, so chunks split, empty, thin out and the pool is packed again.
 * After each operation the model must answer for every page what a plain
 * array of pages says, and hold its own invariants.
 */
static void test_index_churn(void)
{
	enum { PAGES = 4096 };
	static uint64_t page[PAGES]; /* PA + 1 of each 4K page, 0: unmapped */
	struct golden *g = new_golden(&cfg_4k, 700);
	unsigned long ops = 0, mapped = 0, bad = 0;

	rng_state = 7;
	memset(page, 0, sizeof(page));
	for (int op = 0; op < 4000; op++) {
		uint64_t first = pick(PAGES), n = 1 + pick(op % 4 ? 4 : 64), k;

		if (first + n > PAGES)
			n = PAGES - first;
		if (pick(2)) {
			uint64_t pa = pick(1 << 20) * SZ_4K;
			bool free_run = true;

			for (k = first; k < first + n; k++)
				free_run &= !page[k];
			if (!free_run || golden_nr_leaves(g) + n + 16 > 700)
				continue;
			CHECK_EQ(golden_map(g, first * SZ_4K, pa, n * SZ_4K, RW), 0);
			for (k = first; k < first + n; k++)
				page[k] = pa + (k - first) * SZ_4K + 1;
			mapped += n;
		} else {
			/* From a mapped page: an unmap stops at the first hole. */
			while (first < PAGES - 1 && !page[first])
				first++;
			for (k = first; k < first + n && k < PAGES && page[k]; k++)
				page[k] = 0;
			CHECK_EQ(golden_unmap(g, first * SZ_4K, n * SZ_4K), (k - first) * SZ_4K);
		}
		ops++;
		for (k = 0; k < PAGES; k++)
			bad += golden_iova_to_phys(g, k * SZ_4K) != (page[k] ? page[k] - 1 : 0);
		CHECK(golden_check(g));
	}
	CHECK_EQ(bad, 0);
	CHECK(!golden_exhausted(g));
	printf("index churn: %lu operations, %lu pages mapped\n", ops, mapped);
	CHECK(ops > 2500 && mapped > 5000);
	done(g);
}

static void test_other_granules(void)
{
	static const struct golden_cfg c16 = {
		.granule = SZ_16K, .pgsize_bitmap = SZ_16K | SZ_32M, .ias = 36, .oas = 48,
		.start_level = 2,
	};
	static const struct golden_cfg c64 = {
		.granule = SZ_64K, .pgsize_bitmap = SZ_64K | SZ_512M, .ias = 42, .oas = 48,
		.start_level = 2,
	};
	struct golden_cfg c4l0 = cfg_4k;
	struct golden *g = new_golden(&c16, 0);

	CHECK_EQ(golden_map(g, SZ_32M, 0, SZ_32M, RW), 0);
	CHECK_EQ(golden_unmap(g, SZ_32M + SZ_16K, SZ_16K), SZ_16K);
	CHECK_EQ(golden_nr_leaves(g), 2047);
	CHECK_EQ(golden_iova_to_phys(g, SZ_32M + 2 * SZ_16K), 2 * SZ_16K);

	CHECK_EQ(golden_reset(g, &c64), 0);
	CHECK_EQ(golden_map(g, SZ_512M, SZ_512M, SZ_512M, IOMMU_READ), 0);
	CHECK_EQ(golden_unmap(g, 2 * SZ_512M - SZ_64K, SZ_64K), SZ_64K);
	CHECK_EQ(golden_nr_leaves(g), 8191);
	CHECK_EQ(golden_nr_tables(g), 1);
	CHECK_EQ(leaf_at(g, SZ_512M).level, 3);

	/* 4K, ias 48: four levels. */
	c4l0.ias = 48;
	c4l0.start_level = 0;
	CHECK_EQ(golden_reset(g, &c4l0), 0);
	CHECK_EQ(golden_map(g, 1ULL << 47, 0, SZ_4K, RW), 0);
	CHECK_EQ(golden_nr_tables(g), 3);
	CHECK_EQ(golden_unmap(g, 1ULL << 47, SZ_1G), SZ_1G);
	CHECK_EQ(golden_nr_tables(g), 1);
	done(g);
}

/* ---- against the reference engine ---- */


/* Tables by position; leaves with PA and attributes. */
struct rec {
	int32_t lvl;
	int32_t leaf;
	uint64_t iova, pa, attr;
};

#define MAX_RECS (1u << 17)
struct recs {
	uint32_t nr;
	bool overflow;
	struct rec r[MAX_RECS];
};

static struct recs engine_recs, golden_recs, window_recs;

static void add_rec(struct recs *rs, struct rec r)
{
	if (rs->nr == MAX_RECS) {
		rs->overflow = true;
		return;
	}
	rs->r[rs->nr++] = r;
}

static bool same_rec(const struct rec *a, const struct rec *b)
{
	return a->lvl == b->lvl && a->leaf == b->leaf && a->iova == b->iova && a->pa == b->pa &&
	       a->attr == b->attr;
}

/* What a leaf descriptor holds of prot, from arm_lpae_prot_to_pte() (io-pgtable-arm.c) (not from the engine). */
static uint64_t expected_attr(enum io_pgtable_fmt fmt, unsigned long quirks, int prot)
{
	uint64_t a = ARM_LPAE_PTE_AF | (prot & IOMMU_CACHE ? ARM_LPAE_PTE_SH_IS : ARM_LPAE_PTE_SH_OS);

	if (prot & IOMMU_NOEXEC)
		a |= ARM_LPAE_PTE_XN;
	if (fmt == ARM_64_LPAE_S1) {
		uint64_t idx = prot & IOMMU_MMIO ? ARM_LPAE_MAIR_ATTR_IDX_DEV
			       : prot & IOMMU_CACHE ? ARM_LPAE_MAIR_ATTR_IDX_CACHE
						    : ARM_LPAE_MAIR_ATTR_IDX_NC;

		a |= ARM_LPAE_PTE_nG | idx << ARM_LPAE_PTE_ATTRINDX_SHIFT;
		if ((prot & IOMMU_READ) && !(prot & IOMMU_WRITE))
			a |= ARM_LPAE_PTE_AP_RDONLY;
		if (!(prot & IOMMU_PRIV))
			a |= ARM_LPAE_PTE_AP_UNPRIV;
		if (quirks & IO_PGTABLE_QUIRK_ARM_NS)
			a |= ARM_LPAE_PTE_NS;
		return a;
	}
	if (prot & IOMMU_READ)
		a |= ARM_LPAE_PTE_HAP_READ;
	if (prot & IOMMU_WRITE)
		a |= ARM_LPAE_PTE_HAP_WRITE;
	return a | (prot & IOMMU_MMIO ? ARM_LPAE_PTE_MEMATTR_DEV
		    : prot & IOMMU_CACHE ? ARM_LPAE_PTE_MEMATTR_OIWB
					 : ARM_LPAE_PTE_MEMATTR_NC);
}

struct run {
	struct ipf_domain *d;
	struct arm_lpae_io_pgtable *data;
	struct golden *g;
	uint64_t granule, big, top, otop;
	uint64_t recent_iova[8], recent_size[8]; /* successful maps, to unmap from */
	unsigned int nr_recent;
};

static int engine_rec(void *arg, const struct arm_lpae_pte_visit *v)
{
	const struct run *r = arg;

	add_rec(&engine_recs, (struct rec){
		.lvl = v->lvl, .leaf = v->leaf, .iova = v->iova,
		.pa = v->leaf ? iopte_to_paddr(v->pte, r->data) : 0,
		.attr = v->leaf ? iopte_prot(v->pte) : 0 });
	return 0;
}

static struct rec golden_rec(const struct run *r, const struct golden_node *n)
{
	bool leaf = n->kind == GOLDEN_LEAF;

	return (struct rec){
		.lvl = n->level, .leaf = leaf, .iova = n->iova, .pa = leaf ? n->pa : 0,
		.attr = leaf ? expected_attr(r->data->iop.fmt, r->data->iop.cfg.quirks, n->prot) : 0 };
}

static int golden_add(void *arg, const struct golden_node *n)
{
	const struct run *r = arg;

	add_rec(&golden_recs, golden_rec(r, n));
	return 0;
}

static int window_add(void *arg, const struct golden_node *n)
{
	const struct run *r = arg;

	add_rec(&window_recs, golden_rec(r, n));
	return 0;
}

static void print_rec(const char *who, uint32_t i, const struct recs *rs)
{
	const struct rec *e = &rs->r[i];

	if (i >= rs->nr) {
		fprintf(stderr, "    %s #%u: (none)\n", who, i);
		return;
	}
	fprintf(stderr, "    %s #%u: L%d %s iova 0x%llx pa 0x%llx attr 0x%llx\n", who, i, e->lvl,
		e->leaf ? "leaf " : "table", (unsigned long long)e->iova, (unsigned long long)e->pa,
		(unsigned long long)e->attr);
}

static bool same_tables(void)
{
	uint32_t i;

	if (engine_recs.overflow || golden_recs.overflow)
		return false;
	for (i = 0; i < engine_recs.nr && i < golden_recs.nr; i++)
		if (!same_rec(&engine_recs.r[i], &golden_recs.r[i]))
			break;
	if (i == engine_recs.nr && i == golden_recs.nr)
		return true;
	print_rec("engine", i, &engine_recs);
	print_rec("golden", i, &golden_recs);
	return false;
}

/* The golden leaves of [lo, hi) are the full list's leaves overlapping it. */
static bool same_window(const struct run *r, uint64_t lo, uint64_t hi)
{
	uint32_t j = 0;

	window_recs.nr = 0;
	golden_for_each_leaf(r->g, lo, hi, window_add, (void *)r);
	for (uint32_t i = 0; i < golden_recs.nr; i++) {
		const struct rec *e = &golden_recs.r[i];
		uint64_t end = e->iova + (1ULL << ARM_LPAE_LVL_SHIFT(e->lvl, r->data));

		if (!e->leaf || end <= lo || e->iova >= hi)
			continue;
		if (j >= window_recs.nr || !same_rec(e, &window_recs.r[j]))
			return false;
		j++;
	}
	return j == window_recs.nr;
}

static bool same_lookups(const struct run *r, uint64_t iova, uint64_t size)
{
	uint64_t probe[4] = { iova, iova + size - r->granule, iova + size / 2,
			      rnd() & (r->top - 1) };

	for (int i = 0; i < 4; i++) {
		uint64_t a = probe[i] | (rnd() & (r->granule - 1));

		if (a >= r->top)
			continue;
		if (golden_iova_to_phys(r->g, a) != iommu_iova_to_phys(&r->d->domain, a)) {
			fprintf(stderr, "    iova_to_phys(0x%llx): golden 0x%llx engine 0x%llx\n",
				(unsigned long long)a, (unsigned long long)golden_iova_to_phys(r->g, a),
				(unsigned long long)iommu_iova_to_phys(&r->d->domain, a));
			return false;
		}
	}
	return true;
}

static bool same_state(const struct run *r, uint64_t iova, uint64_t size)
{
	engine_recs.nr = golden_recs.nr = 0;
	engine_recs.overflow = golden_recs.overflow = false;
	arm_lpae_for_each_pte(r->data, engine_rec, (void *)r);
	golden_for_each_node(r->g, 0, UINT64_MAX, golden_add, (void *)r);
	if (!same_tables())
		return false;
	/* The pgd is a table of the engine's, not a node of the model. */
	if (r->d->ctx.mem->live_tables != golden_nr_tables(r->g) + 1 || !golden_check(r->g))
		return false;
	return same_window(r, iova, iova + size) && same_lookups(r, iova, size);
}

static uint64_t random_pgsize(const struct run *r)
{
	uint64_t sizes[3], nr = 0;

	for (uint64_t b = r->d->domain.pgsize_bitmap; b && nr < 3; b &= b - 1)
		sizes[nr++] = b & -b;
	return sizes[pick(nr)];
}

/* Clustered, so that requests meet: 0, a few big blocks in, the top of the IAS. */
static uint64_t random_iova(const struct run *r)
{
	uint64_t base;

	switch (pick(8)) {
	case 0: base = 0; break;
	case 1: case 2: base = r->big * (1 + pick(3)); break;
	case 3: case 4: base = r->granule * 512 * pick(8); break;
	case 5: case 6: base = random_pgsize(r) * pick(4); break;
	default: base = r->top - (pick(2) ? r->big * (1 + pick(2)) : r->granule * (1 + pick(4)));
	}
	if (pick(2))
		base += r->granule * (pick(2) ? pick(4) : (uint64_t)-(int64_t)pick(4));
	return base & (2 * r->top - 1) & ~(r->granule - 1);
}

/* The pages the core would use for a request, counted up to limit + 1. */
static uint64_t pages(const struct run *r, uint64_t iova, uint64_t paddr, uint64_t size,
		      uint64_t limit)
{
	uint64_t n = 0, bitmap = r->d->domain.pgsize_bitmap;

	while (size && n <= limit) {
		uint64_t pg = 1ULL << fls64(bitmap);

		while (pg > size || ((iova | paddr) & (pg - 1)) || !(bitmap & pg))
			pg >>= 1;
		iova += pg;
		paddr += pg;
		size -= pg;
		n++;
	}
	return n;
}

static uint64_t random_size(const struct run *r, uint64_t iova, uint64_t paddr)
{
	static const uint64_t counts[] = { 1, 2, 3, 31, 32, 33, 511, 512, 513 };
	uint64_t size = random_pgsize(r) * counts[pick(9)];

	while (size > r->granule && pages(r, iova, paddr, size, 1024) > 1024)
		size = (size / 2) & ~(r->granule - 1);
	return size;
}

static int random_prot(void)
{
	int prot = (int)pick(64) & IOMMU_PROT_MASK;

	return prot & RW || !pick(8) ? prot : prot | IOMMU_READ;
}

static uint64_t random_paddr(const struct run *r, uint64_t iova)
{
	uint64_t pa = pick(4) ? iova + (pick(64) << 30) : rnd();

	pa &= (r->otop - 1) & ~(r->granule - 1);
	if (!pick(16)) /* near the top of the OAS */
		pa = r->otop - r->granule * (1 + pick(4));
	return pa;
}

static struct {
	unsigned long programs, refused, ops, maps_ok, no_access, eexist, erange, einval;
	unsigned long unmaps, short_unmaps, splits, block_over_table, exhausted;
	unsigned long by_fmt[2], by_granule[3], by_start_level[4];
} st;

/* One operation on both; false when they disagree. */
static bool run_op(struct run *r, uint64_t seed, int op)
{
	uint64_t iova = random_iova(r), leaves = golden_nr_leaves(r->g);
	uint64_t tables = golden_nr_tables(r->g), size;
	bool unmap = pick(3) == 0, misalign = !pick(24);

	if (unmap) {
		uint64_t r0, r1;

		size = 0;
		if (r->nr_recent && pick(2)) {
			/* Something mapped earlier: all of it, or from a page inside it. */
			unsigned int i = (unsigned int)pick(r->nr_recent < 8 ? r->nr_recent : 8);

			iova = r->recent_iova[i];
			if (pick(2))
				size = r->recent_size[i];
			else
				iova += align_down64(rnd() % r->recent_size[i], r->granule);
		}
		if (!size)
			size = random_size(r, iova, iova);
		if (misalign)
			iova += r->granule / 2;
		r0 = iommu_unmap(&r->d->domain, iova, size);
		r1 = golden_unmap(r->g, iova, size);
		CHECK_EQ(r0, r1);
		st.unmaps++;
		st.short_unmaps += r1 < size;
		st.splits += golden_nr_leaves(r->g) > leaves;
		if (r0 != r1)
			goto diverged;
	} else {
		uint64_t paddr = random_paddr(r, iova);
		int prot = random_prot(), r0, r1;

		size = random_size(r, iova, paddr);
		if (misalign)
			paddr += r->granule / 2;
		r0 = iommu_map(&r->d->domain, iova, paddr, size, prot);
		r1 = golden_map(r->g, iova, paddr, size, prot);
		CHECK_EQ(r0, r1);
		st.maps_ok += !r1;
		st.no_access += !r1 && !(prot & RW);
		st.eexist += r1 == -EEXIST;
		st.erange += r1 == -ERANGE;
		st.einval += r1 == -EINVAL;
		st.block_over_table += !r1 && golden_nr_tables(r->g) < tables;
		if (r0 != r1)
			goto diverged;
		if (!r1 && prot & RW) {
			r->recent_iova[r->nr_recent % 8] = iova;
			r->recent_size[r->nr_recent++ % 8] = size;
		}
	}
	st.ops++;
	if (golden_exhausted(r->g)) {
		st.exhausted++;
		return false;
	}
	if (same_state(r, iova & ~(r->granule - 1), size))
		return true;
	CHECK(0);
diverged:
	fprintf(stderr, "  seed %llu op %d (%s iova 0x%llx size 0x%llx): golden and engine differ\n",
		(unsigned long long)seed, op, unmap ? "unmap" : "map", (unsigned long long)iova,
		(unsigned long long)size);
	return false;
}

static struct ipf_pgmem arena;

static void run_program(struct golden *g, uint64_t seed)
{
	struct ipf_domain_cfg cfg;
	struct run r = { .g = g };
	struct golden_cfg gc;
	int err = 0;

	rng_state = seed;
	gen_domain_cfg(&cfg, &gen_space_all);
	ipf_pgmem_reset(&arena);
	r.d = ipf_domain_alloc(IPF_ENGINE_REF, &cfg, &arena, NULL, NULL, &err);
	if (!r.d) {
		st.refused++;
		return;
	}
	r.data = io_pgtable_ops_to_data(r.d->pgtbl_ops);
	ipf_golden_cfg(r.d, &gc);
	CHECK_EQ(gc.start_level, r.data->start_level);
	CHECK_EQ(gc.no_split, ipf_profile_has(cfg.profile, IPF_CHANGE_NO_SPLIT));
	CHECK_EQ(r.d->domain.pgsize_bitmap, gc.pgsize_bitmap);
	CHECK_EQ(golden_reset(g, &gc), 0);
	r.granule = gc.granule;
	r.big = 1ULL << fls64(gc.pgsize_bitmap);
	r.top = 1ULL << gc.ias;
	r.otop = 1ULL << gc.oas;
	st.programs++;
	st.by_fmt[cfg.fmt == ARM_64_LPAE_S2]++;
	st.by_granule[(ffs64(gc.granule) - 12) / 2]++;
	st.by_start_level[gc.start_level]++;
	for (int op = 0; op < 24; op++)
		if (!run_op(&r, seed, op))
			break;
	CHECK_EQ(ipf_domain_free(r.d), 0);
}

static void test_against_reference(void)
{
	struct golden *g = new_golden(&cfg_4k, 0);

	CHECK_EQ(ipf_pgmem_init(&arena, NULL), 0);
	for (uint64_t seed = 1; seed <= 400; seed++)
		run_program(g, seed);
	printf("golden vs reference: %lu programs (%lu configurations refused), %lu operations: "
	       "%lu maps ok (%lu with no access), %lu -EEXIST, %lu -ERANGE, %lu -EINVAL, "
	       "%lu blocks over tables; %lu unmaps, %lu short, %lu with a split; %lu exhausted\n",
	       st.programs, st.refused, st.ops, st.maps_ok, st.no_access, st.eexist, st.erange,
	       st.einval, st.block_over_table, st.unmaps, st.short_unmaps, st.splits, st.exhausted);
	printf("  S1/S2 %lu/%lu, 4K/16K/64K %lu/%lu/%lu, start level 0/1/2/3 %lu/%lu/%lu/%lu\n",
	       st.by_fmt[0], st.by_fmt[1], st.by_granule[0], st.by_granule[1], st.by_granule[2],
	       st.by_start_level[0], st.by_start_level[1], st.by_start_level[2],
	       st.by_start_level[3]);
	CHECK(st.programs >= 300);
	for (int i = 0; i < 3; i++)
		CHECK(st.by_granule[i] >= 50 && st.by_start_level[i] >= 20);
	CHECK(st.by_fmt[0] >= 100 && st.by_fmt[1] >= 100);
	CHECK(st.maps_ok >= 1000);
	CHECK(st.no_access >= 20);
	CHECK(st.eexist >= 50);
	CHECK(st.erange >= 20);
	CHECK(st.einval >= 20);
	CHECK(st.block_over_table >= 20);
	CHECK(st.short_unmaps >= 100);
	CHECK(st.splits >= 20);
	CHECK_EQ(st.exhausted, 0);
	ipf_pgmem_destroy(&arena);
	golden_destroy(g);
}

int main(void)
{
	RUN_TEST(test_cfg_rejected);
	RUN_TEST(test_validation);
	RUN_TEST(test_no_access);
	RUN_TEST(test_page_sizes);
	RUN_TEST(test_block_over_table);
	RUN_TEST(test_exists);
	RUN_TEST(test_exists_unwinds);
	RUN_TEST(test_unwind_by_iova);
	RUN_TEST(test_out_of_range);
	RUN_TEST(test_split_2m);
	RUN_TEST(test_split_1g);
	RUN_TEST(test_unmap_table_entry);
	RUN_TEST(test_hole_stops_unmap);
	RUN_TEST(test_enumeration);
	RUN_TEST(test_node_limit);
	RUN_TEST(test_index_churn);
	RUN_TEST(test_other_granules);
	RUN_TEST(test_against_reference);
	return check_summary("test_golden");
}
