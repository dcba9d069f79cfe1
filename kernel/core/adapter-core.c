// SPDX-License-Identifier: GPL-2.0-only
/*
 * One tree's iommu core behind struct ipf_kernel_core: the functions
 * kernel/core/extract.py took out of its iommu.c and iommu.h (included here,
 * IPF_KCORE_SOURCE) over a domain whose ops are the host's driver. The
 * gather crosses the door as plain fields, both ways, at every call.
 *
 * Where the kernel would never come back the adapter stops the call and
 * tells the host: a driver call past the host's bound, the same call
 * succeeding with nothing mapped twice (the core would repeat it forever),
 * or a driver reporting more mapped than asked (the core's size wraps).
 */
#include <setjmp.h>

#include IPF_KCORE_SOURCE

#include "kshim.h"

#define CORE_SYM_(id) ipf_kcore_##id
#define CORE_SYM(id) CORE_SYM_(id)

struct core_domain {
	struct iommu_domain dom;
	const struct ipf_kernel_core_host *h;
	uint64_t calls;
	unsigned int stalls;
	size_t unmapped;
};

static struct core_domain *to_core_domain(struct iommu_domain *d)
{
	return container_of(d, struct core_domain, dom);
}

static void gather_to_kernel(struct iommu_iotlb_gather *kg, const struct ipf_kernel_gather *g)
{
	kg->start = g->start;
	kg->end = g->end;
	kg->pgsize = g->pgsize;
	kg->queued = g->queued;
}

static void gather_from_kernel(struct ipf_kernel_gather *g, const struct iommu_iotlb_gather *kg)
{
	*g = (struct ipf_kernel_gather){ .start = kg->start, .end = kg->end,
					 .pgsize = kg->pgsize, .queued = kg->queued };
}

static __attribute__((noreturn)) void stop(struct core_domain *cd, bool hang, uint64_t iova,
					   uint64_t aux)
{
	cd->h->stopped(cd->h->ctx, hang, iova, aux);
	ipf_kshim_abandon();
}

static void count_call(struct core_domain *cd, unsigned long iova)
{
	if (++cd->calls > cd->h->bound)
		stop(cd, true, iova, cd->calls);
}

static int core_map_pages(struct iommu_domain *d, unsigned long iova, phys_addr_t paddr,
			  size_t pgsize, size_t pgcount, int prot, gfp_t gfp, size_t *mapped)
{
	struct core_domain *cd = to_core_domain(d);
	uint64_t done = 0;
	int ret;

	count_call(cd, iova);
	ret = cd->h->map_pages(cd->h->ctx, iova, paddr, pgsize, pgcount, prot, &done);
	if (done > (uint64_t)pgsize * pgcount)
		stop(cd, false, iova, done);
	cd->stalls = !ret && !done ? cd->stalls + 1 : 0;
	if (cd->stalls == 2)
		stop(cd, true, iova, cd->calls);
	*mapped = done;
	return ret;
}

static size_t core_unmap_pages(struct iommu_domain *d, unsigned long iova, size_t pgsize,
			       size_t pgcount, struct iommu_iotlb_gather *kg)
{
	struct core_domain *cd = to_core_domain(d);
	struct ipf_kernel_gather g;
	uint64_t got;

	count_call(cd, iova);
	gather_from_kernel(&g, kg);
	got = cd->h->unmap_pages(cd->h->ctx, iova, pgsize, pgcount, &g);
	gather_to_kernel(kg, &g);
	cd->unmapped += got;
	return got;
}

static void core_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *kg)
{
	struct core_domain *cd = to_core_domain(d);
	struct ipf_kernel_gather g;

	gather_from_kernel(&g, kg);
	cd->h->iotlb_sync(cd->h->ctx, &g);
	gather_to_kernel(kg, &g);
}

static const struct iommu_domain_ops core_ops = {
	.map_pages = core_map_pages,
	.unmap_pages = core_unmap_pages,
	.iotlb_sync = core_iotlb_sync,
};

struct core_call {
	struct core_domain cd;
	unsigned long iova;
	phys_addr_t paddr;
	size_t size;
	int prot, ret;
	struct iommu_iotlb_gather kg;
};

