// SPDX-License-Identifier: GPL-2.0-only
/* Private to engine/smmu: the state of the simulated SMMU. */
#ifndef IOPGFUZZ_SMMU_INTERNAL_H
#define IOPGFUZZ_SMMU_INTERNAL_H

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/smmu.h"

#define SMMU_MAX_LEVELS 4

/*
 * VMSAv8-64 descriptors as the SMMU reads them: the SMMU's own names, on
 * purpose independent of io-pgtable's (include/iopgfuzz/lpae.h), so that a
 * bit the code under test gets wrong is not read back the same wrong way.
 */
#define DESC_VALID      1ULL
#define DESC_TYPE_MASK  3ULL
#define DESC_TABLE      3ULL
#define DESC_BLOCK      1ULL
#define DESC_PAGE       3ULL
#define DESC_AF         (1ULL << 10)
#define DESC_S1_RDONLY  (1ULL << 7)
#define DESC_S2_READ    (1ULL << 6)
#define DESC_S2_WRITE   (1ULL << 7)
#define DESC_S1_UNPRIV  (1ULL << 6)     /* AP[1] */
#define DESC_XN         (1ULL << 54)    /* UXN/XN */
#define DESC_SH(d)      (((d) >> 8) & 3)
#define DESC_MEMATTR(d) (((d) >> 2) & 0xf) /* stage 1: AttrIndx[2:0]; stage 2: MemAttr[3:0] */
/* Output address bits [47:granule]; a 64K granule's OA[51:48] sits in bits [15:12]. */
#define DESC_OA_MASK(granule_shift) genmask64(47, (granule_shift))
#define DESC_OA_HI(d)   ((((d) >> 12) & 0xf) << 48)

/* SMMUv2 TLBI* register values of an AArch64 context: a page number, VA[55:12] or IPA[51:12]. */
#define SMMU_V2_VA_FIELD  genmask64(43, 0)
#define SMMU_V2_IPA_FIELD genmask64(39, 0)
#define SMMU_V2_PAGE_SHIFT 12

/* One cached entry: a leaf translation (TLB) or a table descriptor (walk cache). */
struct smmu_centry {
	uint64_t va;       /* aligned to the level's block size */
	uint64_t pa;       /* TLB: output address of va; walk cache: next table */
	uint64_t gen;      /* walk cache: generation of the next table */
	uint64_t fill_seq;
	int32_t next;      /* hash chain */
	uint8_t level;     /* TLB: leaf level; walk cache: level of the descriptor */
	uint8_t perm;
	bool valid;
};

struct smmu_cache {
	struct smmu_centry *e;
	int32_t *bucket;
	uint32_t *bgen;          /* a bucket is empty unless written in this generation */
	uint32_t gen;
	uint32_t cap, alloc;     /* entries in use as capacity / allocated */
	uint32_t nbuckets, nbuckets_alloc;
	uint32_t fresh;          /* entries [0, fresh) have been handed out since the reset */
	uint32_t used, rr;
	int32_t free_head;
	enum ipf_cache_policy policy;
};

/* Where a table sits in the tree, learnt from the descriptor that points at it. */
struct smmu_table_info {
	uint64_t base;          /* first IOVA it translates */
	uint64_t parent_pte;    /* PA of the descriptor pointing at it (0: the pgd) */
	int32_t removal;        /* index+1 of the removal that unlinked it this operation */
	uint32_t valid;         /* descriptors with the valid bit, as written since its allocation */
	int8_t level;           /* -1: not placed */
};

/* Something the current operation took out of the tree. */
struct smmu_removal {
	uint64_t iova, size;
	uint64_t table_pa, table_gen; /* tables only */
	uint64_t clear_seq;
	int level;
	bool table;
};

/* An invalidation that took effect at a sync, as an address range. */
struct smmu_inval {
	uint64_t lo, hi;        /* [lo, hi); a by-address point TLBI is [addr, addr + 1) */
	uint64_t issue_seq, sync_seq;
	bool all;               /* the whole context */
	bool leaf_only;
	bool point;             /* entries containing lo, not entries intersecting */
	uint8_t ttl;            /* 0: any level */
	uint64_t stride;        /* point: also lo + stride, lo + 2 * stride, ... below hi (0: lo only) */
};

/* Does a point invalidation reach into [lo, hi): one of its points lies there? */
static inline bool smmu_points_reach(const struct smmu_inval *inv, uint64_t lo, uint64_t hi)
{
	uint64_t p = inv->lo;

	if (inv->stride && p < lo)
		p += (lo - p + inv->stride - 1) / inv->stride * inv->stride;
	return p >= lo && p < hi && p < inv->hi;
}

struct smmu_vec {
	void *p;
	uint32_t nr, cap;
};

