// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner's side of the golden model, the leaves an operation asks for
 * (known.c's budget judges them), and the window of lazily unmapped
 * addresses a device may still reach.
 */
#include "iopgfuzz/lpae.h"
#include "runner_internal.h"

void ipf_golden_cfg(const struct ipf_domain *d, struct golden_cfg *cfg)
{
	int start_level = 0, pgd_bits;

	/* The walk the domain's registers describe, as its driver programs them. */
	io_pgtable_arm_lpae_walk(&d->pgtbl_cfg, d->stage, &start_level, &pgd_bits);
	*cfg = (struct golden_cfg){
		.granule = 1ULL << ffs64(d->domain.pgsize_bitmap),
		.pgsize_bitmap = d->domain.pgsize_bitmap,
		.ias = d->pgtbl_cfg.ias,
		.oas = d->pgtbl_cfg.oas,
		.start_level = start_level,
		.no_split = ipf_profile_has(d->ctx.profile, IPF_CHANGE_NO_SPLIT),
	};
}

void golden_setup(struct ipf_runner *r)
{
	struct golden_cfg cfg;

	ipf_golden_cfg(r->part[IPF_ENGINE_REF].d, &cfg);
	r->golden_valid = golden_reset(r->golden, &cfg) == 0;
}

bool golden_applies(const struct ipf_runner *r, const struct ipf_op *op)
{
	return r->golden_valid &&
	       (op->kind == IPF_OP_MAP || op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY);
}

int64_t golden_exec(struct ipf_runner *r, const struct ipf_op *op)
{
	int64_t ret = 0;

	if (!r->golden_valid)
		return 0;
	if (op->kind == IPF_OP_MAP)
		ret = golden_map(r->golden, op->iova, op->paddr, op->size, op->prot);
	else if (op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY)
		ret = (int64_t)golden_unmap(r->golden, op->iova, op->size);
	if (golden_exhausted(r->golden))
		r->golden_valid = false;
	return ret;
}

uint64_t op_leaves(const struct ipf_runner *r, const struct ipf_op *op)
{
	uint64_t bitmap = r->part[0].d->domain.pgsize_bitmap;
	uint64_t paddr = op->kind == IPF_OP_MAP ? op->paddr : op->iova;

	if (op->kind != IPF_OP_MAP && op->kind != IPF_OP_UNMAP && op->kind != IPF_OP_UNMAP_LAZY)
		return 0;
	if (!op->size || ((op->iova | paddr | op->size) & ((1ULL << ffs64(bitmap)) - 1)))
		return 0; /* refused before any page is touched */
	return iommu_pgsize_leaves(bitmap, op->iova, paddr, op->size, UINT64_MAX - 1);
}

void lazy_note(struct ipf_runner *r, const struct ipf_op *op)
{
	if (op->kind == IPF_OP_FLUSH_ALL)
		r->lazy.nr = 0;
	else if (op->kind == IPF_OP_UNMAP_LAZY ||
		 (op->kind == IPF_OP_UNMAP && r->p->cfg.domain.non_strict))
		interval_push(&r->lazy, op->iova, op->iova + op->size);
}

bool lazy_covers(const struct ipf_runner *r, uint64_t iova)
{
	for (uint32_t i = 0; i < r->lazy.nr; i++)
		if (iova >= r->lazy.v[i].lo && iova < r->lazy.v[i].hi)
			return true;
	return false;
}

bool lazy_overlaps(const struct ipf_runner *r, uint64_t iova, uint64_t size)
{
	for (uint32_t i = 0; i < r->lazy.nr; i++)
		if (iova < r->lazy.v[i].hi && r->lazy.v[i].lo < iova + size)
			return true;
	return false;
}
