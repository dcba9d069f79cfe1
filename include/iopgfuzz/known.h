// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every known difference, skip, budget and decoding restriction of the
 * harness, in one table (engine/common/known.c): each rule has an id, a
 * name, a scope and its reason. Whatever excuses a difference or skips work
 * asks a predicate here, which answers with the rule that applies (or
 * IPF_KNOWN_NONE); the caller counts the hit. Nothing else excuses or skips.
 */
#ifndef IOPGFUZZ_KNOWN_H
#define IOPGFUZZ_KNOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/domain.h"
#include "iopgfuzz/events.h"

struct ipf_op;
struct ipf_config;

#define IPF_KNOWN_RULES_LIST(X)                                                               \
	X(NONE, "none", NONE)                                                                 \
	X(COUNTERS, "counters", NEVER_COMPARED)                                               \
	X(CALLER_WARN, "caller-warn", EXCUSE_EVENT)                                           \
	X(NO_ACCESS_MAP, "no-access-map", EXCUSE_RETURN)                                      \
	X(FAILED_MAP_FLUSHES, "failed-map-flushes", EXCUSE_FLUSHES)                           \
	X(LAZY_IOVA_MAP, "lazy-iova-map", SKIP_OP)                                            \
	X(LAZY_TLB_CONFLICT, "lazy-tlb-conflict", EXCUSE_EVENT)                               \
	X(IAS_CROSSING_MAP, "ias-crossing-map", SKIP_OP)                                      \
	X(RIL_SCALE, "ril-scale", SKIP_OP)                                                    \
	X(LAZY_DMA, "lazy-dma", ALLOW_GOLDEN_DMA)                                             \
	X(KERNEL_WARN, "kernel-warn", EXCUSE_EVENT)                                           \
	X(LEAF_BUDGET, "leaf-budget", SKIP_OP)                                                \
	X(TTL_STRICT_TRUSTED, "ttl-strict-trusted", RESTRICT_DECODING)                        \
	X(NS_STAGE2, "ns-stage2", RESTRICT_DECODING)                                          \
	X(UNHOLDABLE_BLOCKS, "unholdable-blocks", RESTRICT_DECODING)                          \
	X(DECODED_SIZE_BOUND, "decoded-size-bound", RESTRICT_DECODING)                        \
	X(PGSIZE_WIDE_SHIFT, "pgsize-wide-shift", EXEMPT_PGSIZE_VECTOR)                       \
	X(S2_START_BEFORE_V6_14, "s2-start-before-v6.14", EXCUSE_EVENT)                       \
	X(LAZY_FLUSH_ORDER, "lazy-flush-order", EXCUSE_FLUSHES)                               \
	X(BATCHED_FLUSH_ORDER, "batched-flush-order", EXCUSE_FLUSHES)

enum ipf_known_rule {
#define IPF_KNOWN_ENUM(id, name, scope) IPF_KNOWN_##id,
	IPF_KNOWN_RULES_LIST(IPF_KNOWN_ENUM)
#undef IPF_KNOWN_ENUM
	IPF_KNOWN_RULES
};

enum ipf_known_scope {
	IPF_SCOPE_NONE,
	IPF_SCOPE_NEVER_COMPARED,
	IPF_SCOPE_EXCUSE_EVENT,
	IPF_SCOPE_EXCUSE_RETURN,
	IPF_SCOPE_EXCUSE_FLUSHES,
	IPF_SCOPE_SKIP_OP,
	IPF_SCOPE_ALLOW_GOLDEN_DMA,
	IPF_SCOPE_RESTRICT_DECODING,
	IPF_SCOPE_EXEMPT_PGSIZE_VECTOR,
};

struct ipf_known_rule_info {
	const char *name;            /* "leaf-budget" */
	enum ipf_known_scope scope;
	const char *reason;          /* one line, with the kernel commit where there is one */
};

const struct ipf_known_rule_info *ipf_known_rule(enum ipf_known_rule rule);
const char *ipf_known_scope_name(enum ipf_known_scope scope);

/* How often each rule applied: per run (the runner's stats), summed by the tools. */
struct ipf_known_hits {
	uint64_t n[IPF_KNOWN_RULES];
};

