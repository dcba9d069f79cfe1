// SPDX-License-Identifier: GPL-2.0-only
/*
 * TLB maintenance as the SMMU receives it: SMMUv3 commands and SMMUv2
 * context-bank register writes, decoded and checked, queued, and made
 * effective at the next sync (the latest the architecture allows).
 */
#include "smmu_internal.h"

static void illegal(struct ipf_smmu *s, uint64_t addr, uint64_t why)
{
	smmu_report(s, IPF_EV_SMMU_ILLEGAL_CMD, addr, why);
}

static void trace(struct ipf_smmu *s)
{
	if (s->trace_fn)
		s->trace_fn(s->trace_ctx, &s->cur);
}

/*
 * By-address TLBIs one granule apart, with no descriptor written between
 * them (a walk flush or a leaf sync without range invalidation: one
 * command per granule, thousands for a 1G range), remove exactly the
 * entries that intersect their span: keep them as one range.
 */
static bool merge_point(struct ipf_smmu *s, const struct smmu_inval *inv)
{
	struct smmu_inval *prev = s->pending.nr ? (struct smmu_inval *)s->pending.p + s->pending.nr - 1
						: NULL;
	uint64_t g = 1ULL << s->ctx.granule_shift;

	if (!prev || !inv->point || prev->all || prev->leaf_only != inv->leaf_only || prev->ttl ||
	    prev->stride || inv->stride || prev->issue_seq < s->last_write_seq || (inv->lo & (g - 1)))
		return false;
	if (prev->point ? prev->lo + g != inv->lo || (prev->lo & (g - 1)) : prev->hi != inv->lo)
		return false;
	prev->point = false;
	prev->hi = inv->lo + g;
	prev->issue_seq = ++s->seq;
	return true;
}

/*
 * A run of n by-address invalidations one granule apart (ipf_smmu_*_run):
 * the first as it comes, merged or queued, then the rest merged into it, as
 * merge_point would merge them one by one.
 */
static void extend_run(struct ipf_smmu *s, uint64_t n)
{
	struct smmu_inval *last = (struct smmu_inval *)s->pending.p + s->pending.nr - 1;
	uint64_t g = 1ULL << s->ctx.granule_shift;

	if (n < 2 || !s->pending.nr)
		return;
	last->hi = (last->point ? last->lo : last->hi - g) + n * g;
	last->point = false;
	s->seq += n - 1;
	last->issue_seq = s->seq;
}

static void queue(struct ipf_smmu *s, struct smmu_inval inv)
{
	uint64_t n = s->run ? s->run : 1, g = 1ULL << s->ctx.granule_shift;
	struct smmu_inval *slot;

	s->cur.all = inv.all;
	s->cur.leaf_only = inv.leaf_only;
	s->cur.point = inv.point && (n == 1 || inv.stride);
	s->cur.lo = inv.lo;
	s->cur.hi = n == 1 || inv.stride ? inv.hi : inv.lo + n * g;
	s->cur.ttl = inv.ttl;
	s->cur.count = n;
	s->cur.stride = inv.stride;
	trace(s);
	s->stats.commands += n;
	if (inv.stride) {
		/* Points a stride apart: one record for the run, nothing to merge with. */
		slot = smmu_vec_push(&s->pending, sizeof(*slot));
		s->seq += n;
		inv.issue_seq = s->seq;
		if (slot)
			*slot = inv;
		return;
	}
	if (merge_point(s, &inv)) {
		extend_run(s, n);
		return;
	}
	slot = smmu_vec_push(&s->pending, sizeof(*slot));
	inv.issue_seq = ++s->seq;
	if (slot) {
		*slot = inv;
		extend_run(s, n);
	}
}

static void sync(struct ipf_smmu *s)
{
	struct smmu_inval *pending = s->pending.p;
	uint64_t now = ++s->seq;

	s->cur.sync = true;
	trace(s);
	s->stats.syncs++;
	for (uint32_t i = 0; i < s->pending.nr; i++) {
		struct smmu_inval *done = smmu_vec_push(&s->applied, sizeof(*done));

		pending[i].sync_seq = now;
		smmu_apply(s, &pending[i]);
		if (done)
			*done = pending[i];
	}
	s->pending.nr = 0;
}

