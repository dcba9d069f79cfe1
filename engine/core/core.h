// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inside the core layer: the driver calls of iommu.c (counted and traced
 * the same whoever's core makes them), and the kernel tree's core
 * (kernel_core.c) that iommu.c hands IPF_CORE_KERNEL domains to.
 */
#ifndef IOPGFUZZ_ENGINE_CORE_H
#define IOPGFUZZ_ENGINE_CORE_H

#include "iopgfuzz/iommu.h"

uint64_t ipf_core_min_pagesz(struct iommu_domain *d);
/* A loop whose every step advances by at least min_pagesz ends within this. */
uint64_t ipf_core_iteration_bound(uint64_t size, uint64_t min_pagesz);

int ipf_core_drv_map_pages(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t pgsize,
			   uint64_t count, int prot, uint64_t *mapped);
uint64_t ipf_core_drv_unmap_pages(struct iommu_domain *d, uint64_t iova, uint64_t pgsize,
				  uint64_t count, struct iommu_iotlb_gather *gather);
void ipf_core_drv_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather);

int ipf_kcore_map(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t size, int prot);
uint64_t ipf_kcore_unmap(struct iommu_domain *d, uint64_t iova, uint64_t size);
uint64_t ipf_kcore_unmap_fast(struct iommu_domain *d, uint64_t iova, uint64_t size,
			      struct iommu_iotlb_gather *gather);
void ipf_kcore_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather);
void ipf_kcore_gather_add_page(struct iommu_domain *d, struct iommu_iotlb_gather *gather,
			       uint64_t iova, uint64_t size);

#endif
