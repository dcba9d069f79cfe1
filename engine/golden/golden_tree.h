// SPDX-License-Identifier: GPL-2.0-only
/*
 * The golden model's node index: an ordered set of nodes keyed by a 64-bit
 * key. Nodes live in a fixed pool and keep their index for life; the order
 * is kept in chunks of sorted keys, the chunks in key order (a B+-tree of
 * two levels): finding, inserting and erasing a run cost a binary search and
 * a short move, and consecutive keys, as a map or an unmap visits them, share
 * a chunk. Deterministic: the layout is a function of the operations alone.
 * Private to engine/golden.
 */
#ifndef IOPGFUZZ_GOLDEN_TREE_H
#define IOPGFUZZ_GOLDEN_TREE_H

#include <stdbool.h>
#include <stdint.h>

#define GTREE_NIL UINT32_MAX
#define GTREE_CHUNK 64        /* keys per chunk */

struct gnode {
	uint64_t key;
	uint64_t pa;
	uint32_t next_free;   /* links the pool's free list */
	uint8_t kind;         /* enum golden_kind; 0: free */
	int32_t prot;
};

struct gchunk {
	uint32_t nr;
	uint32_t id[GTREE_CHUNK];   /* node of each key */
	uint64_t key[GTREE_CHUNK];  /* ascending */
};

struct gtree {
	struct gnode *node;
	uint32_t cap;
	uint32_t used;        /* pool slots ever handed out since the last clear */
	uint32_t free;        /* freed slots, linked through next_free */
	struct gchunk *chunk; /* chunk pool: room for every node at half a chunk each */
	uint32_t chunk_cap, chunk_fresh;
	uint32_t *spare;      /* chunks given back, to hand out again */
	uint32_t nr_spare;
	uint32_t *order;      /* the chunks in key order */
	uint64_t *first;      /* the first key of each, in the same order */
	uint32_t nr_chunks;
	uint32_t finger;      /* the chunk the last insert or erasure ended in (a guess) */
	uint64_t nr_nodes, nr_tables, nr_leaves;
};

int gtree_init(struct gtree *t, uint32_t cap);
void gtree_destroy(struct gtree *t);
void gtree_clear(struct gtree *t);
/* Nodes that can still be inserted. */
uint64_t gtree_room(const struct gtree *t);

uint32_t gtree_find(const struct gtree *t, uint64_t key);
/* key must not be present; GTREE_NIL when the pool is full. */
uint32_t gtree_insert(struct gtree *t, uint64_t key, uint8_t kind, uint64_t pa, int32_t prot);
/* Remove every node with klo <= key < khi. */
void gtree_erase_range(struct gtree *t, uint64_t klo, uint64_t khi);
void gtree_set_kind(struct gtree *t, uint32_t n, uint8_t kind, uint64_t pa, int32_t prot);

static inline const struct gnode *gtree_node(const struct gtree *t, uint32_t n)
{
	return &t->node[n];
}

/* Is n a node of the tree now, with this key? (A released node has kind 0.) */
static inline bool gtree_holds(const struct gtree *t, uint32_t n, uint64_t key)
{
	return n < t->used && t->node[n].kind && t->node[n].key == key;
}

/* Every node with klo <= key < khi, in key order; fn returns non-zero to stop. */
int gtree_walk(const struct gtree *t, uint64_t klo, uint64_t khi,
	       int (*fn)(void *arg, const struct gnode *n), void *arg);
/* Keys in order, chunks and their first keys consistent, node count right. */
bool gtree_check(const struct gtree *t);

#endif