/* TTL names the level of the leaves to invalidate; it must be one a leaf can be at. */
static bool ttl_legal(const struct ipf_smmu *s, unsigned int ttl)
{
	if (ttl == 0 || ttl == 3)
		return true;
	if (s->ctx.granule_shift == 12)
		return true;
	return ttl == 2 || (s->ctx.granule_shift == 16 && s->ctx.oas > 48);
}

static void by_address(struct ipf_smmu *s, const uint64_t dw[2])
{
	unsigned int tg = SMMU_CMD1_TG(dw[1]), num = SMMU_CMD0_NUM(dw[0]);
	unsigned int scale = SMMU_CMD0_SCALE(dw[0]), ttl = SMMU_CMD1_TTL(dw[1]);
	uint64_t addr = SMMU_CMD1_ADDR(dw[1]);
	struct smmu_inval inv = { .leaf_only = SMMU_CMD1_LEAF(dw[1]), .lo = addr };
	unsigned int gshift;
	uint64_t pages;

	if (!tg) {
		/* One address: the entry holding it. Range fields have no meaning. */
		if (num || scale)
			illegal(s, addr, 1);
		inv.point = true;
		inv.hi = addr + 1;
		queue(s, inv);
		return;
	}
	gshift = 10 + 2 * tg;
	if (!s->cfg.range_inv) {
		illegal(s, addr, 2); /* range invalidation not supported */
		return;
	}
	if (gshift != s->ctx.granule_shift && !s->cfg.lax) {
		illegal(s, addr, 3); /* TG is not the context's granule */
		return;
	}
	if (!num && !scale && !ttl && !s->cfg.lax) {
		illegal(s, addr, 4); /* reserved: NUM = SCALE = TTL = 0 */
		return;
	}
	if (!ttl_legal(s, ttl))
		illegal(s, addr, 5);
	pages = (uint64_t)(num + 1) << scale;
	inv.hi = addr + (pages << gshift);
	if (inv.hi <= addr)
		inv.hi = UINT64_MAX;
	inv.ttl = (uint8_t)ttl;
	queue(s, inv);
}

void ipf_smmu_cmd(struct ipf_smmu *s, const struct ipf_smmu_cmd *cmd)
{
	s->cur = (struct ipf_smmu_cmd_trace){ .cmd = *cmd };
	switch (SMMU_CMD0_OP(cmd->dw[0])) {
	case SMMU_CMD_SYNC:
		sync(s);
		break;
	case SMMU_CMD_TLBI_NH_ALL:
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_S12_VMALL:
		queue(s, (struct smmu_inval){ .all = true, .hi = UINT64_MAX });
		break;
	case SMMU_CMD_TLBI_NH_ASID:
		if (s->ctx.stage != 1)
			illegal(s, 0, 6);
		queue(s, (struct smmu_inval){ .all = true, .hi = UINT64_MAX });
		break;
	case SMMU_CMD_TLBI_NH_VA:
		if (s->ctx.stage != 1) {
			illegal(s, SMMU_CMD1_ADDR(cmd->dw[1]), 6); /* wrong stage: no effect */
			return;
		}
		by_address(s, cmd->dw);
		break;
	case SMMU_CMD_TLBI_S2_IPA:
		if (s->ctx.stage != 2) {
			illegal(s, SMMU_CMD1_ADDR(cmd->dw[1]), 6);
			return;
		}
		by_address(s, cmd->dw);
		break;
	default:
		illegal(s, 0, 7);
		break;
	}
}

