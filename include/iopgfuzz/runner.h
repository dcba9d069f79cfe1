// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner: executes a program on every participant and decides.
 *   reference engine + its simulated SMMU,
 *   optimised engine + its simulated SMMU,
 *   the golden model.
 * After every operation it compares return values, the translations in the
 * touched range (read through each SMMU's walker, not the engines), device
 * accesses, the flush sets, and collects the oracles' events; at the end it
 * compares everything and frees the domains (leaks). It stops at the first
 * finding. Known, legitimate differences, skips and budgets are declared
 * in known.c (include/iopgfuzz/known.h) and nowhere else; each one that
 * applies is counted in the run's stats.
 */
#ifndef IOPGFUZZ_RUNNER_H
#define IOPGFUZZ_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/golden.h"
#include "iopgfuzz/known.h"
#include "iopgfuzz/program.h"

enum ipf_verdict_kind {
	IPF_VERDICT_AGREE,
	IPF_VERDICT_FINDING,
	IPF_VERDICT_UNUSABLE,  /* the configuration is one the kernel refuses */
};

/* What found it: an oracle's event, or one of the runner's comparisons. */
enum ipf_check {
	IPF_CHECK_EVENT,       /* an oracle or a kernel WARN that must not happen: see event */
	IPF_CHECK_RETURN,      /* the engines returned different values */
	IPF_CHECK_GOLDEN_RETURN, /* the reference engine and the golden model returned differently */
	IPF_CHECK_TABLES,      /* the translations in memory differ (engines or golden) */
	IPF_CHECK_DMA,         /* a device access did not translate as the golden model says */
	IPF_CHECK_FLUSH,       /* the optimised engine invalidated less than the reference */
	IPF_CHECK_STRUCTURE,   /* the final page tables differ descriptor by descriptor */
	IPF_CHECK_IOVA_TO_PHYS, /* a participant's iova_to_phys disagrees with the golden model */
	IPF_CHECKS
};

struct ipf_verdict {
	enum ipf_verdict_kind kind;
	enum ipf_check check;
	enum ipf_event_kind event;  /* IPF_CHECK_EVENT */
	int engine;                 /* the enum ipf_engine that found it, or -1 for a comparison */
	int slot;                   /* its participant: 0 (baseline) or 1; -1 for a comparison */
	uint32_t op_index;          /* 0-based; nr_ops for the final checks */
	uint64_t iova;
	uint64_t ref_value, opt_value; /* both sides (golden's on the reference side for golden checks) */
	char detail[200];
};

/* A skipped operation and the rule that skipped it (known.h). */
struct ipf_skipped_op {
	uint32_t op_index;
	struct ipf_known_skip why;
};
#define IPF_SKIPPED_KEPT 16

struct ipf_run_stats {
	enum ipf_engine engines[2];  /* who ran in slots 0 and 1 */
	uint64_t ops_run, ops_skipped;
	/* Every rule of known.h that applied, and the first skipped operations. */
	struct ipf_known_hits known;
	uint32_t nr_skipped_kept;
	struct ipf_skipped_op skipped[IPF_SKIPPED_KEPT];
	struct ipf_counters counters[IPF_ENGINES];
	struct ipf_bug_hits bug_hits[IPF_ENGINES]; /* injectable bugs: reached, triggered */
	uint64_t over_invalidated_bytes;
	/* Tables holding nothing when the program ended (a failed map leaves them): counted, not a finding. */
	uint64_t empty_tables[IPF_ENGINES];
};

/* Callbacks for `iopgfuzz trace`: what each engine did, operation by operation. */
struct ipf_run_tracer {
	void (*op)(void *ctx, uint32_t index, const struct ipf_op *op);
	void (*engine)(void *ctx, enum ipf_engine e, const struct ipf_trace *t);
	void (*op_result)(void *ctx, enum ipf_engine e, int64_t ret);
	void (*smmu)(void *ctx, enum ipf_engine e, const struct ipf_smmu_cmd_trace *t);
	void *ctx;
};

struct ipf_runner;

/* NULL if the arenas cannot be reserved. Reuse one runner across many programs. */
struct ipf_runner *ipf_runner_create(void);
void ipf_runner_destroy(struct ipf_runner *r);
void ipf_runner_set_tracer(struct ipf_runner *r, const struct ipf_run_tracer *tracer);

/* Run p; fill v (and stats, may be NULL). Returns v->kind. */
enum ipf_verdict_kind ipf_run(struct ipf_runner *r, const struct ipf_program *p,
			      struct ipf_verdict *v, struct ipf_run_stats *stats);

const char *ipf_check_name(enum ipf_check check);
/* A one-line, stable description: "event SMMU_STALE_TLB (stale-translation) ...". */
void ipf_verdict_format(const struct ipf_verdict *v, char *buf, size_t cap);
/* The kind of finding, for crash de-duplication: "event:SMMU_STALE_TLB", "return", ... */
const char *ipf_verdict_class(const struct ipf_verdict *v, char *buf, size_t cap);

/*
 * The golden model's configuration for a domain: its page sizes, IAS/OAS,
 * the start level its registers describe and its profile's split rule.
 */
void ipf_golden_cfg(const struct ipf_domain *d, struct golden_cfg *cfg);

#endif
