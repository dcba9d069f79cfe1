// SPDX-License-Identifier: GPL-2.0-only
/*
 * TLB maintenance of the arm-smmu-like domain: io-pgtable's flush callbacks
 * and the iommu_ops iotlb_sync / flush_iotlb_all, turned into what the
 * hardware receives (when a simulated SMMU is attached).
 *   SMMUv3 (arm-smmu-v3.c): tlb_add_page only feeds the gather; iotlb_sync
 *          invalidates the gathered range (leaf) and syncs; tlb_flush_walk
 *          invalidates the range (non-leaf) and syncs. With range
 *          invalidation (RIL) a range becomes a few TLBI commands, else one
 *          per granule.
 *   SMMUv2 (arm-smmu.c): tlb_add_page writes TLBIVAL/TLBIIPAS2L for that
 *          page, no sync; tlb_flush_walk writes TLBIVA/TLBIIPAS2 per granule
 *          and syncs; iotlb_sync only syncs. The gather is never used.
 * Calls are counted and traced by the io_pgtable_tlb_* wrappers and the
 * core; arguments are checked as the io-pgtable selftest's dummy ops do.
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

/* SMMUv2 steps a range by granule: any other size never terminates. */
static bool check_range(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t granule)
{
	if (is_page_size(d, granule) && size && !(size % granule))
		return true;
	ipf_warn(&d->ctx, IPF_EV_FLUSH_BAD_SIZE, iova, size);
	return false;
}

/* SMMUv3 */

static void v3_cmd(struct ipf_domain *d, uint64_t dw0, uint64_t dw1)
{
	if (d->smmu)
		ipf_smmu_cmd(d->smmu, &(struct ipf_smmu_cmd){ { dw0, dw1 } });
}

static void v3_sync(struct ipf_domain *d)
{
	v3_cmd(d, CMDQ_OP_CMD_SYNC, 0);
}

/*
 * One range as TLBI commands (as __arm_smmu_tlb_inv_range, after 6833b8f2e199
 * and eb6c97647be2): with RIL, each command covers NUM+1 units of 2^SCALE
 * pages of the smallest page size, the TTL hint is set for leaves only, and
 * a non-leaf count of 1 mod 32 is bumped so NUM = SCALE = TTL = 0 never occurs.
 */
static void v3_inv_range(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t granule,
			 bool leaf)
{
	uint64_t op = d->stage == 2 ? CMDQ_OP_TLBI_S2_IPA : CMDQ_OP_TLBI_NH_VA;
	uint64_t dw1_leaf = leaf ? CMDQ_TLBI_1_LEAF : 0;
	bool ril = d->smmu && ipf_smmu_range_inv(d->smmu);
	uint64_t end = iova + size, num_pages = 0, step = granule, tg_code = 0, ttl = 0;
	unsigned int tg = 0;

	if (!size)
		return;
	if (ril) {
		tg = ffs64(d->domain.pgsize_bitmap);
		tg_code = (tg - 10) / 2;
		if (leaf)
			ttl = 4 - ((fls64(granule) - 3) / (tg - 3));
		num_pages = size >> tg;
		if (!leaf && (num_pages & CMDQ_TLBI_RANGE_NUM_MAX) == 1)
			num_pages++;
	}
	if (!ril) {
		/* One command per granule (the kernel's loop): the SMMU takes them as one run. */
		if (d->smmu)
			ipf_smmu_cmd_run(d->smmu, &(struct ipf_smmu_cmd){ { op,
					 dw1_leaf | CMDQ_TLBI_1_VA(iova) } },
					 (size + granule - 1) / granule, granule);
		return;
	}
	while (iova < end) {
		uint64_t dw0 = op;

		if (ril) {
			unsigned int scale;
			uint64_t num;

			if (!num_pages)
				break; /* size not a multiple of the page size: reported already */
			scale = ffs64(num_pages);
			num = (num_pages >> scale) & CMDQ_TLBI_RANGE_NUM_MAX;
			dw0 |= CMDQ_TLBI_0_NUM(num - 1) | CMDQ_TLBI_0_SCALE(scale);
			step = num << (scale + tg);
			num_pages -= num << scale;
		}
		v3_cmd(d, dw0, dw1_leaf | CMDQ_TLBI_1_TTL(ttl) | CMDQ_TLBI_1_TG(tg_code) |
				       CMDQ_TLBI_1_VA(iova));
		iova += step;
	}
}

