// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipf_run: one program, every participant, one verdict. The loop is
 * visible in ipf_run(); each comparison is a small function that fills the
 * verdict and returns true when it found something.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/kernel.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/runner.h"
#include "runner_internal.h"

#define PREFILL_WALKS (1u << 13)

#define FLUSH_KINDS (IPF_TR_BIT(IPF_TR_FLUSH_ALL) | IPF_TR_BIT(IPF_TR_FLUSH_WALK) | \
		     IPF_TR_BIT(IPF_TR_ADD_PAGE) | IPF_TR_BIT(IPF_TR_IOTLB_SYNC))

static const char *const check_names[IPF_CHECKS] = {
	[IPF_CHECK_EVENT] = "event",
	[IPF_CHECK_RETURN] = "return",
	[IPF_CHECK_GOLDEN_RETURN] = "golden-return",
	[IPF_CHECK_TABLES] = "translation",
	[IPF_CHECK_DMA] = "dma",
	[IPF_CHECK_FLUSH] = "flush",
	[IPF_CHECK_STRUCTURE] = "structure",
	[IPF_CHECK_IOVA_TO_PHYS] = "iova-to-phys",
};

const char *ipf_check_name(enum ipf_check check)
{
	return (unsigned)check < IPF_CHECKS ? check_names[check] : "?";
}

static void domain_trace(void *ctx, const struct ipf_trace *t)
{
	struct participant *pt = ctx;

	flushes_record(&pt->fl, t);
	flush_seq_record(&pt->seq, t);
	if (pt->r->tracer.engine)
		pt->r->tracer.engine(pt->r->tracer.ctx, pt->engine, t);
}

static void smmu_trace(void *ctx, const struct ipf_smmu_cmd_trace *t)
{
	struct participant *pt = ctx;

	pt->r->tracer.smmu(pt->r->tracer.ctx, pt->engine, t);
}

struct ipf_runner *ipf_runner_create(void)
{
	struct ipf_runner *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	for (int e = 0; e < IPF_ENGINES; e++) {
		struct participant *pt = &r->part[e];

		pt->engine = (enum ipf_engine)e;
		pt->r = r;
		pt->tracer = (struct ipf_tracer){ .fn = domain_trace, .ctx = pt, .kinds = FLUSH_KINDS };
		if (ipf_pgmem_init(&pt->mem, NULL)) {
			ipf_runner_destroy(r);
			return NULL;
		}
		pt->mem_ready = true;
		/* One SMMU for the runner's life, reconfigured for every program. */
		pt->smmu = ipf_smmu_create(NULL, &pt->mem, &pt->ev);
		if (!pt->smmu) {
			ipf_runner_destroy(r);
			return NULL;
		}
	}
	r->golden = golden_alloc(&(struct golden_cfg){ .granule = SZ_4K, .pgsize_bitmap = SZ_4K,
						       .ias = 48, .oas = 48 }, 0, NULL);
	if (!r->golden) {
		ipf_runner_destroy(r);
		return NULL;
	}
	return r;
}

void ipf_runner_destroy(struct ipf_runner *r)
{
	if (!r)
		return;
	for (int e = 0; e < IPF_ENGINES; e++) {
		ipf_smmu_destroy(r->part[e].smmu);
		if (r->part[e].mem_ready)
			ipf_pgmem_destroy(&r->part[e].mem);
		flushes_free(&r->part[e].fl);
		flush_seq_free(&r->part[e].seq);
	}
	free(r->ref_leaves.v);
	for (int e = 0; e < IPF_ENGINES; e++)
		free(r->pv[e].v);
	free(r->lazy.v);
	free(r->unchecked.v);
	golden_destroy(r->golden);
	free(r);
}

void ipf_runner_set_tracer(struct ipf_runner *r, const struct ipf_run_tracer *tracer)
{
	r->tracer = tracer ? *tracer : (struct ipf_run_tracer){ 0 };
	/* Without a tracer of its own the runner needs the flush ops only. */
	for (int e = 0; e < IPF_ENGINES; e++)
		r->part[e].tracer.kinds = r->tracer.engine ? 0 : FLUSH_KINDS;
}

