// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text to a program (docs/format.md). Line oriented: a keyword, then
 * key=value fields in any order. Strict: an unknown keyword or key, a key
 * given twice or missing, a value out of range, anything left over is an
 * error naming the line, what was expected and what was found.
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "program_internal.h"

struct tok {
	const char *s;
	size_t n;
};

/* What the line being parsed fills. */
struct target {
	struct ipf_config cfg;
	struct ipf_op op;
	bool page_given;
};

struct key {
	const char *name;
	const char *what; /* the value's shape, for messages */
	bool required;
	bool (*set)(struct target *t, struct tok v);
};

#define KW_CONFIG (-1)

struct keyword {
	const char *name;
	int kind; /* enum ipf_op_kind, or KW_CONFIG */
	const struct key *keys;
	unsigned int nr_keys;
};

struct parser {
	struct ipf_program *p;
	unsigned int line;
	bool have_config;
	char *err;
	size_t err_cap;
	char shown[64]; /* a token as an error message shows it */
};

/* ---- values ---- */

static bool tok_is(struct tok t, const char *s)
{
	return strlen(s) == t.n && !memcmp(t.s, s, t.n);
}

static int lookup(struct tok v, const char *const *names, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (names[i] && tok_is(v, names[i]))
			return (int)i;
	return -1;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* The multiplier a K/M/G/T suffix stands for (binary), or 0. */
static uint64_t suffix_value(char c)
{
	static const char suffixes[] = "KMGTkmgt";

	for (unsigned int i = 0; i < 8; i++)
		if (c == suffixes[i])
			return 1ULL << (10 * (i % 4 + 1));
	return 0;
}

/* Decimal or 0x hex, then an optional K, M, G or T; no sign, no overflow. */
static bool parse_number(struct tok v, uint64_t *out)
{
	uint64_t n = 0, base = 10, mult = v.n ? suffix_value(v.s[v.n - 1]) : 0;
	size_t i = 0, end = mult ? v.n - 1 : v.n;

	if (!mult)
		mult = 1;
	if (end > 2 && v.s[0] == '0' && (v.s[1] == 'x' || v.s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= end)
		return false;
	for (; i < end; i++) {
		uint64_t d = (uint64_t)digit_value(v.s[i]);

		if (d >= base || n > (UINT64_MAX - d) / base)
			return false;
		n = n * base + d;
	}
	if (n > UINT64_MAX / mult)
		return false;
	*out = n * mult;
	return true;
}

static bool parse_ranged(struct tok v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	return parse_number(v, out) && *out >= lo && *out <= hi;
}

/* Split off the text up to the next comma of a list. */
static bool next_item(struct tok *list, struct tok *item)
{
	const char *comma;

	if (!list->s)
		return false;
	comma = memchr(list->s, ',', list->n);
	item->s = list->s;
	item->n = comma ? (size_t)(comma - list->s) : list->n;
	if (comma) {
		list->n -= item->n + 1;
		list->s = comma + 1;
	} else {
		list->s = NULL;
	}
	return true;
}

static bool parse_on_off(struct tok v, bool *out)
{
	static const char *const names[] = { "off", "on" };
	int i = lookup(v, names, 2);

	if (i >= 0)
		*out = i;
	return i >= 0;
}

/* ---- config keys ---- */

static bool set_fmt(struct target *t, struct tok v)
{
	int i = lookup(v, ipf_prog_fmt_name, IO_PGTABLE_NUM_FMTS);

	if (i >= 0)
		t->cfg.domain.fmt = (enum io_pgtable_fmt)i;
	return i >= 0;
}

static bool set_pgsizes(struct target *t, struct tok v)
{
	uint64_t bitmap = 0, size;
	struct tok item;

	while (next_item(&v, &item)) {
		if (!parse_number(item, &size) || !is_pow2_64(size) || !(size & PGSIZES_KNOWN))
			return false;
		bitmap |= size;
	}
	t->cfg.domain.pgsize_bitmap = bitmap;
	return (bitmap & PGSIZES_GRANULES) != 0;
}

static bool set_page(struct target *t, struct tok v)
{
	uint64_t page;

	if (!parse_number(v, &page) || !is_pow2_64(page) || !(page & PGSIZES_GRANULES))
		return false;
	t->cfg.domain.host_page_size = page;
	t->page_given = true;
	return true;
}

static bool set_bits(struct tok v, unsigned int *out)
{
	uint64_t bits;

	if (!parse_ranged(v, BITS_MIN, BITS_MAX, &bits))
		return false;
	*out = (unsigned int)bits;
	return true;
}

static bool set_ias(struct target *t, struct tok v) { return set_bits(v, &t->cfg.domain.ias); }
static bool set_oas(struct target *t, struct tok v) { return set_bits(v, &t->cfg.domain.oas); }

static bool set_smmu(struct target *t, struct tok v)
{
	int i = lookup(v, ipf_prog_smmu_name, IPF_SMMU_MODELS);

	if (i >= 0)
		t->cfg.domain.smmu = (enum ipf_smmu_model)i;
	return i >= 0;
}

static bool set_ril(struct target *t, struct tok v) { return parse_on_off(v, &t->cfg.smmu.range_inv); }
static bool set_lax(struct target *t, struct tok v) { return parse_on_off(v, &t->cfg.smmu.lax); }
static bool set_lazy(struct target *t, struct tok v) { return parse_on_off(v, &t->cfg.domain.non_strict); }
static bool set_prefill(struct target *t, struct tok v) { return parse_on_off(v, &t->cfg.prefill); }

static bool set_profile(struct target *t, struct tok v)
{
	char name[16];

	if (v.n >= sizeof(name))
		return false;
	memcpy(name, v.s, v.n);
	name[v.n] = 0;
	return ipf_profile_lookup(name, &t->cfg.domain.profile) == 0;
}

/* PREFIXNAME (kernel:6.12) into slot e as engine; false if item is not one. */
static bool set_kernel_engine(struct target *t, int e, const char *item, size_t n,
			      const char *prefix, enum ipf_engine engine)
{
	size_t k = strlen(prefix);

	if (n <= k || n - k >= IPF_KERNEL_NAME_MAX || memcmp(item, prefix, k))
		return false;
	for (size_t i = k; i < n; i++)
		if (!isalnum((unsigned char)item[i]) && !strchr("._-", item[i]))
			return false;
	t->cfg.engines[e] = engine;
	memcpy(t->cfg.kernel[e], item + k, n - k);
	t->cfg.kernel[e][n - k] = '\0';
	return true;
}

/* ref|opt|kernel:NAME|kernel-core:NAME, twice: the two slots. */
static bool set_engines(struct target *t, struct tok v)
{
	const char *s = v.s, *end = v.s + v.n;

	for (int e = 0; e < IPF_ENGINES; e++) {
		const char *item = s, *stop = memchr(s, ',', (size_t)(end - s));
		size_t n;

		if (!stop || e == IPF_ENGINES - 1)
			stop = end;
		if ((e < IPF_ENGINES - 1) != (stop < end))
			return false;
		n = (size_t)(stop - item);
		t->cfg.kernel[e][0] = '\0';
		if (n == 3 && !memcmp(item, "ref", 3)) {
			t->cfg.engines[e] = IPF_ENGINE_REF;
		} else if (n == 3 && !memcmp(item, "opt", 3)) {
			t->cfg.engines[e] = IPF_ENGINE_OPT;
		} else if (!set_kernel_engine(t, e, item, n, "kernel:", IPF_ENGINE_KERNEL) &&
			   !set_kernel_engine(t, e, item, n, "kernel-core:", IPF_ENGINE_KERNEL_CORE)) {
			return false;
		}
		s = stop + 1;
	}
	return true;
}

int ipf_engines_parse(const char *list, struct ipf_config *cfg)
{
	struct target t = { .cfg = *cfg };

	if (!set_engines(&t, (struct tok){ list, strlen(list) }))
		return -1;
	memcpy(cfg->engines, t.cfg.engines, sizeof(cfg->engines));
	memcpy(cfg->kernel, t.cfg.kernel, sizeof(cfg->kernel));
	return 0;
}

static bool set_ttl(struct target *t, struct tok v)
{
	static const char *const names[] = { "hint", "strict" };
	int i = lookup(v, names, 2);

	if (i >= 0)
		t->cfg.smmu.ttl_strict = i;
	return i >= 0;
}

static bool set_ns(struct target *t, struct tok v)
{
	bool ns;

	if (!parse_on_off(v, &ns))
		return false;
	t->cfg.domain.quirks = ns ? IO_PGTABLE_QUIRK_ARM_NS : 0;
	return true;
}

static bool set_entries(struct tok v, uint32_t *out)
{
	uint64_t n;

	if (!parse_ranged(v, 0, 0xffff, &n))
		return false;
	*out = (uint32_t)n;
	return true;
}

static bool set_tlb(struct target *t, struct tok v) { return set_entries(v, &t->cfg.smmu.tlb_entries); }

/* The leaf budget of an operation (known.h): 1 to 2^24 leaves (1 GiB of 4K pages is 2^18). */
static bool set_leaves(struct target *t, struct tok v)
{
	uint64_t n;

	if (!parse_ranged(v, 1, 1u << 24, &n))
		return false;
	t->cfg.max_leaves = (uint32_t)n;
	return true;
}
static bool set_wc(struct target *t, struct tok v) { return set_entries(v, &t->cfg.smmu.wc_entries); }

static bool set_policy(struct target *t, struct tok v)
{
	int i = lookup(v, ipf_prog_policy_name, IPF_CACHE_POLICIES);

	if (i >= 0)
		t->cfg.smmu.policy = (enum ipf_cache_policy)i;
	return i >= 0;
}

static bool set_free(struct target *t, struct tok v)
{
	int i = lookup(v, ipf_prog_free_name, IPF_FREE_MODES);

	if (i >= 0)
		t->cfg.free_mode = (enum ipf_free_mode)i;
	return i >= 0;
}

static bool set_bugs(struct target *t, struct tok v)
{
	struct tok item;
	char name[64];
	enum ipf_bug_id id;

	t->cfg.domain.bugs = 0;
	if (tok_is(v, "none"))
		return true;
	while (next_item(&v, &item)) {
		if (item.n >= sizeof(name) || memchr(item.s, 0, item.n))
			return false;
		memcpy(name, item.s, item.n);
		name[item.n] = 0;
		id = ipf_bug_lookup(name);
		if (id >= IPF_BUG_NR)
			return false;
		t->cfg.domain.bugs |= IPF_BUG_BIT(id);
	}
	return true;
}

/* ---- operation keys ---- */

static bool set_iova(struct target *t, struct tok v) { return parse_number(v, &t->op.iova); }
static bool set_paddr(struct target *t, struct tok v) { return parse_number(v, &t->op.paddr); }
static bool set_size(struct target *t, struct tok v) { return parse_number(v, &t->op.size); }

static bool set_prot(struct target *t, struct tok v)
{
	int prot = 0;

	if (tok_is(v, "none")) {
		t->op.prot = 0;
		return true;
	}
	for (size_t i = 0; i < v.n; i++) {
		const char *c = v.s[i] ? strchr(PROT_LETTERS, v.s[i]) : NULL;
		int bit = c ? 1 << (c - PROT_LETTERS) : 0;

		if (!bit || (prot & bit))
			return false;
		prot |= bit;
	}
	t->op.prot = prot;
	return prot != 0;
}

static bool set_access(struct target *t, struct tok v)
{
	static const char *const names[] = { "r", "w" };
	int i = lookup(v, names, 2);

	if (i >= 0)
		t->op.write = i;
	return i >= 0;
}

/* ---- keywords ---- */

static const struct key config_keys[] = {
	{ "profile", "v5.15|v6.12|v6.13|v6.14|v6.19 (docs/profiles.md)", false, set_profile },
	{ "fmt", "lpae-s1|lpae-s2", false, set_fmt },
	{ "pgsizes", "SIZE,... (powers of two among 4K,16K,64K,2M,32M,512M,1G,4T, "
		     "with one of 4K,16K,64K)", false, set_pgsizes },
	{ "page", "4K|16K|64K", false, set_page },
	{ "ias", "32..52", false, set_ias },
	{ "oas", "32..52", false, set_oas },
	{ "smmu", "v3|v2", false, set_smmu },
	{ "ril", "on|off", false, set_ril },
	{ "ttl", "hint|strict", false, set_ttl },
	{ "lax", "on|off", false, set_lax },
	{ "ns", "on|off", false, set_ns },
	{ "lazy", "on|off", false, set_lazy },
	{ "prefill", "on|off", false, set_prefill },
	{ "tlb", "0..65535", false, set_tlb },
	{ "wc", "0..65535", false, set_wc },
	{ "policy", "sticky|rr", false, set_policy },
	{ "free", "quarantine|reuse|delayed", false, set_free },
	{ "bugs", "none|NAME,... (bugs.h)", false, set_bugs },
	{ "engines", "A,B of ref|opt|kernel:TREE|kernel-core:TREE", false, set_engines },
	{ "leaves", "1..16777216 (the leaf budget of an operation)", false, set_leaves },
};

static const struct key map_keys[] = {
	{ "iova", "NUMBER", true, set_iova },
	{ "paddr", "NUMBER", true, set_paddr },
	{ "size", "NUMBER", true, set_size },
	{ "prot", "none|LETTERS (of rwcxmp)", false, set_prot },
};

static const struct key unmap_keys[] = {
	{ "iova", "NUMBER", true, set_iova },
	{ "size", "NUMBER", true, set_size },
};

static const struct key dma_keys[] = {
	{ "iova", "NUMBER", true, set_iova },
	{ "access", "r|w", false, set_access },
};

static const struct key iova_key[] = {
	{ "iova", "NUMBER", true, set_iova },
};

#define KEYS(k) k, sizeof(k) / sizeof((k)[0])

static const struct keyword keywords[] = {
	{ "config", KW_CONFIG, KEYS(config_keys) },
	{ "map", IPF_OP_MAP, KEYS(map_keys) },
	{ "unmap", IPF_OP_UNMAP, KEYS(unmap_keys) },
	{ "unmap-lazy", IPF_OP_UNMAP_LAZY, KEYS(unmap_keys) },
	{ "flush-all", IPF_OP_FLUSH_ALL, NULL, 0 },
	{ "dma", IPF_OP_DMA, KEYS(dma_keys) },
	{ "prefetch", IPF_OP_PREFETCH, KEYS(iova_key) },
};

#define NR_KEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

/* ---- lines ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->err_cap)
		return -1;
	n = snprintf(ps->err, ps->err_cap, "%u: ", ps->line);
	if (n < 0 || (size_t)n >= ps->err_cap)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->err_cap - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The token, printable and short, for a message. */
static const char *show(struct parser *ps, struct tok t)
{
	size_t max = sizeof(ps->shown) - 4, n = t.n < max ? t.n : max;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t.s[i];

		ps->shown[i] = c < 0x20 || c >= 0x7f || c == '\'' ? '?' : (char)c;
	}
	strcpy(ps->shown + n, t.n > n ? "..." : "");
	return ps->shown;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool next_token(struct tok *rest, struct tok *t)
{
	while (rest->n && is_blank(*rest->s)) {
		rest->s++;
		rest->n--;
	}
	if (!rest->n)
		return false;
	t->s = rest->s;
	for (t->n = 0; t->n < rest->n && !is_blank(t->s[t->n]); t->n++)
		;
	rest->s += t->n;
	rest->n -= t->n;
	return true;
}

static int find_key(const struct keyword *kw, struct tok name)
{
	for (unsigned int i = 0; i < kw->nr_keys; i++)
		if (tok_is(name, kw->keys[i].name))
			return (int)i;
	return -1;
}

static const struct key *first_missing(const struct keyword *kw, uint32_t seen)
{
	for (unsigned int i = 0; i < kw->nr_keys; i++)
		if (kw->keys[i].required && !(seen & (1u << i)))
			return &kw->keys[i];
	return NULL;
}

static int fail_unknown_key(struct parser *ps, const struct keyword *kw, uint32_t seen,
			    struct tok t)
{
	const struct key *missing = first_missing(kw, seen);
	char names[160] = "";
	size_t len = 0;

	if (missing)
		return fail(ps, "expected %s=%s, found '%s'", missing->name, missing->what,
			    show(ps, t));
	if (!kw->nr_keys)
		return fail(ps, "expected end of line, found '%s'", show(ps, t));
	for (unsigned int i = 0; i < kw->nr_keys && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
					kw->keys[i].name);
	return fail(ps, "expected end of line or KEY=VALUE with KEY one of %s, found '%s'", names,
		    show(ps, t));
}

/* The key=value fields of a line into t. */
static int parse_keys(struct parser *ps, const struct keyword *kw, struct tok rest,
		      struct target *t)
{
	uint32_t seen = 0;
	const struct key *missing;
	struct tok tok;

	while (next_token(&rest, &tok)) {
		const char *eq = memchr(tok.s, '=', tok.n);
		int k = eq ? find_key(kw, (struct tok){ tok.s, (size_t)(eq - tok.s) }) : -1;

		if (k < 0)
			return fail_unknown_key(ps, kw, seen, tok);
		if (seen & (1u << k))
			return fail(ps, "expected each key once, found a second '%s'", show(ps, tok));
		seen |= 1u << k;
		if (!kw->keys[k].set(t, (struct tok){ eq + 1, tok.n - (size_t)(eq + 1 - tok.s) }))
			return fail(ps, "expected %s=%s, found '%s'", kw->keys[k].name,
				    kw->keys[k].what, show(ps, tok));
	}
	missing = first_missing(kw, seen);
	if (missing)
		return fail(ps, "expected %s=%s, found end of line", missing->name, missing->what);
	return 0;
}

static int parse_config(struct parser *ps, const struct keyword *kw, struct tok rest)
{
	struct target t = { .page_given = false };

	if (ps->have_config)
		return fail(ps, "expected one config line, found a second");
	if (ps->p->nr_ops)
		return fail(ps, "expected the config line before the operations, found it after %u",
			    ps->p->nr_ops);
	ipf_config_default(&t.cfg);
	if (parse_keys(ps, kw, rest, &t))
		return -1;
	if ((t.cfg.domain.quirks & IO_PGTABLE_QUIRK_ARM_NS) && t.cfg.domain.fmt == ARM_64_LPAE_S2)
		return fail(ps, "expected ns=off with fmt=lpae-s2 (the kernel refuses NS at "
				"stage 2), found ns=on");
	if (!t.page_given)
		t.cfg.domain.host_page_size = pgsizes_smallest_granule(t.cfg.domain.pgsize_bitmap);
	ps->p->cfg = t.cfg;
	ps->have_config = true;
	return 0;
}

static int parse_op(struct parser *ps, const struct keyword *kw, struct tok rest)
{
	struct target t;

	if (ps->p->nr_ops == IPF_MAX_OPS)
		return fail(ps, "too many operations: expected at most %d, found operation %d",
			    IPF_MAX_OPS, IPF_MAX_OPS + 1);
	memset(&t.op, 0, sizeof(t.op));
	t.op.kind = (enum ipf_op_kind)kw->kind;
	if (kw->kind == IPF_OP_MAP)
		t.op.prot = IOMMU_READ | IOMMU_WRITE;
	if (parse_keys(ps, kw, rest, &t))
		return -1;
	ps->p->ops[ps->p->nr_ops++] = t.op;
	return 0;
}

static int parse_line(struct parser *ps, struct tok line)
{
	const char *hash = memchr(line.s, '#', line.n);
	struct tok word;

	if (hash)
		line.n = (size_t)(hash - line.s);
	if (!next_token(&line, &word))
		return 0;
	for (unsigned int i = 0; i < NR_KEYWORDS; i++) {
		if (!tok_is(word, keywords[i].name))
			continue;
		if (keywords[i].kind == KW_CONFIG)
			return parse_config(ps, &keywords[i], line);
		return parse_op(ps, &keywords[i], line);
	}
	return fail(ps, "expected config, map, unmap, unmap-lazy, flush-all, dma or prefetch, "
			"found '%s'", show(ps, word));
}

int ipf_program_parse(struct ipf_program *p, const char *text, size_t len, char *err,
		      size_t err_cap)
{
	struct parser ps = { .p = p, .err = err, .err_cap = err_cap };
	size_t pos = 0;

	memset(p, 0, sizeof(*p));
	ipf_config_default(&p->cfg);
	if (err && err_cap)
		err[0] = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		ps.line++;
		if (parse_line(&ps, (struct tok){ text + pos, end - pos }))
			return -1;
		pos = end + 1;
	}
	return 0;
}
