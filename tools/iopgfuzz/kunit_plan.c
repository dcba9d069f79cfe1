// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kunit, the plan: run a program on the model once, keep the
 * io-pgtable calls its v5.15 core made (the optimised engine's
 * map_pages/unmap_pages, as `iopgfuzz trace` shows them), and work out
 * what a kernel's io-pgtable must answer to each: return values from the
 * golden model, applied call by call; the restricted configuration and a
 * refused one from the reference engine; the leaves and tables each
 * operation removes and the translations left behind, from the golden
 * model's nodes before and after. The engine under test (a kernel tree)
 * never contributes an expectation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/golden.h"
#include "iopgfuzz/io_pgtable.h"
#include "iopgfuzz/iommu.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgsize.h"
#include "iopgfuzz/runner.h"
#include "iopgfuzz/trace.h"
#include "kunit.h"

void *kx_vec_push(void **vec, uint32_t *n, uint32_t *cap, size_t size)
{
	if (*n == *cap) {
		uint32_t c = *cap ? *cap * 2 : 8;
		void *v = realloc(*vec, (size_t)c * size);

		if (!v) {
			fprintf(stderr, "iopgfuzz kunit: out of memory\n");
			exit(2);
		}
		*vec = v;
		*cap = c;
	}
	return memset((char *)*vec + (size_t)(*n)++ * size, 0, size);
}

__attribute__((__format__(__printf__, 2, 3)))
static void note(struct kx_case *c, const char *fmt, ...)
{
	char buf[400], **slot = VEC_PUSH(c->notes, c->nr_notes, c->cap_notes);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	*slot = strdup(buf);
}

/* --- the program's text: its leading comment and the line of each operation ------------- */

static bool op_line(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s && *s != '#' && strncmp(s, "config", 6) != 0;
}

static void read_text(struct kx_case *c, const char *path, const uint8_t *text, size_t len)
{
	size_t comment_len = 0, i = 0;
	uint32_t op = 0;
	unsigned int lineno = 0;
	bool leading = true;

	c->comment = calloc(1, len + 1);
	while (text && i < len) {
		char line[sizeof(c->steps[0].text)];
		size_t k = 0, j = i;

		while (j < len && text[j] != '\n')
			j++;
		lineno++;
		for (size_t m = i; m < j && text[m] != '\r' && k + 1 < sizeof(line); m++)
			line[k++] = (char)text[m];
		while (k && (line[k - 1] == ' ' || line[k - 1] == '\t'))
			k--;
		line[k] = 0;
		if (leading && line[0] == '#') {
			memcpy(c->comment + comment_len, line + 1 + (line[1] == ' '),
			       strlen(line + 1 + (line[1] == ' ')));
			comment_len += strlen(line + 1 + (line[1] == ' '));
			c->comment[comment_len++] = '\n';
		} else if (k) {
			leading = false;
		}
		if (op_line(line) && op < IPF_MAX_OPS) {
			snprintf(c->steps[op].text, sizeof(c->steps[op].text), "%s", line);
			snprintf(c->steps[op].where, sizeof(c->steps[op].where), "%s:%u", path, lineno);
			op++;
		}
		i = j + 1;
	}
}

/* --- the model's run: the calls of the optimised engine, operation by operation ----------- */

struct recorder {
	struct kx_case *c;
	const struct ipf_program *p;
	int cur;
};

static void rec_op(void *ctx, uint32_t index, const struct ipf_op *op)
{
	struct recorder *r = ctx;

	(void)op;
	r->cur = (int)index;
	r->c->steps[index].ran = true;
}