static void verdict(struct ipf_verdict *v, enum ipf_check check, int engine, uint32_t op,
		    uint64_t iova, uint64_t ref, uint64_t opt, const char *detail)
{
	*v = (struct ipf_verdict){
		.kind = IPF_VERDICT_FINDING, .check = check, .engine = engine, .slot = engine, .op_index = op,
		.iova = iova, .ref_value = ref, .opt_value = opt,
	};
	snprintf(v->detail, sizeof(v->detail), "%s", detail);
}

/* The engines p names, their trees found in this build; false (v filled) if one is missing. */
static bool choose_engines(struct ipf_runner *r, const struct ipf_program *p,
			   struct ipf_domain_cfg dcfg[IPF_ENGINES], struct ipf_verdict *v)
{
	for (int e = 0; e < IPF_ENGINES; e++) {
		dcfg[e] = p->cfg.domain;
		r->part[e].engine = p->cfg.engines[e];
		r->stats.engines[e] = p->cfg.engines[e];
		if (!ipf_engine_is_kernel(p->cfg.engines[e]))
			continue;
		dcfg[e].kernel = ipf_kernel_variant_find(p->cfg.kernel[e]);
		if (!dcfg[e].kernel) {
			*v = (struct ipf_verdict){ .kind = IPF_VERDICT_UNUSABLE, .engine = -1,
						   .slot = -1 };
			snprintf(v->detail, sizeof(v->detail),
				 "this build has no kernel tree '%s' (iopgfuzz kernels lists them)",
				 p->cfg.kernel[e]);
			return false;
		}
		if (p->cfg.engines[e] == IPF_ENGINE_KERNEL_CORE && !dcfg[e].kernel->core) {
			*v = (struct ipf_verdict){ .kind = IPF_VERDICT_UNUSABLE, .engine = -1,
						   .slot = -1 };
			snprintf(v->detail, sizeof(v->detail),
				 "kernel tree '%s' has no kernel-core in this build (its iommu.c "
				 "could not be taken apart: see cmake's output)", p->cfg.kernel[e]);
			return false;
		}
	}
	return true;
}

static bool check_events(struct ipf_runner *r, uint32_t op, struct ipf_verdict *v);

/* Domains, SMMUs and the golden model for p's configuration. */
static int setup(struct ipf_runner *r, const struct ipf_program *p, struct ipf_verdict *v)
{
	int err[IPF_ENGINES] = { 0, 0 };
	struct ipf_domain_cfg dcfg[IPF_ENGINES];

	if (!choose_engines(r, p, dcfg, v))
		return -1;
	for (int e = 0; e < IPF_ENGINES; e++) {
		struct participant *pt = &r->part[e];
		struct ipf_pgmem_cfg mcfg = { .free_mode = p->cfg.free_mode,
					      .host_page_size = p->cfg.domain.host_page_size };

		ipf_pgmem_reset(&pt->mem);
		memset(pt->seen, 0, sizeof(pt->seen));
		pt->mem.cfg.free_mode = mcfg.free_mode;
		pt->mem.cfg.host_page_size = mcfg.host_page_size ? mcfg.host_page_size : SZ_4K;
		ipf_events_reset(&pt->ev);
		pt->d = ipf_domain_alloc(pt->engine, &dcfg[e], &pt->mem, &pt->ev, &pt->tracer,
					 &err[e]);
		if (!pt->d || ipf_smmu_configure(pt->smmu, &p->cfg.smmu))
			continue;
		ipf_domain_attach_smmu(pt->d, pt->smmu);
		if (r->tracer.smmu)
			ipf_smmu_set_tracer(pt->smmu, smmu_trace, pt);
	}
	if (!r->part[0].d && !r->part[1].d && err[0] == err[1]) {
		/* A refusal that leaks or warns is still the tree's finding. */
		if (check_events(r, 0, v))
			return -1;
		const char *why = io_pgtable_refusal(dcfg[0].fmt, &(struct io_pgtable_cfg){
			.quirks = dcfg[0].quirks, .pgsize_bitmap = dcfg[0].pgsize_bitmap,
			.ias = dcfg[0].ias, .oas = dcfg[0].oas,
			.host_page_size = dcfg[0].host_page_size }, dcfg[0].profile);

		*v = (struct ipf_verdict){ .kind = IPF_VERDICT_UNUSABLE, .engine = -1 };
		snprintf(v->detail, sizeof(v->detail), "both participants refuse this configuration (%d%s%s)",
			 err[0], why ? ": " : "", why ? why : "");
		return -1;
	}
	if (!r->part[0].d || !r->part[1].d || !r->part[0].d->smmu || !r->part[1].d->smmu) {
		verdict(v, IPF_CHECK_RETURN, -1, 0, 0, (uint64_t)(int64_t)err[0],
			(uint64_t)(int64_t)err[1], "domain allocation differs");
		return -1;
	}
	r->geometry = (struct ipf_known_geometry){
		.ias = r->part[0].d->pgtbl_cfg.ias, .oas = r->part[0].d->pgtbl_cfg.oas,
		.tg = ffs64(r->part[0].d->domain.pgsize_bitmap),
		.range_inv = p->cfg.domain.smmu == IPF_SMMU_V3 && p->cfg.smmu.range_inv };
	golden_setup(r);
	return 0;
}

