// SPDX-License-Identifier: GPL-2.0-only
/*
 * The known, legitimate differences between the participants, the work the
 * harness skips and the inputs it restricts, declared here and nowhere else
 * (include/iopgfuzz/known.h). Everything not excused here is compared; every
 * rule that applies is counted by its caller and reported by `iopgfuzz
 * stats` and `iopgfuzz run` (a skipped operation is named with its rule).
 */
#include <errno.h>
#include <stdio.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/iommu.h"
#include "iopgfuzz/known.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgsize.h"
#include "iopgfuzz/program.h"

static const struct ipf_known_rule_info rules[IPF_KNOWN_RULES] = {
	[IPF_KNOWN_NONE] = { "none", IPF_SCOPE_NONE, "no rule applies" },
	[IPF_KNOWN_COUNTERS] = { "counters", IPF_SCOPE_NEVER_COMPARED,
		"calls, walks, descriptor reads and gather syncs are what the series changes: "
		"reported by iopgfuzz stats, never compared" },
	[IPF_KNOWN_CALLER_WARN] = { "caller-warn", IPF_SCOPE_EXCUSE_EVENT,
		"WARNs a caller provokes on its own (mapping over a leaf, unmapping a hole, "
		"addresses beyond IAS/OAS): the per-page path and a run raise them a different "
		"number of times" },
	[IPF_KNOWN_NO_ACCESS_MAP] = { "no-access-map", IPF_SCOPE_EXCUSE_RETURN,
		"a map with neither READ nor WRITE: v5.12 returns 0 and maps nothing, "
		"6093cd582f8e (v5.15, every tree since) returns -EINVAL; same tables" },
	[IPF_KNOWN_FAILED_MAP_FLUSHES] = { "failed-map-flushes", IPF_SCOPE_EXCUSE_FLUSHES,
		"a failing map: map_pages checks a run before writing it, the per-page path "
		"unwinds what it mapped and invalidates it: flush sets are compared only for "
		"unmaps and successful maps" },
	[IPF_KNOWN_LAZY_IOVA_MAP] = { "lazy-iova-map", IPF_SCOPE_SKIP_OP,
		"a map into IOVA still in the flush queue: dma-iommu never hands it out "
		"before the queue is flushed" },
	[IPF_KNOWN_LAZY_TLB_CONFLICT] = { "lazy-tlb-conflict", IPF_SCOPE_EXCUSE_EVENT,
		"two TLB entries for one address while a flush queue is outstanding: a lazy "
		"unmap of part of a block splits it and defers the invalidation" },
	[IPF_KNOWN_IAS_CROSSING_MAP] = { "ias-crossing-map", IPF_SCOPE_SKIP_OP,
		"a map crossing the top of the IAS or OAS: io-pgtable-arm range-checks only "
		"the first page of a run (docs/kernel-findings.md)" },
	[IPF_KNOWN_RIL_SCALE] = { "ril-scale", IPF_SCOPE_SKIP_OP,
		"2^(32 + tg) bytes or more with SMMUv3 range invalidation: the driver's SCALE "
		"overflows (docs/kernel-findings.md)" },
	[IPF_KNOWN_LAZY_DMA] = { "lazy-dma", IPF_SCOPE_ALLOW_GOLDEN_DMA,
		"a device access to IOVA in the flush queue: the old translation may still be "
		"cached, in one engine and not the other; the golden model allows it" },
	[IPF_KNOWN_KERNEL_WARN] = { "kernel-warn", IPF_SCOPE_EXCUSE_EVENT,
		"a kernel tree's WARN (a function and a line) in an operation where the other "
		"participant raised a WARN a caller can provoke" },
	[IPF_KNOWN_LEAF_BUDGET] = { "leaf-budget", IPF_SCOPE_SKIP_OP,
		"an operation touching more leaves than the budget (8192 by default, a program "
		"4 times that; iopgfuzz run --max-leaves=N or leaves=N raise it)" },
	[IPF_KNOWN_TTL_STRICT_TRUSTED] = { "ttl-strict-trusted", IPF_SCOPE_RESTRICT_DECODING,
		"ttl=strict exposes the kernel's own block-split TTL hazard on every engine "
		"(docs/kernel-findings.md): decoded only for inputs trusted with every bug switch" },
	[IPF_KNOWN_NS_STAGE2] = { "ns-stage2", IPF_SCOPE_RESTRICT_DECODING,
		"the NS quirk at stage 2, which the kernel refuses: left out of a decoded "
		"configuration" },
	[IPF_KNOWN_UNHOLDABLE_BLOCKS] = { "unholdable-blocks", IPF_SCOPE_RESTRICT_DECODING,
		"block sizes no level of the walk holds (64K granule, OAS > 48, a short IAS: "
		"4T): left out of a decoded bitmap (corpus/regress/unholdable-4t.txt)" },
	[IPF_KNOWN_DECODED_SIZE_BOUND] = { "decoded-size-bound", IPF_SCOPE_RESTRICT_DECODING,
		"a size drawn by a selector is halved until the request touches at most 4096 "
		"leaves (IPF_MAX_LEAVES), so a fuzz input stays fast; literal sizes are as given" },
	[IPF_KNOWN_S2_START_BEFORE_V6_14] = { "s2-start-before-v6.14", IPF_SCOPE_EXCUSE_EVENT,
		"before v6.14 (4dcac8407fe1) stage 2 starts where the architecture forbids it "
		"(16K with PA 40 or IAS 48, 4K with PA 40/42 and IAS 44+): the kernel's own bug "
		"in those profiles, a finding from profile=v6.14 on" },
	[IPF_KNOWN_PGSIZE_WIDE_SHIFT] = { "pgsize-wide-shift", IPF_SCOPE_EXEMPT_PGSIZE_VECTOR,
		"v5.12's iommu_pgsize shifts by the word size for 2 GiB or more on a 32-bit "
		"kernel, gone with v5.15's GENMASK: not a finding about v5.15" },
	[IPF_KNOWN_BATCHED_FLUSH_ORDER] = { "batched-flush-order", IPF_SCOPE_EXCUSE_FLUSHES,
		"from v6.12 (85b715a33458) unmap_pages invalidates a run's tables before its "
		"leaves: an unmap's flush calls must be the same calls, in any order" },
	[IPF_KNOWN_LAZY_FLUSH_ORDER] = { "lazy-flush-order", IPF_SCOPE_EXCUSE_FLUSHES,
		"a lazy unmap: both engines defer leaf invalidation with a queued gather, but "
		"the per-page and the *_pages paths make different tlb_add_page calls on the way (a split block's: "
		"corpus/regress/lazy-split-dma.txt); their flush sets are compared, the calls' "
		"order only for strict requests" },
};

