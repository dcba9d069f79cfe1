// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the SMMU checks of a stage-2 context before it walks: the initial
 * lookup level must be one the architecture allows for the granule and the
 * output size, and the start level may concatenate at most 16 tables
 * (Arm DDI0487 K.a R_DXBSH and R_SRKBC, through the SMMU's S2SL0, S2T0SZ,
 * S2TG and S2PS). The forbidden cases checked are the four 4dcac8407fe1
 * lists; a real SMMU would refuse the stream table entry (C_BAD_STE).
 *
 * The SMMU keeps its own terms on purpose: nothing here comes from
 * io-pgtable's geometry.
 */
#include "smmu_internal.h"

#define SMMU_S2_MAX_CONCAT 16

/* Tables side by side at the start level: its index bits beyond one table. */
static uint64_t s2_concatenated(const struct ipf_smmu_ctx *c)
{
	unsigned int bpl = c->granule_shift - 3;
	unsigned int shift = (unsigned int)(SMMU_MAX_LEVELS - c->start_level) * bpl + 3;
	unsigned int bits = c->ias > shift ? c->ias - shift : 0;

	return bits > bpl ? 1ULL << (bits - bpl) : 1;
}

static bool s2_start_forbidden(const struct ipf_smmu_ctx *c)
{
	switch (c->granule_shift) {
	case 12: /* 4K: level 0 needs a PA size above 42 bits */
		return c->start_level == 0 && (c->oas == 40 || c->oas == 42);
	case 14: /* 16K: no level-0 lookup for a 48-bit space; level 1 not at PA 40 */
		if (c->start_level == 0)
			return c->oas == 48 || c->ias == 48;
		return c->start_level == 1 && c->oas == 40;
	default:
		return false;
	}
}

void smmu_check_s2_start(struct ipf_smmu *s)
{
	const struct ipf_smmu_ctx *c = &s->ctx;

	if (c->stage != 2 || c->start_level < 0 || c->start_level >= SMMU_MAX_LEVELS)
		return;
	if (s2_start_forbidden(c) || s2_concatenated(c) > SMMU_S2_MAX_CONCAT)
		smmu_report(s, IPF_EV_SMMU_BAD_S2_START, 0, (uint64_t)c->start_level);
}
