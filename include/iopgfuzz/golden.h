// SPDX-License-Identifier: GPL-2.0-only
/*
 * The golden model: the simplest code that knows what should be mapped.
 *
 * An abstract LPAE page table with the semantics of the v5.12 kernel: the
 * iommu core maps and unmaps one page at a time, and io-pgtable-arm creates
 * tables on the way down, replaces a table by a block, refuses to map over a
 * leaf, and splits a block on a partial unmap (refuses it, with no_split: a
 * v6.13 kernel, where the core's unmap then stops there). It is written over abstract
 * nodes instead of descriptors: a node is (level, base IOVA) and is either a
 * TABLE or a LEAF (pa, prot). The root table (the pgd) is implicit, so a
 * TABLE node is one table below the pgd. Nothing here knows descriptors,
 * table memory or the engines' code; the geometry comes from golden_cfg.
 *
 * Costs: map and unmap are O(log n) per page of the request (n: nodes in
 * the model), plus the nodes a split creates or a removal frees; enumeration
 * is O(log n + nodes reported). Nothing scans the address space. As in the
 * kernel, a map walks every page of its request even when it writes nothing
 * (no READ/WRITE): callers bound request sizes.
 *
 * Memory: a fixed pool of nodes, sized at golden_alloc(). An operation that
 * needs more fails cleanly: golden_map() returns -ENOMEM after unwinding what
 * it mapped, golden_unmap() stops at the block it could not split, and
 * golden_exhausted() says so until the next reset. From then on the model's
 * answers are not the kernel's: a comparison must skip, not report.
 */
#ifndef IOPGFUZZ_GOLDEN_H
#define IOPGFUZZ_GOLDEN_H

#include <stdbool.h>
#include <stdint.h>

/* 2^18 nodes, about 10 MiB. */
#define GOLDEN_DEFAULT_MAX_NODES (1u << 18)

struct golden_cfg {
	uint64_t granule;       /* 4K, 16K or 64K */
	uint64_t pgsize_bitmap; /* the format's restricted bitmap: the granule and some of its blocks */
	unsigned int ias;       /* up to 52 */
	unsigned int oas;       /* up to 52 */
	int start_level;        /* 0..3, after any stage-2 concatenation */
	bool no_split;          /* v6.13 (33729a5fc0ca): a partial unmap of a block is refused */
};

enum golden_kind { GOLDEN_TABLE = 1, GOLDEN_LEAF = 2 };

struct golden_node {
	enum golden_kind kind;
	int level;
	uint64_t iova; /* first IOVA the node covers */
	uint64_t size; /* the level's block size */
	uint64_t pa;   /* LEAF: the PA of iova */
	int prot;      /* LEAF: IOMMU_* as mapped */
};

struct golden;

/*
 * A model with room for max_nodes nodes (0: GOLDEN_DEFAULT_MAX_NODES), or
 * NULL with *err (may be NULL) = -EINVAL (bad cfg) or -ENOMEM.
 */
struct golden *golden_alloc(const struct golden_cfg *cfg, uint32_t max_nodes, int *err);
void golden_destroy(struct golden *g);
/*
 * Forget every node, keep the pool; cfg NULL keeps the geometry, otherwise
 * it is replaced (-EINVAL, and the model unchanged, if cfg is bad). O(1).
 */
int golden_reset(struct golden *g, const struct golden_cfg *cfg);

/* v5.12 iommu_map(): 0 or -EINVAL/-ERANGE/-EEXIST (-ENOMEM: the pool is exhausted). */
int golden_map(struct golden *g, uint64_t iova, uint64_t paddr, uint64_t size, int prot);
/* v5.12 iommu_unmap(): the bytes unmapped, stopping at the first hole. */
uint64_t golden_unmap(struct golden *g, uint64_t iova, uint64_t size);

/* The leaf translating iova: true and *leaf filled in, or false (unmapped). */
bool golden_lookup(const struct golden *g, uint64_t iova, struct golden_node *leaf);
/* The PA iova translates to, 0 when unmapped. Unlike the kernel's
 * iova_to_phys, an iova beyond the IAS is unmapped (no index aliasing). */
uint64_t golden_iova_to_phys(const struct golden *g, uint64_t iova);

/*
 * The nodes overlapping [lo, hi), depth first in IOVA order (a table before
 * what it holds: the order of arm_lpae_for_each_pte), or only the leaves.
 * fn returns non-zero to stop; that value is returned.
 */
typedef int (*golden_visit_fn)(void *arg, const struct golden_node *node);
int golden_for_each_node(const struct golden *g, uint64_t lo, uint64_t hi, golden_visit_fn fn,
			 void *arg);
int golden_for_each_leaf(const struct golden *g, uint64_t lo, uint64_t hi, golden_visit_fn fn,
			 void *arg);

uint64_t golden_nr_tables(const struct golden *g);
uint64_t golden_nr_leaves(const struct golden *g);
bool golden_exhausted(const struct golden *g);
/*
 * The model's own invariants, O(n): every node aligned, inside the IAS, its
 * parent a TABLE; no TABLE at the last level; every leaf's PA aligned and
 * inside the OAS; the counters right; the index well formed.
 */
bool golden_check(const struct golden *g);

#endif
