/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name:
 * the parts io-pgtable uses (prot flags, the gather, the dirty bitmap).
 * The prot values are the kernel ABI io-pgtable decodes; the adapter
 * passes a program's prot through unchanged.
 */
#ifndef _IPF_SHIM_LINUX_IOMMU_H
#define _IPF_SHIM_LINUX_IOMMU_H

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/sizes.h>

#define IOMMU_READ	(1 << 0)
#define IOMMU_WRITE	(1 << 1)
#define IOMMU_CACHE	(1 << 2)
#define IOMMU_NOEXEC	(1 << 3)
#define IOMMU_MMIO	(1 << 4)
#define IOMMU_PRIV	(1 << 5)

#define IOMMU_DIRTY_NO_CLEAR	(1 << 0)

struct iommu_domain;

struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *gather)
{
	*gather = (struct iommu_iotlb_gather){ .start = ~0UL };
	gather->freelist.next = gather->freelist.prev = &gather->freelist;
}

static inline bool iommu_iotlb_gather_queued(struct iommu_iotlb_gather *gather)
{
	return gather && gather->queued;
}

static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *gather,
						unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	if (gather->start > iova)
		gather->start = iova;
	if (gather->end < end)
		gather->end = end;
}

/* Dirty tracking: the ranges reported, as the kernel's iova_bitmap would hold them. */
struct iova_bitmap {
	unsigned long lo, hi;  /* hull of everything recorded; lo > hi: nothing */
	unsigned long nr_records;
};

struct iommu_dirty_bitmap {
	struct iova_bitmap *bitmap;
	struct iommu_iotlb_gather *gather;
};

static inline void iommu_dirty_bitmap_record(struct iommu_dirty_bitmap *dirty,
					     unsigned long iova, unsigned long length)
{
	if (dirty->bitmap) {
		if (dirty->bitmap->lo > iova)
			dirty->bitmap->lo = iova;
		if (dirty->bitmap->hi < iova + length - 1)
			dirty->bitmap->hi = iova + length - 1;
		dirty->bitmap->nr_records++;
	}
	if (dirty->gather)
		iommu_iotlb_gather_add_range(dirty->gather, iova, length);
}

#endif
