// SPDX-License-Identifier: GPL-2.0-only
/*
 * Injectable bugs. The engines model the kernel with the stable fixes that
 * touch this code applied; a bug switched on takes the fix back out (or
 * plants a mistake). All are off by default and selectable at run time.
 */
#ifndef IOPGFUZZ_BUGS_H
#define IOPGFUZZ_BUGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * X(name, where it comes from, what it does). docs/bugs.md has each with its
 * story and corpus/bugs/<name>.txt its smallest program.
 */
#define IPF_BUG_LIST(X)                                                        \
	/* iommu core */                                                       \
	X(PGSIZE_OVERFLOW, "e586e22974d2 reverted",                            \
	  "iommu_pgsize: offset + next page size may wrap, so count is too large") \
	X(PGSIZE_UNBOUNDED, "planted (the idea of e7d6fff6b3d3 dropped)",      \
	  "iommu_pgsize: the run is not stopped where a larger page size fits") \
	X(GATHER_NO_SYNC, "planted (febb82c208e4's page-size check dropped)",  \
	  "iotlb_gather_add_page: a new page size joins the gather without a sync") \
	X(SYNC_SKIP_EMPTY, "90c5def10bea (2026)",                              \
	  "iommu_iotlb_sync skips the driver when the gather is empty")        \
	/* io-pgtable-arm map_pages */                                         \
	X(MAP_NO_ACCESS, "6093cd582f8e reverted",                              \
	  "map_pages returns 0 having mapped nothing when prot has neither READ nor WRITE") \
	X(CONCAT_COUNT, "d71fa842d33c reverted",                               \
	  "entries left in a concatenated pgd computed as PTES_PER_TABLE - idx (negative)") \
	X(MAPPED_LOST, "map_pages series v5 (fixed in v6)",                    \
	  "__arm_lpae_map: the recursion is given NULL instead of the caller's mapped") \
	X(TABLE_BOUND, "planted (__arm_lpae_map() writes within one table)",   \
	  "__arm_lpae_map: writes pgcount entries, past the end of the table") \
	/* io-pgtable-arm unmap_pages */                                       \
	X(UNMAP_FIRST_TABLE, "unmap_pages series v4-v6 (fixed in v7)",         \
	  "unmap_pages: of several tables in a run only the first is flushed and freed") \
	X(CLEAR_WRONG_PTE, "85b715a33458 v1 (fixed before merge)",             \
	  "unmap_pages: a table at entry k > 0 of a run clears entry 0, not entry k") \
	X(DESCEND_LEAF, "pKVM-IA #104 (2026)",                                 \
	  "__arm_lpae_unmap: a block above the target level is walked as a table") \
	X(UNMAP_OFF_BY_ONE, "planted",                                         \
	  "unmap_pages: clears one entry more than pgcount")                   \
	X(ADD_PAGE_ONCE, "planted (the gather is per leaf)",                   \
	  "unmap_pages: one tlb_add_page of num * pgsize for a run of leaves") \
	X(ADD_PAGE_FIRST, "planted",                                           \
	  "unmap_pages: tlb_add_page for the first leaf of a run only")        \
	X(NO_FLUSH_WALK, "planted",                                            \
	  "unmap_pages: a table is freed without tlb_flush_walk")              \
	X(FLUSH_WALK_LEAF, "planted",                                          \
	  "unmap_pages: a removed table gets a leaf-only tlb_add_page, not tlb_flush_walk") \
	X(FREE_BEFORE_FLUSH, "planted",                                        \
	  "unmap_pages: a removed table is freed before its tlb_flush_walk")   \
	X(INV_BEFORE_CLEAR, "planted",                                         \
	  "unmap_pages: tlb_flush_walk is issued before the table entry is cleared") \
	/* io-pgtable-arm, shared by both paths: only the golden model sees these */ \
	X(PROT_XN_LOST, "planted (shared arm_lpae_prot_to_pte)",               \
	  "arm_lpae_prot_to_pte: IOMMU_NOEXEC does not set XN")                \
	X(IOVA_TO_PHYS_OFFSET, "planted (shared arm_lpae_iova_to_phys)",       \
	  "iova_to_phys: a block's base, not the address inside it")           \
	/* arm-smmu driver */                                                  \
	X(INV_LOOP_STEP, "planted (arm-smmu.c's per-granule TLBI loop)",       \
	  "SMMUv2 range invalidation: the register loop steps two granules, not one") \
	/* io-pgtable-arm block split (v5.15..v6.12) */                        \
	X(SPLIT_NUM_UNBOUNDED, "planted (split_blk_unmap(), io-pgtable-arm.c v5.15..v6.12)", \
	  "split_blk_unmap: pgcount pages removed, not bounded by the new table") \
	X(SPLIT_WRONG_OA, "planted (split_blk_unmap(), io-pgtable-arm.c v5.15..v6.12)", \
	  "split_blk_unmap: the page after the removed run is not re-created") \
	X(SPLIT_NO_ADD_PAGE, "planted (split_blk_unmap(), io-pgtable-arm.c v5.15..v6.12)", \
	  "split_blk_unmap: the removed pages are not added to the gather")   \
	/* later kernels' code (profile= v6.12 and on: include/iopgfuzz/profile.h) */ \
	X(BATCH_CLEAR_PAST_HOLE, "planted (85b715a33458's batched clear, v6.12)", \
	  "unmap_pages: the batched clear clears the whole run, past the hole that ended it") \
	X(UNMAP_WHOLE_BLOCK, "33729a5fc0ca's first posting (v6.13)",         \
	  "unmap_pages: a partial unmap of a block removes the whole block and reports its size") \
	X(CONCAT_CFG_UNREAD, "b7b8a6305557 reverted (v6.14)",                 \
	  "stage-2 alloc: the concatenation rule reads IAS/OAS before they are set, so never concatenates") \
	X(CONCAT_LIMIT_MISSED, "planted (4dcac8407fe1's 16-table check dropped, v6.14)", \
	  "stage-2 alloc: a mandatory concatenation of more than 16 tables is made, not refused")

enum ipf_bug_id {
#define IPF_BUG_ENUM(name, origin, text) IPF_BUG_##name,
	IPF_BUG_LIST(IPF_BUG_ENUM)
#undef IPF_BUG_ENUM
	IPF_BUG_NR
};

#define IPF_BUG_BIT(id) (1ULL << (id))
#define IPF_BUGS_ALL (IPF_BUG_BIT(IPF_BUG_NR) - 1)

/*
 * Per bug and per engine: how often its code was reached, and how often the
 * bug, switched on, took its buggy branch where the fixed code would not.
 */
struct ipf_bug_hits {
	uint64_t reached[IPF_BUG_NR];
	uint64_t triggered[IPF_BUG_NR];
};

const char *ipf_bug_name(enum ipf_bug_id id);
const char *ipf_bug_origin(enum ipf_bug_id id);
const char *ipf_bug_text(enum ipf_bug_id id);
/* IPF_BUG_NR when no bug has that name (case-insensitive, '-' == '_'). */
enum ipf_bug_id ipf_bug_lookup(const char *name);
/*
 * A comma-separated list of names ("all" for every bug) into IPF_BUG_BIT()s.
 * 0, or -1 with the first unknown name copied to bad (cap bytes).
 */
int ipf_bugs_parse(const char *list, uint64_t *bugs, char *bad, size_t cap);

#endif
