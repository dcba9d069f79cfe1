// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu core's map and unmap loops, v5.12 (one page per driver call)
 * and v5.15 (pgsize, count per driver call), as drivers/iommu/iommu.c has
 * them. Differences from the kernel: a loop that would never end stops at
 * a bound with an event, and a BUG_ON stops the operation with an event, as
 * does a driver reporting more mapped than asked (the kernel's size wraps).
 */
#include <errno.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/iommu.h"

#include "core.h"

static void trace_call(struct iommu_domain *d, enum ipf_trace_kind kind, enum ipf_trace_phase ph,
		       uint64_t iova, uint64_t paddr, uint64_t pgsize, uint64_t pgcount, int prot,
		       int64_t ret, uint64_t mapped)
{
	if (!ipf_trace_wants(d->ctx->tracer, kind))
		return;
	ipf_trace(d->ctx, &(struct ipf_trace){
		.kind = kind, .phase = ph, .iova = iova, .paddr = paddr, .size = pgsize * pgcount,
		.pgsize = pgsize, .pgcount = pgcount, .prot = prot, .ret = ret, .mapped = mapped });
}

static void count_driver_call(struct iommu_domain *d)
{
	d->ctx->counters.core_to_driver++;
	d->ctx->counters.indirect_calls++;
}

static int drv_map(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t pgsize, int prot)
{
	int ret;

	count_driver_call(d);
	trace_call(d, IPF_TR_DRV_MAP, IPF_TR_ENTER, iova, paddr, pgsize, 1, prot, 0, 0);
	ret = d->ops->map(d, iova, paddr, pgsize, prot);
	trace_call(d, IPF_TR_DRV_MAP, IPF_TR_RETURN, iova, paddr, pgsize, 1, prot, ret, 0);
	return ret;
}

int ipf_core_drv_map_pages(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t pgsize,
			   uint64_t count, int prot, uint64_t *mapped)
{
	int ret;

	count_driver_call(d);
	trace_call(d, IPF_TR_DRV_MAP_PAGES, IPF_TR_ENTER, iova, paddr, pgsize, count, prot, 0, 0);
	ret = d->ops->map_pages(d, iova, paddr, pgsize, count, prot, mapped);
	trace_call(d, IPF_TR_DRV_MAP_PAGES, IPF_TR_RETURN, iova, paddr, pgsize, count, prot, ret,
		   *mapped);
	return ret;
}

static uint64_t drv_unmap(struct iommu_domain *d, uint64_t iova, uint64_t pgsize,
			  struct iommu_iotlb_gather *gather)
{
	uint64_t ret;

	count_driver_call(d);
	trace_call(d, IPF_TR_DRV_UNMAP, IPF_TR_ENTER, iova, 0, pgsize, 1, 0, 0, 0);
	ret = d->ops->unmap(d, iova, pgsize, gather);
	trace_call(d, IPF_TR_DRV_UNMAP, IPF_TR_RETURN, iova, 0, pgsize, 1, 0, (int64_t)ret, 0);
	return ret;
}

uint64_t ipf_core_drv_unmap_pages(struct iommu_domain *d, uint64_t iova, uint64_t pgsize,
				  uint64_t count, struct iommu_iotlb_gather *gather)
{
	uint64_t ret;

	count_driver_call(d);
	trace_call(d, IPF_TR_DRV_UNMAP_PAGES, IPF_TR_ENTER, iova, 0, pgsize, count, 0, 0, 0);
	ret = d->ops->unmap_pages(d, iova, pgsize, count, gather);
	trace_call(d, IPF_TR_DRV_UNMAP_PAGES, IPF_TR_RETURN, iova, 0, pgsize, count, 0,
		   (int64_t)ret, 0);
	return ret;
}

/* min_pagesz is an unsigned int computed as 1 << __ffs(bitmap). */
uint64_t ipf_core_min_pagesz(struct iommu_domain *d)
{
	unsigned int shift = ffs64(d->pgsize_bitmap);

	if (shift >= 31)
		ipf_warn(d->ctx, IPF_EV_CORE_MIN_PAGESZ_SHIFT, 0, shift);
	return 1ULL << shift;
}

/* A loop whose every step advances by at least min_pagesz ends within this. */
uint64_t ipf_core_iteration_bound(uint64_t size, uint64_t min_pagesz)
{
	return size / min_pagesz + 2;
}

static uint64_t pgsize_v512(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size)
{
	uint64_t pgsize = iommu_pgsize_v512(d->pgsize_bitmap, iova | paddr, size, &d->arith,
					    d->ctx->events);

	d->ctx->counters.pgsize_calls++;
	if (pgsize)
		ipf_pgsize_check(d->pgsize_bitmap, iova, paddr, size, pgsize, 1, d->ctx->events);
	return pgsize;
}

static uint64_t pgsize_v515(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size,
			    uint64_t *count)
{
	uint64_t pgsize = iommu_pgsize_v515(d->pgsize_bitmap, iova, paddr, size, count, &d->arith,
					    d->ctx->events);

	d->ctx->counters.pgsize_calls++;
	if (pgsize)
		ipf_pgsize_check(d->pgsize_bitmap, iova, paddr, size, pgsize, *count,
				 d->ctx->events);
	return pgsize;
}

static int map_validate(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size)
{
	bool has_map = d->ops->map || (d->core == IPF_CORE_V5_15 && d->ops->map_pages);

	if (!has_map || !d->pgsize_bitmap)
		return -ENODEV;
	if (!(d->type & IOMMU_DOMAIN_PAGING))
		return -EINVAL;
	if (!is_aligned64(iova | paddr | size, ipf_core_min_pagesz(d)))
		return -EINVAL;
	return 0;
}

static int __iommu_map_v512(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size,
			    int prot)
{
	uint64_t orig_iova = iova, orig_size = size;
	uint64_t iters = 0, bound;
	int ret = map_validate(d, iova, paddr, size);

	if (ret)
		return ret;
	bound = ipf_core_iteration_bound(size, ipf_core_min_pagesz(d));
	while (size) {
		uint64_t pgsize = pgsize_v512(d, iova, paddr, size);

		if (!pgsize)
			return -IPF_EBUG;
		ret = drv_map(d, iova, paddr, pgsize, prot);
		if (ret)
			break;
		iova += pgsize;
		paddr += pgsize;
		size -= pgsize;
		if (++iters > bound) {
			ipf_warn(d->ctx, IPF_EV_CORE_ITER_BOUND, iova, iters);
			return -IPF_EHANG;
		}
	}
	if (ret)
		iommu_unmap(d, orig_iova, orig_size - size);
	return ret;
}

static int __iommu_map_v515(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size,
			    int prot)
{
	uint64_t orig_iova = iova, orig_size = size;
	uint64_t iters = 0, stalls = 0, bound;
	int ret = map_validate(d, iova, paddr, size);

	if (ret)
		return ret;
	bound = ipf_core_iteration_bound(size, ipf_core_min_pagesz(d));
	while (size) {
		uint64_t mapped = 0, count;
		uint64_t pgsize = pgsize_v515(d, iova, paddr, size, &count);

		if (!pgsize)
			return -IPF_EBUG;
		if (d->ops->map_pages) {
			ret = ipf_core_drv_map_pages(d, iova, paddr, pgsize, count, prot, &mapped);
			/* The kernel's size -= mapped would wrap: stop with an event instead. */
			if (mapped > pgsize * count) {
				ipf_warn(d->ctx, IPF_EV_CORE_MAPPED_TOO_MUCH, iova, mapped);
				return -IPF_EBUG;
			}
		} else {
			ret = drv_map(d, iova, paddr, pgsize, prot);
			mapped = ret ? 0 : pgsize;
		}
		/* Pages mapped before an error still count: they must be unwound. */
		size -= mapped;
		if (ret)
			break;
		iova += mapped;
		paddr += mapped;
		/* Success with nothing mapped, twice: the same call again, forever. */
		stalls = mapped ? 0 : stalls + 1;
		if (++iters > bound || stalls == 2) {
			ipf_warn(d->ctx, IPF_EV_CORE_ITER_BOUND, iova, iters);
			return -IPF_EHANG;
		}
	}
	if (ret)
		iommu_unmap(d, orig_iova, orig_size - size);
	return ret;
}

int iommu_map(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size, int prot)
{
	int ret;

	trace_call(d, IPF_TR_CORE_MAP, IPF_TR_ENTER, iova, paddr, size, 1, prot, 0, 0);
	if (d->core == IPF_CORE_V5_12)
		ret = __iommu_map_v512(d, iova, paddr, size, prot);
	else if (d->core == IPF_CORE_KERNEL)
		ret = ipf_kcore_map(d, iova, paddr, size, prot);
	else
		ret = __iommu_map_v515(d, iova, paddr, size, prot);
	trace_call(d, IPF_TR_CORE_MAP, IPF_TR_RETURN, iova, paddr, size, 1, prot, ret, 0);
	return ret;
}

static uint64_t unmap_step(struct iommu_domain *d, uint64_t iova, uint64_t size,
			   struct iommu_iotlb_gather *gather)
{
	uint64_t pgsize, count = 1;

	if (d->core == IPF_CORE_V5_12) {
		pgsize = pgsize_v512(d, iova, iova, size);
		return pgsize ? drv_unmap(d, iova, pgsize, gather) : 0;
	}
	pgsize = pgsize_v515(d, iova, iova, size, &count);
	if (!pgsize)
		return 0;
	if (d->ops->unmap_pages)
		return ipf_core_drv_unmap_pages(d, iova, pgsize, count, gather);
	return drv_unmap(d, iova, pgsize, gather);
}

static uint64_t __iommu_unmap(struct iommu_domain *d, uint64_t iova, uint64_t size,
			      struct iommu_iotlb_gather *gather)
{
	bool has_unmap = d->ops->unmap || (d->core == IPF_CORE_V5_15 && d->ops->unmap_pages);
	uint64_t unmapped = 0, iters = 0, bound;

	if (!has_unmap || !d->pgsize_bitmap)
		return 0;
	if (!(d->type & IOMMU_DOMAIN_PAGING))
		return 0;
	if (!is_aligned64(iova | size, ipf_core_min_pagesz(d)))
		return 0;

	/* Until size bytes (or more) are gone, or a hole stops us. */
	bound = ipf_core_iteration_bound(size, ipf_core_min_pagesz(d));
	while (unmapped < size) {
		uint64_t got = unmap_step(d, iova, size - unmapped, gather);

		if (!got)
			break;
		iova += got;
		unmapped += got;
		if (++iters > bound) {
			ipf_warn(d->ctx, IPF_EV_CORE_ITER_BOUND, iova, iters);
			break;
		}
	}
	return unmapped;
}

uint64_t iommu_unmap_fast(struct iommu_domain *d, uint64_t iova, uint64_t size,
			  struct iommu_iotlb_gather *gather)
{
	uint64_t ret;

	trace_call(d, IPF_TR_CORE_UNMAP, IPF_TR_ENTER, iova, 0, size, 1, 0, 0, 0);
	if (d->core == IPF_CORE_KERNEL)
		ret = ipf_kcore_unmap_fast(d, iova, size, gather);
	else
		ret = __iommu_unmap(d, iova, size, gather);
	trace_call(d, IPF_TR_CORE_UNMAP, IPF_TR_RETURN, iova, 0, size, 1, 0, (int64_t)ret, 0);
	return ret;
}

uint64_t iommu_unmap(struct iommu_domain *d, uint64_t iova, uint64_t size)
{
	struct iommu_iotlb_gather gather;
	uint64_t ret;

	if (d->core == IPF_CORE_KERNEL) {
		trace_call(d, IPF_TR_CORE_UNMAP, IPF_TR_ENTER, iova, 0, size, 1, 0, 0, 0);
		ret = ipf_kcore_unmap(d, iova, size);
		trace_call(d, IPF_TR_CORE_UNMAP, IPF_TR_RETURN, iova, 0, size, 1, 0, (int64_t)ret, 0);
		return ret;
	}

	iommu_iotlb_gather_init(&gather);
	ret = iommu_unmap_fast(d, iova, size, &gather);
	iommu_iotlb_sync(d, &gather);
	return ret;
}

/* Since 90c5def10bea (2026) the core skips the driver when nothing was gathered. */
static bool sync_skipped(struct iommu_domain *d, const struct iommu_iotlb_gather *gather)
{
	if (d->core != IPF_CORE_V5_15)
		return false;
	return ipf_bug_site(d->ctx, IPF_BUG_SYNC_SKIP_EMPTY,
			    d->ops->iotlb_sync && gather->start > gather->end);
}

void ipf_core_drv_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	d->ctx->counters.iotlb_sync++;
	ipf_trace(d->ctx, &(struct ipf_trace){
		.kind = IPF_TR_IOTLB_SYNC, .iova = gather->start, .end = gather->end,
		.pgsize = gather->pgsize });
	d->ops->iotlb_sync(d, gather);
}

