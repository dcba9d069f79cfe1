// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated SMMU: what hardware would see of one domain. It reads the
 * real descriptor memory with its own walker, caches leaf translations
 * (IOTLB) and table descriptors (walk cache), and takes TLB maintenance as
 * commands that become effective at a sync. It watches the table memory
 * (allocation, free, every descriptor write), so it can tell what each
 * operation removed and check that invalidation covered it, in order,
 * before the memory went away.
 *
 * Everything it finds is an event in the domain's sink (kinds IPF_EV_SMMU_*).
 */
#ifndef IOPGFUZZ_SMMU_H
#define IOPGFUZZ_SMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/events.h"
#include "iopgfuzz/pgmem.h"

enum ipf_cache_policy {
	IPF_CACHE_STICKY, /* never evict: a full cache stops filling (most bugs stay visible) */
	IPF_CACHE_ROUND_ROBIN,
	IPF_CACHE_POLICIES
};

struct ipf_smmu_cfg {
	bool range_inv;             /* SMMUv3 IDR3.RIL */
	bool lax;                   /* QEMU-like: ignore Leaf and TTL when invalidating */
	/*
	 * Honour range TTL hints strictly: a leaf at another level than the
	 * hint survives. Off by default: the kernel's own block split (<= v6.12)
	 * invalidates a block with the small page's TTL (__arm_lpae_unmap()'s block split, io-pgtable-arm.c up to v6.12).
	 */
	bool ttl_strict;
	uint32_t tlb_entries;       /* 0: 4096 */
	uint32_t wc_entries;        /* walk-cache entries, all levels (0: 1024) */
	enum ipf_cache_policy policy;
};

/* What the stream/context descriptors would say about the translation. */
struct ipf_smmu_ctx {
	int stage;                  /* 1 or 2 */
	unsigned int granule_shift; /* 12, 14, 16 */
	unsigned int ias, oas;
	int start_level;
	int pgd_bits;               /* index bits of the start-level table */
	uint64_t ttbr;              /* PA of the start-level table */
	uint64_t pgsize_bitmap;     /* the domain's: SMMUv3 derives TG from it */
};

enum ipf_fault {
	IPF_FAULT_NONE,
	IPF_FAULT_TRANSLATION,
	IPF_FAULT_ACCESS,
	IPF_FAULT_PERMISSION,
	IPF_FAULT_ADDR_SIZE,
	IPF_FAULT_WALK_ABORT,      /* the walk read memory that is not a live table */
};

enum ipf_xlate_src { IPF_SRC_TLB, IPF_SRC_WALK_CACHE, IPF_SRC_WALK };

#define IPF_PERM_R 1u
#define IPF_PERM_W 2u
#define IPF_PERM_X 4u      /* instruction fetch allowed: XN clear */
#define IPF_PERM_UNPRIV 8u /* stage 1: unprivileged accesses allowed (AP[1]) */

/*
 * A leaf's memory attributes as the walker decodes them, in the SMMU's own
 * terms: the memory type (stage 1: the MAIR index the descriptor names;
 * stage 2: its MemAttr field) and the shareability.
 */
#define IPF_ATTR_MEM(a)   ((a) & 0xf)
#define IPF_ATTR_SH(a)    (((a) >> 4) & 3)
#define IPF_ATTR(mem, sh) (((mem) & 0xf) | (((sh) & 3) << 4))

struct ipf_xlate {
	enum ipf_fault fault;
	int level;                 /* of the leaf, or where the walk faulted */
	uint64_t pa;               /* output address of the IOVA */
	uint64_t size;             /* leaf size */
	unsigned int perm;
	enum ipf_xlate_src src;
};

/*
 * SMMUv3 commands: two 64-bit words, as the command queue holds them, and
 * the fields the SMMU decodes. The driver encodes with its own names
 * (CMDQ_*, engine/driver/arm_smmu_tlb.h) on purpose: the two sides of the
 * hardware boundary do not share definitions, so a field one side gets
 * wrong is not repeated by the other.
 */
