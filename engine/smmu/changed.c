// SPDX-License-Identifier: GPL-2.0-only
/*
 * What an operation's descriptor writes may have changed, as IOVA ranges:
 * the span of every write that adds or removes something a walk can reach
 * (a leaf, or a table with valid descriptors in it). A table installed
 * empty changes nothing a walk returns; what is later written into it is
 * counted then. Where the SMMU cannot bound a write's reach (memory that
 * holds no table, a table linked twice, a subtree built off the tree), it
 * says so and the reader must assume any address changed.
 */
#include "smmu_internal.h"

void smmu_count_valid(struct ipf_smmu *s, struct smmu_table_info *ti, uint64_t old, uint64_t val)
{
	if ((old & DESC_VALID) == (val & DESC_VALID))
		return;
	if (val & DESC_VALID) {
		ti->valid++;
	} else if (ti->valid) {
		ti->valid--;
	} else {
		s->untracked = true; /* a valid descriptor the SMMU never saw written */
	}
}

/* Does desc, at lvl, lead a walk to anything: a leaf, or a table holding valid descriptors? */
static bool reaches_something(struct ipf_smmu *s, int lvl, uint64_t desc)
{
	uint64_t pa = desc & DESC_OA_MASK(s->ctx.granule_shift);
	const struct ipf_table_page *child;
	const struct smmu_table_info *ti;

	if (!(desc & DESC_VALID))
		return false;
	if (!smmu_is_table_desc(lvl, desc))
		return true;
	child = ipf_pgmem_lookup(s->mem, pa);
	if (!child || child->pa != pa || child->state != IPF_PAGE_LIVE)
		return true; /* a walk faults there: a change all the same */
	ti = smmu_tinfo(s, child->gen);
	return !ti || ti->valid;
}

void smmu_note_write(struct ipf_smmu *s, int lvl, uint64_t iova, uint64_t old, uint64_t val)
{
	uint64_t hi = iova + smmu_block_size(s, lvl);
	struct ipf_smmu_range *last = s->changed.nr ?
		(struct ipf_smmu_range *)s->changed.p + s->changed.nr - 1 : NULL;

	if (!reaches_something(s, lvl, old) && !reaches_something(s, lvl, val))
		return;
	if (hi < iova)
		hi = UINT64_MAX;
	/* Writes mostly come in address order: grow the last range. */
	if (last && iova <= last->hi && last->lo <= hi) {
		last->lo = iova < last->lo ? iova : last->lo;
		last->hi = hi > last->hi ? hi : last->hi;
		return;
	}
	last = smmu_vec_push(&s->changed, sizeof(*last));
	if (!last) {
		s->untracked = true;
		return;
	}
	*last = (struct ipf_smmu_range){ .lo = iova, .hi = hi };
}

/*
 * A table is linked in at pte_pa, at level lvl. Placed before at another
 * descriptor, it is either linked twice (writes to it change two places, the
 * SMMU places it at one) or moved with whatever it holds (the tables below
 * it keep their old places); filled with tables of its own before install,
 * those stay unplaced and writes to them go unseen. The engines do none of
 * this; when something does, the reach of writes is no longer bounded.
 */
void smmu_note_install(struct ipf_smmu *s, int lvl, const struct ipf_table_page *child,
		       const struct smmu_table_info *ti, uint64_t pte_pa)
{
	const uint64_t *table;

	if (child->gen == s->pgd_gen || (ti->level >= 0 && ti->parent_pte != pte_pa)) {
		s->untracked = true;
		return;
	}
	if (!ti->valid || ti->level >= 0 || !smmu_is_table_desc(lvl, 3))
		return;
	/* Filled before install, as a block split fills its table: with leaves only? */
	table = ipf_pgmem_host(s->mem, child->pa);
	for (uint64_t i = 0; table && i < child->size / sizeof(*table); i++)
		if (smmu_is_table_desc(lvl, table[i])) {
			s->untracked = true;
			return;
		}
}

const struct ipf_smmu_range *ipf_smmu_op_changed(const struct ipf_smmu *s, uint32_t *nr)
{
	*nr = s->changed.nr;
	if (s->untracked)
		return NULL;
	return s->changed.nr ? s->changed.p : (const struct ipf_smmu_range *)s;
}
