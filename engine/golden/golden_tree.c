// SPDX-License-Identifier: GPL-2.0-only
/*
 * An ordered set in a fixed pool: nodes by index, their keys in sorted
 * chunks, the chunks in key order with their first keys beside them. A key
 * is found by a binary search over the first keys, then one in its chunk. A
 * full chunk splits where the new key goes (keys inserted in ascending
 * order, anywhere in the set, then fill chunks whole). Erasing a key
 * range empties whole chunks in one pass. When the chunk pool runs out
 * (chunks thinned by erasures, or split short), every key is packed into
 * full chunks again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "golden_tree.h"
#include "iopgfuzz/golden.h"

int gtree_init(struct gtree *t, uint32_t cap)
{
	if (!cap || cap == GTREE_NIL)
		return -EINVAL;
	*t = (struct gtree){ .cap = cap, .chunk_cap = 2 * (cap / GTREE_CHUNK) + 2 };
	t->node = malloc((size_t)cap * sizeof(*t->node));
	t->chunk = malloc((size_t)t->chunk_cap * sizeof(*t->chunk));
	t->spare = malloc((size_t)t->chunk_cap * sizeof(*t->spare));
	t->order = malloc((size_t)t->chunk_cap * sizeof(*t->order));
	t->first = malloc((size_t)t->chunk_cap * sizeof(*t->first));
	if (!t->node || !t->chunk || !t->spare || !t->order || !t->first) {
		gtree_destroy(t);
		return -ENOMEM;
	}
	gtree_clear(t);
	return 0;
}

void gtree_destroy(struct gtree *t)
{
	free(t->node);
	free(t->chunk);
	free(t->spare);
	free(t->order);
	free(t->first);
	*t = (struct gtree){ 0 };
}

void gtree_clear(struct gtree *t)
{
	t->used = 0;
	t->free = GTREE_NIL;
	t->chunk_fresh = 0;
	t->nr_spare = 0;
	t->nr_chunks = 0;
	t->finger = 0;
	t->nr_nodes = t->nr_tables = t->nr_leaves = 0;
}

uint64_t gtree_room(const struct gtree *t)
{
	return t->cap - t->nr_nodes;
}

static void count(struct gtree *t, uint8_t kind, int delta)
{
	t->nr_nodes += (uint64_t)(int64_t)delta;
	if (kind == GOLDEN_TABLE)
		t->nr_tables += (uint64_t)(int64_t)delta;
	else
		t->nr_leaves += (uint64_t)(int64_t)delta;
}

static struct gchunk *chunk_at(const struct gtree *t, uint32_t ci)
{
	return &t->chunk[t->order[ci]];
}

/* The last chunk whose first key is at most key (the first chunk if none is). */
static uint32_t chunk_of(const struct gtree *t, uint64_t key)
{
	uint32_t lo = 0, hi = t->nr_chunks, f = t->finger;

	/* A run of pages mostly stays in the chunk the last change was in. */
	if (f < hi && t->first[f] <= key && (f + 1 == hi || key < t->first[f + 1]))
		return f;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->first[mid] <= key)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first position in c whose key is at least key. */
