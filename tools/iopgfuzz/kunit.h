// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kunit: a program as a KUnit case for the real io-pgtable-arm.
 * kunit_plan.c runs the program on the model and records, operation by
 * operation, the io-pgtable calls the v5.15 core made ((pgsize, pgcount)
 * runs) and what to expect of them, from the golden model and the
 * reference engine; kunit_emit.c writes the plan as C.
 */
#ifndef IOPGFUZZ_KUNIT_H
#define IOPGFUZZ_KUNIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iopgfuzz/program.h"

/* One io-pgtable call to replay and what it must return. */
struct kx_call {
	bool map;
	bool queued;             /* unmap: a flush-queue gather */
	uint64_t iova, paddr, pgsize, pgcount;
	int prot;
	int64_t model_ret;       /* what the model's io-pgtable said (not an expectation) */
	uint64_t model_mapped;
	int64_t want_ret;        /* map: 0 or -errno; unmap: bytes */
	uint64_t want_mapped;
	const char *by;          /* who says want_ret: "the golden model", ... */
	const char *why;         /* a comment: where the call or its expectation comes from */
};

/* A leaf an operation removes: it must be invalidated after it is cleared. */
struct kx_leaf {
	uint64_t iova, size;
	uint64_t probe;          /* an address of the leaf the operation unmaps */
	uint64_t paddr;          /* what probe translated to before */
};

/* A table an operation frees: a walk invalidation of all of its span. */
struct kx_table {
	uint64_t iova, size;
};

/* What iova_to_phys must say over [iova, iova + size) afterwards. */
struct kx_run {
	uint64_t iova, size, paddr;
	bool mapped;
};

#define KX_VEC(type, name) \
	type *name;        \
	uint32_t nr_##name, cap_##name

struct kx_step {
	uint32_t op_index;
	struct ipf_op op;
	char text[160];          /* the program's line, as written */
	char where[200];         /* FILE:LINE */
	bool ran;                /* the model ran it: calls are known */
	bool skipped;            /* not replayed: note says why */
	bool leaves_owed;        /* strict unmap: each removed leaf invalidated now */
	char note[240];
	KX_VEC(struct kx_call, calls);
	KX_VEC(struct kx_leaf, leaves);
	KX_VEC(struct kx_table, tables);
	KX_VEC(struct kx_run, runs);
};

struct kx_case {
	char name[64];           /* the C function */
	const char *path;
	char *comment;           /* the program's leading comment lines */
	int stage;
	uint64_t pgsize_bitmap;  /* as the driver offers it */
	unsigned int ias, oas;
	bool quirk_ns;
	uint64_t page_size;      /* non-zero: the case needs this PAGE_SIZE */
	bool refused;            /* the reference engine refuses the cfg: alloc must fail */
	uint64_t want_bitmap;    /* the restricted cfg, from the reference engine */
	unsigned int want_ias, want_oas;
	uint64_t granule;
	bool ttl_strict;         /* add_page covers a leaf only at its own size */
	uint32_t max_leaves, max_tables;
	uint32_t nr_steps;
	struct kx_step steps[IPF_MAX_OPS];
	KX_VEC(char *, notes);
};

struct kx_opts {
	bool ttl_strict;         /* honour a program's ttl=strict */
	uint32_t max_leaves;     /* --max-leaves */
	bool profile_given;      /* --profile=: the kernel every case's expectations follow */
	enum ipf_profile profile;
};

/* kunit_helpers.c: the helpers' C text, written at the top of every file. */
extern const char kx_helpers[];

/* kunit_plan.c: grow a KX_VEC by one zeroed element; NULL when out of memory. */
void *kx_vec_push(void **vec, uint32_t *n, uint32_t *cap, size_t size);
#define VEC_PUSH(vec, n, cap) kx_vec_push((void **)&(vec), &(n), &(cap), sizeof(*(vec)))

struct golden;
struct io_pgtable_ops;
/*
 * kunit_expect.c: one step's calls, return values, translations and
 * removals, as the golden model says them (kx_plan_step), or the reference
 * engine where the golden model cannot hold the configuration.
 */
void kx_plan_step(struct kx_case *c, struct golden *g, struct kx_step *st);
void kx_plan_step_ref(struct io_pgtable_ops *ops, struct kx_step *st);

/*
 * Plan one program (p, read from path, whose text is text/len or NULL for
 * a binary one) into c. 0, or -1 with a one-line reason in err.
 */
int kx_plan(struct kx_case *c, const char *path, const uint8_t *text, size_t len,
	    const struct ipf_program *p, const struct kx_opts *o, char *err, size_t cap);
void kx_case_free(struct kx_case *c);

/* The whole file: helpers, one case per plan, the suite. */
void kx_emit(FILE *out, const char *suite, struct kx_case *const *cases, unsigned int n,
	     const char *command);

#endif