/* --- events (the runner, per new event of a participant) ----------------------------- */
/*
 * lazy: a flush queue is outstanding; partner_warned: the other participant
 * warned (rule 2); profile: the kernel the model follows.
 */
enum ipf_known_rule ipf_known_event(enum ipf_event_kind kind, bool lazy, bool partner_warned,
				    enum ipf_profile profile);
/* Does this new event of a participant count as "it warned" for the other one? */
bool ipf_known_caller_warning(enum ipf_event_kind kind);

/* --- returns ------------------------------------------------------------------------------ */
/* in_flush_queue: op's IOVA was unmapped lazily since the last flush_iotlb_all. */
enum ipf_known_rule ipf_known_return_difference(const struct ipf_op *op, int64_t ret0,
						int64_t ret1, bool in_flush_queue);
/* The golden model (answering as v5.12 did) against a baseline that is not ref. */
enum ipf_known_rule ipf_known_golden_return(const struct ipf_op *op, enum ipf_engine baseline,
					    int64_t golden, int64_t ret);
/* A device access the golden model would fault, still translating from the flush queue. */
enum ipf_known_rule ipf_known_golden_dma(bool in_flush_queue);
/* Flush sets are compared, or IPF_KNOWN_FAILED_MAP_FLUSHES (or NONE for kinds without any). */
enum ipf_known_rule ipf_known_flushes(const struct ipf_op *op, int64_t ret0, int64_t ret1,
				      bool *compare);
/* The engines' flush calls differ in order: excused for a lazy unmap, and from v6.12 an unmap (as the same calls). */
enum ipf_known_rule ipf_known_flush_order(const struct ipf_op *op, bool non_strict,
					  enum ipf_profile profile);

/* --- skips -------------------------------------------------------------------------------- */
/* What a skip depends on: the domain's IAS/OAS, its smallest page, RIL on an SMMUv3. */
struct ipf_known_geometry {
	unsigned int ias, oas, tg;
	bool range_inv;
};

/*
 * The leaf budget: an operation may touch at most `leaves` leaves, a program
 * 4 * `leaves` (0: IPF_LEAF_BUDGET_DEFAULT). Each leaf costs the engines a
 * descriptor write and the golden model and the SMMU a record, so the
 * budget is what keeps a fuzz input fast; a person may raise it.
 */
#define IPF_LEAF_BUDGET_DEFAULT (1u << 13)
#define IPF_LEAF_BUDGET_PROGRAM 4

/* Why op is skipped, or NONE. The detail (a, b) is what the rule measured. */
struct ipf_known_skip {
	enum ipf_known_rule rule;
	uint64_t a, b;
};
struct ipf_known_skip ipf_known_skip(const struct ipf_op *op, const struct ipf_known_geometry *g,
				     bool lazy_overlap, uint64_t leaves, uint64_t leaves_before,
				     uint32_t budget);
/* "leaf-budget: 16384 leaves > 8192": what a skip's detail means. */
void ipf_known_skip_format(const struct ipf_known_skip *s, char *buf, size_t cap);

/* --- decoding (engine/program/decode.c) --------------------------------------------------- */
/* A strict TTL reading only for inputs trusted with every bug switch. */
enum ipf_known_rule ipf_known_decode_ttl_strict(bool asked, uint64_t bugs_allowed, bool *keep);
/* The NS quirk, refused by the kernel at stage 2, is left out of a stage-2 configuration. */
enum ipf_known_rule ipf_known_decode_ns(bool asked, bool stage2, bool *keep);
/* A size drawn by a selector, halved to at most IPF_MAX_LEAVES leaves (halved: it was). */
enum ipf_known_rule ipf_known_decode_size_bound(bool halved);
/* Block sizes no level of the walk can hold are left out of a decoded bitmap: those to drop. */
enum ipf_known_rule ipf_known_decode_unholdable(const struct ipf_config *cfg, uint64_t *drop);

/* --- page-size vectors (engine/core/pgsize_vector.c) ------------------------------------ */
/* v5.12's word-size shift on a 32-bit kernel, gone with v5.15: an event to exempt. */
enum ipf_known_rule ipf_known_pgsize_event(enum ipf_event_kind kind);

#endif
