// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kunit, the expectations: what the golden model (or, where it
 * cannot hold the configuration, the reference engine) says each
 * io-pgtable call must return, the translations each operation leaves, and
 * the leaves and tables it removes, which the case's flush ops must see
 * invalidated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/golden.h"
#include "iopgfuzz/io_pgtable.h"
#include "iopgfuzz/iommu.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgsize.h"
#include "kunit.h"

/* --- what the golden model says ------------------------------------------------------------ */

struct nodes {
	KX_VEC(struct golden_node, v);
};

static int collect(void *arg, const struct golden_node *n)
{
	struct nodes *ns = arg;

	*(struct golden_node *)VEC_PUSH(ns->v, ns->nr_v, ns->cap_v) = *n;
	return 0;
}

struct find_table {
	const struct golden_node *want;
	bool found;
};

static int same_table(void *arg, const struct golden_node *n)
{
	struct find_table *f = arg;

	if (n->kind == GOLDEN_TABLE && n->level == f->want->level && n->iova == f->want->iova)
		f->found = true;
	return f->found;
}

static bool has_prot(int prot)
{
	return prot & (IOMMU_READ | IOMMU_WRITE);
}

/* The call's expectation, and the golden model moved on by it. */
static void expect_call(struct golden *g, struct kx_call *call)
{
	uint64_t run = call->pgsize * call->pgcount;

	call->by = "the golden model";
	if (call->map) {
		uint64_t size = !call->model_ret && call->model_mapped && call->model_mapped <= run
				? call->model_mapped : run;
		int ret;

		if (!has_prot(call->prot)) {
			/*
			 * v5.12 (the golden model) maps nothing and returns 0, after
			 * its range checks; every tree since v5.15 refuses instead.
			 */
			ret = golden_map(g, call->iova, call->paddr, size, call->prot);
			call->want_ret = ret ? ret : -EINVAL;
			call->want_mapped = 0;
			call->by = "the golden model with 6093cd582f8e";
			call->why = "known rule no-access-map: 6093cd582f8e (v5.15 on) returns -EINVAL "
				    "for a map with neither READ nor WRITE where v5.12 returned 0";
			return;
		}
		ret = golden_map(g, call->iova, call->paddr, size, call->prot);
		call->want_ret = ret;
		call->want_mapped = ret ? 0 : size;
		return;
	}
	/* io-pgtable unmaps within one table: the model's count says where it stopped. */
	call->want_ret = (int64_t)golden_unmap(g, call->iova,
					       call->model_ret > 0 && (uint64_t)call->model_ret <= run
					       ? (uint64_t)call->model_ret : run);
}

/*
 * Where the golden model cannot hold the configuration (a page size no
 * level holds): the reference engine's v5.12 io-pgtable, page by page, as
 * the per-page core would call it; a failed run leaves nothing mapped.
 */
static void expect_call_ref(struct io_pgtable_ops *ops, struct kx_call *call)
{
	uint64_t run = call->pgsize * call->pgcount, k, n;
	struct iommu_iotlb_gather gather;

	call->by = "the reference engine";
	call->why = "the reference engine (v5.12 io-pgtable, page by page): the golden model "
		    "cannot hold this configuration";
	iommu_iotlb_gather_init(&gather);
	if (call->map) {
		uint64_t size = !call->model_ret && call->model_mapped && call->model_mapped <= run
				? call->model_mapped : run;
		int ret = 0;

		n = size / call->pgsize;
		for (k = 0; k < n && !ret; k++)
			ret = ops->map(ops, call->iova + k * call->pgsize,
				       call->paddr + k * call->pgsize, call->pgsize, call->prot);
		if (ret)
			for (uint64_t j = 0; j + 1 < k; j++)
				ops->unmap(ops, call->iova + j * call->pgsize, call->pgsize, &gather);
		call->want_ret = ret;
		call->want_mapped = ret ? 0 : size;
		return;
	}
	n = call->model_ret > 0 && (uint64_t)call->model_ret <= run
	    ? (uint64_t)call->model_ret / call->pgsize : call->pgcount;
	call->want_ret = 0;
	for (k = 0; k < n; k++) {
		uint64_t got = ops->unmap(ops, call->iova + k * call->pgsize, call->pgsize, &gather);

		call->want_ret += (int64_t)got;
		if (got != call->pgsize)
			break;
	}
}