#define SMMU_CMD_TLBI_NH_ALL   0x10
#define SMMU_CMD_TLBI_NH_ASID  0x11
#define SMMU_CMD_TLBI_NH_VA    0x12
#define SMMU_CMD_TLBI_S12_VMALL 0x28
#define SMMU_CMD_TLBI_S2_IPA   0x2a
#define SMMU_CMD_TLBI_NSNH_ALL 0x30
#define SMMU_CMD_SYNC          0x46

#define SMMU_CMD0_OP(dw)     ((unsigned int)((dw) & 0xff))
#define SMMU_CMD0_NUM(dw)    ((unsigned int)(((dw) >> 12) & 0x1f))
#define SMMU_CMD0_SCALE(dw)  ((unsigned int)(((dw) >> 20) & 0x1f))
#define SMMU_CMD0_VMID(dw)   ((unsigned int)(((dw) >> 32) & 0xffff))
#define SMMU_CMD0_ASID(dw)   ((unsigned int)(((dw) >> 48) & 0xffff))
#define SMMU_CMD1_LEAF(dw)   ((unsigned int)((dw) & 1))
#define SMMU_CMD1_TTL(dw)    ((unsigned int)(((dw) >> 8) & 3))
#define SMMU_CMD1_TG(dw)     ((unsigned int)(((dw) >> 10) & 3))
#define SMMU_CMD1_ADDR(dw)   ((dw) & ~0xfffULL)

struct ipf_smmu_cmd {
	uint64_t dw[2];
};

/* SMMUv2 context-bank TLB maintenance registers. */
enum ipf_smmu_v2_reg {
	SMMU_V2_TLBIVA, SMMU_V2_TLBIVAL, SMMU_V2_TLBIASID,
	SMMU_V2_TLBIIPAS2, SMMU_V2_TLBIIPAS2L, SMMU_V2_TLBIVMID, SMMU_V2_TLBSYNC,
};

struct ipf_smmu_stats {
	uint64_t dma, tlb_hits, wc_hits, walks, faults;
	uint64_t tlb_fills, wc_fills, fills_dropped;
	uint64_t commands, syncs, entries_invalidated;
	uint64_t removed_leaves, removed_tables;
	uint64_t over_invalidated_bytes;
};

/* What the SMMU received, decoded: for `iopgfuzz trace`. */
struct ipf_smmu_cmd_trace {
	bool v2;                    /* an SMMUv2 register write (reg, val), else a v3 command (dw) */
	struct ipf_smmu_cmd cmd;
	enum ipf_smmu_v2_reg reg;
	uint64_t val;
	bool sync;                  /* CMD_SYNC / TLBSYNC: pending invalidations take effect */
	bool all;                   /* the whole context */
	bool leaf_only;
	bool point;                 /* by address: the entry holding lo */
	uint64_t lo, hi;
	unsigned int ttl;
	uint64_t count;             /* writes or commands this line stands for (a run: > 1) */
	uint64_t stride;            /* a run of points this far apart, not one granule (0: not) */
};

struct ipf_smmu;

/* NULL on allocation failure. events may be NULL. */
struct ipf_smmu *ipf_smmu_create(const struct ipf_smmu_cfg *cfg, struct ipf_pgmem *mem,
				 struct ipf_events *events);
void ipf_smmu_destroy(struct ipf_smmu *smmu);
/* Start again with another configuration: detached, caches empty, counters zero. */
int ipf_smmu_configure(struct ipf_smmu *smmu, const struct ipf_smmu_cfg *cfg);
/* Point the SMMU at a page table (an STE/CD install); installs the memory watch. */
void ipf_smmu_attach(struct ipf_smmu *smmu, const struct ipf_smmu_ctx *ctx);
/* The context is torn down: stop translating and checking (before its tables are freed). */
void ipf_smmu_detach(struct ipf_smmu *smmu);
/* Forget caches, pending commands and per-operation records (not the attachment). */
void ipf_smmu_reset_caches(struct ipf_smmu *smmu);

