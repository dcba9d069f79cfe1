// SPDX-License-Identifier: MIT
/*
 * TLB maintenance of the arm-smmu-like domain: io-pgtable's flush callbacks
 * and the iommu_ops iotlb_sync / flush_iotlb_all.
 *   SMMUv3 (arm-smmu-v3.c): tlb_add_page only feeds the gather; iotlb_sync
 *          invalidates the gathered range (leaf); tlb_flush_walk invalidates
 *          at once (non-leaf) and waits.
 *   SMMUv2 (arm-smmu.c): tlb_add_page invalidates that page at once (leaf,
 *          no wait); tlb_flush_walk invalidates every granule of the range and
 *          waits; iotlb_sync only waits. The gather is never used.
 * The calls themselves are counted and traced by the io_pgtable_tlb_*
 * wrappers and the core; here the arguments are checked the way the
 * io-pgtable selftest's dummy ops check them.
 */
#include "arm_smmu_tlb.h"
#include "iopgfuzz/bitops.h"

static struct ipf_domain *cookie_domain(void *cookie)
{
	return cookie;
}

static int is_page_size(const struct ipf_domain *d, uint64_t size)
{
	return is_pow2_64(size) && (size & d->domain.pgsize_bitmap);
}

static void check_range(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t granule)
{
	/* SMMUv2 steps the range by granule: any other size never terminates. */
	if (!is_page_size(d, granule) || !size || size % granule)
		ipf_warn(&d->ctx, IPF_EV_FLUSH_BAD_SIZE, iova, size);
}

static void arm_smmu_tlb_inv_context(void *cookie)
{
	(void)cookie_domain(cookie);
}

static void arm_smmu_tlb_inv_walk(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	check_range(cookie_domain(cookie), iova, size, granule);
}

static void arm_smmu_v3_tlb_inv_page_nosync(struct iommu_iotlb_gather *gather, uint64_t iova,
					    uint64_t granule, void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	check_range(d, iova, granule, granule);
	iommu_iotlb_gather_add_page(&d->domain, gather, iova, granule);
}

static void arm_smmu_v2_tlb_add_page(struct iommu_iotlb_gather *gather, uint64_t iova,
				     uint64_t granule, void *cookie)
{
	(void)gather;
	check_range(cookie_domain(cookie), iova, granule, granule);
}

const struct iommu_flush_ops arm_smmu_v3_flush_ops = {
	.tlb_flush_all = arm_smmu_tlb_inv_context,
	.tlb_flush_walk = arm_smmu_tlb_inv_walk,
	.tlb_add_page = arm_smmu_v3_tlb_inv_page_nosync,
};

const struct iommu_flush_ops arm_smmu_v2_flush_ops = {
	.tlb_flush_all = arm_smmu_tlb_inv_context,
	.tlb_flush_walk = arm_smmu_tlb_inv_walk,
	.tlb_add_page = arm_smmu_v2_tlb_add_page,
};

void arm_smmu_v3_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	struct ipf_domain *d = (struct ipf_domain *)domain;

	/* Nothing gathered, nothing to invalidate. */
	if (!gather->pgsize)
		return;
	check_range(d, gather->start, gather->end - gather->start + 1, gather->pgsize);
}

void arm_smmu_v2_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	(void)domain;
	(void)gather;
}

void arm_smmu_flush_iotlb_all(struct iommu_domain *domain)
{
	struct ipf_domain *d = (struct ipf_domain *)domain;

	d->ctx.counters.flush_all++;
	ipf_trace(&d->ctx, &(struct ipf_trace){ .kind = IPF_TR_FLUSH_ALL });
	d->pgtbl_cfg.tlb->tlb_flush_all(d);
}