void ipf_smmu_v2_write(struct ipf_smmu *s, enum ipf_smmu_v2_reg reg, uint64_t val)
{
	/* AArch64 context: VA[55:12] in bits [43:0], ASID in [63:48]; IPA[51:12] in [39:0]. */
	uint64_t va = (val & SMMU_V2_VA_FIELD) << SMMU_V2_PAGE_SHIFT;
	uint64_t ipa = (val & SMMU_V2_IPA_FIELD) << SMMU_V2_PAGE_SHIFT;

	s->cur = (struct ipf_smmu_cmd_trace){ .v2 = true, .reg = reg, .val = val };
	switch (reg) {
	case SMMU_V2_TLBIVA:
	case SMMU_V2_TLBIVAL:
		if (s->ctx.stage != 1) {
			illegal(s, va, 6);
			return;
		}
		queue(s, (struct smmu_inval){ .point = true, .lo = va, .hi = va + 1,
					      .leaf_only = reg == SMMU_V2_TLBIVAL });
		break;
	case SMMU_V2_TLBIIPAS2:
	case SMMU_V2_TLBIIPAS2L:
		if (s->ctx.stage != 2) {
			illegal(s, ipa, 6);
			return;
		}
		queue(s, (struct smmu_inval){ .point = true, .lo = ipa, .hi = ipa + 1,
					      .leaf_only = reg == SMMU_V2_TLBIIPAS2L });
		break;
	case SMMU_V2_TLBIASID:
	case SMMU_V2_TLBIVMID:
		queue(s, (struct smmu_inval){ .all = true, .hi = UINT64_MAX });
		break;
	case SMMU_V2_TLBSYNC:
		sync(s);
		break;
	default:
		illegal(s, 0, 7);
		break;
	}
}

/* Can n invalidations starting at va, `step` bytes apart, be taken as one run? */
static bool run_ok(const struct ipf_smmu *s, uint64_t va, uint64_t n, uint64_t step)
{
	uint64_t g = 1ULL << s->ctx.granule_shift;

	return n > 1 && step == g && !(va & (g - 1)) && va + n * g > va;
}

/*
 * Writes `step` granules apart, more than one: each removes the entries
 * holding its own address, as a point does; queued as one strided record
 * (issued, applied and judged as the writes would be, one sequence number
 * each), not one per write.
 */
static bool strided_run(struct ipf_smmu *s, enum ipf_smmu_v2_reg reg, uint64_t val, uint64_t va,
			uint64_t count, uint64_t stride)
{
	uint64_t g = 1ULL << s->ctx.granule_shift;

	if (count < 2 || stride <= g || (stride & (g - 1)) || (va & (g - 1)) ||
	    (count - 1) > (UINT64_MAX - va - 1) / stride)
		return false;
	s->run = count;
	s->cur = (struct ipf_smmu_cmd_trace){ .v2 = true, .reg = reg, .val = val };
	queue(s, (struct smmu_inval){ .point = true, .lo = va, .hi = va + (count - 1) * stride + 1,
				      .stride = stride,
				      .leaf_only = reg == SMMU_V2_TLBIVAL || reg == SMMU_V2_TLBIIPAS2L });
	s->run = 0;
	return true;
}

void ipf_smmu_v2_write_run(struct ipf_smmu *s, enum ipf_smmu_v2_reg reg, uint64_t val,
			   uint64_t count, uint64_t step)
{
	bool stage1 = reg == SMMU_V2_TLBIVA || reg == SMMU_V2_TLBIVAL;
	bool stage2 = reg == SMMU_V2_TLBIIPAS2 || reg == SMMU_V2_TLBIIPAS2L;
	uint64_t field = stage1 ? SMMU_V2_VA_FIELD : SMMU_V2_IPA_FIELD; /* the page number */
	bool ok = ((stage1 && s->ctx.stage == 1) || (stage2 && s->ctx.stage == 2)) && count > 1 &&
		  step && (count - 1) <= (field - (val & field)) / step;

	/* One run: the right stage, and the page number never carries out of its field. */
	if (ok && run_ok(s, (val & field) << SMMU_V2_PAGE_SHIFT, count, step << SMMU_V2_PAGE_SHIFT)) {
		s->run = count;
		ipf_smmu_v2_write(s, reg, val);
		s->run = 0;
		return;
	}
	if (ok && strided_run(s, reg, val, (val & field) << SMMU_V2_PAGE_SHIFT, count,
			     step << SMMU_V2_PAGE_SHIFT))
		return;
	for (; count; count--, val += step)
		ipf_smmu_v2_write(s, reg, val);
}

