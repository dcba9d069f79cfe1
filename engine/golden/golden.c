// SPDX-License-Identifier: GPL-2.0-only
/*
 * The golden model: the v5.12 kernel's map and unmap, page by page, over
 * abstract nodes (level, base) -> TABLE | LEAF(pa, prot).
 *
 * The nodes are kept in IOVA order, a table before the nodes below it: the
 * key is base << 2 | level. Then the nodes below a table at (level, base)
 * are exactly the keys after its own and before the next block of its level,
 * base + block_size(level): removing a subtree is removing a key range.
 */
#include <errno.h>
#include <stdlib.h>

#include "golden_tree.h"
#include "iopgfuzz/bitops.h"
#include "iopgfuzz/golden.h"
#include "iopgfuzz/io_pgtable.h" /* IOMMU_READ and IOMMU_WRITE only */

#define GOLDEN_MAX_LEVELS 4
#define GOLDEN_MAX_ADDR_BITS 52

struct golden {
	struct golden_cfg cfg;
	unsigned int bits_per_level;
	struct gtree tree;
	bool exhausted;
	/* The node last found at each level: the next page of a run usually shares it. */
	uint32_t hint[GOLDEN_MAX_LEVELS + 1];
};

static unsigned int lvl_shift(const struct golden *g, int lvl)
{
	return (unsigned int)(GOLDEN_MAX_LEVELS - lvl) * g->bits_per_level + 3;
}

static uint64_t block_size(const struct golden *g, int lvl)
{
	return 1ULL << lvl_shift(g, lvl);
}

/* The level whose block size is pgsize (every bitmap size is one: golden_reset). */
static int pgsize_level(const struct golden *g, uint64_t pgsize)
{
	return GOLDEN_MAX_LEVELS - (int)((ffs64(pgsize) - 3) / g->bits_per_level);
}

static uint64_t node_key(int lvl, uint64_t base)
{
	return base << 2 | (uint64_t)lvl;
}

static int key_level(uint64_t key)
{
	return (int)(key & 3);
}

static uint64_t key_base(uint64_t key)
{
	return key >> 2;
}

static uint64_t ias_top(const struct golden *g)
{
	return 1ULL << g->cfg.ias;
}

/* ---- configuration ---- */

static int cfg_check(const struct golden_cfg *cfg, unsigned int *bits_per_level)
{
	struct golden geo;

	if (cfg->granule != SZ_4K && cfg->granule != SZ_16K && cfg->granule != SZ_64K)
		return -EINVAL;
	geo.bits_per_level = ffs64(cfg->granule) - 3;
	if (!(cfg->pgsize_bitmap & cfg->granule) || (cfg->pgsize_bitmap & (cfg->granule - 1)))
		return -EINVAL;
	if (cfg->start_level < 0 || cfg->start_level >= GOLDEN_MAX_LEVELS)
		return -EINVAL;
	if (cfg->ias < ffs64(cfg->granule) || cfg->ias > GOLDEN_MAX_ADDR_BITS ||
	    cfg->oas < ffs64(cfg->granule) || cfg->oas > GOLDEN_MAX_ADDR_BITS)
		return -EINVAL;
	/* Every page size must be the block size of a level we walk. */
	for (uint64_t b = cfg->pgsize_bitmap; b; b &= b - 1) {
		uint64_t size = b & -b;
		unsigned int shift = ffs64(size);

		if ((shift - 3) % geo.bits_per_level || pgsize_level(&geo, size) < cfg->start_level)
			return -EINVAL;
	}
	*bits_per_level = geo.bits_per_level;
	return 0;
}

struct golden *golden_alloc(const struct golden_cfg *cfg, uint32_t max_nodes, int *err)
{
	struct golden *g = calloc(1, sizeof(*g));
	int ret = g ? gtree_init(&g->tree, max_nodes ? max_nodes : GOLDEN_DEFAULT_MAX_NODES)
		    : -ENOMEM;

