// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trace records: what crosses a layer boundary, as it happens. A domain
 * with a tracer set reports every core request, every indirect call into
 * the driver and the page table (on entry and on return), every flush op,
 * every iotlb_sync and every table allocated or freed, or only the kinds it
 * asks for. A record nobody wants is never built.
 */
#ifndef IOPGFUZZ_TRACE_H
#define IOPGFUZZ_TRACE_H

#include <stdbool.h>
#include <stdint.h>

enum ipf_trace_kind {
	IPF_TR_CORE_MAP,      /* iommu_map(iova, paddr, size, prot) entry/return */
	IPF_TR_CORE_UNMAP,    /* iommu_unmap / iommu_unmap_fast entry/return */
	IPF_TR_DRV_MAP,       /* iommu_ops->map (one page) */
	IPF_TR_DRV_UNMAP,     /* iommu_ops->unmap (one page) */
	IPF_TR_DRV_MAP_PAGES,
	IPF_TR_DRV_UNMAP_PAGES,
	IPF_TR_PGT_MAP,       /* io_pgtable_ops->map */
	IPF_TR_PGT_UNMAP,
	IPF_TR_PGT_MAP_PAGES,
	IPF_TR_PGT_UNMAP_PAGES,
	IPF_TR_FLUSH_ALL,     /* tlb_flush_all */
	IPF_TR_FLUSH_WALK,    /* tlb_flush_walk(iova, size, granule=pgsize) */
	IPF_TR_ADD_PAGE,      /* tlb_add_page(iova, granule=pgsize) */
	IPF_TR_IOTLB_SYNC,    /* driver iotlb_sync: gather [iova, end], pgsize */
	IPF_TR_TABLE_ALLOC,   /* iova = table PA, size = bytes */
	IPF_TR_TABLE_FREE,
	IPF_TR_NR
};

enum ipf_trace_phase { IPF_TR_AT, IPF_TR_ENTER, IPF_TR_RETURN };

struct ipf_trace {
	enum ipf_trace_kind kind;
	enum ipf_trace_phase phase;
	uint64_t iova;
	uint64_t paddr;
	uint64_t size;
	uint64_t pgsize;
	uint64_t pgcount;
	uint64_t end;     /* IOTLB_SYNC: inclusive end of the gather */
	int prot;
	int64_t ret;      /* on RETURN: bytes (unmap) or 0/-errno (map) */
	uint64_t mapped;  /* on RETURN of map_pages: *mapped */
};

#define IPF_TR_BIT(kind) (1u << (kind))

struct ipf_tracer {
	void (*fn)(void *ctx, const struct ipf_trace *t);
	void *ctx;
	uint32_t kinds; /* IPF_TR_BIT()s wanted; 0: every kind */
};

const char *ipf_trace_kind_name(enum ipf_trace_kind kind);

/* Is a record of this kind wanted? Callers test this before building one. */
static inline bool ipf_trace_wants(const struct ipf_tracer *tr, enum ipf_trace_kind kind)
{
	return tr && tr->fn && (!tr->kinds || (tr->kinds & IPF_TR_BIT(kind)));
}

static inline void ipf_trace_emit(const struct ipf_tracer *tr, const struct ipf_trace *t)
{
	if (ipf_trace_wants(tr, t->kind))
		tr->fn(tr->ctx, t);
}

#endif