void iommu_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	if (d->core == IPF_CORE_KERNEL) {
		ipf_kcore_iotlb_sync(d, gather);
		return;
	}
	if (d->ops->iotlb_sync && !sync_skipped(d, gather))
		ipf_core_drv_iotlb_sync(d, gather);
	iommu_iotlb_gather_init(gather);
}

static void gather_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	d->ctx->counters.gather_syncs++;
	iommu_iotlb_sync(d, gather);
}

/* v5.12 (after 862c3715de8f made end inclusive): sync only if something was gathered. */
static void gather_add_page_v512(struct iommu_domain *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size)
{
	uint64_t start = iova, end = start + size - 1;

	if (gather->pgsize != size || end + 1 < gather->start || start > gather->end + 1) {
		if (gather->pgsize)
			gather_sync(d, gather);
		gather->pgsize = size;
	}
	if (gather->end < end)
		gather->end = end;
	if (gather->start > start)
		gather->start = start;
}

/* v5.15 (febb82c208e4) */
static void gather_add_page_v515(struct iommu_domain *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size)
{
	bool disjoint = iommu_iotlb_gather_is_disjoint(gather, iova, size);
	bool new_size = gather->pgsize && gather->pgsize != size;

	if (ipf_bug_site(d->ctx, IPF_BUG_GATHER_NO_SYNC, new_size && !disjoint))
		new_size = false;
	if (new_size || disjoint)
		gather_sync(d, gather);
	gather->pgsize = size;
	iommu_iotlb_gather_add_range(gather, iova, size);
}

void iommu_iotlb_gather_add_page(struct iommu_domain *d, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size)
{
	if (!gather) {
		/* The kernel would dereference NULL here. */
		ipf_warn(d->ctx, IPF_EV_FLUSH_NULL_GATHER, iova, size);
		return;
	}
	if (d->core == IPF_CORE_V5_12)
		gather_add_page_v512(d, gather, iova, size);
	else if (d->core == IPF_CORE_KERNEL)
		ipf_kcore_gather_add_page(d, gather, iova, size);
	else
		gather_add_page_v515(d, gather, iova, size);
}

void iommu_flush_iotlb_all(struct iommu_domain *d)
{
	if (d->ops->flush_iotlb_all)
		d->ops->flush_iotlb_all(d);
}

uint64_t iommu_iova_to_phys(struct iommu_domain *d, uint64_t iova)
{
	return d->ops->iova_to_phys ? d->ops->iova_to_phys(d, iova) : 0;
}
