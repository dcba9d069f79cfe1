// SPDX-License-Identifier: GPL-2.0-only
/* Private to engine/runner. */
#ifndef IOPGFUZZ_RUNNER_INTERNAL_H
#define IOPGFUZZ_RUNNER_INTERNAL_H

#include <stdlib.h>

#include "iopgfuzz/runner.h"
#include "iopgfuzz/known.h"

struct interval {
	uint64_t lo, hi;
};

struct interval_vec {
	struct interval *v;
	uint32_t nr, cap;
};

/* What one engine invalidated during one operation, at the io-pgtable level. */
struct flushes {
	struct interval_vec leaf;  /* tlb_add_page */
	struct interval_vec walk;  /* tlb_flush_walk */
	bool all;                  /* tlb_flush_all */
};

/* The flush calls of one engine during one operation, in order (flush_order.c). */
struct flush_rec {
	enum ipf_trace_kind kind;
	uint64_t iova, len, pgsize; /* len: size, or the gather's end for iotlb_sync */
};

struct flush_seq {
	struct flush_rec *v;
	uint32_t nr, cap;
	bool lost;                 /* out of memory: not compared */
};

struct leaf_rec {
	uint64_t iova, size, pa;
	unsigned int perm, attr;
	int fault;
};

struct leaf_vec {
	struct leaf_rec *v;
	uint32_t nr, cap;
};

/* Every descriptor: leaves exactly, tables by position (their PAs are each engine's own). */
struct pte_rec {
	int lvl;
	uint64_t iova, pte;
};

struct pte_vec {
	struct pte_rec *v;
	uint32_t nr, cap;
};

struct participant {
	enum ipf_engine engine;     /* this program's engine in the slot */
	struct ipf_runner *r;
	struct ipf_pgmem mem;
	bool mem_ready;
	struct ipf_events ev;
	struct ipf_domain *d;
	struct ipf_smmu *smmu;
	struct ipf_tracer tracer;
	struct flushes fl;
	struct flush_seq seq;
	uint32_t seen[IPF_EV_NR];   /* events already judged (excused) */
};

struct ipf_runner {
	struct participant part[IPF_ENGINES];
	struct golden *golden;
	bool golden_valid;          /* false once the model ran out of nodes */
	struct ipf_run_tracer tracer;
	const struct ipf_program *p;
	struct leaf_vec ref_leaves; /* the reference's, over the range check_translations compared */
	struct pte_vec pv[IPF_ENGINES]; /* the final structure comparison's, kept across programs */
	struct interval_vec lazy;   /* unmapped lazily since the last flush_iotlb_all */
	/*
	 * What descriptor writes may have changed outside the range an operation
	 * compared after it ran: all the final comparison of translations must
	 * look at (everywhere, when an SMMU could not bound a write's reach).
	 */
	struct interval_vec unchecked;
	bool unchecked_all;
	uint64_t leaves_asked;
	struct ipf_known_geometry geometry; /* what known.c's skips depend on */
	struct ipf_run_stats stats;
};

/* v with room for one more element (doubling), or NULL (v is left as it was). */
static inline void *vec_room(void *v, uint32_t nr, uint32_t *cap, size_t elem)
{
	uint32_t n = *cap ? 2 * *cap : 256;

	if (nr < *cap)
		return v;
	v = realloc(v, n * elem);
	if (v)
		*cap = n;
	return v;
}

/* flushes.c */
void flushes_reset(struct flushes *f);
void flushes_free(struct flushes *f);
void flushes_record(struct flushes *f, const struct ipf_trace *t);
/* First address ref invalidated and opt did not (UINT64_MAX: none); counts opt's extra bytes. */
uint64_t flushes_missing(struct flushes *ref, struct flushes *opt, uint64_t *over);
int interval_push(struct interval_vec *v, uint64_t lo, uint64_t hi);

/* flush_order.c */
void flush_seq_reset(struct flush_seq *s);
void flush_seq_free(struct flush_seq *s);
void flush_seq_record(struct flush_seq *s, const struct ipf_trace *t);
/* After flushes_missing() found nothing: ref and opt's flush calls the same, in order. */
bool check_flush_order(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
		       struct ipf_verdict *v);

/* compare.c */
int64_t dma_result(struct ipf_xlate x);
bool check_dma(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
	       const int64_t ret[IPF_ENGINES], struct ipf_verdict *v);
bool check_translations(struct ipf_runner *r, uint32_t i, uint64_t lo, uint64_t hi,
			struct ipf_verdict *v);
bool check_structure(struct ipf_runner *r, uint32_t i, struct ipf_verdict *v);
/* After operation i compared [lo, hi): keep what its writes changed elsewhere. */
void note_unchecked(struct ipf_runner *r, uint64_t lo, uint64_t hi);
/* At the end: the translations wherever no operation compared them after the last change. */
bool check_final_translations(struct ipf_runner *r, uint32_t n, struct ipf_verdict *v);
/* After check_translations (which found the golden leaves of [lo, hi) in ref_leaves). */
bool check_iova_to_phys(struct ipf_runner *r, uint32_t i, uint64_t lo, uint64_t hi,
			struct ipf_verdict *v);

/* model.c: the golden model's side, the budget and the lazy window */
void golden_setup(struct ipf_runner *r);
bool golden_applies(const struct ipf_runner *r, const struct ipf_op *op);
int64_t golden_exec(struct ipf_runner *r, const struct ipf_op *op);
/* Leaves op would touch (0 when it is refused before any page is). */
uint64_t op_leaves(const struct ipf_runner *r, const struct ipf_op *op);
void lazy_note(struct ipf_runner *r, const struct ipf_op *op);
bool lazy_covers(const struct ipf_runner *r, uint64_t iova);
bool lazy_overlaps(const struct ipf_runner *r, uint64_t iova, uint64_t size);

#endif