static void rec_engine(void *ctx, enum ipf_engine e, const struct ipf_trace *t)
{
	struct recorder *r = ctx;
	struct kx_step *st;
	struct kx_call *call;

	if (e != IPF_ENGINE_OPT || r->cur < 0 ||
	    (t->kind != IPF_TR_PGT_MAP_PAGES && t->kind != IPF_TR_PGT_UNMAP_PAGES))
		return;
	st = &r->c->steps[r->cur];
	if (t->phase == IPF_TR_RETURN) {
		if (st->nr_calls) {
			st->calls[st->nr_calls - 1].model_ret = t->ret;
			st->calls[st->nr_calls - 1].model_mapped = t->mapped;
		}
		return;
	}
	call = VEC_PUSH(st->calls, st->nr_calls, st->cap_calls);
	*call = (struct kx_call){
		.map = t->kind == IPF_TR_PGT_MAP_PAGES, .iova = t->iova, .paddr = t->paddr,
		.pgsize = t->pgsize, .pgcount = t->pgcount, .prot = t->prot,
	};
	call->queued = !call->map && (st->op.kind == IPF_OP_UNMAP_LAZY ||
				      (st->op.kind == IPF_OP_UNMAP && r->p->cfg.domain.non_strict));
}

/* --- the configuration: what io-pgtable is given, and what it cannot be given -------------- */

static bool token_differs(const char *line, const char *dflt, const char *key, char *val,
			  size_t cap)
{
	char want[40];
	const char *a, *b;
	size_t n;

	snprintf(want, sizeof(want), " %s=", key);
	a = strstr(line, want);
	b = strstr(dflt, want);
	if (!a)
		return false;
	a += strlen(want);
	n = strcspn(a, " ");
	snprintf(val, cap, "%s=%.*s", key, (int)n, a);
	if (!b)
		return true;
	b += strlen(want);
	return n != strcspn(b, " ") || strncmp(a, b, n);
}

static void config_notes(struct kx_case *c, const struct ipf_program *p, const struct kx_opts *o)
{
	static const char *const smmu_only[] = { "smmu", "ril", "lax", "tlb", "wc", "policy",
						 "prefill", "free" };
	char line[IPF_CONFIG_LINE_MAX], dflt[IPF_CONFIG_LINE_MAX], val[80], list[300] = "";
	struct ipf_config d;

	ipf_config_default(&d);
	ipf_config_format(&p->cfg, line, sizeof(line));
	ipf_config_format(&d, dflt, sizeof(dflt));
	for (size_t i = 0; i < sizeof(smmu_only) / sizeof(smmu_only[0]); i++)
		if (token_differs(line, dflt, smmu_only[i], val, sizeof(val)))
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 list[0] ? " " : "", val);
	if (list[0])
		note(c, "%s: the simulated SMMU's settings: io-pgtable's calls do not depend on "
		     "them, the case has none of them", list);
	if (p->cfg.smmu.ttl_strict)
		note(c, "%s", o->ttl_strict ? "ttl=strict: an add_page covers a removed leaf only "
					      "at the leaf's own size (--ttl-strict)"
					    : "ttl=strict: how an SMMU reads TTL hints, not checked "
					      "(--ttl-strict checks add_page granules against the "
					      "removed leaves' sizes)");
	if (p->cfg.domain.bugs)
		note(c, "bugs=: the injectable bugs are the model's, not the kernel's: the model "
		     "runs with every bug off");
	if (token_differs(line, dflt, "engines", val, sizeof(val)))
		note(c, "%s: the case runs the io-pgtable of the tree it is built into", val);
}

