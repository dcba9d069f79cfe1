// SPDX-License-Identifier: GPL-2.0-only
/* Private to engine/driver: the TLB maintenance half of the arm-smmu domain. */
#ifndef IOPGFUZZ_ARM_SMMU_TLB_H
#define IOPGFUZZ_ARM_SMMU_TLB_H

#include "iopgfuzz/domain.h"

/*
 * SMMUv3 commands as the driver builds them, named as arm-smmu-v3.h names
 * them (CMDQ_OP_*, CMDQ_TLBI_*). The simulated SMMU decodes with its own,
 * independent names (SMMU_CMD0_*, SMMU_CMD1_* in smmu.h) on purpose: an
 * encoding mistake on one side must not be repeated by the other.
 */
#define CMDQ_OP_TLBI_NH_ASID      0x11ULL
#define CMDQ_OP_TLBI_NH_VA        0x12ULL
#define CMDQ_OP_TLBI_S12_VMALL    0x28ULL
#define CMDQ_OP_TLBI_S2_IPA       0x2aULL
#define CMDQ_OP_CMD_SYNC          0x46ULL

#define CMDQ_TLBI_0_NUM(n)        (((uint64_t)(n) & 0x1f) << 12)
#define CMDQ_TLBI_0_SCALE(s)      (((uint64_t)(s) & 0x1f) << 20)
#define CMDQ_TLBI_1_LEAF          1ULL
#define CMDQ_TLBI_1_TTL(t)        (((uint64_t)(t) & 3) << 8)
#define CMDQ_TLBI_1_TG(t)         (((uint64_t)(t) & 3) << 10)
#define CMDQ_TLBI_1_VA(a)         ((uint64_t)(a) & ~0xfffULL)
#define CMDQ_TLBI_RANGE_NUM_MAX   31 /* NUM is 5 bits: 1..32 units per command */

/* SMMUv2 (arm-smmu.c): an AArch64 context's TLBIVA* value is the page number. */
#define ARM_SMMU_TLBI_VA(a)       ((uint64_t)(a) >> 12)

extern const struct iommu_flush_ops arm_smmu_v3_flush_ops;
extern const struct iommu_flush_ops arm_smmu_v2_flush_ops;
void arm_smmu_v3_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
void arm_smmu_v2_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather);
void arm_smmu_flush_iotlb_all(struct iommu_domain *domain);

#endif
