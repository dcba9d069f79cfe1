/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for drivers/iommu/iommu-pages.h: table
 * pages from the host's watched arena. Two generations of the API: by
 * order (v6.11-v6.15) and by size (v6.16 on, where iommu_free_pages()
 * takes the address alone). The build passes IPF_KSHIM_IOMMU_PAGES_SZ for
 * a tree of the second kind.
 */
#ifndef _IPF_SHIM_IOMMU_PAGES_H
#define _IPF_SHIM_IOMMU_PAGES_H

#include <linux/device.h>
#include <linux/gfp.h>

void *ipf_kshim_iommu_alloc(gfp_t gfp, size_t size);
void ipf_kshim_iommu_free(void *virt);

#ifdef IPF_KSHIM_IOMMU_PAGES_SZ
static inline void *iommu_alloc_pages_node_sz(int nid, gfp_t gfp, size_t size)
{
	(void)nid;
	return ipf_kshim_iommu_alloc(gfp, size);
}

static inline void *iommu_alloc_pages_sz(gfp_t gfp, size_t size)
{
	return ipf_kshim_iommu_alloc(gfp, size);
}

static inline void iommu_free_pages(void *virt)
{
	ipf_kshim_iommu_free(virt);
}
#else
static inline void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	(void)nid;
	return ipf_kshim_iommu_alloc(gfp, PAGE_SIZE << order);
}

static inline void *iommu_alloc_pages(gfp_t gfp, int order)
{
	return iommu_alloc_pages_node(NUMA_NO_NODE, gfp, order);
}

static inline void *iommu_alloc_page(gfp_t gfp)
{
	return iommu_alloc_pages(gfp, 0);
}

static inline void iommu_free_pages(void *virt, int order)
{
	(void)order;
	ipf_kshim_iommu_free(virt);
}

static inline void iommu_free_page(void *virt)
{
	ipf_kshim_iommu_free(virt);
}
#endif

#endif
