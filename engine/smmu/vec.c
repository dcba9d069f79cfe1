// SPDX-License-Identifier: GPL-2.0-only
/* A growable array for the SMMU's records. */
#include <stdlib.h>
#include <string.h>

#include "smmu_internal.h"

static int vec_reserve(struct smmu_vec *v, size_t elem, uint32_t want)
{
	uint32_t cap = v->cap ? v->cap : 64;
	void *p;

	if (want <= v->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	p = realloc(v->p, (size_t)cap * elem);
	if (!p)
		return -1;
	memset((char *)p + (size_t)v->cap * elem, 0, (size_t)(cap - v->cap) * elem);
	v->p = p;
	v->cap = cap;
	return 0;
}

void *smmu_vec_push(struct smmu_vec *v, size_t elem)
{
	void *slot;

	if (vec_reserve(v, elem, v->nr + 1))
		return NULL;
	slot = (char *)v->p + (size_t)v->nr++ * elem;
	memset(slot, 0, elem);
	return slot;
}

void *smmu_vec_at_grow(struct smmu_vec *v, size_t elem, uint32_t idx)
{
	if (vec_reserve(v, elem, idx + 1))
		return NULL;
	if (v->nr <= idx)
		v->nr = idx + 1;
	return (char *)v->p + (size_t)idx * elem;
}

void smmu_vec_free(struct smmu_vec *v)
{
	free(v->p);
	memset(v, 0, sizeof(*v));
}
