// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-size selection: iommu_pgsize() in both forms against a brute-force
 * reference, over arbitrary bitmaps (the top bits too), addresses and
 * sizes, in 64- and 32-bit arithmetic. Every (pgsize, count) must be one
 * the kernel may act on, and the runs must expand to exactly the pages the
 * brute force picks one at a time.
 *
 * Input: bitmap u64, iova u64, paddr u64, size u64, then a flags byte
 * (bit 0: 32-bit unsigned long). Missing bytes read as 0.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "findings.h"
#include "iopgfuzz/pgsize_vector.h"
#include "target.h"

/* The bugs of --ipf-bugs; its counts go to the target's total after each input. */
static struct ipf_ctx bug_ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipf_pgsize_vector v;
	const char *why;

	bug_ctx.bugs = ipf_fuzz_bugs();
	ipf_pgsize_vector_decode(&v, data, size);
	why = ipf_pgsize_vector_check(&v, &bug_ctx);
	ipf_fuzz_count_hits(&bug_ctx.bug_hits);
	memset(&bug_ctx.bug_hits, 0, sizeof(bug_ctx.bug_hits));
	if (why) {
		char detail[200];

		snprintf(detail, sizeof(detail),
			 "%s: bitmap 0x%" PRIx64 " iova 0x%" PRIx64 " paddr 0x%" PRIx64
			 " size 0x%" PRIx64 "%s", why, v.bitmap, v.iova, v.paddr, v.size,
			 v.long_bits == 32 ? " (32-bit)" : "");
		ipf_fuzz_abort("pgsize", detail);
	}
	return 0;
}
