// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu core: a domain, the driver ops it calls, and the map/unmap
 * entry points. One core, three versions selected per domain:
 *   IPF_CORE_V5_12  one page per driver call (iommu_ops->map/unmap);
 *   IPF_CORE_V5_15  (pgsize, count) per call (map_pages/unmap_pages, falling
 *                   back to map/unmap when a driver lacks them);
 *   IPF_CORE_KERNEL a kernel tree's own iommu_map/iommu_unmap and gather
 *                   helpers (engine/core/kernel_core.c), over the same driver.
 */
#ifndef IOPGFUZZ_IOMMU_H
#define IOPGFUZZ_IOMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/ctx.h"
#include "iopgfuzz/gather.h"
#include "iopgfuzz/pgsize.h"

#define IOMMU_DOMAIN_PAGING (1U << 0)

/* Model-only errors: where the kernel would never return, or would oops. */
#define IPF_EHANG 1000 /* the core loop would spin forever */
#define IPF_EBUG  1001 /* a BUG_ON, or a driver answer that wraps the core's size */

enum ipf_core_version {
	IPF_CORE_V5_12,
	IPF_CORE_V5_15,
	IPF_CORE_KERNEL, /* a kernel tree's own core (kernel-core): domain->kcore */
};

struct ipf_kcore;
struct ipf_kernel_variant;

struct iommu_domain;

struct iommu_ops {
	int (*map)(struct iommu_domain *domain, uint64_t iova, uint64_t paddr, uint64_t size,
		   int prot);
	int (*map_pages)(struct iommu_domain *domain, uint64_t iova, uint64_t paddr,
			 uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped);
	uint64_t (*unmap)(struct iommu_domain *domain, uint64_t iova, uint64_t size,
			  struct iommu_iotlb_gather *gather);
	uint64_t (*unmap_pages)(struct iommu_domain *domain, uint64_t iova, uint64_t pgsize,
				uint64_t pgcount, struct iommu_iotlb_gather *gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	void (*iotlb_sync)(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
	uint64_t (*iova_to_phys)(struct iommu_domain *domain, uint64_t iova);
};

struct iommu_domain {
	unsigned int type;
	const struct iommu_ops *ops;
	uint64_t pgsize_bitmap;
	enum ipf_core_version core;
	struct ipf_pgsize_arith arith;
	struct ipf_ctx *ctx;
	struct ipf_kcore *kcore;         /* IPF_CORE_KERNEL */
};

/* 0 or -errno; -IPF_EHANG / -IPF_EBUG where the kernel would hang or oops. */
int iommu_map(struct iommu_domain *domain, uint64_t iova, uint64_t paddr, uint64_t size,
	      int prot);
/* Bytes unmapped (may be less or more than size); syncs the TLB before returning. */
uint64_t iommu_unmap(struct iommu_domain *domain, uint64_t iova, uint64_t size);
/* The same loop with the caller's gather and no sync (dma-iommu, VFIO). */
uint64_t iommu_unmap_fast(struct iommu_domain *domain, uint64_t iova, uint64_t size,
			  struct iommu_iotlb_gather *gather);
void iommu_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
void iommu_flush_iotlb_all(struct iommu_domain *domain);
uint64_t iommu_iova_to_phys(struct iommu_domain *domain, uint64_t iova);

/*
 * The tree's core under domain d (IPF_CORE_KERNEL); -errno if this build's
 * tree has none. ipf_kcore_destroy undoes it.
 */
int ipf_kcore_create(struct iommu_domain *d, const struct ipf_kernel_variant *v,
		     uint64_t host_page_size);
void ipf_kcore_destroy(struct iommu_domain *d);

/* Queue a leaf invalidation; syncs first on a page-size change or a disjoint range. */
void iommu_iotlb_gather_add_page(struct iommu_domain *domain, struct iommu_iotlb_gather *gather,
				 uint64_t iova, uint64_t size);

#endif
