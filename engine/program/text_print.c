// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program as text (docs/format.md): every configuration key in its
 * canonical spelling, operation values in hex, so that parsing the output
 * gives the program back.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "program_internal.h"

/* snprintf into a buffer that truncates instead of overflowing. */
struct text {
	char *buf;
	size_t cap, len;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->cap - t->len ? (size_t)n : t->cap - t->len - 1;
}

static const char *name_of(const char *const *names, unsigned int nr, unsigned int i)
{
	return i < nr ? names[i] : "?";
}

static const char *on_off(bool on)
{
	return on ? "on" : "off";
}

/* 4K, 2M, 1G: the largest suffix that divides the size. */
static void put_size(struct text *t, uint64_t size)
{
	static const char suffix[] = "KMGT";

	for (int i = 3; i >= 0; i--) {
		unsigned int shift = 10 * (unsigned int)(i + 1);

		if (size && !(size & ((1ULL << shift) - 1))) {
			put(t, "%" PRIu64 "%c", size >> shift, suffix[i]);
			return;
		}
	}
	put(t, "%" PRIu64, size);
}

static void put_pgsizes(struct text *t, uint64_t bitmap)
{
	put(t, " pgsizes=");
	for (uint64_t rest = bitmap; rest; rest &= rest - 1) {
		put_size(t, 1ULL << ffs64(rest));
		if (rest & (rest - 1))
			put(t, ",");
	}
}

static void put_bugs(struct text *t, uint64_t bugs)
{
	const char *sep = "";

	put(t, " bugs=");
	if (!(bugs & IPF_BUGS_ALL))
		put(t, "none");
	for (unsigned int i = 0; i < IPF_BUG_NR; i++) {
		if (bugs & IPF_BUG_BIT(i)) {
			put(t, "%s%s", sep, ipf_bug_name((enum ipf_bug_id)i));
			sep = ",";
		}
	}
}

void ipf_config_format(const struct ipf_config *cfg, char *buf, size_t cap)
{
	const struct ipf_domain_cfg *d = &cfg->domain;
	const struct ipf_smmu_cfg *s = &cfg->smmu;
	struct text t = { buf, cap, 0 };

	if (!cap)
		return;
	buf[0] = 0;
	put(&t, "config profile=%s fmt=%s", ipf_profile_name(d->profile),
	    name_of(ipf_prog_fmt_name, IO_PGTABLE_NUM_FMTS, d->fmt));
	put_pgsizes(&t, d->pgsize_bitmap);
	put(&t, " page=");
	put_size(&t, d->host_page_size ? d->host_page_size : SZ_4K);
	put(&t, " ias=%u oas=%u smmu=%s ril=%s ttl=%s lax=%s ns=%s lazy=%s prefill=%s", d->ias,
	    d->oas, name_of(ipf_prog_smmu_name, IPF_SMMU_MODELS, d->smmu), on_off(s->range_inv),
	    s->ttl_strict ? "strict" : "hint", on_off(s->lax),
	    on_off(d->quirks & IO_PGTABLE_QUIRK_ARM_NS), on_off(d->non_strict), on_off(cfg->prefill));
	put(&t, " tlb=%" PRIu32 " wc=%" PRIu32 " policy=%s free=%s", s->tlb_entries, s->wc_entries,
	    name_of(ipf_prog_policy_name, IPF_CACHE_POLICIES, s->policy),
	    name_of(ipf_prog_free_name, IPF_FREE_MODES, cfg->free_mode));
	put_bugs(&t, d->bugs);
	if (cfg->max_leaves)
		put(&t, " leaves=%" PRIu32, cfg->max_leaves);
	if (cfg->engines[0] != IPF_ENGINE_REF || cfg->engines[1] != IPF_ENGINE_OPT) {
		put(&t, " engines=");
		for (int e = 0; e < IPF_ENGINES; e++) {
			put(&t, "%s%s", e ? "," : "", ipf_engine_name(cfg->engines[e]));
			if (ipf_engine_is_kernel(cfg->engines[e]))
				put(&t, ":%s", cfg->kernel[e]);
		}
	}
}

static void put_prot(struct text *t, int prot)
{
	put(t, " prot=");
	if (!(prot & IOMMU_PROT_MASK))
		put(t, "none");
	for (unsigned int i = 0; PROT_LETTERS[i]; i++)
		if (prot & (1 << i))
			put(t, "%c", PROT_LETTERS[i]);
}

void ipf_op_format(const struct ipf_op *op, char *buf, size_t cap)
{
	struct text t = { buf, cap, 0 };

	if (!cap)
		return;
	buf[0] = 0;
	put(&t, "%s", ipf_op_kind_name(op->kind));
	if (op->kind != IPF_OP_FLUSH_ALL)
		put(&t, " iova=0x%" PRIx64, op->iova);
	if (op->kind == IPF_OP_MAP)
		put(&t, " paddr=0x%" PRIx64, op->paddr);
	if (op->kind == IPF_OP_MAP || op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY)
		put(&t, " size=0x%" PRIx64, op->size);
	if (op->kind == IPF_OP_MAP)
		put_prot(&t, op->prot);
	if (op->kind == IPF_OP_DMA)
		put(&t, " access=%c", op->write ? 'w' : 'r');
}

void ipf_program_print(const struct ipf_program *p, FILE *out)
{
	char line[IPF_CONFIG_LINE_MAX];

	fprintf(out, "# iopgfuzz program: %" PRIu32 " operation%s\n", p->nr_ops,
		p->nr_ops == 1 ? "" : "s");
	ipf_config_format(&p->cfg, line, sizeof(line));
	fprintf(out, "%s\n", line);
	for (uint32_t i = 0; i < p->nr_ops && i < IPF_MAX_OPS; i++) {
		ipf_op_format(&p->ops[i], line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
}
