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

/* The level a walk of the IAS starts at without concatenation. */
static int s2_plain_start(const struct ipf_smmu_ctx *c)
{
	unsigned int bpl = c->granule_shift - 3;
	unsigned int va_bits = c->ias > c->granule_shift ? c->ias - c->granule_shift : 1;

	return SMMU_MAX_LEVELS - (int)((va_bits + bpl - 1) / bpl);
}

/*
 * Where a walk starting at `lvl` is not a valid initial lookup for this
 * granule and PA size, and must start one level down, its tables
 * concatenated (the cases 4dcac8407fe1 reads out of the rules).
 */
static bool s2_start_forbidden(const struct ipf_smmu_ctx *c, int lvl)
{
	switch (c->granule_shift) {
	case 12: /* 4K: level 0 needs a PA size above 42 bits */
		return lvl == 0 && (c->oas == 40 || c->oas == 42);
	case 14: /* 16K: no level 0 for a 48-bit space, no level 1 at PA 40 */
		if (lvl == 0)
			return c->oas == 48 || c->ias == 48;
		return lvl == 1 && c->oas == 40;
	default:
		return false;
	}
}

/* Tables side by side at the start level: its index bits beyond one table. */
static uint64_t s2_concatenated(const struct ipf_smmu_ctx *c)
{
	unsigned int bpl = c->granule_shift - 3;
	unsigned int shift = (unsigned int)(SMMU_MAX_LEVELS - c->start_level) * bpl + 3;
	unsigned int bits = c->ias > shift ? c->ias - shift : 0;

	return bits > bpl ? 1ULL << (bits - bpl) : 1;
}

void smmu_check_s2_start(struct ipf_smmu *s)
{
	const struct ipf_smmu_ctx *c = &s->ctx;
	int plain;

	if (c->stage != 2 || c->start_level < 0 || c->start_level >= SMMU_MAX_LEVELS)
		return;
	plain = s2_plain_start(c);
	/* Either the walk starts where the IAS says, or one level down, concatenated. */
	if ((c->start_level == plain && s2_start_forbidden(c, plain)) ||
	    (c->start_level != plain && c->start_level != plain + 1) ||
	    s2_concatenated(c) > SMMU_S2_MAX_CONCAT)
		smmu_report(s, IPF_EV_SMMU_BAD_S2_START, 0, (uint64_t)c->start_level);
}
