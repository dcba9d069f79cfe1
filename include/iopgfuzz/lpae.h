// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM LPAE (VMSAv8-64 long descriptor) page tables as io-pgtable-arm lays
 * them out: geometry, descriptor bits and the helpers both algorithms share.
 * This is io-pgtable's side of the hardware boundary. The simulated SMMU
 * reads tables with its own, independent names (engine/smmu/), on purpose:
 * a descriptor bit io-pgtable gets wrong must not be read back the same
 * wrong way by the oracle.
 */
#ifndef IOPGFUZZ_LPAE_H
#define IOPGFUZZ_LPAE_H

#include <stdint.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/io_pgtable.h"

typedef uint64_t arm_lpae_iopte;

#define ARM_LPAE_MAX_LEVELS 4
#define ARM_LPAE_MAX_ADDR_BITS 52
#define ARM_LPAE_S2_MAX_CONCAT_PAGES 16

struct arm_lpae_io_pgtable {
	struct io_pgtable iop;
	enum ipf_pgtable_algo algo;
	int pgd_bits;
	int start_level;
	int bits_per_level;
	arm_lpae_iopte *pgd;
	uint64_t pgd_pa;
};

/*
 * The walk io-pgtable-arm lays out for a restricted cfg (the granule is the
 * bitmap's smallest size): the one place the format's geometry rules live,
 * used by the allocator, the decoder's budgets and the known-rule table.
 */
struct arm_lpae_walk {
	int bits_per_level;
	int start_level; /* after any stage-2 concatenation */
	int pgd_bits;    /* the pgd holds 2^pgd_bits descriptors */
};
/*
 * arm_lpae_restrict_pgsizes(): the granule the bitmap and the host page size
 * pick, the block sizes it can express, IAS/OAS clamped to its limit (cfg
 * updated as the kernel updates it; pgsize_bitmap 0 when nothing is left).
 */
void arm_lpae_restrict_pgsizes(struct io_pgtable_cfg *cfg);

/*
 * 0, -EINVAL when no walk of this granule translates the IAS, or -E2BIG when
 * (from v6.14) stage 2 must concatenate a pgd of more than 16 tables.
 */
int arm_lpae_walk_geometry(enum io_pgtable_fmt fmt, const struct io_pgtable_cfg *cfg,
			   enum ipf_profile profile, struct arm_lpae_walk *w);

/* Geometry: a table holds 2^bits_per_level descriptors; the pgd 2^pgd_bits. */
#define ARM_LPAE_GRANULE(d)        (8ULL << (d)->bits_per_level)
#define ARM_LPAE_PGD_SIZE(d)       (8ULL << (d)->pgd_bits)
#define ARM_LPAE_PTES_PER_TABLE(d) (ARM_LPAE_GRANULE(d) >> 3)
#define ARM_LPAE_LVL_SHIFT(l, d)   ((unsigned int)((ARM_LPAE_MAX_LEVELS - (l)) * (d)->bits_per_level + 3))
#define ARM_LPAE_BLOCK_SIZE(l, d)  (1ULL << ARM_LPAE_LVL_SHIFT(l, d))
/* Extra index bits of the start level: the pgd may be smaller or concatenated. */
#define ARM_LPAE_PGD_IDX(l, d)     ((l) == (d)->start_level ? (d)->pgd_bits - (d)->bits_per_level : 0)
#define ARM_LPAE_LVL_IDX(a, l, d)                                           \
	((unsigned int)(((uint64_t)(a) >> ARM_LPAE_LVL_SHIFT(l, d)) &         \
			((1ULL << ((d)->bits_per_level + ARM_LPAE_PGD_IDX(l, d))) - 1)))

/* Descriptor type, bits [1:0] */
#define ARM_LPAE_PTE_TYPE_MASK  3ULL
#define ARM_LPAE_PTE_TYPE_BLOCK 1ULL
#define ARM_LPAE_PTE_TYPE_TABLE 3ULL
#define ARM_LPAE_PTE_TYPE_PAGE  3ULL
#define ARM_LPAE_PTE_ADDR_MASK  0x0000fffffffff000ULL /* bits [47:12] */