	if (!ret)
		ret = cfg ? golden_reset(g, cfg) : -EINVAL;
	if (err)
		*err = ret;
	if (ret && g) {
		golden_destroy(g);
		return NULL;
	}
	return g;
}

void golden_destroy(struct golden *g)
{
	if (!g)
		return;
	gtree_destroy(&g->tree);
	free(g);
}

int golden_reset(struct golden *g, const struct golden_cfg *cfg)
{
	if (cfg) {
		unsigned int bpl;
		int ret = cfg_check(cfg, &bpl);

		if (ret)
			return ret;
		g->cfg = *cfg;
		g->bits_per_level = bpl;
	}
	gtree_clear(&g->tree);
	g->exhausted = false;
	for (int lvl = 0; lvl <= GOLDEN_MAX_LEVELS; lvl++)
		g->hint[lvl] = GTREE_NIL;
	return 0;
}

/* ---- nodes ---- */

/* The node of level lvl on iova's path, or GTREE_NIL. */
/* The node of level lvl on iova's path, or GTREE_NIL (readers: no hint kept). */
static uint32_t lookup_node(const struct golden *g, int lvl, uint64_t iova)
{
	return gtree_find(&g->tree, node_key(lvl, align_down64(iova, block_size(g, lvl))));
}

static uint32_t find_node(struct golden *g, int lvl, uint64_t iova)
{
	uint64_t key = node_key(lvl, align_down64(iova, block_size(g, lvl)));
	uint32_t n = g->hint[lvl];

	if (n != GTREE_NIL && gtree_holds(&g->tree, n, key))
		return n;
	n = gtree_find(&g->tree, key);
	if (n != GTREE_NIL)
		g->hint[lvl] = n;
	return n;
}

static bool is_leaf(const struct golden *g, uint32_t n)
{
	return gtree_node(&g->tree, n)->kind == GOLDEN_LEAF;
}

static int new_node(struct golden *g, int lvl, uint64_t base, enum golden_kind kind, uint64_t pa,
		    int prot)
{
	if (gtree_insert(&g->tree, node_key(lvl, base), (uint8_t)kind, pa, prot) != GTREE_NIL)
		return 0;
	g->exhausted = true;
	return -ENOMEM;
}

/* Everything below the node at (lvl, base); with_node: the node too. */
static void remove_subtree(struct golden *g, int lvl, uint64_t base, bool with_node)
{
	uint64_t first = node_key(lvl, base) + (with_node ? 0 : 1);

	gtree_erase_range(&g->tree, first, node_key(0, base + block_size(g, lvl)));
}

/*
 * Split the block n at lvl: it becomes a table of next-level leaves with
 * the block's prot and consecutive PAs, covering all of it.
 */
static int split_block(struct golden *g, uint32_t n, int lvl)
{
	const struct gnode *blk = gtree_node(&g->tree, n);
	uint64_t base = key_base(blk->key), pa = blk->pa, sub = block_size(g, lvl + 1);
	uint64_t nr = block_size(g, lvl) / sub;
	int prot = blk->prot;

	if (gtree_room(&g->tree) < nr) {
		g->exhausted = true;
		return -ENOMEM;
	}
	gtree_set_kind(&g->tree, n, GOLDEN_TABLE, 0, 0);
	for (uint64_t i = 0; i < nr; i++)
		new_node(g, lvl + 1, base + i * sub, GOLDEN_LEAF, pa + i * sub, prot);
	return 0;
}

/* ---- one page ---- */

