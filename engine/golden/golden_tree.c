// SPDX-License-Identifier: GPL-2.0-only
/*
 * An ordered set in a fixed pool: a treap. Each node is a binary search tree
 * node by key and a max-heap node by priority; the priority is a hash of the
 * key, so the tree is balanced in expectation and the same keys always give
 * the same shape. Every operation is split/merge.
 */
#include <errno.h>
#include <stdlib.h>

#include "golden_tree.h"
#include "iopgfuzz/golden.h"

static uint32_t key_prio(uint64_t key)
{
	uint64_t z = key + 0x9e3779b97f4a7c15ULL; /* splitmix64's finaliser */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31));
}

int gtree_init(struct gtree *t, uint32_t cap)
{
	if (!cap || cap == GTREE_NIL)
		return -EINVAL;
	t->node = malloc((size_t)cap * sizeof(*t->node));
	if (!t->node)
		return -ENOMEM;
	t->cap = cap;
	gtree_clear(t);
	return 0;
}

void gtree_destroy(struct gtree *t)
{
	free(t->node);
	t->node = NULL;
}

void gtree_clear(struct gtree *t)
{
	t->used = 0;
	t->free = GTREE_NIL;
	t->root = GTREE_NIL;
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

/* Split tree i into the keys below key (*lo) and the others (*hi). */
static void split(struct gtree *t, uint32_t i, uint64_t key, uint32_t *lo, uint32_t *hi)
{
	struct gnode *n;

	if (i == GTREE_NIL) {
		*lo = *hi = GTREE_NIL;
		return;
	}
	n = &t->node[i];
	if (n->key < key) {
		split(t, n->right, key, &n->right, hi);
		*lo = i;
	} else {
		split(t, n->left, key, lo, &n->left);
		*hi = i;
	}
}

/* Join two trees, every key of lo below every key of hi. */
static uint32_t merge(struct gtree *t, uint32_t lo, uint32_t hi)
{
	if (lo == GTREE_NIL)
		return hi;
	if (hi == GTREE_NIL)
		return lo;
	if (t->node[lo].prio > t->node[hi].prio) {
		t->node[lo].right = merge(t, t->node[lo].right, hi);
		return lo;
	}
	t->node[hi].left = merge(t, lo, t->node[hi].left);
	return hi;
}

uint32_t gtree_find(const struct gtree *t, uint64_t key)
{
	uint32_t i = t->root;

	while (i != GTREE_NIL && t->node[i].key != key)
		i = key < t->node[i].key ? t->node[i].left : t->node[i].right;
	return i;
}

static uint32_t node_alloc(struct gtree *t)
{
	uint32_t i = t->free;

	if (i != GTREE_NIL) {
		t->free = t->node[i].left;
		return i;
	}
	return t->used < t->cap ? t->used++ : GTREE_NIL;
}

/*
 * Put node n into the subtree at i: down to where its priority belongs, then
 * the subtree there split around its key. The shape is the one split and
 * merge of the whole tree would give (a treap's shape is a function of its
 * keys and priorities), at the cost of one path.
 */
static uint32_t insert_at(struct gtree *t, uint32_t i, uint32_t n)
{
	struct gnode *x = &t->node[n];

	if (i == GTREE_NIL)
		return n;
	if (x->prio > t->node[i].prio) {
		split(t, i, x->key, &x->left, &x->right);
		return n;
	}
	if (x->key < t->node[i].key)
		t->node[i].left = insert_at(t, t->node[i].left, n);
	else
		t->node[i].right = insert_at(t, t->node[i].right, n);
	return i;
}

uint32_t gtree_insert(struct gtree *t, uint64_t key, uint8_t kind, uint64_t pa, int32_t prot)
{
	uint32_t i = node_alloc(t);

	if (i == GTREE_NIL)
		return GTREE_NIL;
	t->node[i] = (struct gnode){ .key = key, .pa = pa, .left = GTREE_NIL, .right = GTREE_NIL,
				     .prio = key_prio(key), .kind = kind, .prot = prot };
	count(t, kind, 1);
	t->root = insert_at(t, t->root, i);
	return i;
}

static void release(struct gtree *t, uint32_t i)
{
	if (i == GTREE_NIL)
		return;
	release(t, t->node[i].left);
	release(t, t->node[i].right);
	count(t, t->node[i].kind, -1);
	t->node[i].kind = 0;
	t->node[i].left = t->free;
	t->free = i;
}

void gtree_erase_range(struct gtree *t, uint64_t klo, uint64_t khi)
{
	uint32_t below, rest, doomed, above;

	split(t, t->root, klo, &below, &rest);
	split(t, rest, khi, &doomed, &above);
	release(t, doomed);
	t->root = merge(t, below, above);
}

void gtree_set_kind(struct gtree *t, uint32_t i, uint8_t kind, uint64_t pa, int32_t prot)
{
	count(t, t->node[i].kind, -1);
	count(t, kind, 1);
	t->node[i].kind = kind;
	t->node[i].pa = pa;
	t->node[i].prot = prot;
}

struct walk {
	uint64_t klo, khi;
	int (*fn)(void *arg, const struct gnode *n);
	void *arg;
};

static int walk(const struct gtree *t, uint32_t i, const struct walk *w)
{
	const struct gnode *n;
	int ret;

	if (i == GTREE_NIL)
		return 0;
	n = &t->node[i];
	if (n->key > w->klo && (ret = walk(t, n->left, w)))
		return ret;
	if (n->key >= w->klo && n->key < w->khi && (ret = w->fn(w->arg, n)))
		return ret;
	if (n->key < w->khi)
		return walk(t, n->right, w);
	return 0;
}

int gtree_walk(const struct gtree *t, uint64_t klo, uint64_t khi,
	       int (*fn)(void *arg, const struct gnode *n), void *arg)
{
	struct walk w = { .klo = klo, .khi = khi, .fn = fn, .arg = arg };

	return walk(t, t->root, &w);
}

/* Nodes in the subtree of i, or -1 if it breaks order (keys in (lo, hi)) or the heap. */
static int64_t check(const struct gtree *t, uint32_t i, uint64_t lo, uint64_t hi, bool has_lo,
		     uint32_t max_prio)
{
	const struct gnode *n;
	int64_t l, r;

	if (i == GTREE_NIL)
		return 0;
	n = &t->node[i];
	if (i >= t->used || (has_lo && n->key <= lo) || n->key >= hi || n->prio > max_prio ||
	    n->prio != key_prio(n->key) || (n->kind != GOLDEN_TABLE && n->kind != GOLDEN_LEAF))
		return -1;
	l = check(t, n->left, lo, n->key, has_lo, n->prio);
	r = check(t, n->right, n->key, hi, true, n->prio);
	return l < 0 || r < 0 ? -1 : l + r + 1;
}

bool gtree_check(const struct gtree *t)
{
	int64_t nr = check(t, t->root, 0, UINT64_MAX, false, UINT32_MAX);

	return nr >= 0 && (uint64_t)nr == t->nr_nodes && t->nr_nodes <= t->cap &&
	       t->nr_tables + t->nr_leaves == t->nr_nodes;
}
