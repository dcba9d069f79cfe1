// SPDX-License-Identifier: GPL-2.0-only
/*
 * A hash-indexed cache of (level, va) -> entry, used both as the IOTLB and
 * as the walk cache. Replacement is deterministic: sticky (a full cache
 * takes no new entries) or round robin. Entries are handed out from a
 * high-water mark, so forgetting everything is O(1): the fuzz loop resets
 * the caches for every input.
 */
#include <stdlib.h>
#include <string.h>

#include "smmu_internal.h"

static uint32_t hash(const struct smmu_cache *c, int level, uint64_t va)
{
	uint64_t h = (va >> 12) * 0x9e3779b97f4a7c15ULL + (uint64_t)level * 0xbf58476d1ce4e5b9ULL;

	return (uint32_t)(h >> 32) & (c->nbuckets - 1);
}

/* A bucket written in an earlier generation is empty. */
static int32_t *head(struct smmu_cache *c, uint32_t b)
{
	if (c->bgen[b] != c->gen) {
		c->bgen[b] = c->gen;
		c->bucket[b] = -1;
	}
	return &c->bucket[b];
}

int smmu_cache_resize(struct smmu_cache *c, uint32_t cap, enum ipf_cache_policy policy)
{
	uint32_t nb = 1;

	cap = cap ? cap : 1;
	c->policy = policy;
	if (cap > c->alloc) {
		struct smmu_centry *e = realloc(c->e, cap * sizeof(*e));

		if (!e)
			return -1;
		c->e = e;
		c->alloc = cap;
	}
	while (nb < 2 * cap)
		nb *= 2;
	if (nb > c->nbuckets_alloc) {
		int32_t *b = realloc(c->bucket, nb * sizeof(*b));
		uint32_t *g;

		if (!b)
			return -1;
		c->bucket = b;
		g = realloc(c->bgen, nb * sizeof(*g));
		if (!g)
			return -1;
		c->bgen = g;
		memset(c->bgen, 0, nb * sizeof(*g));
		c->nbuckets_alloc = nb;
		c->gen = 0;
	}
	c->cap = cap;
	c->nbuckets = nb;
	smmu_cache_reset(c);
	return 0;
}

void smmu_cache_free(struct smmu_cache *c)
{
	free(c->e);
	free(c->bucket);
	free(c->bgen);
	memset(c, 0, sizeof(*c));
}

void smmu_cache_reset(struct smmu_cache *c)
{
	if (++c->gen == 0) {
		memset(c->bgen, 0, c->nbuckets_alloc * sizeof(*c->bgen));
		c->gen = 1;
	}
	c->fresh = 0;
	c->free_head = -1;
	c->used = 0;
	c->rr = 0;
}

struct smmu_centry *smmu_cache_find(struct smmu_cache *c, int level, uint64_t va)
{
	for (int32_t i = *head(c, hash(c, level, va)); i >= 0; i = c->e[i].next)
		if (c->e[i].level == level && c->e[i].va == va)
			return &c->e[i];
	return NULL;
}

void smmu_cache_remove(struct smmu_cache *c, struct smmu_centry *e)
{
	int32_t idx = (int32_t)(e - c->e);
	int32_t *link = head(c, hash(c, e->level, e->va));

	while (*link != idx)
		link = &c->e[*link].next;
	*link = e->next;
	e->valid = false;
	e->next = c->free_head;
	c->free_head = idx;
	c->used--;
}

/* A free slot: a recycled one, a fresh one, or (round robin) the next victim. */
static int32_t take_slot(struct smmu_cache *c)
{
	int32_t idx = c->free_head;

	if (idx >= 0) {
		c->free_head = c->e[idx].next;
		return idx;
	}
	if (c->fresh < c->cap)
		return (int32_t)c->fresh++;
	if (c->policy == IPF_CACHE_STICKY)
		return -1;
	smmu_cache_remove(c, &c->e[c->rr]);
	c->rr = (c->rr + 1) % c->cap;
	return take_slot(c);
}

bool smmu_cache_insert(struct smmu_cache *c, const struct smmu_centry *entry)
{
	struct smmu_centry *e = smmu_cache_find(c, entry->level, entry->va);
	int32_t idx, *h;

	if (e) {
		int32_t next = e->next;

		*e = *entry;
		e->next = next;
		e->valid = true;
		return true;
	}
	idx = take_slot(c);
	if (idx < 0)
		return false;
	e = &c->e[idx];
	*e = *entry;
	e->valid = true;
	h = head(c, hash(c, e->level, e->va));
	e->next = *h;
	*h = idx;
	c->used++;
	return true;
}