static int reference_geometry(struct kx_case *c, const struct ipf_program *p)
{
	struct ipf_domain_cfg dcfg = p->cfg.domain;
	struct ipf_config at4k = p->cfg;
	struct ipf_geometry geo, geo4k;
	struct ipf_domain *d;
	int err = 0;

	c->stage = dcfg.fmt == ARM_64_LPAE_S2 ? 2 : 1;
	c->pgsize_bitmap = dcfg.pgsize_bitmap;
	c->ias = dcfg.ias;
	c->oas = dcfg.oas;
	c->quirk_ns = dcfg.quirks & IO_PGTABLE_QUIRK_ARM_NS;
	/* arm_lpae_restrict_pgsizes() picks the granule with PAGE_SIZE: pin it where it matters. */
	at4k.domain.host_page_size = SZ_4K;
	ipf_config_geometry(&p->cfg, &geo);
	ipf_config_geometry(&at4k, &geo4k);
	if (geo.pgsize_bitmap != geo4k.pgsize_bitmap || geo.ias != geo4k.ias || geo.oas != geo4k.oas)
		c->page_size = dcfg.host_page_size ? dcfg.host_page_size : SZ_4K;
	dcfg.bugs = 0;
	d = ipf_domain_alloc(IPF_ENGINE_REF, &dcfg, NULL, NULL, NULL, &err);
	if (!d) {
		c->refused = true;
		return -1;
	}
	c->want_bitmap = d->pgtbl_cfg.pgsize_bitmap;
	c->want_ias = d->pgtbl_cfg.ias;
	c->want_oas = d->pgtbl_cfg.oas;
	c->granule = 1ULL << ffs64(c->want_bitmap);
	ipf_domain_free(d);
	return 0;
}

static struct golden *golden_for(const struct ipf_program *p)
{
	struct ipf_domain_cfg dcfg = p->cfg.domain;
	struct ipf_domain *d;
	struct golden_cfg gc;
	struct golden *g;
	int err = 0;

	dcfg.bugs = 0;
	d = ipf_domain_alloc(IPF_ENGINE_REF, &dcfg, NULL, NULL, NULL, &err);
	if (!d)
		return NULL;
	ipf_golden_cfg(d, &gc);
	g = golden_alloc(&gc, 0, &err);
	ipf_domain_free(d);
	return g;
}

static struct ipf_runner *runner;

static void skip_reason(struct kx_step *st, const struct ipf_run_stats *stats,
			const struct ipf_verdict *v, bool stopped, char *cls)
{
	for (uint32_t k = 0; k < stats->nr_skipped_kept; k++) {
		char why[160];

		if (stats->skipped[k].op_index != st->op_index)
			continue;
		ipf_known_skip_format(&stats->skipped[k].why, why, sizeof(why));
		snprintf(st->note, sizeof(st->note), "the model skips it (%s)", why);
		return;
	}
	if (stopped && st->op_index > v->op_index)
		snprintf(st->note, sizeof(st->note),
			 "the model stopped at operation %u (finding %s): the calls after it are "
			 "not known", v->op_index, cls);
	else
		snprintf(st->note, sizeof(st->note), "the model did not run it");
}

static bool ias_crossing(const struct ipf_run_stats *stats, uint32_t op_index)
{
	for (uint32_t k = 0; k < stats->nr_skipped_kept; k++)
		if (stats->skipped[k].op_index == op_index &&
		    stats->skipped[k].why.rule == IPF_KNOWN_IAS_CROSSING_MAP)
			return true;
	return false;
}