struct ipf_smmu {
	struct ipf_smmu_cfg cfg;
	struct ipf_smmu_ctx ctx;
	bool attached;
	struct ipf_pgmem *mem;
	struct ipf_events *events;
	struct smmu_cache tlb, wc;
	struct smmu_vec tinfo;    /* struct smmu_table_info, indexed by table generation */
	struct smmu_vec pending;  /* struct smmu_inval, issued, waiting for a sync */
	struct smmu_vec applied;  /* struct smmu_inval, effective this operation */
	struct smmu_vec removed;  /* struct smmu_removal, this operation */
	struct smmu_vec sorted;   /* struct smmu_inval: `applied` by address, for the oracles */
	struct smmu_vec scratch;  /* struct smmu_inval */
	uint64_t *prefix_hi;      /* over `sorted`: the largest hi up to each index */
	uint32_t prefix_cap;
	bool any_all;             /* `applied` holds a whole-context invalidation */
	uint32_t indexed;         /* applied.nr when `sorted` was built */
	uint64_t pgd_gen;
	uint64_t seq;             /* one clock for writes, commands, syncs, fills, frees */
	uint64_t last_write_seq;  /* of the latest descriptor write */
	uint64_t run;             /* the queue call in progress stands for this many (0: one) */
	uint64_t op_start_seq;
	struct smmu_vec changed;  /* struct ipf_smmu_range: what this operation's writes may have changed */
	bool untracked;           /* since the attach, a write whose reach the SMMU cannot bound */
	struct ipf_smmu_stats stats;
	void (*trace_fn)(void *ctx, const struct ipf_smmu_cmd_trace *t);
	void *trace_ctx;
	struct ipf_smmu_cmd_trace cur; /* the command being decoded, for the tracer */
};

/* geometry */
static inline unsigned int smmu_bpl(const struct ipf_smmu *s)
{
	return s->ctx.granule_shift - 3;
}

static inline unsigned int smmu_lvl_shift(const struct ipf_smmu *s, int lvl)
{
	return (unsigned int)(SMMU_MAX_LEVELS - lvl) * smmu_bpl(s) + 3;
}

static inline uint64_t smmu_block_size(const struct ipf_smmu *s, int lvl)
{
	return 1ULL << smmu_lvl_shift(s, lvl);
}

static inline unsigned int smmu_index(const struct ipf_smmu *s, uint64_t iova, int lvl)
{
	unsigned int bits = lvl == s->ctx.start_level ? (unsigned int)s->ctx.pgd_bits : smmu_bpl(s);

	return (unsigned int)((iova >> smmu_lvl_shift(s, lvl)) & ((1ULL << bits) - 1));
}

static inline bool smmu_is_table_desc(int lvl, uint64_t desc)
{
	return lvl < SMMU_MAX_LEVELS - 1 && (desc & DESC_TYPE_MASK) == DESC_TABLE;
}

/* At attach: report a stage-2 start the architecture forbids (s2_start.c). */
void smmu_check_s2_start(struct ipf_smmu *s);

static inline void smmu_report(struct ipf_smmu *s, enum ipf_event_kind kind, uint64_t iova,
			       uint64_t aux)
{
	ipf_event(s->events, kind, iova, aux);
}

/* vec.c */
void *smmu_vec_push(struct smmu_vec *v, size_t elem);
void smmu_vec_free(struct smmu_vec *v);
void *smmu_vec_at_grow(struct smmu_vec *v, size_t elem, uint32_t idx);

/* cache.c */
/* Capacity and policy (allocating more if needed); empties the cache. */
int smmu_cache_resize(struct smmu_cache *c, uint32_t cap, enum ipf_cache_policy policy);
void smmu_cache_free(struct smmu_cache *c);
void smmu_cache_reset(struct smmu_cache *c);
struct smmu_centry *smmu_cache_find(struct smmu_cache *c, int level, uint64_t va);
/* false when a sticky cache is full */
bool smmu_cache_insert(struct smmu_cache *c, const struct smmu_centry *entry);
void smmu_cache_remove(struct smmu_cache *c, struct smmu_centry *e);

/* walk.c */
struct smmu_table_info *smmu_tinfo(struct ipf_smmu *s, uint64_t gen);

/* changed.c: the reach of each descriptor write, for ipf_smmu_op_changed() */
void smmu_count_valid(struct ipf_smmu *s, struct smmu_table_info *ti, uint64_t old, uint64_t val);
void smmu_note_write(struct ipf_smmu *s, int lvl, uint64_t iova, uint64_t old, uint64_t val);
/* A table linked in at pte_pa, at level lvl (ti: where it was placed before). */
void smmu_note_install(struct ipf_smmu *s, int lvl, const struct ipf_table_page *child,
		       const struct smmu_table_info *ti, uint64_t pte_pa);

/* cmd.c */
void smmu_apply(struct ipf_smmu *s, const struct smmu_inval *inv);

/* oracle.c: did completed walk invalidations issued after r's clear cover all of [lo, hi)? */
bool smmu_table_flushed(struct ipf_smmu *s, const struct smmu_removal *r, uint64_t lo, uint64_t hi);

#endif