static int map_page(struct golden *g, uint64_t iova, uint64_t paddr, uint64_t pgsize, int prot)
{
	int lvl, page_lvl = pgsize_level(g, pgsize);
	uint32_t n;

	if (iova >> g->cfg.ias || paddr >> g->cfg.oas)
		return -ERANGE;
	/* v5.12 (since f12e0d22903e): no access, nothing to do, after the range check. */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return 0;
	for (lvl = g->cfg.start_level; lvl < page_lvl; lvl++) {
		n = find_node(g, lvl, iova);
		if (n == GTREE_NIL && new_node(g, lvl, align_down64(iova, block_size(g, lvl)),
					       GOLDEN_TABLE, 0, 0))
			return -ENOMEM;
		if (n != GTREE_NIL && is_leaf(g, n))
			return -EEXIST;
	}
	n = find_node(g, page_lvl, iova);
	if (n == GTREE_NIL)
		return new_node(g, page_lvl, iova, GOLDEN_LEAF, paddr, prot);
	if (is_leaf(g, n))
		return -EEXIST;
	/* A block over a table: the table goes silently, with all it held. */
	remove_subtree(g, page_lvl, iova, false);
	gtree_set_kind(&g->tree, n, GOLDEN_LEAF, paddr, prot);
	return 0;
}

/* Bytes unmapped: pgsize, or 0 at a hole. */
static uint64_t unmap_page(struct golden *g, uint64_t iova, uint64_t pgsize)
{
	int lvl, page_lvl = pgsize_level(g, pgsize);
	uint32_t n;

	if (iova >> g->cfg.ias)
		return 0;
	for (lvl = g->cfg.start_level; lvl < page_lvl; lvl++) {
		n = find_node(g, lvl, iova);
		if (n == GTREE_NIL)
			return 0;
		if (is_leaf(g, n) && (g->cfg.no_split || split_block(g, n, lvl)))
			return 0;
	}
	if (find_node(g, page_lvl, iova) == GTREE_NIL)
		return 0;
	/* A leaf, or a table with everything below it, whether it maps anything or not. */
	remove_subtree(g, page_lvl, iova, true);
	return pgsize;
}

/* iommu_pgsize(), brute force: the largest page that fits in size and divides addr. */
static uint64_t pick_pgsize(const struct golden *g, uint64_t addr, uint64_t size)
{
	/* The bitmap's sizes from the largest down (a few, not 64 bits). */
	for (uint64_t left = g->cfg.pgsize_bitmap; left; left &= ~(1ULL << fls64(left))) {
		uint64_t pgsize = 1ULL << fls64(left);

		if (pgsize <= size && !(addr & (pgsize - 1)))
			return pgsize;
	}
	return 0;
}

/* ---- the core's loops ---- */

int golden_map(struct golden *g, uint64_t iova, uint64_t paddr, uint64_t size, int prot)
{
	uint64_t orig_iova = iova, orig_size = size;
	int ret = 0;

	if ((iova | paddr | size) & (g->cfg.granule - 1))
		return -EINVAL;
	while (size) {
		uint64_t pgsize = pick_pgsize(g, iova | paddr, size);

		ret = map_page(g, iova, paddr, pgsize, prot);
		if (ret)
			break;
		iova += pgsize;
		paddr += pgsize;
		size -= pgsize;
	}
	/* The kernel's unwind: iommu_unmap() of what this call mapped. */
	if (ret)
		golden_unmap(g, orig_iova, orig_size - size);
	return ret;
}

uint64_t golden_unmap(struct golden *g, uint64_t iova, uint64_t size)
{
	uint64_t unmapped = 0;

	if ((iova | size) & (g->cfg.granule - 1))
		return 0;
	while (unmapped < size) {
		uint64_t pgsize = pick_pgsize(g, iova, size - unmapped);

		if (!unmap_page(g, iova, pgsize))
			break;
		iova += pgsize;
		unmapped += pgsize;
	}
	return unmapped;
}

/* ---- reading ---- */

static struct golden_node node_view(const struct golden *g, const struct gnode *n)
{
	int lvl = key_level(n->key);

	return (struct golden_node){ .kind = (enum golden_kind)n->kind, .level = lvl,
				     .iova = key_base(n->key), .size = block_size(g, lvl),
				     .pa = n->pa, .prot = n->prot };
}

