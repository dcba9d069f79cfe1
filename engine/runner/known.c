// SPDX-License-Identifier: GPL-2.0-only
/*
 * The known, legitimate differences between the participants, declared
 * here and nowhere else. Everything not excused here is compared.
 *
 * 1. Counters (calls, walks, descriptor reads, syncs forced by the gather):
 *    the point of the series; never compared, reported by `iopgfuzz stats`.
 * 2. Kernel WARNs a caller can provoke on its own (mapping over a leaf,
 *    unmapping a hole, addresses beyond IAS/OAS): expected, and the two
 *    engines raise them a different number of times (a run stops at a hole
 *    and the core calls again, where v5.12 stopped once).
 * 3. map with neither READ nor WRITE: v5.12 returns 0 and maps nothing;
 *    the optimised engine carries 6093cd582f8e and returns -EINVAL, and so
 *    does every kernel tree since (6.1, 6.12). Same tables either way. The
 *    golden model answers as v5.12 did, so the same goes for it against a
 *    baseline that is not ref.
 * 4. A failing map: map_pages checks a whole run before writing it, the
 *    per-page path maps the pages before the failure and unwinds them. Same
 *    tables, but the reference issues invalidations the optimised one never
 *    needs: flush sets are compared only for unmaps and successful maps.
 * 5. A map into IOVA still waiting in the flush queue (unmapped lazily, no
 *    flush_iotlb_all since): dma-iommu never hands such IOVA out again
 *    before the queue is flushed; skipped and counted.
 * 6. Two TLB entries for one address while a flush queue is outstanding
 *    (lazy unmaps since the last flush_iotlb_all): a flush-queue unmap of
 *    part of a block splits it and defers the invalidation, so the old
 *    block entry and the new pages' entries may both be cached anywhere in
 *    the block until the queue drains (dma-iommu never unmaps part of a
 *    mapping; a program can).
 * 7. A map crossing the top of the IAS (or its paddr the top of the OAS):
 *    io-pgtable-arm range-checks only the first page of a call, so a
 *    map_pages run goes past the IAS into the pgd's unused tail where the
 *    per-page path fails with -ERANGE (see README, "What the model found").
 *    A kernel behaviour, not a harness finding: such operations are skipped
 *    and counted.
 * 8. A map or unmap of 2^(32 + tg) bytes or more (tg: the smallest page
 *    size) on an SMMUv3 with range invalidation: the driver's SCALE
 *    overflows and one page is invalidated instead of the range (README,
 *    "What the model found"). With 64K pages and 4T blocks that is 64
 *    blocks, within any leaf budget; skipped and counted.
 * 9. A device access (dma, prefetch) to IOVA still waiting in the flush
 *    queue: the old translation may still be cached in one engine's TLB and
 *    not the other's, because the two paths invalidate different ranges on
 *    the way (a lazy unmap that splits a block: the per-page path syncs when
 *    its gather turns disjoint, unmap_pages's gather stays one range). The
 *    engines are not compared with each other there; each is judged by the
 *    golden model, which allows the stale translation (check_dma).
 * 10. A WARN in a kernel tree's code (engine "kernel") is untyped: a
 *    function and a line. It is excused in an operation where the other
 *    participant raised one of rule 2's WARNs, or (two trees) WARNed too:
 *    the tree warned where the model says a caller provoked it. A kernel
 *    WARN anywhere else is a finding.
 */
#include <errno.h>

#include "known.h"

bool ipf_known_expected_event(enum ipf_event_kind kind)
{
	switch (kind) {
	case IPF_EV_MAP_EXISTS:
	case IPF_EV_UNMAP_EMPTY:
	case IPF_EV_MAP_OUT_OF_RANGE:
	case IPF_EV_UNMAP_OUT_OF_RANGE:
		return true;
	default:
		return false;
	}
}

bool ipf_known_caller_warning(enum ipf_event_kind kind)
{
	return ipf_known_expected_event(kind) || kind == IPF_EV_KERNEL_WARN;
}

bool ipf_known_kernel_warn(enum ipf_event_kind kind, bool partner_warned)
{
	return kind == IPF_EV_KERNEL_WARN && partner_warned;
}

bool ipf_known_lazy_event(enum ipf_event_kind kind)
{
	return kind == IPF_EV_SMMU_TLB_CONFLICT;
}

bool ipf_known_return_difference(const struct ipf_op *op, int64_t ref, int64_t opt,
				 bool in_flush_queue)
{
	if (op->kind == IPF_OP_DMA || op->kind == IPF_OP_PREFETCH)
		return in_flush_queue;
	return op->kind == IPF_OP_MAP && !(op->prot & (IOMMU_READ | IOMMU_WRITE)) && ref == 0 &&
	       opt == -EINVAL;
}

bool ipf_known_golden_return(const struct ipf_op *op, enum ipf_engine baseline, int64_t golden,
			     int64_t ret)
{
	return baseline != IPF_ENGINE_REF && op->kind == IPF_OP_MAP &&
	       !(op->prot & (IOMMU_READ | IOMMU_WRITE)) && golden == 0 && ret == -EINVAL;
}

bool ipf_known_compare_flushes(const struct ipf_op *op, int64_t ref, int64_t opt)
{
	if (op->kind == IPF_OP_MAP)
		return ref == 0 && opt == 0;
	return op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY;
}

bool ipf_known_skip(const struct ipf_op *op, const struct ipf_known_geometry *g)
{
	uint64_t top = 1ULL << g->ias, otop = 1ULL << g->oas;

	if (op->kind != IPF_OP_MAP && op->kind != IPF_OP_UNMAP && op->kind != IPF_OP_UNMAP_LAZY)
		return false;
	if (g->range_inv && g->tg + 32 < 64 && op->size >> (g->tg + 32))
		return true;
	if (op->kind != IPF_OP_MAP)
		return false;
	return (op->iova < top && op->size > top - op->iova) ||
	       (op->paddr < otop && op->size > otop - op->paddr);
}