static void core_call_init(struct core_call *c, const struct ipf_kernel_core_host *h)
{
	*c = (struct core_call){ .cd = { .h = h, .dom = {
		.type = IOMMU_DOMAIN_DMA, .ops = &core_ops, .pgsize_bitmap = h->pgsize_bitmap } } };
	c->kg.freelist = (struct list_head)LIST_HEAD_INIT(c->kg.freelist);
}

/* The call under the host's kernel environment; false if it was stopped or BUGged. */
static bool guarded(struct core_call *c, void (*fn)(struct core_call *))
{
	jmp_buf on_bug, *prev_jmp;
	const struct ipf_kernel_host *prev = ipf_kshim_enter(c->cd.h->kernel, &on_bug, &prev_jmp);
	volatile bool ok = false;

	if (!setjmp(on_bug)) {
		fn(c);
		ok = true;
	}
	ipf_kshim_leave(prev, prev_jmp);
	return ok;
}

static void call_map(struct core_call *c)
{
#ifdef IPF_KCORE_MAP_GFP
	c->ret = iommu_map(&c->cd.dom, c->iova, c->paddr, c->size, c->prot, GFP_KERNEL);
#else
	c->ret = iommu_map(&c->cd.dom, c->iova, c->paddr, c->size, c->prot);
#endif
}

static void call_unmap(struct core_call *c)
{
	c->cd.unmapped = iommu_unmap(&c->cd.dom, c->iova, c->size);
}

static void call_unmap_fast(struct core_call *c)
{
	c->cd.unmapped = iommu_unmap_fast(&c->cd.dom, c->iova, c->size, &c->kg);
}

static void call_iotlb_sync(struct core_call *c)
{
	iommu_iotlb_sync(&c->cd.dom, &c->kg);
}

static void call_gather_add_page(struct core_call *c)
{
	iommu_iotlb_gather_add_page(&c->cd.dom, &c->kg, c->iova, c->size);
}

static bool adapter_map(const struct ipf_kernel_core_host *h, uint64_t iova, uint64_t paddr,
			uint64_t size, int prot, int *ret)
{
	struct core_call c;
	bool ok;

	core_call_init(&c, h);
	c.iova = iova;
	c.paddr = paddr;
	c.size = size;
	c.prot = prot;
	ok = guarded(&c, call_map);
	*ret = c.ret;
	return ok;
}

static bool adapter_unmap(const struct ipf_kernel_core_host *h, uint64_t iova, uint64_t size,
			  uint64_t *unmapped)
{
	struct core_call c;
	bool ok;

	core_call_init(&c, h);
	c.iova = iova;
	c.size = size;
	ok = guarded(&c, call_unmap);
	*unmapped = c.cd.unmapped;
	return ok;
}

/* A call that takes the host's gather: copied in before, and out after, whatever happens. */
static bool with_gather(const struct ipf_kernel_core_host *h, struct ipf_kernel_gather *g,
			uint64_t iova, uint64_t size, void (*fn)(struct core_call *),
			uint64_t *unmapped)
{
	struct core_call c;
	bool ok;

	core_call_init(&c, h);
	c.iova = iova;
	c.size = size;
	gather_to_kernel(&c.kg, g);
	ok = guarded(&c, fn);
	gather_from_kernel(g, &c.kg);
	if (unmapped)
		*unmapped = c.cd.unmapped;
	return ok;
}

static bool adapter_unmap_fast(const struct ipf_kernel_core_host *h, uint64_t iova,
			       uint64_t size, struct ipf_kernel_gather *g, uint64_t *unmapped)
{
	return with_gather(h, g, iova, size, call_unmap_fast, unmapped);
}

static bool adapter_iotlb_sync(const struct ipf_kernel_core_host *h, struct ipf_kernel_gather *g)
{
	return with_gather(h, g, 0, 0, call_iotlb_sync, NULL);
}

static bool adapter_gather_add_page(const struct ipf_kernel_core_host *h,
				    struct ipf_kernel_gather *g, uint64_t iova, uint64_t size)
{
	return with_gather(h, g, iova, size, call_gather_add_page, NULL);
}

const struct ipf_kernel_core CORE_SYM(IPF_KVARIANT) = {
	.map = adapter_map,
	.unmap = adapter_unmap,
	.unmap_fast = adapter_unmap_fast,
	.iotlb_sync = adapter_iotlb_sync,
	.gather_add_page = adapter_gather_add_page,
};
