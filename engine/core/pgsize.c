// SPDX-License-Identifier: GPL-2.0-only
#include "iopgfuzz/bitops.h"
#include "iopgfuzz/pgsize.h"

static uint64_t ulong_mask(const struct ipf_pgsize_arith *a)
{
	return a && a->long_bits == 32 ? 0xffffffffULL : ~0ULL;
}

/* (1UL << (idx + 1)) - 1, which is undefined when idx + 1 reaches the word size. */
static uint64_t mask_up_to(unsigned int idx, uint64_t ulong, uint64_t iova, struct ipf_events *ev)
{
	unsigned int bits = ulong == ~0ULL ? 64 : 32;

	if (idx + 1 >= bits) {
		ipf_event(ev, IPF_EV_PGSIZE_WIDE_SHIFT, iova, idx + 1);
		return ulong;
	}
	return (1ULL << (idx + 1)) - 1;
}

uint64_t iommu_pgsize_v512(uint64_t bitmap, uint64_t addr_merge, uint64_t size,
			   const struct ipf_pgsize_arith *a, struct ipf_events *ev)
{
	uint64_t ulong = ulong_mask(a);
	unsigned int idx;
	uint64_t pgsizes;

	bitmap &= ulong;
	addr_merge &= ulong;
	size &= ulong;
	if (!size) {
		ipf_event(ev, IPF_EV_PGSIZE_NO_SIZE, addr_merge, size);
		return 0;
	}
	idx = fls64(size);
	if (addr_merge && ffs64(addr_merge) < idx)
		idx = ffs64(addr_merge);

	pgsizes = mask_up_to(idx, ulong, addr_merge, ev) & bitmap;
	if (!pgsizes) {
		ipf_event(ev, IPF_EV_PGSIZE_NO_SIZE, addr_merge, size);
		return 0;
	}
	return 1ULL << fls64(pgsizes);
}

uint64_t iommu_pgsize_v515(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			   uint64_t *count, const struct ipf_pgsize_arith *a,
			   struct ipf_events *ev)
{
	uint64_t ulong = ulong_mask(a);
	uint64_t addr_merge, pgsizes, pgsize, pgsize_next, offset, sum;
	struct ipf_ctx *ctx = a ? a->ctx : NULL;
	unsigned int pgsize_idx;
	bool wrapped, bounded;

	bitmap &= ulong;
	iova &= ulong;
	size &= ulong;
	addr_merge = (paddr | iova) & ulong;
	*count = 0;
	if (!size) {
		ipf_event(ev, IPF_EV_PGSIZE_NO_SIZE, iova, size);
		return 0;
	}

	pgsizes = bitmap & genmask64(fls64(size), 0);
	if (addr_merge)
		pgsizes &= genmask64(ffs64(addr_merge), 0);
	if (!pgsizes) {
		ipf_event(ev, IPF_EV_PGSIZE_NO_SIZE, iova, size);
		return 0;
	}
	pgsize_idx = fls64(pgsizes);
	pgsize = 1ULL << pgsize_idx;

	/* The next larger supported size: worth stopping at its boundary? */
	pgsizes = bitmap & ~genmask64(pgsize_idx, 0);
	if (!pgsizes)
		goto out_set_count;
	pgsize_next = 1ULL << ffs64(pgsizes);

	/* iova and paddr can never be co-aligned for the next size. */
	if ((iova ^ paddr) & (pgsize_next - 1))
		goto out_set_count;

	/* Room for a larger page after the boundary: stop the run there. */
	offset = (pgsize_next - (addr_merge & (pgsize_next - 1))) & ulong;
	sum = offset + pgsize_next;
	wrapped = sum < offset || sum > ulong;
	bounded = !wrapped && sum <= size;
	/* Before e586e22974d2 the sum wrapped and a run could outgrow size. */
	if (ipf_bug_site(ctx, IPF_BUG_PGSIZE_OVERFLOW, wrapped && ((sum & ulong) <= size) != bounded))
		bounded = !bounded;
	if (ipf_bug_site(ctx, IPF_BUG_PGSIZE_UNBOUNDED, bounded))
		bounded = false;
	if (bounded)
		size = offset;

out_set_count:
	*count = size >> pgsize_idx;
	return pgsize;
}

bool ipf_pgsize_check(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
		      uint64_t pgsize, uint64_t count, struct ipf_events *ev)
{
	bool ok = true;

	if (!is_pow2_64(pgsize) || !(bitmap & pgsize)) {
		ipf_event(ev, IPF_EV_PGSIZE_NOT_IN_BITMAP, iova, pgsize);
		ok = false;
	} else if ((iova | paddr) & (pgsize - 1)) {
		ipf_event(ev, IPF_EV_PGSIZE_MISALIGNED, iova, pgsize);
		ok = false;
	}
	if (!count || (pgsize && count > size / pgsize)) {
		ipf_event(ev, IPF_EV_PGSIZE_BAD_COUNT, iova, count);
		ok = false;
	}
	return ok;
}

uint64_t iommu_pgsize_leaves(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			     uint64_t limit)
{
	uint64_t n = 0, count;

	while (size && n <= limit) {
		uint64_t pgsize = iommu_pgsize_v515(bitmap, iova, paddr, size, &count, NULL, NULL);

		if (!pgsize)
			return limit + 1;
		n += count;
		iova += pgsize * count;
		paddr += pgsize * count;
		size -= pgsize * count;
	}
	return n;
}
