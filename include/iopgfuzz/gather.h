// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOTLB gather (include/linux/iommu.h): the range of IOVA whose leaf
 * invalidation is pending. `end` is inclusive; end == 0 means empty.
 * add_page and sync need a domain and live in iommu.h.
 */
#ifndef IOPGFUZZ_GATHER_H
#define IOPGFUZZ_GATHER_H

#include <stdbool.h>
#include <stdint.h>

struct iommu_iotlb_gather {
	uint64_t start;
	uint64_t end;
	uint64_t pgsize;
	bool queued; /* v5.15: flush-queue (lazy) unmap, leaf invalidation deferred */
};

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *gather)
{
	*gather = (struct iommu_iotlb_gather){ .start = UINT64_MAX };
}

static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *gather,
						uint64_t iova, uint64_t size)
{
	uint64_t end = iova + size - 1;

	if (gather->start > iova)
		gather->start = iova;
	if (gather->end < end)
		gather->end = end;
}

/* Touching ranges are not disjoint: they merge into one invalidation. */
static inline bool iommu_iotlb_gather_is_disjoint(const struct iommu_iotlb_gather *gather,
						  uint64_t iova, uint64_t size)
{
	uint64_t start = iova, end = start + size - 1;

	return gather->end != 0 && (end + 1 < gather->start || start > gather->end + 1);
}

static inline bool iommu_iotlb_gather_queued(const struct iommu_iotlb_gather *gather)
{
	return gather && gather->queued;
}

#endif