int kx_plan(struct kx_case *c, const char *path, const uint8_t *text, size_t len,
	    const struct ipf_program *p, const struct kx_opts *o, char *err, size_t cap)
{
	struct recorder rec = { .c = c, .p = NULL, .cur = -1 };
	struct ipf_run_stats stats;
	struct ipf_program model = *p;
	struct ipf_domain *refd = NULL;
	struct ipf_verdict v;
	struct golden *g;
	char cls[64] = "";
	bool stopped;

	c->path = path;
	c->ttl_strict = o->ttl_strict && p->cfg.smmu.ttl_strict;
	c->nr_steps = p->nr_ops;
	for (uint32_t i = 0; i < p->nr_ops; i++) {
		c->steps[i].op_index = i;
		c->steps[i].op = p->ops[i];
		ipf_op_format(&p->ops[i], c->steps[i].text, sizeof(c->steps[i].text));
		snprintf(c->steps[i].where, sizeof(c->steps[i].where), "%s: operation %u", path, i);
	}
	read_text(c, path, text, len);
	config_notes(c, p, o);
	if (reference_geometry(c, p)) {
		note(c, "alloc_io_pgtable_ops must refuse this configuration, as the reference "
		     "engine does: the operations are not replayed");
		return 0;
	}
	/* The model's run: its own participants, every bug off, the SMMU only watching. */
	model.cfg.engines[0] = IPF_ENGINE_REF;
	model.cfg.engines[1] = IPF_ENGINE_OPT;
	memset(model.cfg.kernel, 0, sizeof(model.cfg.kernel));
	model.cfg.domain.bugs = 0;
	model.cfg.smmu.ttl_strict = false;
	model.cfg.smmu.range_inv = false;
	model.cfg.smmu.lax = false;
	if (o->max_leaves)
		model.cfg.max_leaves = o->max_leaves;
	rec.p = &model;
	if (!runner)
		runner = ipf_runner_create();
	if (!runner) {
		snprintf(err, cap, "cannot reserve the model's memory");
		return -1;
	}
	g = golden_for(p);
	if (!g) {
		struct ipf_domain_cfg dcfg = p->cfg.domain;
		int e = 0;

		dcfg.bugs = 0;
		refd = ipf_domain_alloc(IPF_ENGINE_REF, &dcfg, NULL, NULL, NULL, &e);
		if (!refd) {
			snprintf(err, cap, "the reference engine refuses what it took before");
			return -1;
		}
		note(c, "the golden model cannot hold this configuration (a page size no level "
		     "holds): return values from the reference engine's io-pgtable, page by page; "
		     "translations and invalidations are not checked");
	}
	ipf_runner_set_tracer(runner, &(struct ipf_run_tracer){
		.op = rec_op, .engine = rec_engine, .ctx = &rec });
	ipf_run(runner, &model, &v, &stats);
	ipf_runner_set_tracer(runner, NULL);
	stopped = v.kind == IPF_VERDICT_FINDING && v.op_index < p->nr_ops;
	if (v.kind != IPF_VERDICT_AGREE)
		ipf_verdict_class(&v, cls, sizeof(cls));
	if (stopped)
		note(c, "the model found %s at its operation %u: later operations are not "
		     "replayed", cls, v.op_index);
	for (uint32_t i = 0; i < c->nr_steps; i++) {
		struct kx_step *st = &c->steps[i];
		bool device = st->op.kind == IPF_OP_DMA || st->op.kind == IPF_OP_PREFETCH ||
			      st->op.kind == IPF_OP_FLUSH_ALL;

		if (!st->ran && !device && !(st->op.kind == IPF_OP_MAP && !stopped &&
					     ias_crossing(&stats, i))) {
			st->skipped = true;
			skip_reason(st, &stats, &v, stopped, cls);
			continue;
		}
		if (stopped && i > v.op_index) {
			st->skipped = true;
			skip_reason(st, &stats, &v, stopped, cls);
			continue;
		}
		if (st->op.kind == IPF_OP_PREFETCH) {
			st->skipped = true;
			snprintf(st->note, sizeof(st->note),
				 "a cache fill of the simulated SMMU: nothing io-pgtable does");
			continue;
		}
		if (g)
			kx_plan_step(c, g, st);
		else
			kx_plan_step_ref(refd->pgtbl_ops, st);
	}
	if (g)
		golden_destroy(g);
	else
		ipf_domain_free(refd);
	err[0] = 0;
	return 0;
}

void kx_case_free(struct kx_case *c)
{
	for (uint32_t i = 0; i < c->nr_steps; i++) {
		free(c->steps[i].calls);
		free(c->steps[i].leaves);
		free(c->steps[i].tables);
		free(c->steps[i].runs);
	}
	for (uint32_t i = 0; i < c->nr_notes; i++)
		free(c->notes[i]);
	free(c->notes);
	free(c->comment);
}
