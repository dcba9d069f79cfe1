// SPDX-License-Identifier: GPL-2.0-only
/*
 * Events: every "this should not happen" of the models. Where the kernel
 * would WARN (or BUG) the engine records a typed event with the operation
 * index and the address instead, and carries on as the kernel does.
 * Nothing here prints.
 */
#ifndef IOPGFUZZ_EVENTS_H
#define IOPGFUZZ_EVENTS_H

#include <stdint.h>

#define IPF_EVENT_KINDS(X) /* X(name, oracle, text) */ \
	/* core: iommu_pgsize() and the map/unmap loops */                         \
	X(PGSIZE_NO_SIZE, "core", "iommu_pgsize: no page size fits (BUG_ON)") \
	X(PGSIZE_NOT_IN_BITMAP, "core", "iommu_pgsize: page size not in the bitmap") \
	X(PGSIZE_MISALIGNED, "core", "iommu_pgsize: page size does not divide iova|paddr") \
	X(PGSIZE_BAD_COUNT, "core", "iommu_pgsize: count is 0 or count*pgsize > size") \
	X(PGSIZE_WIDE_SHIFT, "core", "iommu_pgsize: shift by 64 or more") \
	X(CORE_ITER_BOUND, "core", "core loop exceeded its iteration bound (kernel would hang)") \
	X(CORE_MIN_PAGESZ_SHIFT, "core", "core: 1 << __ffs(bitmap) overflows int") \
	X(CORE_MAPPED_TOO_MUCH, "core", "map_pages reported more mapped than it was asked for (size underflows)") \
	/* io-pgtable-arm WARNs */                                                 \
	X(MAP_BAD_PGSIZE, "io-pgtable", "map: pgsize 0 or not in the bitmap") \
	X(MAP_OUT_OF_RANGE, "io-pgtable", "map: iova beyond ias or paddr beyond oas") \
	X(MAP_EXISTS, "io-pgtable", "map: a leaf is already present") \
	X(MAP_LEVEL_OVERFLOW, "io-pgtable", "map: would allocate a table below the last level") \
	X(MAP_REPLACE_FAILED, "io-pgtable", "map: freeing a table under a new block unmapped the wrong size") \
	X(UNMAP_BAD_ARGS, "io-pgtable", "unmap: pgsize/pgcount invalid") \
	X(UNMAP_OUT_OF_RANGE, "io-pgtable", "unmap: iova beyond ias") \
	X(UNMAP_EMPTY, "io-pgtable", "unmap: entry is empty") \
	X(UNMAP_LEVEL_OVERFLOW, "io-pgtable", "unmap: ran out of page table") \
	X(UNMAP_PARTIAL_BLOCK, "io-pgtable", "unmap: part of a block, refused (v6.13+)") \
	X(ALLOC_CONCAT_REFUSED, "io-pgtable", "alloc: stage 2 must concatenate more than 16 tables, refused (v6.14+)") \
	X(BAD_TABLE_POINTER, "io-pgtable", "table descriptor does not point at a live table") \
	X(ALLOC_FAILED, "io-pgtable", "table allocation failed") \
	X(BAD_TABLE_FREE, "io-pgtable", "freeing something that is not a live table") \
	X(TABLE_OVERRUN, "io-pgtable", "a run of descriptors is not inside the pages of one live table (KASAN would see it)") \
	/* a kernel tree's io-pgtable code (engine "kernel") */                   \
	X(KERNEL_WARN, "kernel", "a WARN_ON in the kernel tree's io-pgtable code") \
	X(KERNEL_BUG, "kernel", "a BUG_ON in the kernel tree's io-pgtable code") \
	X(KERNEL_UNSYNCED_WRITE, "kernel", "a table write with no dma_sync after it: a non-coherent walker cannot see it") \
	X(KERNEL_BAD_ADDRESS, "kernel", "__pa/__va of memory that is not a page table") \
	X(KERNEL_LEAK, "leak", "kmalloc'd objects the kernel tree's code never freed") \
	/* driver */                                                               \
	X(FLUSH_BAD_SIZE, "driver", "flush op: size or granule not a supported page size") \
	X(FLUSH_NULL_GATHER, "driver", "tlb_add_page with a NULL gather") \
	X(LOG_OVERFLOW, "harness", "trace or flush log full: later records dropped") \
	/* simulated SMMU and its oracles */ \
	X(SMMU_STALE_TABLE_WALK, "freed-table-walk", "a walk read a table that was freed or recycled") \
	X(SMMU_WALK_NON_TABLE, "freed-table-walk", "a table descriptor points at memory that is not a table") \
	X(SMMU_FREED_WHILE_CACHED, "freed-table-walk", "a table was freed while the walk cache still held it") \
	X(SMMU_FREED_WHILE_LINKED, "freed-table-walk", "a table was freed while still reachable from the pgd") \
	X(SMMU_STALE_TLB, "stale-translation", "after the operation the TLB still holds a removed leaf") \
	X(SMMU_STALE_WALK_CACHE, "stale-translation", "after the operation the walk cache still holds a removed table") \
	X(SMMU_STALE_DMA, "stale-translation", "a DMA translated differently from the tables in memory") \
	X(SMMU_TLB_CONFLICT, "stale-translation", "two TLB entries translate one address") \
	X(SMMU_LEAF_FLUSH_MISSING, "flush-coverage", "a removed leaf was not covered by a completed invalidation") \
	X(SMMU_WALK_FLUSH_MISSING, "flush-coverage", "a removed table was not covered by a completed walk invalidation") \
	X(SMMU_FLUSH_BEFORE_CLEAR, "ordering", "the only covering invalidation was issued before the descriptor was cleared") \
	X(SMMU_FREE_BEFORE_FLUSH, "ordering", "a table was freed before a walk invalidation of it completed") \
	X(SMMU_BAD_S2_START, "config", "the stage-2 walk starts at a level the architecture forbids for its granule and PA size, or concatenates more than 16 tables") \
	X(SMMU_ILLEGAL_CMD, "command", "an invalidation command with an illegal or reserved encoding") \
	X(SMMU_LEAK, "leak", "tables still allocated after the domain was freed") \
	X(GOLDEN_MISMATCH, "golden", "the tables in memory disagree with the golden model")

enum ipf_event_kind {
#define IPF_EV_ENUM(name, oracle, text) IPF_EV_##name,
	IPF_EVENT_KINDS(IPF_EV_ENUM)
#undef IPF_EV_ENUM
	IPF_EV_NR
};

struct ipf_event {
	enum ipf_event_kind kind;
	uint32_t op_index; /* the program operation that was running */
	uint64_t iova;
	uint64_t aux;      /* kind-specific: size, pgsize, level, ... */
};

#define IPF_EVENTS_KEPT 64

/*
 * An event sink. Counts every event; keeps the first IPF_EVENTS_KEPT in
 * order. op_index is set by whoever drives the engine.
 */
struct ipf_events {
	uint32_t op_index;
	uint32_t total;
	uint32_t count[IPF_EV_NR];
	uint32_t nr_kept;
	struct ipf_event kept[IPF_EVENTS_KEPT];
};

void ipf_events_reset(struct ipf_events *ev);
void ipf_event(struct ipf_events *ev, enum ipf_event_kind kind, uint64_t iova, uint64_t aux);
const char *ipf_event_name(enum ipf_event_kind kind);
const char *ipf_event_text(enum ipf_event_kind kind);
/* Which check raised it: core, io-pgtable, driver, freed-table-walk, stale-translation, ... */
const char *ipf_event_oracle(enum ipf_event_kind kind);

#endif