#define ARM_LPAE_PTE_NSTABLE    (1ULL << 63)
#define ARM_LPAE_PTE_XN         (3ULL << 53)
#define ARM_LPAE_PTE_AF         (1ULL << 10)
#define ARM_LPAE_PTE_SH_OS      (2ULL << 8)
#define ARM_LPAE_PTE_SH_IS      (3ULL << 8)
#define ARM_LPAE_PTE_NS         (1ULL << 5)
/* Bits [58:55] are for software (the kernel's SW_SYNC is bit 55): the walker ignores them. */
#define ARM_LPAE_PTE_SW_MASK    0x0780000000000000ULL

/* What a leaf keeps when a block is split: attributes, not type or address. */
#define ARM_LPAE_PTE_ATTR_LO_MASK (0x3ffULL << 2)
#define ARM_LPAE_PTE_ATTR_HI_MASK (6ULL << 52)
#define ARM_LPAE_PTE_ATTR_MASK    (ARM_LPAE_PTE_ATTR_LO_MASK | ARM_LPAE_PTE_ATTR_HI_MASK)

/* Stage 1 */
#define ARM_LPAE_PTE_nG            (1ULL << 11)
#define ARM_LPAE_PTE_AP_UNPRIV     (1ULL << 6)
#define ARM_LPAE_PTE_AP_RDONLY     (2ULL << 6)
#define ARM_LPAE_PTE_ATTRINDX_SHIFT 2
#define ARM_LPAE_MAIR_ATTR_IDX_NC    0ULL
#define ARM_LPAE_MAIR_ATTR_IDX_CACHE 1ULL
#define ARM_LPAE_MAIR_ATTR_IDX_DEV   2ULL

/* Stage 2 */
#define ARM_LPAE_PTE_HAP_READ      (1ULL << 6)
#define ARM_LPAE_PTE_HAP_WRITE     (2ULL << 6)
#define ARM_LPAE_PTE_MEMATTR_OIWB  (0xfULL << 2)
#define ARM_LPAE_PTE_MEMATTR_NC    (0x5ULL << 2)
#define ARM_LPAE_PTE_MEMATTR_DEV   (0x1ULL << 2)

static inline struct arm_lpae_io_pgtable *io_pgtable_to_data(struct io_pgtable *iop)
{
	return (struct arm_lpae_io_pgtable *)iop;
}

static inline struct arm_lpae_io_pgtable *io_pgtable_ops_to_data(struct io_pgtable_ops *ops)
{
	return io_pgtable_to_data(io_pgtable_ops_to_pgtable(ops));
}

static inline unsigned int iopte_type(arm_lpae_iopte pte)
{
	return (unsigned int)(pte & ARM_LPAE_PTE_TYPE_MASK);
}

static inline int iopte_leaf(arm_lpae_iopte pte, int lvl)
{
	if (lvl == ARM_LPAE_MAX_LEVELS - 1)
		return iopte_type(pte) == ARM_LPAE_PTE_TYPE_PAGE;
	return iopte_type(pte) == ARM_LPAE_PTE_TYPE_BLOCK;
}

static inline arm_lpae_iopte iopte_prot(arm_lpae_iopte pte)
{
	return pte & ARM_LPAE_PTE_ATTR_MASK;
}

/* With a 64K granule, PA bits [51:48] travel in descriptor bits [15:12]. */
static inline arm_lpae_iopte paddr_to_iopte(uint64_t paddr, const struct arm_lpae_io_pgtable *d)
{
	(void)d;
	return (paddr | (paddr >> (48 - 12))) & ARM_LPAE_PTE_ADDR_MASK;
}

static inline uint64_t iopte_to_paddr(arm_lpae_iopte pte, const struct arm_lpae_io_pgtable *d)
{
	uint64_t paddr = pte & ARM_LPAE_PTE_ADDR_MASK;

	if (ARM_LPAE_GRANULE(d) < SZ_64K)
		return paddr;
	return (paddr | (paddr << (48 - 12))) & (ARM_LPAE_PTE_ADDR_MASK << 4);
}

