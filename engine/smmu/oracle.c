// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checks that hold once an operation has returned. For everything the
 * operation took out of the tree (from the descriptor writes the SMMU saw):
 *   flush coverage: a completed invalidation of adequate kind, issued after
 *     the descriptor was cleared, covers it (a leaf: any invalidation
 *     reaching it; a table: walk invalidation of all of its span);
 *   ordering: an invalidation that would cover it but was issued before the
 *     clear is reported as such;
 *   stale translation: no cache entry filled before the clear survives, and
 *     a device access to it translates as the tables in memory do.
 * Lazy (flush-queue) operations defer leaf invalidation: only tables count.
 */
#include <stdlib.h>
#include <string.h>

#include "smmu_internal.h"

#define PROBES_PER_OP 512

static int by_lo(const void *a, const void *b)
{
	const struct smmu_inval *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->issue_seq < y->issue_seq ? -1 : x->issue_seq > y->issue_seq;
}

/* Sort what took effect by address, once per change. */
static void build_index(struct ipf_smmu *s)
{
	const struct smmu_inval *applied = s->applied.p;
	struct smmu_inval *sorted;
	uint32_t n = 0;

	if (s->indexed == s->applied.nr)
		return;
	s->indexed = s->applied.nr;
	s->sorted.nr = 0;
	s->any_all = false;
	for (uint32_t i = 0; i < s->applied.nr; i++) {
		struct smmu_inval *slot;

		if (applied[i].all) {
			s->any_all = true;
			continue;
		}
		slot = smmu_vec_push(&s->sorted, sizeof(*slot));
		if (slot)
			*slot = applied[i], n++;
	}
	sorted = s->sorted.p;
	if (n)
		qsort(sorted, n, sizeof(*sorted), by_lo);
	if (n > s->prefix_cap) {
		uint64_t *p = realloc(s->prefix_hi, n * sizeof(*p));

		if (!p) {
			s->sorted.nr = 0;
			return;
		}
		s->prefix_hi = p;
		s->prefix_cap = n;
	}
	for (uint32_t i = 0; i < n; i++)
		s->prefix_hi[i] = i && s->prefix_hi[i - 1] > sorted[i].hi ? s->prefix_hi[i - 1] : sorted[i].hi;
}

static bool strong_enough(const struct ipf_smmu *s, const struct smmu_inval *inv,
			  const struct smmu_removal *r, bool walk)
{
	if (inv->all || s->cfg.lax)
		return true;
	if (walk)
		return !inv->leaf_only && (!inv->ttl || !s->cfg.ttl_strict);
	return !inv->ttl || !s->cfg.ttl_strict || inv->ttl == r->level;
}

static bool any_all_after(const struct ipf_smmu *s, const struct smmu_removal *r, bool ordered)
{
	const struct smmu_inval *applied = s->applied.p;

	if (!s->any_all)
		return false;
	for (uint32_t i = 0; i < s->applied.nr; i++)
		if (applied[i].all && (!ordered || applied[i].issue_seq > r->clear_seq))
			return true;
	return false;
}

/* Index of the last sorted invalidation starting below hi, or -1. */
static int64_t last_below(const struct ipf_smmu *s, uint64_t hi)
{
	const struct smmu_inval *sorted = s->sorted.p;
	int64_t lo = 0, top = (int64_t)s->sorted.nr - 1, found = -1;

	while (lo <= top) {
		int64_t mid = (lo + top) / 2;

		if (sorted[mid].lo < hi)
			found = mid, lo = mid + 1;
		else
			top = mid - 1;
	}
	return found;
}

/* A leaf is gone from the TLB once any adequate invalidation reached one of its addresses. */
static bool leaf_covered(struct ipf_smmu *s, const struct smmu_removal *r, bool ordered)
{
	const struct smmu_inval *sorted = s->sorted.p;
	uint64_t lo = r->iova, hi = r->iova + r->size;

	if (any_all_after(s, r, ordered))
		return true;
	for (int64_t k = last_below(s, hi); k >= 0 && s->prefix_hi[k] > lo; k--) {
		const struct smmu_inval *inv = &sorted[k];

		if ((inv->stride ? smmu_points_reach(inv, lo, hi) : inv->hi > lo) &&
		    strong_enough(s, inv, r, false) && (!ordered || inv->issue_seq > r->clear_seq))
			return true;
	}
	return false;
}

