// SPDX-License-Identifier: MIT
/*
 * A set-associative-free, hash-indexed cache of (level, va) -> entry, used
 * both as the IOTLB and as the walk cache. Replacement is deterministic:
 * sticky (a full cache takes no new entries) or round robin.
 */
#include <stdlib.h>
#include <string.h>

#include "smmu_internal.h"

static uint32_t hash(const struct smmu_cache *c, int level, uint64_t va)
{
	uint64_t h = (va >> 12) * 0x9e3779b97f4a7c15ULL + (uint64_t)level * 0xbf58476d1ce4e5b9ULL;

	return (uint32_t)(h >> 32) & (c->nbuckets - 1);
}

int smmu_cache_init(struct smmu_cache *c, uint32_t cap, enum ipf_cache_policy policy)
{
	memset(c, 0, sizeof(*c));
	c->cap = cap ? cap : 1;
	c->nbuckets = 1;
	while (c->nbuckets < 2 * c->cap)
		c->nbuckets *= 2;
	c->e = calloc(c->cap, sizeof(*c->e));
	c->bucket = malloc(c->nbuckets * sizeof(*c->bucket));
	c->policy = policy;
	if (!c->e || !c->bucket) {
		smmu_cache_free(c);
		return -1;
	}
	smmu_cache_reset(c);
	return 0;
}

void smmu_cache_free(struct smmu_cache *c)
{
	free(c->e);
	free(c->bucket);
	memset(c, 0, sizeof(*c));
}

void smmu_cache_reset(struct smmu_cache *c)
{
	for (uint32_t i = 0; i < c->nbuckets; i++)
		c->bucket[i] = -1;
	for (uint32_t i = 0; i < c->cap; i++) {
		c->e[i].valid = false;
		c->e[i].next = i + 1 < c->cap ? (int32_t)(i + 1) : -1;
	}
	c->free_head = 0;
	c->used = 0;
	c->rr = 0;
}

struct smmu_centry *smmu_cache_find(struct smmu_cache *c, int level, uint64_t va)
{
	for (int32_t i = c->bucket[hash(c, level, va)]; i >= 0; i = c->e[i].next)
		if (c->e[i].level == level && c->e[i].va == va)
			return &c->e[i];
	return NULL;
}

void smmu_cache_remove(struct smmu_cache *c, struct smmu_centry *e)
{
	int32_t idx = (int32_t)(e - c->e);
	int32_t *link = &c->bucket[hash(c, e->level, e->va)];

	while (*link != idx)
		link = &c->e[*link].next;
	*link = e->next;
	e->valid = false;
	e->next = c->free_head;
	c->free_head = idx;
	c->used--;
}

bool smmu_cache_insert(struct smmu_cache *c, const struct smmu_centry *entry)
{
	struct smmu_centry *e = smmu_cache_find(c, entry->level, entry->va);
	uint32_t b;
	int32_t idx;

	if (e) {
		int32_t next = e->next;

		*e = *entry;
		e->next = next;
		e->valid = true;
		return true;
	}
	if (c->free_head < 0) {
		if (c->policy == IPF_CACHE_STICKY)
			return false;
		smmu_cache_remove(c, &c->e[c->rr]);
		c->rr = (c->rr + 1) % c->cap;
	}
	idx = c->free_head;
	e = &c->e[idx];
	c->free_head = e->next;
	*e = *entry;
	e->valid = true;
	b = hash(c, e->level, e->va);
	e->next = c->bucket[b];
	c->bucket[b] = idx;
	c->used++;
	return true;
}
