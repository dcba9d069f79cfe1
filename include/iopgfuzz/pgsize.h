// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommu_pgsize(): which page size the core asks the driver for.
 *   v5.12  one page: the largest supported size that fits size and the
 *          alignment of iova|paddr;
 *   v5.15  (pgsize, count): the same page size, and how many of them to
 *          map before a larger supported size could take over.
 * Both can run with a 32-bit `unsigned long` (a 32-bit kernel) to reach
 * the arithmetic the kernel really does there. Every call checks the
 * properties the kernel relies on and reports a violation as an event.
 */
#ifndef IOPGFUZZ_PGSIZE_H
#define IOPGFUZZ_PGSIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/ctx.h"
#include "iopgfuzz/events.h"

struct ipf_pgsize_arith {
	unsigned int long_bits;  /* 64, or 32 for a 32-bit kernel */
	struct ipf_ctx *ctx;     /* the bugs v5.15 carries, and their counts; may be NULL */
};

/* v5.12. Returns 0 when no size fits (the kernel's BUG_ON). */
uint64_t iommu_pgsize_v512(uint64_t bitmap, uint64_t addr_merge, uint64_t size,
			   const struct ipf_pgsize_arith *a, struct ipf_events *ev);

/* v5.15. Returns 0 with *count = 0 when no size fits. */
uint64_t iommu_pgsize_v515(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			   uint64_t *count, const struct ipf_pgsize_arith *a,
			   struct ipf_events *ev);

/*
 * Leaves a request becomes: the v5.15 core's runs, counted run by run, up to
 * `limit` (a request no page size fits, not granule aligned, counts limit + 1).
 * What the decoder's size bound and the runner's leaf budget both count.
 */
uint64_t iommu_pgsize_leaves(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			     uint64_t limit);

/*
 * The properties of one answer: pgsize in the bitmap, dividing iova|paddr,
 * 1 <= count, count * pgsize <= size. Reports each violation; returns true
 * when all hold.
 */
bool ipf_pgsize_check(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
		      uint64_t pgsize, uint64_t count, struct ipf_events *ev);

#endif