/* A by-address TLBI removes the entries holding its address: at least one granule. */
static uint64_t effective_hi(const struct ipf_smmu *s, const struct smmu_inval *inv)
{
	uint64_t g = 1ULL << s->ctx.granule_shift;

	return inv->point ? align_down64(inv->lo, g) + g : inv->hi;
}

/* How far from pos on inv removes everything (pos itself: it does not reach pos). */
static uint64_t covered_to(const struct ipf_smmu *s, const struct smmu_inval *inv, uint64_t pos)
{
	uint64_t g = 1ULL << s->ctx.granule_shift, p = align_down64(inv->lo, g);

	if (!inv->point)
		return inv->lo <= pos && pos < inv->hi ? inv->hi : pos;
	if (pos < p)
		return pos;
	if (inv->stride)
		p += (pos - p) / inv->stride * inv->stride;
	return p < inv->hi && pos < p + g ? p + g : pos;
}

/*
 * With a strided run among the candidates (points a stride apart, each
 * removing its own granule), coverage has gaps that other candidates may
 * fill: sweep all of them again while the covered prefix grows.
 */
static bool strided_sweep(const struct ipf_smmu *s, const struct smmu_inval *cand, uint32_t nr,
			  uint64_t lo, uint64_t hi)
{
	uint64_t pos = lo;
	bool moved = true;

	while (pos < hi && moved) {
		moved = false;
		for (uint32_t i = 0; i < nr; i++) {
			uint64_t to = covered_to(s, &cand[i], pos);

			moved |= to > pos;
			pos = to;
		}
	}
	return pos >= hi;
}

static bool span_covered(struct ipf_smmu *s, const struct smmu_removal *r, uint64_t lo,
			 uint64_t hi, bool ordered)
{
	const struct smmu_inval *sorted = s->sorted.p;
	const struct smmu_inval *cand;
	uint64_t pos = lo;
	bool any_strided = false;

	if (any_all_after(s, r, ordered))
		return true;
	s->scratch.nr = 0;
	for (int64_t k = last_below(s, hi); k >= 0 && s->prefix_hi[k] > lo; k--) {
		struct smmu_inval *slot;

		if (!strong_enough(s, &sorted[k], r, true) ||
		    (ordered && sorted[k].issue_seq <= r->clear_seq))
			continue;
		slot = smmu_vec_push(&s->scratch, sizeof(*slot));
		if (slot)
			*slot = sorted[k];
		any_strided |= sorted[k].stride != 0;
	}
	cand = s->scratch.p;
	if (any_strided)
		return strided_sweep(s, cand, s->scratch.nr, lo, hi);
	/* Candidates came in descending start order: sweep them ascending. */
	for (int64_t i = (int64_t)s->scratch.nr - 1; i >= 0 && pos < hi; i--) {
		uint64_t start = cand[i].point ? align_down64(cand[i].lo, 1ULL << s->ctx.granule_shift)
					       : cand[i].lo;

		if (start > pos)
			return false;
		if (effective_hi(s, &cand[i]) > pos)
			pos = effective_hi(s, &cand[i]);
	}
	return pos >= hi;
}

bool smmu_table_flushed(struct ipf_smmu *s, const struct smmu_removal *r, uint64_t lo, uint64_t hi)
{
	build_index(s);
	return span_covered(s, r, lo, hi, true);
}

static void check_coverage(struct ipf_smmu *s, const struct smmu_removal *r, bool lazy)
{
	if (r->table) {
		if (span_covered(s, r, r->iova, r->iova + r->size, true))
			return;
		smmu_report(s, span_covered(s, r, r->iova, r->iova + r->size, false)
			       ? IPF_EV_SMMU_FLUSH_BEFORE_CLEAR : IPF_EV_SMMU_WALK_FLUSH_MISSING,
			    r->iova, r->size);
		return;
	}
	if (lazy || leaf_covered(s, r, true))
		return;
	smmu_report(s, leaf_covered(s, r, false) ? IPF_EV_SMMU_FLUSH_BEFORE_CLEAR
						 : IPF_EV_SMMU_LEAF_FLUSH_MISSING,
		    r->iova, r->size);
}

