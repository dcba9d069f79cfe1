// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flush order: for a request both engines carried out, the reference
 * (v5.12's per-page __iommu_map()/__iommu_unmap(), drivers/iommu/iommu.c)
 * and the optimised engine (v5.15's *_pages) issue the same tlb_flush_walk,
 * tlb_add_page, tlb_flush_all and iotlb_sync calls, with the same
 * arguments, in the same order: the *_pages path batches the walk, not the
 * invalidations. flushes.c only asks that the optimised engine invalidate
 * at least what the reference did; this is the stronger check, made when
 * that one passed, for the model's two engines (a kernel tree's code is
 * held to coverage only: its flush order is its own). A lazy unmap's calls
 * differ by design: known.c's lazy-flush-order rule, counted when it excuses.
 * From v6.12 (85b715a33458) unmap_pages invalidates a run's tables before
 * its leaves, so an unmap's calls must be the same calls in any order
 * (known.c's batched-flush-order, counted when the order alone differs).
 */
#include <stdio.h>
#include <stdlib.h>

#include "runner_internal.h"

void flush_seq_reset(struct flush_seq *s)
{
	s->nr = 0;
	s->lost = false;
}

void flush_seq_free(struct flush_seq *s)
{
	free(s->v);
}

void flush_seq_record(struct flush_seq *s, const struct ipf_trace *t)
{
	void *room;

	if (t->kind != IPF_TR_FLUSH_WALK && t->kind != IPF_TR_ADD_PAGE &&
	    t->kind != IPF_TR_FLUSH_ALL && t->kind != IPF_TR_IOTLB_SYNC)
		return;
	room = vec_room(s->v, s->nr, &s->cap, sizeof(*s->v));
	if (!room) {
		s->lost = true;
		return;
	}
	s->v = room;
	s->v[s->nr++] = (struct flush_rec){
		.kind = t->kind, .iova = t->iova, .pgsize = t->pgsize,
		.len = t->kind == IPF_TR_IOTLB_SYNC ? t->end : t->size,
	};
}

static bool same_rec(const struct flush_rec *a, const struct flush_rec *b)
{
	return a->kind == b->kind && a->iova == b->iova && a->len == b->len &&
	       a->pgsize == b->pgsize;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct flush_rec *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->iova != y->iova)
		return x->iova < y->iova ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pgsize < y->pgsize ? -1 : x->pgsize > y->pgsize;
}

/* The first call at which the two sequences differ; ref->nr == opt->nr == it when none. */
static uint32_t first_difference(const struct flush_seq *ref, const struct flush_seq *opt)
{
	uint32_t k;

	for (k = 0; k < ref->nr && k < opt->nr; k++)
		if (!same_rec(&ref->v[k], &opt->v[k]))
			break;
	return k;
}

/* Both sequences in one order, in place: what is left to compare is the calls, not their order. */
static void sort_calls(struct flush_seq *a, struct flush_seq *b)
{
	qsort(a->v, a->nr, sizeof(*a->v), rec_cmp);
	qsort(b->v, b->nr, sizeof(*b->v), rec_cmp);
}

bool check_flush_order(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
		       struct ipf_verdict *v)
{
	enum ipf_known_rule rule;
	const struct flush_seq *ref = &r->part[0].seq, *opt = &r->part[1].seq;
	bool sorted = false;
	uint32_t k;

	if (r->part[0].engine != IPF_ENGINE_REF || r->part[1].engine != IPF_ENGINE_OPT ||
	    ref->lost || opt->lost)
		return false;
	k = first_difference(ref, opt);
	if (k == ref->nr && k == opt->nr)
		return false;
	rule = ipf_known_flush_order(op, r->p->cfg.domain.non_strict, r->p->cfg.domain.profile);
	if (rule == IPF_KNOWN_BATCHED_FLUSH_ORDER) {
		sort_calls(&r->part[0].seq, &r->part[1].seq);
		sorted = true;
		k = first_difference(ref, opt);
		if (k != ref->nr || k != opt->nr)
			rule = IPF_KNOWN_NONE;
	}
	if (rule) {
		r->stats.known.n[rule]++;
		return false;
	}
	*v = (struct ipf_verdict){
		.kind = IPF_VERDICT_FINDING, .check = IPF_CHECK_FLUSH, .engine = IPF_ENGINE_OPT,
		.slot = IPF_ENGINE_OPT, .op_index = i,
		.iova = k < opt->nr ? opt->v[k].iova : ref->v[k].iova,
		.ref_value = k < ref->nr ? ref->v[k].kind : IPF_TR_NR,
		.opt_value = k < opt->nr ? opt->v[k].kind : IPF_TR_NR,
	};
	snprintf(v->detail, sizeof(v->detail),
		 "the engines' flush %s differ at call %u (%u and %u calls): %s and %s",
		 sorted ? "calls, in any order," : "sequences", k, ref->nr, opt->nr, k < ref->nr ? ipf_trace_kind_name(ref->v[k].kind) : "none",
		 k < opt->nr ? ipf_trace_kind_name(opt->v[k].kind) : "none");
	return true;
}
