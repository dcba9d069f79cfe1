// SPDX-License-Identifier: GPL-2.0-only
/* What both forms share: names, and equality of programs. */
#include <string.h>

#include "program_internal.h"

const char *const ipf_prog_fmt_name[IO_PGTABLE_NUM_FMTS] = {
	[ARM_64_LPAE_S1] = "lpae-s1",
	[ARM_64_LPAE_S2] = "lpae-s2",
};
const char *const ipf_prog_smmu_name[IPF_SMMU_MODELS] = {
	[IPF_SMMU_V3] = "v3",
	[IPF_SMMU_V2] = "v2",
};
const char *const ipf_prog_policy_name[IPF_CACHE_POLICIES] = {
	[IPF_CACHE_STICKY] = "sticky",
	[IPF_CACHE_ROUND_ROBIN] = "rr",
};
const char *const ipf_prog_free_name[IPF_FREE_MODES] = {
	[IPF_FREE_QUARANTINE] = "quarantine",
	[IPF_FREE_REUSE] = "reuse",
	[IPF_FREE_DELAYED] = "delayed",
};

static const char *const op_kind_name[IPF_OP_KINDS] = {
	[IPF_OP_MAP] = "map",
	[IPF_OP_UNMAP] = "unmap",
	[IPF_OP_UNMAP_LAZY] = "unmap-lazy",
	[IPF_OP_FLUSH_ALL] = "flush-all",
	[IPF_OP_DMA] = "dma",
	[IPF_OP_PREFETCH] = "prefetch",
};

const char *ipf_op_kind_name(enum ipf_op_kind kind)
{
	return (unsigned int)kind < IPF_OP_KINDS ? op_kind_name[kind] : "?";
}

static bool domain_cfg_equal(const struct ipf_domain_cfg *a, const struct ipf_domain_cfg *b)
{
	return a->fmt == b->fmt && a->pgsize_bitmap == b->pgsize_bitmap && a->ias == b->ias &&
	       a->oas == b->oas && a->quirks == b->quirks && a->smmu == b->smmu &&
	       a->host_page_size == b->host_page_size && a->non_strict == b->non_strict &&
	       a->bugs == b->bugs && a->profile == b->profile;
}

static bool smmu_cfg_equal(const struct ipf_smmu_cfg *a, const struct ipf_smmu_cfg *b)
{
	return a->range_inv == b->range_inv && a->lax == b->lax && a->ttl_strict == b->ttl_strict &&
	       a->tlb_entries == b->tlb_entries && a->wc_entries == b->wc_entries &&
	       a->policy == b->policy;
}

static bool op_equal(const struct ipf_op *a, const struct ipf_op *b)
{
	return a->kind == b->kind && a->iova == b->iova && a->size == b->size &&
	       a->paddr == b->paddr && a->prot == b->prot && a->write == b->write;
}

/* Field by field (padding differs): a field added to these structs must be added here. */
bool ipf_program_equal(const struct ipf_program *a, const struct ipf_program *b)
{
	if (!domain_cfg_equal(&a->cfg.domain, &b->cfg.domain) ||
	    !smmu_cfg_equal(&a->cfg.smmu, &b->cfg.smmu) || a->cfg.free_mode != b->cfg.free_mode ||
	    a->cfg.prefill != b->cfg.prefill || a->nr_ops != b->nr_ops)
		return false;
	for (int e = 0; e < IPF_ENGINES; e++)
		if (a->cfg.engines[e] != b->cfg.engines[e] || strcmp(a->cfg.kernel[e], b->cfg.kernel[e]))
			return false;
	for (uint32_t i = 0; i < a->nr_ops && i < IPF_MAX_OPS; i++)
		if (!op_equal(&a->ops[i], &b->ops[i]))
			return false;
	return true;
}