/* The first entry of c overlapping [lo, hi) that was filled before seq, or NULL. */
static const struct smmu_centry *stale_entry(struct ipf_smmu *s, struct smmu_cache *c,
					     uint64_t lo, uint64_t hi, uint64_t seq)
{
	uint64_t probes = 0;

	for (int lvl = s->ctx.start_level; lvl < SMMU_MAX_LEVELS; lvl++)
		probes += (hi - lo - 1) / smmu_block_size(s, lvl) + 2;
	if (probes > c->fresh) {
		for (uint32_t i = 0; i < c->fresh; i++) {
			const struct smmu_centry *e = &c->e[i];

			if (e->valid && e->fill_seq < seq && e->va < hi &&
			    lo < e->va + smmu_block_size(s, e->level))
				return e;
		}
		return NULL;
	}
	for (int lvl = s->ctx.start_level; lvl < SMMU_MAX_LEVELS; lvl++) {
		uint64_t bs = smmu_block_size(s, lvl), va = align_down64(lo, bs);

		for (uint64_t n = (hi - 1 - va) / bs + 1; n--; va += bs) {
			const struct smmu_centry *e = smmu_cache_find(c, lvl, va);

			if (e && e->fill_seq < seq)
				return e;
		}
	}
	return NULL;
}

static void check_caches(struct ipf_smmu *s, const struct smmu_removal *r, bool lazy)
{
	const struct smmu_centry *e;

	if (!lazy || r->table) {
		e = stale_entry(s, &s->tlb, r->iova, r->iova + r->size, r->clear_seq);
		if (e)
			smmu_report(s, IPF_EV_SMMU_STALE_TLB, e->va, e->pa);
	}
	if (r->table) {
		e = stale_entry(s, &s->wc, r->iova, r->iova + r->size, r->clear_seq);
		if (e)
			smmu_report(s, IPF_EV_SMMU_STALE_WALK_CACHE, e->va, e->pa);
	}
}

/* A device access must see what the tables in memory say. */
static void probe(struct ipf_smmu *s, uint64_t iova)
{
	struct ipf_xlate mem = ipf_smmu_walk_memory(s, iova);
	struct ipf_xlate dev = ipf_smmu_dma(s, iova, false);

	if (dev.fault == IPF_FAULT_PERMISSION)
		dev.fault = IPF_FAULT_NONE;
	if ((mem.fault == IPF_FAULT_NONE) != (dev.fault == IPF_FAULT_NONE) ||
	    (!mem.fault && mem.pa != dev.pa))
		smmu_report(s, IPF_EV_SMMU_STALE_DMA, iova, dev.fault ? 0 : dev.pa);
}

void ipf_smmu_op_begin(struct ipf_smmu *s, uint32_t op_index)
{
	(void)op_index;
	s->removed.nr = 0;
	s->applied.nr = 0;
	s->sorted.nr = 0;
	s->changed.nr = 0;
	s->indexed = 0;
	s->any_all = false;
	s->op_start_seq = s->seq;
}

void ipf_smmu_op_end(struct ipf_smmu *s, bool lazy)
{
	const struct smmu_removal *removed = s->removed.p;
	uint32_t probes = 0;

	if (!s->attached)
		return;
	build_index(s);
	for (uint32_t i = 0; i < s->removed.nr; i++) {
		check_coverage(s, &removed[i], lazy);
		check_caches(s, &removed[i], lazy);
	}
	for (uint32_t i = 0; i < s->removed.nr && probes < PROBES_PER_OP; i++) {
		uint64_t g = 1ULL << s->ctx.granule_shift;

		if (lazy && !removed[i].table)
			continue;
		probe(s, removed[i].iova);
		probe(s, removed[i].iova + removed[i].size - g);
		probes += 2;
	}
}