static void teardown(struct ipf_runner *r)
{
	for (int e = 0; e < IPF_ENGINES; e++) {
		struct participant *pt = &r->part[e];

		if (pt->d)
			ipf_domain_free(pt->d);
		pt->d = NULL;
	}
}


/* Did slot e raise, since the last check, a WARN a caller can provoke? */
static bool warned(const struct ipf_runner *r, int e)
{
	for (int k = 0; k < IPF_EV_NR; k++)
		if (r->part[e].ev.count[k] != r->part[e].seen[k] &&
		    ipf_known_caller_warning((enum ipf_event_kind)k))
			return true;
	return false;
}

/* Where the first event of kind k after the `seen` already judged happened. */
static void keep_first_new(struct ipf_verdict *v, const struct ipf_events *ev,
			   enum ipf_event_kind k, uint32_t seen)
{
	for (uint32_t i = 0; i < ev->nr_kept; i++) {
		if (ev->kept[i].kind != k || seen--)
			continue;
		v->iova = ev->kept[i].iova;
		v->op_index = ev->kept[i].op_index;
		v->opt_value = ev->kept[i].aux;
		return;
	}
}

/* Any new event the kernel or an oracle says must not happen, engine by engine. */
static bool check_events(struct ipf_runner *r, uint32_t op, struct ipf_verdict *v)
{
	bool partner_warned[IPF_ENGINES] = { warned(r, 1), warned(r, 0) };
	enum ipf_known_rule rule;

	for (int e = 0; e < IPF_ENGINES; e++) {
		const struct ipf_events *ev = &r->part[e].ev;
		uint32_t *seen = r->part[e].seen;

		for (int k = 0; k < IPF_EV_NR; k++) {
			if (ev->count[k] == seen[k])
				continue;
			rule = ipf_known_event((enum ipf_event_kind)k, r->lazy.nr, partner_warned[e],
					       r->p->cfg.domain.profile);
			if (rule) {
				r->stats.known.n[rule] += ev->count[k] - seen[k];
				seen[k] = ev->count[k];
				continue;
			}
			verdict(v, IPF_CHECK_EVENT, e, op, 0, ev->count[k], 0,
				ipf_event_text((enum ipf_event_kind)k));
			v->event = (enum ipf_event_kind)k;
			keep_first_new(v, ev, (enum ipf_event_kind)k, seen[k]);
			return true;
		}
	}
	return false;
}

static bool check_returns(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
			  const int64_t ret[IPF_ENGINES], int64_t golden_ret, struct ipf_verdict *v)
{
	enum ipf_known_rule rule;

	if (ret[0] != ret[1]) {
		rule = ipf_known_return_difference(op, ret[0], ret[1], lazy_covers(r, op->iova));
		if (!rule) {
			verdict(v, IPF_CHECK_RETURN, -1, i, op->iova, (uint64_t)ret[0],
				(uint64_t)ret[1], "the engines returned different values");
			return true;
		}
		r->stats.known.n[rule]++;
	}
	if (golden_applies(r, op) && golden_ret != ret[0]) {
		rule = ipf_known_golden_return(op, r->part[0].engine, golden_ret, ret[0]);
		if (!rule) {
			verdict(v, IPF_CHECK_GOLDEN_RETURN, IPF_ENGINE_REF, i, op->iova,
				(uint64_t)golden_ret, (uint64_t)ret[0],
				"the reference engine and the golden model returned differently");
			return true;
		}
		r->stats.known.n[rule]++;
	}
	return false;
}