/* Grow [lo, hi) to the golden leaves at its ends. */
static void widen(const struct golden *g, uint64_t *lo, uint64_t *hi)
{
	struct golden_node leaf;

	if (golden_lookup(g, *lo, &leaf))
		*lo = leaf.iova;
	if (golden_lookup(g, *hi - 1, &leaf) && leaf.iova + leaf.size > *hi)
		*hi = leaf.iova + leaf.size;
}

/* iova_to_phys over [lo, hi) afterwards: leaves (contiguous ones merged) and holes. */
static void expect_runs(const struct golden *g, struct kx_step *st, uint64_t lo, uint64_t hi)
{
	struct nodes leaves = { 0 };
	uint64_t at = lo;

	golden_for_each_leaf(g, lo, hi, collect, &leaves);
	for (uint32_t i = 0; i <= leaves.nr_v; i++) {
		const struct golden_node *n = i < leaves.nr_v ? &leaves.v[i] : NULL;
		uint64_t start = n ? (n->iova > lo ? n->iova : lo) : hi;
		struct kx_run *last = st->nr_runs ? &st->runs[st->nr_runs - 1] : NULL;

		if (start > at) {
			*(struct kx_run *)VEC_PUSH(st->runs, st->nr_runs, st->cap_runs) =
				(struct kx_run){ .iova = at, .size = start - at };
			last = NULL;
		}
		if (!n)
			break;
		uint64_t end = n->iova + n->size < hi ? n->iova + n->size : hi;
		uint64_t pa = n->pa + (start - n->iova);

		if (last && last->mapped && last->iova + last->size == start &&
		    last->paddr + last->size == pa)
			last->size += end - start;
		else
			*(struct kx_run *)VEC_PUSH(st->runs, st->nr_runs, st->cap_runs) =
				(struct kx_run){ .iova = start, .size = end - start, .paddr = pa,
						 .mapped = true };
		at = end;
	}
	free(leaves.v);
}

/* What the operation took out of the tree: leaves and tables gone afterwards. */
static void removed(const struct golden *g, struct kx_step *st, const struct nodes *before,
		    uint64_t lo)
{
	for (uint32_t i = 0; i < before->nr_v; i++) {
		const struct golden_node *n = &before->v[i];

		if (n->kind == GOLDEN_LEAF) {
			uint64_t probe = n->iova > lo ? n->iova : lo;
			uint64_t pa = n->pa + (probe - n->iova);
			struct golden_node now;

			if (golden_lookup(g, probe, &now) && now.pa + (probe - now.iova) == pa)
				continue;
			*(struct kx_leaf *)VEC_PUSH(st->leaves, st->nr_leaves, st->cap_leaves) =
				(struct kx_leaf){ .iova = n->iova, .size = n->size, .probe = probe,
						  .paddr = pa };
		} else {
			struct find_table f = { .want = n };

			golden_for_each_node(g, n->iova, n->iova + 1, same_table, &f);
			if (!f.found)
				*(struct kx_table *)VEC_PUSH(st->tables, st->nr_tables,
							     st->cap_tables) =
					(struct kx_table){ .iova = n->iova, .size = n->size };
		}
	}
}

/* io-pgtable writes or clears at most the rest of one table per call. */
static uint64_t entries_left(const struct kx_case *c, uint64_t iova, uint64_t pgsize)
{
	uint64_t per_table = c->granule / 8;

	return per_table - (iova / pgsize) % per_table;
}

static struct kx_call *synth_call(struct kx_step *st, bool map, uint64_t iova, uint64_t paddr,
				  uint64_t pgsize, uint64_t pgcount, int prot)
{
	struct kx_call *call = VEC_PUSH(st->calls, st->nr_calls, st->cap_calls);

	*call = (struct kx_call){ .map = map, .iova = iova, .paddr = paddr, .pgsize = pgsize,
				  .pgcount = pgcount, .prot = prot,
				  .why = "the core's (pgsize, pgcount) split, not the model's run: "
					 "the model skips maps crossing the IAS or OAS top "
					 "(known rule ias-crossing-map)" };
	return call;
}