const struct ipf_known_rule_info *ipf_known_rule(enum ipf_known_rule rule)
{
	return &rules[(unsigned)rule < IPF_KNOWN_RULES ? rule : IPF_KNOWN_NONE];
}

const char *ipf_known_scope_name(enum ipf_known_scope scope)
{
	static const char *const names[] = {
		[IPF_SCOPE_NONE] = "none", [IPF_SCOPE_NEVER_COMPARED] = "never compared",
		[IPF_SCOPE_EXCUSE_EVENT] = "excuse an event",
		[IPF_SCOPE_EXCUSE_RETURN] = "excuse a return",
		[IPF_SCOPE_EXCUSE_FLUSHES] = "excuse flushes", [IPF_SCOPE_SKIP_OP] = "skip an op",
		[IPF_SCOPE_ALLOW_GOLDEN_DMA] = "allow a golden DMA result",
		[IPF_SCOPE_RESTRICT_DECODING] = "restrict decoding",
		[IPF_SCOPE_EXEMPT_PGSIZE_VECTOR] = "exempt a page-size vector",
	};

	return scope <= IPF_SCOPE_EXEMPT_PGSIZE_VECTOR ? names[scope] : "?";
}

static bool caller_provoked(enum ipf_event_kind kind)
{
	return kind == IPF_EV_MAP_EXISTS || kind == IPF_EV_UNMAP_EMPTY ||
	       kind == IPF_EV_UNMAP_PARTIAL_BLOCK || kind == IPF_EV_ALLOC_CONCAT_REFUSED ||
	       kind == IPF_EV_MAP_OUT_OF_RANGE || kind == IPF_EV_UNMAP_OUT_OF_RANGE;
}

