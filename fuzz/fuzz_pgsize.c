// SPDX-License-Identifier: MIT
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
#include "iopgfuzz/bitops.h"
#include "iopgfuzz/pgsize.h"
#include "target.h"

#define MAX_PAGES 4096

static uint64_t le64(const uint8_t *data, size_t size, size_t off)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8 && off + i < size; i++)
		v |= (uint64_t)data[off + i] << (8 * i);
	return v;
}

/* The largest size of the bitmap that fits size and divides addr, or 0. */
static uint64_t brute_pgsize(uint64_t bitmap, uint64_t addr, uint64_t size)
{
	for (int b = 63; b >= 0; b--) {
		uint64_t s = 1ULL << b;

		if ((bitmap & s) && s <= size && !(addr & (s - 1)))
			return s;
	}
	return 0;
}

static int fail(const char *what, uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size)
{
	char detail[200];

	snprintf(detail, sizeof(detail),
		 "%s: bitmap 0x%" PRIx64 " iova 0x%" PRIx64 " paddr 0x%" PRIx64 " size 0x%" PRIx64,
		 what, bitmap, iova, paddr, size);
	ipf_fuzz_abort("pgsize", detail);
	return 0; /* --ipf-count-only */
}

/* The bugs of --ipf-bugs; its counts go to the target's total after each input. */
static struct ipf_ctx bug_ctx;

static void count_hits(void)
{
	ipf_fuzz_count_hits(&bug_ctx.bug_hits);
	memset(&bug_ctx.bug_hits, 0, sizeof(bug_ctx.bug_hits));
}

static int one_input(const uint8_t *data, size_t size)
{
	struct ipf_pgsize_arith a = { .long_bits = size > 32 && (data[32] & 1) ? 32 : 64,
				      .ctx = &bug_ctx };
	uint64_t mask = a.long_bits == 32 ? 0xffffffffULL : ~0ULL;
	uint64_t bitmap = le64(data, size, 0) & mask, iova = le64(data, size, 8) & mask;
	uint64_t paddr = le64(data, size, 16), len = le64(data, size, 24) & mask;
	uint64_t min, pages = 0;
	struct ipf_events ev;

	bug_ctx.bugs = ipf_fuzz_bugs();
	if (!bitmap)
		return 0;
	/* What the core guarantees before it asks: everything aligned to the smallest page. */
	min = bitmap & -bitmap;
	iova &= ~(min - 1);
	paddr &= ~(min - 1);
	len &= ~(min - 1);
	if (a.long_bits == 32)
		paddr &= mask;
	/* A request never wraps the address space: iova + size fits in unsigned long. */
	if (len > mask - iova)
		len = (mask - iova) & ~(min - 1);
	memset(&ev, 0, sizeof(ev));
	while (len && pages < MAX_PAGES) {
		uint64_t count, pgsize = iommu_pgsize_v515(bitmap, iova, paddr, len, &count, &a, &ev);
		uint64_t one = iommu_pgsize_v512(bitmap, iova | paddr, len, &a, &ev);

		if (!pgsize || !ipf_pgsize_check(bitmap, iova, paddr, len, pgsize, count, &ev))
			return fail("(pgsize, count) violates the core's contract", bitmap, iova,
				    paddr, len);
		if (one != pgsize || one != brute_pgsize(bitmap, iova | paddr, len))
			return fail("page size differs from the brute force", bitmap, iova, paddr, len);
		/* Each page of the run is what the one-page form picks at that point. */
		for (uint64_t k = 0; k < count && pages < MAX_PAGES; k++, pages++) {
			if (brute_pgsize(bitmap, iova | paddr, len) != pgsize)
				return fail("a run goes past where a larger page fits", bitmap,
					    iova, paddr, len);
			iova += pgsize;
			paddr += pgsize;
			len -= pgsize;
		}
	}
	/*
	 * v5.12 shifts by the word size for a request of 2^31 bytes or more on a
	 * 32-bit kernel ((1UL << 32) - 1): undefined, gone with v5.15's GENMASK.
	 * A known property of the old kernel (README), not a finding here.
	 */
	if (ev.total - ev.count[IPF_EV_PGSIZE_WIDE_SHIFT])
		return fail("an event", bitmap, iova, paddr, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one_input(data, size);
	count_hits();
	return 0;
}