/* The core's next run (iommu_pgsize, v5.15), as one call writes it: within one table. */
static uint64_t next_run(const struct kx_case *c, uint64_t iova, uint64_t paddr, uint64_t size,
			 uint64_t *count)
{
	uint64_t pgsize = iommu_pgsize_v515(c->want_bitmap, iova, paddr, size, count, NULL, NULL);

	if (pgsize && *count > entries_left(c, iova, pgsize))
		*count = entries_left(c, iova, pgsize);
	return pgsize;
}

/*
 * A map the model skips (it crosses the IAS or OAS top: io-pgtable checks
 * only a run's first page). The v5.15 core's loop, done here: iommu_pgsize()
 * runs, each call within one table, expectations from the golden model;
 * after a failure the core unmaps what it mapped.
 */
static void synth_map(const struct kx_case *c, struct golden *g, struct kx_step *st)
{
	uint64_t iova = st->op.iova, paddr = st->op.paddr, size = st->op.size, done = 0;

	while (size) {
		uint64_t count, pgsize = next_run(c, iova, paddr, size, &count);
		struct kx_call *call;

		if (!pgsize)
			return;
		call = synth_call(st, true, iova, paddr, pgsize, count, st->op.prot);
		call->model_ret = 0;
		call->model_mapped = pgsize * count;
		expect_call(g, call);
		if (call->want_ret)
			break;
		iova += pgsize * count;
		paddr += pgsize * count;
		size -= pgsize * count;
		done += pgsize * count;
	}
	for (iova = st->op.iova; size && done;) {
		uint64_t count, pgsize = next_run(c, iova, iova, done, &count);
		struct kx_call *call;

		if (!pgsize)
			return;
		call = synth_call(st, false, iova, 0, pgsize, count, 0);
		call->model_ret = (int64_t)(pgsize * count);
		expect_call(g, call);
		if (!call->want_ret)
			return;
		iova += (uint64_t)call->want_ret;
		done -= (uint64_t)call->want_ret;
	}
}

void kx_plan_step_ref(struct io_pgtable_ops *ops, struct kx_step *st)
{
	for (uint32_t i = 0; i < st->nr_calls; i++)
		expect_call_ref(ops, &st->calls[i]);
}

void kx_plan_step(struct kx_case *c, struct golden *g, struct kx_step *st)
{
	const struct ipf_op *op = &st->op;
	uint64_t top = 1ULL << c->want_ias, lo = op->iova, hi = op->iova + op->size;
	struct nodes before = { 0 };

	switch (op->kind) {
	case IPF_OP_MAP:
	case IPF_OP_UNMAP:
	case IPF_OP_UNMAP_LAZY:
		break;
	case IPF_OP_DMA:
		/* What the device would reach: the translation of its page. */
		lo = op->iova & ~(c->granule - 1);
		if (lo < top)
			expect_runs(g, st, lo, lo + c->granule);
		return;
	default:
		return;
	}
	if (!op->size || hi < lo)
		hi = lo + (op->size ? 0 : 1);
	widen(g, &lo, &hi);
	golden_for_each_node(g, lo, hi, collect, &before);
	if (!st->ran)
		synth_map(c, g, st);
	for (uint32_t i = 0; i < st->nr_calls; i++)
		if (!st->calls[i].by)
			expect_call(g, &st->calls[i]);
	removed(g, st, &before, op->iova);
	free(before.v);
	st->leaves_owed = op->kind != IPF_OP_MAP &&
			  !(st->nr_calls && st->calls[0].queued);
	widen(g, &lo, &hi);
	if (hi > top)
		hi = top;
	if (lo < hi)
		expect_runs(g, st, lo, hi);
	if (st->nr_leaves > c->max_leaves)
		c->max_leaves = st->nr_leaves;
	if (st->nr_tables > c->max_tables)
		c->max_tables = st->nr_tables;
}