/* Commands from the driver. */
void ipf_smmu_cmd(struct ipf_smmu *smmu, const struct ipf_smmu_cmd *cmd);
void ipf_smmu_v2_write(struct ipf_smmu *smmu, enum ipf_smmu_v2_reg reg, uint64_t val);
/*
 * A driver's per-granule loop, received as one run: `count` writes of reg,
 * the first of val and each next `step` more (SMMUv2), or `count` copies of
 * cmd whose address steps by `step` bytes (SMMUv3). The SMMU ends in the
 * state those writes or commands would leave, counts them all and traces the
 * run as one line; a run it cannot take as one (a step other than the
 * granule, an unaligned start, a write the context refuses) is applied write
 * by write, so a wrong step still does exactly what it would.
 */
void ipf_smmu_v2_write_run(struct ipf_smmu *smmu, enum ipf_smmu_v2_reg reg, uint64_t val,
			   uint64_t count, uint64_t step);
void ipf_smmu_cmd_run(struct ipf_smmu *smmu, const struct ipf_smmu_cmd *cmd, uint64_t count,
		      uint64_t step);

/* A device access: TLB, then walk cache, then a walk; fills the caches. */
struct ipf_xlate ipf_smmu_dma(struct ipf_smmu *smmu, uint64_t iova, bool write);
/* Fill the caches for one valid translation of every leaf and table in [lo, hi). */
void ipf_smmu_prefill(struct ipf_smmu *smmu, uint64_t lo, uint64_t hi, uint32_t max_walks);
/* A leaf as the walker reads it from memory. */
struct ipf_smmu_leaf {
	uint64_t iova, size, pa;
	int level;
	unsigned int perm;
	unsigned int attr;    /* IPF_ATTR() */
	enum ipf_fault fault; /* a leaf the hardware would refuse (AF, OA size, reserved) */
};
/* Every leaf overlapping [lo, hi) in IOVA order, read from memory; fn returns non-zero to stop. */
int ipf_smmu_for_each_leaf(struct ipf_smmu *smmu, uint64_t lo, uint64_t hi,
			   int (*fn)(void *arg, const struct ipf_smmu_leaf *leaf), void *arg);
/* A walk of the tables in memory only: no caches, no fills, no counters. */
struct ipf_xlate ipf_smmu_walk_memory(struct ipf_smmu *smmu, uint64_t iova);

/*
 * Operation boundaries: records of what the operation removed start at
 * begin; end runs the oracles that hold once the operation has returned
 * (a completed unmap has synced): stale translations, flush coverage,
 * ordering. `lazy`: the operation deferred its leaf invalidation to a later
 * flush_iotlb_all (flush queue), so only walk invalidation is required.
 */
void ipf_smmu_op_begin(struct ipf_smmu *smmu, uint32_t op_index);
void ipf_smmu_op_end(struct ipf_smmu *smmu, bool lazy);

/*
 * The IOVA ranges [lo, hi) whose translations the descriptor writes since
 * ipf_smmu_op_begin may have changed (*nr of them, neither sorted nor
 * disjoint): the span of each write that adds or removes a leaf or a table
 * holding valid descriptors. NULL when, since the attach, some write's reach
 * could not be bounded (memory holding no table, a table linked twice or
 * moved, a subtree built off the tree): then any address may have changed.
 */
struct ipf_smmu_range {
	uint64_t lo, hi;
};
const struct ipf_smmu_range *ipf_smmu_op_changed(const struct ipf_smmu *smmu, uint32_t *nr);

const struct ipf_smmu_stats *ipf_smmu_stats(const struct ipf_smmu *smmu);
bool ipf_smmu_range_inv(const struct ipf_smmu *smmu);
void ipf_smmu_set_tracer(struct ipf_smmu *smmu,
			 void (*fn)(void *ctx, const struct ipf_smmu_cmd_trace *t), void *ctx);

#endif
