// SPDX-License-Identifier: MIT
/*
 * Events: every "this should not happen" of the models. Where the kernel
 * would WARN (or BUG) the engine records a typed event with the operation
 * index and the address instead, and carries on as the kernel does.
 * Nothing here prints.
 */
#ifndef IOPGFUZZ_EVENTS_H
#define IOPGFUZZ_EVENTS_H

#include <stdint.h>

#define IPF_EVENT_KINDS(X)                                                     \
	/* core: iommu_pgsize() and the map/unmap loops */                         \
	X(PGSIZE_NO_SIZE,      "iommu_pgsize: no page size fits (BUG_ON)")        \
	X(PGSIZE_NOT_IN_BITMAP, "iommu_pgsize: page size not in the bitmap")      \
	X(PGSIZE_MISALIGNED,   "iommu_pgsize: page size does not divide iova|paddr") \
	X(PGSIZE_BAD_COUNT,    "iommu_pgsize: count is 0 or count*pgsize > size") \
	X(PGSIZE_WIDE_SHIFT,   "iommu_pgsize: shift by 64 or more")               \
	X(CORE_ITER_BOUND,     "core loop exceeded its iteration bound (kernel would hang)") \
	X(CORE_MIN_PAGESZ_SHIFT, "core: 1 << __ffs(bitmap) overflows int")        \
	/* io-pgtable-arm WARNs */                                                 \
	X(MAP_BAD_PGSIZE,      "map: pgsize 0 or not in the bitmap")              \
	X(MAP_OUT_OF_RANGE,    "map: iova beyond ias or paddr beyond oas")        \
	X(MAP_EXISTS,          "map: a leaf is already present")                  \
	X(MAP_LEVEL_OVERFLOW,  "map: would allocate a table below the last level") \
	X(MAP_REPLACE_FAILED,  "map: freeing a table under a new block unmapped the wrong size") \
	X(UNMAP_BAD_ARGS,      "unmap: pgsize/pgcount invalid")                   \
	X(UNMAP_OUT_OF_RANGE,  "unmap: iova beyond ias")                          \
	X(UNMAP_EMPTY,         "unmap: entry is empty")                           \
	X(UNMAP_LEVEL_OVERFLOW, "unmap: ran out of page table")                   \
	X(BAD_TABLE_POINTER,   "table descriptor does not point at a live table") \
	X(ALLOC_FAILED,        "table allocation failed")                         \
	X(BAD_TABLE_FREE,      "freeing something that is not a live table")      \
	/* driver */                                                               \
	X(FLUSH_BAD_SIZE,      "flush op: size or granule not a supported page size") \
	X(FLUSH_NULL_GATHER,   "tlb_add_page with a NULL gather")                 \
	X(LOG_OVERFLOW,        "trace or flush log full: later records dropped")

enum ipf_event_kind {
#define IPF_EV_ENUM(name, text) IPF_EV_##name,
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

#endif
