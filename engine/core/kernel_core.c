// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel-core: a kernel tree's own iommu core (iommu_map, iommu_unmap,
 * iommu_unmap_fast, iommu_iotlb_sync and the gather helpers of its iommu.c
 * and iommu.h; include/iopgfuzz/kernel.h) in place of our model of it, over
 * the same driver. The tree's core calls the driver through the host below,
 * which makes the calls iommu.c makes, counted and traced alike; the gather
 * is copied across the door at every crossing.
 *
 * Where the tree's code would never return (a loop past its bound, the
 * same call succeeding with nothing mapped twice, a driver reporting more
 * mapped than asked) the adapter stops the call: the same events and
 * return values as our model's core, so the two are compared as equals.
 */
#include <errno.h>
#include <stdlib.h>

#include "iopgfuzz/kernel.h"

#include "core.h"

struct ipf_kcore {
	struct iommu_domain *d;
	const struct ipf_kernel_core *core;
	struct ipf_kernel_host kernel;
	struct ipf_kernel_core_host host;
	bool stopped, hang;     /* the last call, as the adapter ended it */
	unsigned int add_page;  /* inside the tree's gather_add_page: its syncs are gather syncs */
};

static void to_ipf(struct iommu_iotlb_gather *g, const struct ipf_kernel_gather *kg)
{
	*g = (struct iommu_iotlb_gather){ .start = kg->start, .end = kg->end,
					  .pgsize = kg->pgsize, .queued = kg->queued };
}

static void to_kernel(struct ipf_kernel_gather *kg, const struct iommu_iotlb_gather *g)
{
	*kg = (struct ipf_kernel_gather){ .start = g->start, .end = g->end,
					  .pgsize = g->pgsize, .queued = g->queued };
}

static int host_map_pages(void *ctx, uint64_t iova, uint64_t paddr, uint64_t pgsize,
			  uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct ipf_kcore *kc = ctx;

	return ipf_core_drv_map_pages(kc->d, iova, paddr, pgsize, pgcount, prot, mapped);
}

static uint64_t host_unmap_pages(void *ctx, uint64_t iova, uint64_t pgsize, uint64_t pgcount,
				 struct ipf_kernel_gather *kg)
{
	struct ipf_kcore *kc = ctx;
	struct iommu_iotlb_gather g;
	uint64_t got;

	to_ipf(&g, kg);
	got = ipf_core_drv_unmap_pages(kc->d, iova, pgsize, pgcount, &g);
	to_kernel(kg, &g);
	return got;
}

static void host_iotlb_sync(void *ctx, struct ipf_kernel_gather *kg)
{
	struct ipf_kcore *kc = ctx;
	struct iommu_iotlb_gather g;

	if (kc->add_page)
		kc->d->ctx->counters.gather_syncs++;
	to_ipf(&g, kg);
	ipf_core_drv_iotlb_sync(kc->d, &g);
	to_kernel(kg, &g);
}

static void host_stopped(void *ctx, bool hang, uint64_t iova, uint64_t aux)
{
	struct ipf_kcore *kc = ctx;

	kc->stopped = true;
	kc->hang = hang;
	ipf_warn(kc->d->ctx, hang ? IPF_EV_CORE_ITER_BOUND : IPF_EV_CORE_MAPPED_TOO_MUCH, iova, aux);
}

static void host_warn(void *ctx, const char *func, int line)
{
	struct ipf_kcore *kc = ctx;

	(void)func;
	ipf_warn(kc->d->ctx, IPF_EV_KERNEL_WARN, 0, (uint64_t)line);
}

static void host_bug(void *ctx, const char *func, int line)
{
	struct ipf_kcore *kc = ctx;

	(void)func;
	ipf_warn(kc->d->ctx, IPF_EV_KERNEL_BUG, 0, (uint64_t)line);
}

int ipf_kcore_create(struct iommu_domain *d, const struct ipf_kernel_variant *v,
		     uint64_t host_page_size)
{
	struct ipf_kcore *kc;

	if (!v || !v->core)
		return -EINVAL;
	kc = calloc(1, sizeof(*kc));
	if (!kc)
		return -ENOMEM;
	kc->d = d;
	kc->core = v->core;
	kc->kernel = (struct ipf_kernel_host){
		.page_size = host_page_size ? host_page_size : 4096,
		.warn = host_warn, .bug = host_bug, .ctx = kc };
	kc->host = (struct ipf_kernel_core_host){
		.kernel = &kc->kernel, .ctx = kc,
		.map_pages = host_map_pages, .unmap_pages = host_unmap_pages,
		.iotlb_sync = host_iotlb_sync, .stopped = host_stopped };
	d->kcore = kc;
	d->core = IPF_CORE_KERNEL;
	return 0;
}

void ipf_kcore_destroy(struct iommu_domain *d)
{
	free(d->kcore);
	d->kcore = NULL;
}

/* Before each call: what the domain offers now, and how far its loop may go. */
static struct ipf_kcore *begin(struct iommu_domain *d, uint64_t size)
{
	struct ipf_kcore *kc = d->kcore;

	kc->host.pgsize_bitmap = d->pgsize_bitmap;
	kc->host.bound = d->pgsize_bitmap ?
		ipf_core_iteration_bound(size, ipf_core_min_pagesz(d)) : 2;
	kc->stopped = false;
	return kc;
}

int ipf_kcore_map(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size, int prot)
{
	struct ipf_kcore *kc = begin(d, size);
	int ret = 0;

	if (kc->core->map(&kc->host, iova, paddr, size, prot, &ret))
		return ret;
	return kc->stopped && kc->hang ? -IPF_EHANG : -IPF_EBUG;
}

uint64_t ipf_kcore_unmap(struct iommu_domain *d, uint64_t iova, uint64_t size)
{
	struct ipf_kcore *kc = begin(d, size);
	uint64_t unmapped = 0;

	kc->core->unmap(&kc->host, iova, size, &unmapped);
	return unmapped;
}

uint64_t ipf_kcore_unmap_fast(struct iommu_domain *d, uint64_t iova, uint64_t size,
			      struct iommu_iotlb_gather *gather)
{
	struct ipf_kcore *kc = begin(d, size);
	struct ipf_kernel_gather kg;
	uint64_t unmapped = 0;

	to_kernel(&kg, gather);
	kc->core->unmap_fast(&kc->host, iova, size, &kg, &unmapped);
	to_ipf(gather, &kg);
	return unmapped;
}

void ipf_kcore_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	struct ipf_kcore *kc = d->kcore;
	struct ipf_kernel_gather kg;

	to_kernel(&kg, gather);
	kc->core->iotlb_sync(&kc->host, &kg);
	to_ipf(gather, &kg);
}

void ipf_kcore_gather_add_page(struct iommu_domain *d, struct iommu_iotlb_gather *gather,
			       uint64_t iova, uint64_t size)
{
	struct ipf_kcore *kc = d->kcore;
	struct ipf_kernel_gather kg;

	to_kernel(&kg, gather);
	kc->add_page++;
	kc->core->gather_add_page(&kc->host, &kg, iova, size);
	kc->add_page--;
	to_ipf(gather, &kg);
}
