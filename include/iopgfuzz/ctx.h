// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model context of one engine instance (one domain): where its tables
 * come from, where its events go, its counters, its tracer and the bugs it
 * carries. Every layer of that domain holds a pointer to it.
 */
#ifndef IOPGFUZZ_CTX_H
#define IOPGFUZZ_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/bugs.h"
#include "iopgfuzz/counters.h"
#include "iopgfuzz/events.h"
#include "iopgfuzz/pgmem.h"
#include "iopgfuzz/profile.h"
#include "iopgfuzz/trace.h"

struct ipf_ctx {
	struct ipf_pgmem *mem;
	struct ipf_events *events;      /* may be NULL: events are only counted */
	const struct ipf_tracer *tracer; /* may be NULL */
	struct ipf_counters counters;
	uint64_t bugs;                   /* IPF_BUG_BIT() set */
	enum ipf_profile profile;        /* the kernel release whose behaviour the model follows */
	struct ipf_bug_hits bug_hits;
};

static inline void ipf_warn(struct ipf_ctx *ctx, enum ipf_event_kind kind, uint64_t iova,
			    uint64_t aux)
{
	ctx->counters.warnings++;
	ipf_event(ctx->events, kind, iova, aux);
}

static inline bool ipf_bug(const struct ipf_ctx *ctx, enum ipf_bug_id id)
{
	return ctx->bugs & IPF_BUG_BIT(id);
}

/*
 * A bug's site: counts the visit and answers "take the buggy branch?": yes
 * when the bug is on and its branch does something the fixed code would not
 * (`differs`), which is counted as a trigger. ctx may be NULL (no bugs).
 */
static inline bool ipf_bug_site(struct ipf_ctx *ctx, enum ipf_bug_id id, bool differs)
{
	if (!ctx)
		return false;
	ctx->bug_hits.reached[id]++;
	if (!differs || !ipf_bug(ctx, id))
		return false;
	ctx->bug_hits.triggered[id]++;
	return true;
}

/* Does this domain's kernel behave as change c says (include/iopgfuzz/profile.h)? */
static inline bool ipf_since(const struct ipf_ctx *ctx, enum ipf_change c)
{
	return ctx && ipf_profile_has(ctx->profile, c);
}

static inline void ipf_trace(const struct ipf_ctx *ctx, const struct ipf_trace *t)
{
	ipf_trace_emit(ctx->tracer, t);
}

#endif