static bool check_flushes(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
			  const int64_t ret[IPF_ENGINES], struct ipf_verdict *v)
{
	enum ipf_known_rule rule;
	uint64_t missing;
	bool compare;

	rule = ipf_known_flushes(op, ret[0], ret[1], &compare);
	r->stats.known.n[rule] += rule != IPF_KNOWN_NONE;
	if (!compare)
		return false;
	missing = flushes_missing(&r->part[IPF_ENGINE_REF].fl, &r->part[IPF_ENGINE_OPT].fl,
				  &r->stats.over_invalidated_bytes);
	if (missing == UINT64_MAX)
		return check_flush_order(r, i, op, v);
	verdict(v, IPF_CHECK_FLUSH, IPF_ENGINE_OPT, i, missing, 0, 0,
		"the optimised engine did not invalidate what the reference did");
	return true;
}

/*
 * The range an operation can change, taken before it runs: the request,
 * widened to the leaves at its ends (a partial unmap splits them), or to
 * whole largest pages when the golden model cannot tell.
 */
static void touched(const struct ipf_runner *r, const struct ipf_op *op, uint64_t *lo, uint64_t *hi)
{
	uint64_t big = 1ULL << fls64(r->part[0].d->domain.pgsize_bitmap);
	uint64_t top = 1ULL << r->part[0].d->pgtbl_cfg.ias;
	struct golden_node leaf;

	*lo = *hi = 0;
	if (op->kind != IPF_OP_MAP && op->kind != IPF_OP_UNMAP && op->kind != IPF_OP_UNMAP_LAZY)
		return;
	if (op->iova >= top || !op->size)
		return;
	*hi = op->size > top - op->iova ? top : op->iova + op->size;
	if (!r->golden_valid) {
		*lo = align_down64(op->iova, big);
		*hi = align_up64(*hi, big) > *hi ? align_up64(*hi, big) : top;
		return;
	}
	*lo = op->iova;
	if (golden_lookup(r->golden, op->iova, &leaf))
		*lo = leaf.iova;
	if (golden_lookup(r->golden, *hi - 1, &leaf) && leaf.iova + leaf.size > *hi)
		*hi = leaf.iova + leaf.size;
}

/*
 * A flush-queue unmap, as dma-iommu does it in a lazy domain: no leaf
 * invalidation now, no sync; the queue's flush_iotlb_all comes later. The
 * gather says so (queued, v5.15's iommu_iotlb_gather_queued()), for every
 * participant: the per-page reference follows it as a single page of
 * unmap_pages would (v5.12's per-domain NON_STRICT quirk is gone since).
 */
static uint64_t unmap_lazy(struct participant *pt, const struct ipf_op *op)
{
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	gather.queued = true;
	return iommu_unmap_fast(&pt->d->domain, op->iova, op->size, &gather);
}

static int64_t exec(struct ipf_runner *r, struct participant *pt, uint32_t i,
		    const struct ipf_op *op)
{
	struct iommu_domain *dom = &pt->d->domain;
	bool lazy = op->kind == IPF_OP_UNMAP_LAZY ||
		    (op->kind == IPF_OP_UNMAP && r->p->cfg.domain.non_strict);
	int64_t ret = 0;

	pt->ev.op_index = i;
	flushes_reset(&pt->fl);
	flush_seq_reset(&pt->seq);
	ipf_smmu_op_begin(pt->smmu, i);
	/* Cache everything the unmap touches and one last-level table's span around it. */
	if ((op->kind == IPF_OP_UNMAP || lazy) && r->p->cfg.prefill) {
		unsigned int g = ffs64(dom->pgsize_bitmap);
		uint64_t span = 1ULL << (g + g - 3);

		ipf_smmu_prefill(pt->smmu, op->iova > span ? op->iova - span : 0,
				 op->iova + op->size + span, PREFILL_WALKS);
	}
	switch (op->kind) {
	case IPF_OP_MAP:
		ret = iommu_map(dom, op->iova, op->paddr, op->size, op->prot);
		break;
	case IPF_OP_UNMAP:
	case IPF_OP_UNMAP_LAZY:
		ret = (int64_t)(lazy ? unmap_lazy(pt, op) : iommu_unmap(dom, op->iova, op->size));
		break;
	case IPF_OP_FLUSH_ALL:
		iommu_flush_iotlb_all(dom);
		break;
	case IPF_OP_DMA:
	case IPF_OP_PREFETCH:
		ret = dma_result(ipf_smmu_dma(pt->smmu, op->iova, op->kind == IPF_OP_DMA && op->write));
		break;
	default:
		break;
	}
	ipf_smmu_op_end(pt->smmu, lazy);
	if (r->tracer.op_result)
		r->tracer.op_result(r->tracer.ctx, pt->engine, ret);
	return ret;
}