static uint32_t pos_in(const struct gchunk *c, uint64_t key)
{
	uint32_t lo = 0, hi = c->nr;

	if (!hi || c->key[hi - 1] < key)
		return hi; /* past the chunk: where ascending inserts go */

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint32_t gtree_find(const struct gtree *t, uint64_t key)
{
	const struct gchunk *c;
	uint32_t p;

	if (!t->nr_chunks)
		return GTREE_NIL;
	c = chunk_at(t, chunk_of(t, key));
	p = pos_in(c, key);
	return p < c->nr && c->key[p] == key ? c->id[p] : GTREE_NIL;
}

static uint32_t node_alloc(struct gtree *t)
{
	uint32_t i = t->free;

	if (i != GTREE_NIL) {
		t->free = t->node[i].next_free;
		return i;
	}
	return t->used < t->cap ? t->used++ : GTREE_NIL;
}

static void release(struct gtree *t, uint32_t i)
{
	count(t, t->node[i].kind, -1);
	t->node[i].kind = 0;
	t->node[i].next_free = t->free;
	t->free = i;
}

/* Every key into full chunks, in order, the chunk pool started again. */
static int compact(struct gtree *t)
{
	uint64_t *key = malloc(t->nr_nodes * sizeof(*key) + 1);
	uint32_t *id = malloc(t->nr_nodes * sizeof(*id) + 1);
	uint32_t n = 0;

	if (!key || !id) {
		free(key);
		free(id);
		return -ENOMEM;
	}
	for (uint32_t ci = 0; ci < t->nr_chunks; ci++) {
		const struct gchunk *c = chunk_at(t, ci);

		memcpy(key + n, c->key, c->nr * sizeof(*key));
		memcpy(id + n, c->id, c->nr * sizeof(*id));
		n += c->nr;
	}
	t->nr_chunks = t->chunk_fresh = t->nr_spare = 0;
	for (uint32_t k = 0; k < n; k += GTREE_CHUNK) {
		struct gchunk *c = &t->chunk[t->chunk_fresh];

		c->nr = n - k < GTREE_CHUNK ? n - k : GTREE_CHUNK;
		memcpy(c->key, key + k, c->nr * sizeof(*key));
		memcpy(c->id, id + k, c->nr * sizeof(*id));
		t->order[t->nr_chunks] = t->chunk_fresh++;
		t->first[t->nr_chunks++] = c->key[0];
	}
	free(key);
	free(id);
	return 0;
}

static uint32_t chunk_alloc(struct gtree *t)
{
	if (t->nr_spare)
		return t->spare[--t->nr_spare];
	return t->chunk_fresh < t->chunk_cap ? t->chunk_fresh++ : GTREE_NIL;
}

/* A new, empty chunk at position ci of the order. */
static struct gchunk *chunk_insert(struct gtree *t, uint32_t ci, uint64_t first)
{
	uint32_t ch = chunk_alloc(t);

	memmove(t->order + ci + 1, t->order + ci, (t->nr_chunks - ci) * sizeof(*t->order));
	memmove(t->first + ci + 1, t->first + ci, (t->nr_chunks - ci) * sizeof(*t->first));
	t->order[ci] = ch;
	t->first[ci] = first;
	t->nr_chunks++;
	t->chunk[ch].nr = 0;
	return &t->chunk[ch];
}

uint32_t gtree_insert(struct gtree *t, uint64_t key, uint8_t kind, uint64_t pa, int32_t prot)
{
	struct gchunk *c;
	uint32_t i, ci, p;

	/* A split needs a chunk: make sure there is one before looking. */
	if (!t->nr_spare && t->chunk_fresh == t->chunk_cap && compact(t))
		return GTREE_NIL;
	i = node_alloc(t);
	if (i == GTREE_NIL)
		return GTREE_NIL;
	t->node[i] = (struct gnode){ .key = key, .pa = pa, .next_free = GTREE_NIL, .kind = kind,
				     .prot = prot };
	count(t, kind, 1);
	if (!t->nr_chunks)
		chunk_insert(t, 0, key);
	ci = chunk_of(t, key);
	c = chunk_at(t, ci);
	p = pos_in(c, key);
	if (c->nr == GTREE_CHUNK) {
		/*
		 * Split where the key goes: what follows it moves to a new chunk, and
		 * the keys after it (a map or a split adds them in ascending order)
		 * are appended with nothing to move. Past the chunk's end, the new
		 * chunk starts with the key.
		 */
		struct gchunk *next = chunk_insert(t, ci + 1, p < GTREE_CHUNK ? c->key[p] : key);

		next->nr = GTREE_CHUNK - p;
		memcpy(next->key, c->key + p, next->nr * sizeof(*c->key));
		memcpy(next->id, c->id + p, next->nr * sizeof(*c->id));
		c->nr = p;
		if (p == GTREE_CHUNK) {
			c = next;
			p = 0;
			ci++;
		}
	}
	memmove(c->key + p + 1, c->key + p, (c->nr - p) * sizeof(*c->key));
	memmove(c->id + p + 1, c->id + p, (c->nr - p) * sizeof(*c->id));
	c->key[p] = key;
	c->id[p] = i;
	c->nr++;
	if (!p)
		t->first[ci] = key;
	t->finger = ci;
	return i;
}

void gtree_erase_range(struct gtree *t, uint64_t klo, uint64_t khi)
{
	uint32_t ci, w;

	if (!t->nr_chunks || klo >= khi)
		return;
	ci = chunk_of(t, klo);
	for (w = ci; ci < t->nr_chunks; ci++) {
		struct gchunk *c = chunk_at(t, ci);
		uint32_t p = pos_in(c, klo), e = pos_in(c, khi), nr = c->nr;
		bool last = e < nr;

		for (uint32_t k = p; k < e; k++)
			release(t, c->id[k]);
		memmove(c->key + p, c->key + e, (nr - e) * sizeof(*c->key));
		memmove(c->id + p, c->id + e, (nr - e) * sizeof(*c->id));
		c->nr = nr - (e - p);
		if (c->nr) {
			t->order[w] = t->order[ci];
			t->first[w++] = c->key[0];
		} else {
			t->spare[t->nr_spare++] = t->order[ci];
		}
		if (last) {
			ci++;
			break;
		}
	}
	/* The chunks after the range close up behind the ones kept (if one went). */
	if (w < ci) {
		memmove(t->order + w, t->order + ci, (t->nr_chunks - ci) * sizeof(*t->order));
		memmove(t->first + w, t->first + ci, (t->nr_chunks - ci) * sizeof(*t->first));
		t->nr_chunks -= ci - w;
	}
	t->finger = w ? w - 1 : 0;
}

void gtree_set_kind(struct gtree *t, uint32_t i, uint8_t kind, uint64_t pa, int32_t prot)
{
	count(t, t->node[i].kind, -1);
	count(t, kind, 1);
	t->node[i].kind = kind;
	t->node[i].pa = pa;
	t->node[i].prot = prot;
}

int gtree_walk(const struct gtree *t, uint64_t klo, uint64_t khi,
	       int (*fn)(void *arg, const struct gnode *n), void *arg)
{
	uint32_t ci, p;

	if (!t->nr_chunks || klo >= khi)
		return 0;
	ci = chunk_of(t, klo);
	for (p = pos_in(chunk_at(t, ci), klo); ci < t->nr_chunks; ci++, p = 0) {
		const struct gchunk *c = chunk_at(t, ci);

		for (; p < c->nr; p++) {
			int ret;

			if (c->key[p] >= khi)
				return 0;
			ret = fn(arg, &t->node[c->id[p]]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

bool gtree_check(const struct gtree *t)
{
	uint64_t nr = 0, prev = 0;

	for (uint32_t ci = 0; ci < t->nr_chunks; ci++) {
		const struct gchunk *c = chunk_at(t, ci);

		if (t->order[ci] >= t->chunk_fresh || !c->nr || c->nr > GTREE_CHUNK ||
		    t->first[ci] != c->key[0])
			return false;
		for (uint32_t p = 0; p < c->nr; p++, nr++) {
			const struct gnode *n = &t->node[c->id[p]];

			if ((nr && c->key[p] <= prev) || c->id[p] >= t->used || n->key != c->key[p] ||
			    (n->kind != GOLDEN_TABLE && n->kind != GOLDEN_LEAF))
				return false;
			prev = c->key[p];
		}
	}
	return nr == t->nr_nodes && t->nr_nodes <= t->cap &&
	       t->nr_tables + t->nr_leaves == t->nr_nodes;
}
