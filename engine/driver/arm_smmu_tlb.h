// SPDX-License-Identifier: GPL-2.0-only
/* Private to engine/driver: the TLB maintenance half of the arm-smmu domain. */
#ifndef IOPGFUZZ_ARM_SMMU_TLB_H
#define IOPGFUZZ_ARM_SMMU_TLB_H

#include "iopgfuzz/domain.h"

extern const struct iommu_flush_ops arm_smmu_v3_flush_ops;
extern const struct iommu_flush_ops arm_smmu_v2_flush_ops;
void arm_smmu_v3_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
void arm_smmu_v2_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
void arm_smmu_flush_iotlb_all(struct iommu_domain *domain);

#endif