/* One operation on everyone, then every comparison. True: a finding, v filled in. */
static bool run_op(struct ipf_runner *r, uint32_t i, const struct ipf_op *op, struct ipf_verdict *v)
{
	int64_t ret[IPF_ENGINES], golden_ret;
	uint64_t lo, hi;

	uint64_t leaves = op_leaves(r, op);
	struct ipf_known_skip skip = ipf_known_skip(op, &r->geometry,
						     op->kind == IPF_OP_MAP &&
						     lazy_overlaps(r, op->iova, op->size),
						     leaves, r->leaves_asked, r->p->cfg.max_leaves);

	if (skip.rule) {
		r->stats.ops_skipped++;
		r->stats.known.n[skip.rule]++;
		if (r->stats.nr_skipped_kept < IPF_SKIPPED_KEPT)
			r->stats.skipped[r->stats.nr_skipped_kept++] =
				(struct ipf_skipped_op){ .op_index = i, .why = skip };
		return false;
	}
	r->leaves_asked += leaves;
	if (r->tracer.op)
		r->tracer.op(r->tracer.ctx, i, op);
	touched(r, op, &lo, &hi);
	for (int e = 0; e < IPF_ENGINES; e++)
		ret[e] = exec(r, &r->part[e], i, op);
	golden_ret = golden_exec(r, op);
	lazy_note(r, op);
	r->stats.ops_run++;
	if (check_events(r, i, v) || check_returns(r, i, op, ret, golden_ret, v) ||
	    check_dma(r, i, op, ret, v) || check_flushes(r, i, op, ret, v) ||
	    check_translations(r, i, lo, hi, v) || check_iova_to_phys(r, i, lo, hi, v))
		return true;
	note_unchecked(r, lo, hi);
	return false;
}

static void final_checks(struct ipf_runner *r, uint32_t n, struct ipf_verdict *v)
{
	if (check_final_translations(r, n, v) || check_structure(r, n, v))
		return;
	for (int e = 0; e < IPF_ENGINES; e++) {
		struct participant *pt = &r->part[e];

		pt->ev.op_index = n;
		ipf_domain_free(pt->d);
		pt->d = NULL;
	}
	check_events(r, n, v);
}

/* The checks speak of slots; a verdict names the engine in the slot too. */
static void ipf_verdict_name_engine(const struct ipf_runner *r, struct ipf_verdict *v)
{
	v->slot = v->engine;
	if (v->engine >= 0 && v->engine < IPF_ENGINES)
		v->engine = (int)r->part[v->engine].engine;
}

enum ipf_verdict_kind ipf_run(struct ipf_runner *r, const struct ipf_program *p,
			      struct ipf_verdict *v, struct ipf_run_stats *stats)
{
	bool found = false;

	memset(&r->stats, 0, sizeof(r->stats));
	*v = (struct ipf_verdict){ .kind = IPF_VERDICT_AGREE, .engine = -1 };
	r->p = p;
	r->leaves_asked = 0;
	r->lazy.nr = 0;
	r->unchecked.nr = 0;
	r->unchecked_all = false;
	/* What decoding left out of what the bytes asked for. */
	for (int k = 0; k < IPF_KNOWN_RULES; k++)
		r->stats.known.n[k] += (p->decode_rules >> k) & 1;
	if (setup(r, p, v)) {
		teardown(r);
		ipf_verdict_name_engine(r, v);
		if (stats)
			*stats = r->stats;
		return v->kind;
	}
	for (uint32_t i = 0; i < p->nr_ops && !found; i++)
		found = run_op(r, i, &p->ops[i], v);
	/* The program's work, before teardown adds its own. */
	for (int e = 0; e < IPF_ENGINES; e++) {
		r->stats.counters[e] = r->part[e].d->ctx.counters;
		r->stats.bug_hits[e] = r->part[e].d->ctx.bug_hits;
	}
	if (!found)
		final_checks(r, p->nr_ops, v);
	teardown(r);
	ipf_verdict_name_engine(r, v);
	if (stats)
		*stats = r->stats;
	return v->kind;
}