/* Descriptor access through the model: counted, and watched by the SMMU. */
static inline arm_lpae_iopte arm_lpae_read(struct arm_lpae_io_pgtable *d, const arm_lpae_iopte *ptep)
{
	d->iop.ctx->counters.pte_reads++;
	return *ptep;
}

static inline void arm_lpae_write(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *ptep,
				  arm_lpae_iopte pte)
{
	d->iop.ctx->counters.pte_writes++;
	ipf_pgmem_write(d->iop.ctx->mem, ptep, pte);
}

/* Shared by both algorithms (engine/pgtable/lpae_common.c). */
arm_lpae_iopte arm_lpae_prot_to_pte(const struct arm_lpae_io_pgtable *d, int prot);
void __arm_lpae_init_pte(struct arm_lpae_io_pgtable *d, uint64_t paddr, arm_lpae_iopte prot,
			 int lvl, int num_entries, arm_lpae_iopte *ptep);
arm_lpae_iopte arm_lpae_install_table(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *table,
				      arm_lpae_iopte *ptep, arm_lpae_iopte curr);
arm_lpae_iopte *arm_lpae_alloc_table(struct arm_lpae_io_pgtable *d, uint64_t size);
uint64_t arm_lpae_table_room(struct arm_lpae_io_pgtable *d, const arm_lpae_iopte *ptep);
void arm_lpae_free_table(struct arm_lpae_io_pgtable *d, arm_lpae_iopte *table);
void __arm_lpae_free_pgtable(struct arm_lpae_io_pgtable *d, int lvl, arm_lpae_iopte *ptep);
/* The next-level table a table descriptor points at; NULL (and an event) if none. */
arm_lpae_iopte *iopte_deref(arm_lpae_iopte pte, struct arm_lpae_io_pgtable *d);
/* True when iova has bits above ias (the kernel's iaext test). */
int arm_lpae_iova_out_of_range(const struct arm_lpae_io_pgtable *d, uint64_t iova);
uint64_t arm_lpae_iova_to_phys(struct io_pgtable_ops *ops, uint64_t iova);

/*
 * Every valid descriptor of the tree, in IOVA order, depth first, read
 * without touching the counters. fn returns non-zero to stop; that value
 * is returned.
 */
struct arm_lpae_pte_visit {
	int lvl;
	uint64_t iova;       /* first IOVA the descriptor covers */
	uint64_t size;       /* ARM_LPAE_BLOCK_SIZE(lvl) */
	arm_lpae_iopte pte;
	int leaf;
	uint64_t table_pa;   /* the table holding the descriptor */
	unsigned int idx;    /* its index there */
};
int arm_lpae_for_each_pte(const struct arm_lpae_io_pgtable *d,
			  int (*fn)(void *arg, const struct arm_lpae_pte_visit *v), void *arg);
/*
 * Would arm_lpae_for_each_pte give the same descriptors for a and b (leaves
 * exactly, tables by position)? Told table by table, without collecting
 * them: the number of tables with nothing below them (in either, since they
 * are the same), or -1 when the trees differ, their geometries differ, or a
 * table is missing from one side only.
 */
int64_t arm_lpae_same_trees(const struct arm_lpae_io_pgtable *a, const struct arm_lpae_io_pgtable *b);

/* IPF_PGTABLE_KERNEL (engine/pgtable/kernel_pgtable.c): a kernel tree's code behind the ops. */
struct io_pgtable_ops *kernel_io_pgtable_alloc(enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg,
					       void *cookie, struct ipf_ctx *ctx, int *err);
void kernel_io_pgtable_free(struct io_pgtable_ops *ops);

/* The two algorithms fill in the ops. */
void arm_lpae_per_page_ops(struct io_pgtable_ops *ops);
void arm_lpae_pages_ops(struct io_pgtable_ops *ops);

#endif