void ipf_smmu_cmd_run(struct ipf_smmu *s, const struct ipf_smmu_cmd *cmd, uint64_t count,
		      uint64_t step)
{
	uint64_t op = SMMU_CMD0_OP(cmd->dw[0]), addr = SMMU_CMD1_ADDR(cmd->dw[1]);
	bool by_va = (op == SMMU_CMD_TLBI_NH_VA && s->ctx.stage == 1) ||
		     (op == SMMU_CMD_TLBI_S2_IPA && s->ctx.stage == 2);
	struct ipf_smmu_cmd c = *cmd;

	/* Single addresses only (TG = NUM = SCALE = 0): each is a point of the run. */
	if (by_va && !SMMU_CMD1_TG(cmd->dw[1]) && !SMMU_CMD0_NUM(cmd->dw[0]) &&
	    !SMMU_CMD0_SCALE(cmd->dw[0]) && run_ok(s, addr, count, step) &&
	    SMMU_CMD1_ADDR(cmd->dw[1] + (count - 1) * step) == addr + (count - 1) * step) {
		s->run = count;
		ipf_smmu_cmd(s, cmd);
		s->run = 0;
		return;
	}
	for (; count; count--, c.dw[1] += step)
		ipf_smmu_cmd(s, &c);
}

static bool matches(const struct ipf_smmu *s, const struct smmu_inval *inv,
		    const struct smmu_centry *e)
{
	uint64_t lo = e->va, hi = e->va + smmu_block_size(s, e->level);

	if (inv->all)
		return true;
	if (inv->point)
		return smmu_points_reach(inv, lo, hi);
	return lo < inv->hi && inv->lo < hi;
}

/* Remove the entries of one cache (at one level, or all levels) that inv covers. */
static void inval_cache(struct ipf_smmu *s, struct smmu_cache *c, const struct smmu_inval *inv,
			int only_level)
{
	uint64_t probes = 0;

	for (int lvl = s->ctx.start_level; lvl < SMMU_MAX_LEVELS && !inv->all; lvl++)
		if (only_level < 0 || lvl == only_level)
			probes += (inv->hi - inv->lo - 1) / smmu_block_size(s, lvl) + 2;

	if (inv->all || probes > c->fresh) {
		for (uint32_t i = 0; i < c->fresh; i++) {
			struct smmu_centry *e = &c->e[i];

			if (e->valid && (only_level < 0 || e->level == only_level) &&
			    matches(s, inv, e)) {
				smmu_cache_remove(c, e);
				s->stats.entries_invalidated++;
			}
		}
		return;
	}
	for (int lvl = s->ctx.start_level; lvl < SMMU_MAX_LEVELS; lvl++) {
		uint64_t bs = smmu_block_size(s, lvl);

		if (only_level >= 0 && lvl != only_level)
			continue;
		uint64_t va = align_down64(inv->lo, bs), n = (inv->hi - 1 - va) / bs + 1;

		for (; n--; va += bs) {
			struct smmu_centry *e = smmu_cache_find(c, lvl, va);

			if (e && matches(s, inv, e)) {
				smmu_cache_remove(c, e);
				s->stats.entries_invalidated++;
			}
		}
	}
}

void smmu_apply(struct ipf_smmu *s, const struct smmu_inval *inv)
{
	bool lax = s->cfg.lax;

	/* With a TTL hint taken strictly, only leaves at that level go. */
	inval_cache(s, &s->tlb, inv, inv->ttl && s->cfg.ttl_strict && !lax ? inv->ttl : -1);
	/* Leaf-only maintenance may leave table descriptors cached. */
	if (!inv->leaf_only || lax)
		inval_cache(s, &s->wc, inv, -1);
}