bool golden_lookup(const struct golden *g, uint64_t iova, struct golden_node *leaf)
{
	if (iova >> g->cfg.ias)
		return false;
	for (int lvl = g->cfg.start_level; lvl < GOLDEN_MAX_LEVELS; lvl++) {
		uint32_t n = lookup_node(g, lvl, iova);

		if (n == GTREE_NIL)
			return false;
		if (is_leaf(g, n)) {
			*leaf = node_view(g, gtree_node(&g->tree, n));
			return true;
		}
	}
	return false;
}

uint64_t golden_iova_to_phys(const struct golden *g, uint64_t iova)
{
	struct golden_node leaf;

	if (!golden_lookup(g, iova, &leaf))
		return 0;
	return leaf.pa + (iova - leaf.iova);
}

struct visit {
	const struct golden *g;
	bool leaves_only;
	golden_visit_fn fn;
	void *arg;
};

static int visit_one(void *arg, const struct gnode *n)
{
	const struct visit *v = arg;
	struct golden_node node = node_view(v->g, n);

	if (v->leaves_only && node.kind != GOLDEN_LEAF)
		return 0;
	return v->fn(v->arg, &node);
}

static int for_each(const struct golden *g, uint64_t lo, uint64_t hi, struct visit *v)
{
	int ret;

	if (hi > ias_top(g))
		hi = ias_top(g);
	if (lo >= hi)
		return 0;
	/* The nodes starting before lo that reach into the range: those on lo's path. */
	for (int lvl = g->cfg.start_level; lvl < GOLDEN_MAX_LEVELS; lvl++) {
		uint32_t n = lookup_node(g, lvl, lo);

		if (n == GTREE_NIL)
			break;
		if (key_base(gtree_node(&g->tree, n)->key) < lo &&
		    (ret = visit_one(v, gtree_node(&g->tree, n))))
			return ret;
		if (is_leaf(g, n))
			break;
	}
	return gtree_walk(&g->tree, node_key(0, lo), node_key(0, hi), visit_one, v);
}

int golden_for_each_node(const struct golden *g, uint64_t lo, uint64_t hi, golden_visit_fn fn,
			 void *arg)
{
	struct visit v = { .g = g, .leaves_only = false, .fn = fn, .arg = arg };

	return for_each(g, lo, hi, &v);
}

int golden_for_each_leaf(const struct golden *g, uint64_t lo, uint64_t hi, golden_visit_fn fn,
			 void *arg)
{
	struct visit v = { .g = g, .leaves_only = true, .fn = fn, .arg = arg };

	return for_each(g, lo, hi, &v);
}

uint64_t golden_nr_tables(const struct golden *g)
{
	return g->tree.nr_tables;
}

uint64_t golden_nr_leaves(const struct golden *g)
{
	return g->tree.nr_leaves;
}

bool golden_exhausted(const struct golden *g)
{
	return g->exhausted;
}

/* ---- invariants ---- */

static int node_ok(void *arg, const struct gnode *n)
{
	const struct golden *g = *(const struct golden **)arg;
	int lvl = key_level(n->key);
	uint64_t base = key_base(n->key), size;
	uint32_t parent;

	if (lvl < g->cfg.start_level)
		return 1;
	size = block_size(g, lvl);
	if (base & (size - 1) || base >> g->cfg.ias)
		return 1;
	if (n->kind == GOLDEN_TABLE && lvl == GOLDEN_MAX_LEVELS - 1)
		return 1;
	if (n->kind == GOLDEN_LEAF && (n->pa & (size - 1) || n->pa >> g->cfg.oas))
		return 1;
	if (lvl == g->cfg.start_level)
		return 0;
	parent = lookup_node(g, lvl - 1, base);
	return parent == GTREE_NIL || is_leaf(g, parent);
}

bool golden_check(const struct golden *g)
{
	return gtree_check(&g->tree) && !gtree_walk(&g->tree, 0, UINT64_MAX, node_ok, &g);
}
