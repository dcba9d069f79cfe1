// SPDX-License-Identifier: GPL-2.0-only
/*
 * The golden model's node index: an ordered set of nodes keyed by a 64-bit
 * key, in a fixed pool (a treap whose priorities hash the key, so its shape
 * is a function of the keys alone: deterministic). Private to engine/golden.
 */
#ifndef IOPGFUZZ_GOLDEN_TREE_H
#define IOPGFUZZ_GOLDEN_TREE_H

#include <stdbool.h>
#include <stdint.h>

#define GTREE_NIL UINT32_MAX

struct gnode {
	uint64_t key;
	uint64_t pa;
	uint32_t left, right; /* left also links the free list */
	uint32_t prio;
	uint8_t kind;         /* enum golden_kind */
	int32_t prot;
};

struct gtree {
	struct gnode *node;
	uint32_t cap;
	uint32_t used;        /* pool slots ever handed out since the last clear */
	uint32_t free;        /* freed slots, linked through left */
	uint32_t root;
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
/* Keys in order, priorities a heap, node count right. */
bool gtree_check(const struct gtree *t);

#endif
