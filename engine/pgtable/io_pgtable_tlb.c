// SPDX-License-Identifier: GPL-2.0-only
/* The io_pgtable_tlb_* wrappers: a missing callback is skipped (v5.12+). */
#include "iopgfuzz/io_pgtable.h"

void io_pgtable_tlb_flush_all(struct io_pgtable *iop)
{
	iop->ctx->counters.flush_all++;
	ipf_trace(iop->ctx, &(struct ipf_trace){ .kind = IPF_TR_FLUSH_ALL });
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_all)
		iop->cfg.tlb->tlb_flush_all(iop->cookie);
}

void io_pgtable_tlb_flush_walk(struct io_pgtable *iop, uint64_t iova, uint64_t size,
			       uint64_t granule)
{
	iop->ctx->counters.flush_walk++;
	ipf_trace(iop->ctx, &(struct ipf_trace){
		.kind = IPF_TR_FLUSH_WALK, .iova = iova, .size = size, .pgsize = granule });
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_walk)
		iop->cfg.tlb->tlb_flush_walk(iova, size, granule, iop->cookie);
}

void io_pgtable_tlb_add_page(struct io_pgtable *iop, struct iommu_iotlb_gather *gather,
			     uint64_t iova, uint64_t granule)
{
	iop->ctx->counters.add_page++;
	ipf_trace(iop->ctx, &(struct ipf_trace){
		.kind = IPF_TR_ADD_PAGE, .iova = iova, .size = granule, .pgsize = granule });
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_add_page)
		iop->cfg.tlb->tlb_add_page(gather, iova, granule, iop->cookie);
}