enum ipf_known_rule ipf_known_event(enum ipf_event_kind kind, bool lazy, bool partner_warned,
				    enum ipf_profile profile)
{
	if (caller_provoked(kind))
		return IPF_KNOWN_CALLER_WARN;
	if (kind == IPF_EV_SMMU_BAD_S2_START &&
	    !ipf_profile_has(profile, IPF_CHANGE_CONCAT_MANDATORY))
		return IPF_KNOWN_S2_START_BEFORE_V6_14;
	if (kind == IPF_EV_SMMU_TLB_CONFLICT && lazy)
		return IPF_KNOWN_LAZY_TLB_CONFLICT;
	if (kind == IPF_EV_KERNEL_WARN && partner_warned)
		return IPF_KNOWN_KERNEL_WARN;
	return IPF_KNOWN_NONE;
}

bool ipf_known_caller_warning(enum ipf_event_kind kind)
{
	return caller_provoked(kind) || kind == IPF_EV_KERNEL_WARN;
}

static bool no_access_map(const struct ipf_op *op)
{
	return op->kind == IPF_OP_MAP && !(op->prot & (IOMMU_READ | IOMMU_WRITE));
}

enum ipf_known_rule ipf_known_return_difference(const struct ipf_op *op, int64_t ret0,
						int64_t ret1, bool in_flush_queue)
{
	if (op->kind == IPF_OP_DMA || op->kind == IPF_OP_PREFETCH)
		return in_flush_queue ? IPF_KNOWN_LAZY_DMA : IPF_KNOWN_NONE;
	return no_access_map(op) && ret0 == 0 && ret1 == -EINVAL ? IPF_KNOWN_NO_ACCESS_MAP
								   : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_golden_return(const struct ipf_op *op, enum ipf_engine baseline,
					    int64_t golden, int64_t ret)
{
	return baseline != IPF_ENGINE_REF && no_access_map(op) && golden == 0 && ret == -EINVAL
		       ? IPF_KNOWN_NO_ACCESS_MAP
		       : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_golden_dma(bool in_flush_queue)
{
	return in_flush_queue ? IPF_KNOWN_LAZY_DMA : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_flushes(const struct ipf_op *op, int64_t ret0, int64_t ret1,
				      bool *compare)
{
	*compare = op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY ||
		   (op->kind == IPF_OP_MAP && ret0 == 0 && ret1 == 0);
	return op->kind == IPF_OP_MAP && !*compare ? IPF_KNOWN_FAILED_MAP_FLUSHES : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_flush_order(const struct ipf_op *op, bool non_strict,
					  enum ipf_profile profile)
{
	bool lazy = op->kind == IPF_OP_UNMAP_LAZY || (op->kind == IPF_OP_UNMAP && non_strict);

	if (lazy)
		return IPF_KNOWN_LAZY_FLUSH_ORDER;
	if (op->kind == IPF_OP_UNMAP && ipf_profile_has(profile, IPF_CHANGE_UNMAP_BATCHED))
		return IPF_KNOWN_BATCHED_FLUSH_ORDER;
	return IPF_KNOWN_NONE;
}

struct ipf_known_skip ipf_known_skip(const struct ipf_op *op, const struct ipf_known_geometry *g,
				     bool lazy_overlap, uint64_t leaves, uint64_t leaves_before,
				     uint32_t budget)
{
	uint64_t top = 1ULL << g->ias, otop = 1ULL << g->oas, op_budget, prog_budget;

	if (op->kind != IPF_OP_MAP && op->kind != IPF_OP_UNMAP && op->kind != IPF_OP_UNMAP_LAZY)
		return (struct ipf_known_skip){ IPF_KNOWN_NONE, 0, 0 };
	if (g->range_inv && g->tg + 32 < 64 && op->size >> (g->tg + 32))
		return (struct ipf_known_skip){ IPF_KNOWN_RIL_SCALE, op->size, 1ULL << (g->tg + 32) };
	if (op->kind == IPF_OP_MAP && op->iova < top && op->size > top - op->iova)
		return (struct ipf_known_skip){ IPF_KNOWN_IAS_CROSSING_MAP, op->iova + op->size, top };
	if (op->kind == IPF_OP_MAP && op->paddr < otop && op->size > otop - op->paddr)
		return (struct ipf_known_skip){ IPF_KNOWN_IAS_CROSSING_MAP, op->paddr + op->size,
						otop };
	if (op->kind == IPF_OP_MAP && lazy_overlap)
		return (struct ipf_known_skip){ IPF_KNOWN_LAZY_IOVA_MAP, op->iova, op->size };
	op_budget = budget ? budget : IPF_LEAF_BUDGET_DEFAULT;
	prog_budget = op_budget * IPF_LEAF_BUDGET_PROGRAM;
	if (leaves > op_budget)
		return (struct ipf_known_skip){ IPF_KNOWN_LEAF_BUDGET, leaves, op_budget };
	if (leaves_before + leaves > prog_budget)
		return (struct ipf_known_skip){ IPF_KNOWN_LEAF_BUDGET, leaves_before + leaves,
						prog_budget };
	return (struct ipf_known_skip){ IPF_KNOWN_NONE, 0, 0 };
}

void ipf_known_skip_format(const struct ipf_known_skip *s, char *buf, size_t cap)
{
	const char *name = ipf_known_rule(s->rule)->name;
	unsigned long long a = s->a, b = s->b;

	switch (s->rule) {
	case IPF_KNOWN_LEAF_BUDGET:
		snprintf(buf, cap, "%s (%llu leaves > %llu; --max-leaves= raises it)", name, a, b);
		break;
	case IPF_KNOWN_RIL_SCALE:
		snprintf(buf, cap, "%s (size 0x%llx >= 0x%llx)", name, a, b);
		break;
	case IPF_KNOWN_IAS_CROSSING_MAP:
		snprintf(buf, cap, "%s (ends at 0x%llx, beyond 0x%llx)", name, a, b);
		break;
	case IPF_KNOWN_LAZY_IOVA_MAP:
		snprintf(buf, cap, "%s (0x%llx+0x%llx still in the flush queue)", name, a, b);
		break;
	default:
		snprintf(buf, cap, "%s", name);
		break;
	}
}

enum ipf_known_rule ipf_known_decode_ttl_strict(bool asked, uint64_t bugs_allowed, bool *keep)
{
	*keep = asked && bugs_allowed == ~0ULL;
	return asked && !*keep ? IPF_KNOWN_TTL_STRICT_TRUSTED : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_decode_ns(bool asked, bool stage2, bool *keep)
{
	*keep = asked && !stage2;
	return asked && stage2 ? IPF_KNOWN_NS_STAGE2 : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_decode_size_bound(bool halved)
{
	return halved ? IPF_KNOWN_DECODED_SIZE_BOUND : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_decode_unholdable(const struct ipf_config *cfg, uint64_t *drop)
{
	struct ipf_geometry geo;
	struct arm_lpae_walk w;

	*drop = 0;
	ipf_config_geometry(cfg, &geo);
	/* A configuration io-pgtable refuses keeps its bitmap: the refusal is the point. */
	if (arm_lpae_walk_geometry(cfg->domain.fmt, &(struct io_pgtable_cfg){
					   .pgsize_bitmap = geo.pgsize_bitmap, .ias = geo.ias,
					   .oas = geo.oas }, cfg->domain.profile, &w))
		return IPF_KNOWN_NONE;
	/* Only what the kernel would keep: the rest it drops itself. */
	*drop = cfg->domain.pgsize_bitmap & geo.pgsize_bitmap &
		~genmask64((unsigned int)(ARM_LPAE_MAX_LEVELS - w.start_level) *
				   (unsigned int)w.bits_per_level + 3, 0);
	return *drop ? IPF_KNOWN_UNHOLDABLE_BLOCKS : IPF_KNOWN_NONE;
}

enum ipf_known_rule ipf_known_pgsize_event(enum ipf_event_kind kind)
{
	return kind == IPF_EV_PGSIZE_WIDE_SHIFT ? IPF_KNOWN_PGSIZE_WIDE_SHIFT : IPF_KNOWN_NONE;
}
