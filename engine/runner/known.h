// SPDX-License-Identifier: GPL-2.0-only
/* Private to engine/runner: the declared differences (known.c). */
#ifndef IOPGFUZZ_RUNNER_KNOWN_H
#define IOPGFUZZ_RUNNER_KNOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/program.h"

bool ipf_known_expected_event(enum ipf_event_kind kind);
/*
 * A kernel tree's WARN (untyped: a function and line) in an operation where
 * the other participant raised a WARN a caller can provoke, or WARNed too.
 */
bool ipf_known_kernel_warn(enum ipf_event_kind kind, bool partner_warned);
/* Does this new event of a participant count as "it warned" for the other one? */
bool ipf_known_caller_warning(enum ipf_event_kind kind);
/* Allowed at an address still waiting in the flush queue. */
bool ipf_known_lazy_event(enum ipf_event_kind kind);
/* in_flush_queue: op's IOVA was unmapped lazily since the last flush_iotlb_all. */
bool ipf_known_return_difference(const struct ipf_op *op, int64_t ref, int64_t opt,
				 bool in_flush_queue);
/* Rule 3 against the golden model (which returns as v5.12 did), for a baseline that is not ref. */
bool ipf_known_golden_return(const struct ipf_op *op, enum ipf_engine baseline, int64_t golden,
			     int64_t ret);
bool ipf_known_compare_flushes(const struct ipf_op *op, int64_t ref, int64_t opt);
/* What a skip depends on: the domain's IAS/OAS, its smallest page, RIL on an SMMUv3. */
struct ipf_known_geometry {
	unsigned int ias, oas, tg;
	bool range_inv;
};

bool ipf_known_skip(const struct ipf_op *op, const struct ipf_known_geometry *g);

#endif