static void v3_tlb_inv_context(void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	v3_cmd(d, d->stage == 2 ? CMDQ_OP_TLBI_S12_VMALL : CMDQ_OP_TLBI_NH_ASID, 0);
	v3_sync(d);
}

static void v3_tlb_inv_walk(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	check_range(d, iova, size, granule);
	v3_inv_range(d, iova, size, granule, false);
	v3_sync(d);
}

static void v3_tlb_inv_page_nosync(struct iommu_iotlb_gather *gather, uint64_t iova,
				   uint64_t granule, void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	check_range(d, iova, granule, granule);
	iommu_iotlb_gather_add_page(&d->domain, gather, iova, granule);
}

void arm_smmu_v3_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	struct ipf_domain *d = (struct ipf_domain *)domain;
	uint64_t size = gather->end - gather->start + 1;

	/* Nothing gathered, nothing to invalidate. */
	if (!gather->pgsize)
		return;
	check_range(d, gather->start, size, gather->pgsize);
	v3_inv_range(d, gather->start, size, gather->pgsize, true);
	v3_sync(d);
}

const struct iommu_flush_ops arm_smmu_v3_flush_ops = {
	.tlb_flush_all = v3_tlb_inv_context,
	.tlb_flush_walk = v3_tlb_inv_walk,
	.tlb_add_page = v3_tlb_inv_page_nosync,
};

/* SMMUv2 */

static void v2_write(struct ipf_domain *d, enum ipf_smmu_v2_reg reg, uint64_t val)
{
	if (d->smmu)
		ipf_smmu_v2_write(d->smmu, reg, val);
}

/* AArch64 context, ASID 0: the page number of the address. */
static void v2_inv_range(struct ipf_domain *d, uint64_t iova, uint64_t size, uint64_t granule,
			 bool leaf)
{
	enum ipf_smmu_v2_reg reg = d->stage == 2 ? (leaf ? SMMU_V2_TLBIIPAS2L : SMMU_V2_TLBIIPAS2)
						 : (leaf ? SMMU_V2_TLBIVAL : SMMU_V2_TLBIVA);
	uint64_t step;

	if (!check_range(d, iova, size, granule) || !d->smmu)
		return;
	/* arm-smmu.c writes one register per granule; the SMMU takes the loop as one run. */
	step = ARM_SMMU_TLBI_VA(granule);
	if (ipf_bug_site(&d->ctx, IPF_BUG_INV_LOOP_STEP, size > granule))
		step *= 2;
	ipf_smmu_v2_write_run(d->smmu, reg, ARM_SMMU_TLBI_VA(iova), size / granule, step);
}

static void v2_tlb_inv_context(void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	v2_write(d, d->stage == 2 ? SMMU_V2_TLBIVMID : SMMU_V2_TLBIASID, 0);
	v2_write(d, SMMU_V2_TLBSYNC, 0);
}

static void v2_tlb_inv_walk(uint64_t iova, uint64_t size, uint64_t granule, void *cookie)
{
	struct ipf_domain *d = cookie_domain(cookie);

	v2_inv_range(d, iova, size, granule, false);
	v2_write(d, SMMU_V2_TLBSYNC, 0);
}

static void v2_tlb_add_page(struct iommu_iotlb_gather *gather, uint64_t iova, uint64_t granule,
			    void *cookie)
{
	(void)gather;
	v2_inv_range(cookie_domain(cookie), iova, granule, granule, true);
}

void arm_smmu_v2_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	(void)gather;
	v2_write((struct ipf_domain *)domain, SMMU_V2_TLBSYNC, 0);
}

const struct iommu_flush_ops arm_smmu_v2_flush_ops = {
	.tlb_flush_all = v2_tlb_inv_context,
	.tlb_flush_walk = v2_tlb_inv_walk,
	.tlb_add_page = v2_tlb_add_page,
};

void arm_smmu_flush_iotlb_all(struct iommu_domain *domain)
{
	struct ipf_domain *d = (struct ipf_domain *)domain;

	d->ctx.counters.flush_all++;
	ipf_trace(&d->ctx, &(struct ipf_trace){ .kind = IPF_TR_FLUSH_ALL });
	d->pgtbl_cfg.tlb->tlb_flush_all(d);
}
