// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flush sets, normalised: what an engine invalidated during
 * one operation, as merged address intervals. The optimised engine must
 * invalidate at least what the reference did, with walk invalidation where
 * the reference needed it; what it invalidates beyond is measured only.
 */
#include <stdlib.h>

#include "runner_internal.h"

int interval_push(struct interval_vec *v, uint64_t lo, uint64_t hi)
{
	void *room = vec_room(v->v, v->nr, &v->cap, sizeof(*v->v));

	if (!room)
		return -1;
	v->v = room;
	v->v[v->nr++] = (struct interval){ lo, hi };
	return 0;
}

void flushes_reset(struct flushes *f)
{
	f->leaf.nr = f->walk.nr = 0;
	f->all = false;
}

void flushes_free(struct flushes *f)
{
	free(f->leaf.v);
	free(f->walk.v);
}

void flushes_record(struct flushes *f, const struct ipf_trace *t)
{
	switch (t->kind) {
	case IPF_TR_ADD_PAGE:
		interval_push(&f->leaf, t->iova, t->iova + t->size);
		break;
	case IPF_TR_FLUSH_WALK:
		interval_push(&f->walk, t->iova, t->iova + t->size);
		break;
	case IPF_TR_FLUSH_ALL:
		f->all = true;
		break;
	default:
		break;
	}
}

static int by_lo(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge touching intervals in place. */
static void normalise(struct interval_vec *v)
{
	uint32_t out = 0;

	if (!v->nr)
		return;
	qsort(v->v, v->nr, sizeof(*v->v), by_lo);
	for (uint32_t i = 1; i < v->nr; i++) {
		if (v->v[i].lo <= v->v[out].hi) {
			if (v->v[i].hi > v->v[out].hi)
				v->v[out].hi = v->v[i].hi;
		} else {
			v->v[++out] = v->v[i];
		}
	}
	v->nr = out + 1;
}

/* First point of a not covered by b (both normalised), or UINT64_MAX. */
static uint64_t first_uncovered(const struct interval_vec *a, const struct interval_vec *b)
{
	uint32_t j = 0;

	for (uint32_t i = 0; i < a->nr; i++) {
		uint64_t pos = a->v[i].lo;

		while (pos < a->v[i].hi) {
			while (j < b->nr && b->v[j].hi <= pos)
				j++;
			if (j == b->nr || b->v[j].lo > pos)
				return pos;
			pos = b->v[j].hi;
		}
	}
	return UINT64_MAX;
}

static uint64_t bytes(const struct interval_vec *v)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < v->nr; i++)
		n += v->v[i].hi - v->v[i].lo;
	return n;
}

/* Leaves covered by leaf or walk invalidation: fold walks into the leaf set. */
static void fold_walks(struct flushes *f)
{
	for (uint32_t i = 0; i < f->walk.nr; i++)
		interval_push(&f->leaf, f->walk.v[i].lo, f->walk.v[i].hi);
	normalise(&f->leaf);
	normalise(&f->walk);
}

uint64_t flushes_missing(struct flushes *ref, struct flushes *opt, uint64_t *over)
{
	uint64_t miss;

	if (opt->all)
		return UINT64_MAX;
	fold_walks(ref);
	fold_walks(opt);
	if (ref->all)
		return 0;
	miss = first_uncovered(&ref->walk, &opt->walk);
	if (miss == UINT64_MAX)
		miss = first_uncovered(&ref->leaf, &opt->leaf);
	if (bytes(&opt->leaf) > bytes(&ref->leaf))
		*over += bytes(&opt->leaf) - bytes(&ref->leaf);
	return miss;
}
