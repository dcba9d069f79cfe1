// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs as text (engine/program/text_parse.c, text_print.c,
 * docs/format.md): the printed lines, text round trips of decoded programs,
 * hand-written programs parse to what the format says, every parse error
 * names its line and what it expected, and no text, however broken, crashes
 * the parser.
 */
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/bugs.h"
#include "iopgfuzz/program.h"
#include "program_check.h"

CHECK_MAIN_STATE;


static void test_text_round_trips(void)
{
	CHECK_EQ(round_trips("text", 200000, text_round_trip_quiet), 0);
}

/* ------------------------------------------------------------------ text */

static int parse_str(struct ipf_program *p, const char *text, char *err, size_t cap)
{
	return ipf_program_parse(p, text, strlen(text), err, cap);
}

static void test_format_lines(void)
{
	struct ipf_config c;
	char line[IPF_CONFIG_LINE_MAX];

	ipf_config_default(&c);
	ipf_config_format(&c, line, sizeof(line));
	CHECK(!strcmp(line, "config profile=v5.15 fmt=lpae-s1 pgsizes=4K,2M,1G page=4K ias=48 oas=48 smmu=v3 "
			    "ril=on ttl=hint lax=off ns=off lazy=off prefill=on tlb=0 wc=0 "
			    "policy=sticky free=quarantine bugs=none"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_MAP, .iova = 0x200000, .paddr = 0x80000000,
					.size = 0x1000, .prot = IOMMU_READ | IOMMU_PRIV },
		      line, sizeof(line));
	CHECK(!strcmp(line, "map iova=0x200000 paddr=0x80000000 size=0x1000 prot=rp"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_MAP }, line, sizeof(line));
	CHECK(!strcmp(line, "map iova=0x0 paddr=0x0 size=0x0 prot=none"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_UNMAP_LAZY, .iova = 1, .size = 2 }, line,
		      sizeof(line));
	CHECK(!strcmp(line, "unmap-lazy iova=0x1 size=0x2"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_DMA, .iova = 0xff, .write = true }, line,
		      sizeof(line));
	CHECK(!strcmp(line, "dma iova=0xff access=w"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_FLUSH_ALL }, line, sizeof(line));
	CHECK(!strcmp(line, "flush-all"));
	ipf_op_format(&(struct ipf_op){ .kind = IPF_OP_PREFETCH, .iova = 0x10 }, line, 8);
	CHECK(!strcmp(line, "prefetc")); /* truncated, terminated */
	CHECK(!strcmp(ipf_op_kind_name(IPF_OP_UNMAP), "unmap"));
	CHECK(!strcmp(ipf_op_kind_name(IPF_OP_KINDS), "?"));
}

static const char full_text[] =
	"# a reproducer\n"
	"\n"
	"  config fmt=lpae-s2 pgsizes=16K,32M page=4K ias=40 oas=44 smmu=v2 ril=off ttl=strict"
	" lax=on ns=off lazy=on prefill=off tlb=64 wc=0x10 policy=rr free=delayed"
	" bugs=pgsize-overflow,Map_No_Access   # trailing comment\n"
	"map iova=0x200000 paddr=2M size=4M prot=cwr\r\n"
	"\tunmap size=0x1000 iova=2M\n"
	"unmap-lazy iova=0 size=1G\n"
	"flush-all # drain\n"
	"dma iova=0x1234 access=w\n"
	"dma iova=5\n"
	"prefetch iova=0xFFFFFFFFFFFFFFFF\n"
	"map iova=0 paddr=0 size=4k prot=none\n"
	"map iova=1T paddr=0x1K size=0 prot=xmp\n"
	"#";

static void expected_full(struct ipf_program *e)
{
	memset(e, 0, sizeof(*e));
	ipf_config_default(&e->cfg);
	e->cfg.domain = (struct ipf_domain_cfg){
		.fmt = ARM_64_LPAE_S2, .pgsize_bitmap = SZ_16K | SZ_32M, .host_page_size = SZ_4K,
		.ias = 40, .oas = 44, .smmu = IPF_SMMU_V2, .non_strict = true,
		.bugs = IPF_BUG_BIT(IPF_BUG_PGSIZE_OVERFLOW) | IPF_BUG_BIT(IPF_BUG_MAP_NO_ACCESS) };
	e->cfg.smmu = (struct ipf_smmu_cfg){ .range_inv = false, .ttl_strict = true, .lax = true,
					     .tlb_entries = 64, .wc_entries = 16,
					     .policy = IPF_CACHE_ROUND_ROBIN };
	e->cfg.free_mode = IPF_FREE_DELAYED;
	e->cfg.prefill = false;
	e->nr_ops = 9;
	e->ops[0] = (struct ipf_op){ IPF_OP_MAP, SZ_2M, 4 * SZ_1M, SZ_2M,
				     IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE, false };
	e->ops[1] = (struct ipf_op){ IPF_OP_UNMAP, SZ_2M, SZ_4K, 0, 0, false };
	e->ops[2] = (struct ipf_op){ IPF_OP_UNMAP_LAZY, 0, SZ_1G, 0, 0, false };
	e->ops[3] = (struct ipf_op){ .kind = IPF_OP_FLUSH_ALL };
	e->ops[4] = (struct ipf_op){ .kind = IPF_OP_DMA, .iova = 0x1234, .write = true };
	e->ops[5] = (struct ipf_op){ .kind = IPF_OP_DMA, .iova = 5 };
	e->ops[6] = (struct ipf_op){ .kind = IPF_OP_PREFETCH, .iova = ~0ULL };
	e->ops[7] = (struct ipf_op){ IPF_OP_MAP, 0, SZ_4K, 0, 0, false };
	e->ops[8] = (struct ipf_op){ IPF_OP_MAP, 1ULL << 40, 0, 0x400,
				     IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV, false };
}

static void test_parse_programs(void)
{
	static struct ipf_program p, e;
	char err[256];

	expected_full(&e);
	CHECK_EQ(parse_str(&p, full_text, err, sizeof(err)), 0);
	CHECK(ipf_program_equal(&p, &e));
	CHECK(text_round_trip(&p, err, sizeof(err)));
	CHECK(binary_round_trip(&p, ~0ULL));
	/* No config line: the default; no page: the smallest granule of the bitmap. */
	CHECK_EQ(parse_str(&p, "flush-all\n", err, sizeof(err)), 0);
	ipf_config_default(&e.cfg);
	e.nr_ops = 1;
	e.ops[0] = (struct ipf_op){ .kind = IPF_OP_FLUSH_ALL };
	CHECK(ipf_program_equal(&p, &e));
	CHECK_EQ(parse_str(&p, "config pgsizes=512M,64K,64K ns=on", err, sizeof(err)), 0);
	CHECK(p.cfg.domain.host_page_size == SZ_64K && p.cfg.domain.pgsize_bitmap == (SZ_64K | SZ_512M));
	CHECK(p.cfg.domain.quirks == IO_PGTABLE_QUIRK_ARM_NS && p.nr_ops == 0);
	CHECK_EQ(parse_str(&p, "config bugs=CONCAT-count ias=52 oas=33 tlb=65535", err, sizeof(err)), 0);
	CHECK(p.cfg.domain.bugs == IPF_BUG_BIT(IPF_BUG_CONCAT_COUNT) && p.cfg.domain.ias == 52);
	CHECK(p.cfg.domain.oas == 33 && p.cfg.smmu.tlb_entries == 65535);
	CHECK(binary_round_trip(&p, ~0ULL));
	/* Empty text, only comments, a lone \r: the default program. */
	CHECK_EQ(ipf_program_parse(&p, "", 0, err, sizeof(err)), 0);
	CHECK(p.nr_ops == 0);
	CHECK_EQ(parse_str(&p, "# x\n\r\n   # y", err, sizeof(err)), 0);
	CHECK(p.nr_ops == 0);
}

static const struct { const char *text, *err; } parse_errors[] = {
	{ "map iova=0 paddr=0 siz=4M", "1: expected size=NUMBER, found 'siz=4M'" },
	{ "\n\n# c\nmapp iova=0",
	  "4: expected config, map, unmap, unmap-lazy, flush-all, dma or prefetch, found 'mapp'" },
	{ "unmap iova=0 iova=1 size=4K", "1: expected each key once, found a second 'iova=1'" },
	{ "flush-all\nunmap iova=0", "2: expected size=NUMBER, found end of line" },
	{ "unmap iova=12q size=4K", "1: expected iova=NUMBER, found 'iova=12q'" },
	{ "unmap iova=0x size=4K", "1: expected iova=NUMBER, found 'iova=0x'" },
	{ "unmap iova=0 size=18446744073709551616",
	  "1: expected size=NUMBER, found 'size=18446744073709551616'" },
	{ "unmap iova=0 size=16777216T", "1: expected size=NUMBER, found 'size=16777216T'" },
	{ "map iova=1T paddr=-1 size=1", "1: expected paddr=NUMBER, found 'paddr=-1'" },
	{ "unmap iova size=4K", "1: expected iova=NUMBER, found 'iova'" },
	{ "config ias=60", "1: expected ias=32..52, found 'ias=60'" },
	{ "config oas=31", "1: expected oas=32..52, found 'oas=31'" },
	{ "config pgsizes=4K,3K",
	  "1: expected pgsizes=SIZE,... (powers of two among 4K,16K,64K,2M,32M,512M,1G,4T, with "
	  "one of 4K,16K,64K), found 'pgsizes=4K,3K'" },
	{ "config pgsizes=2M,1G",
	  "1: expected pgsizes=SIZE,... (powers of two among 4K,16K,64K,2M,32M,512M,1G,4T, with "
	  "one of 4K,16K,64K), found 'pgsizes=2M,1G'" },
	{ "config pgsizes=4K,", "1: expected pgsizes=SIZE,... (powers of two among 4K,16K,64K,"
				"2M,32M,512M,1G,4T, with one of 4K,16K,64K), found 'pgsizes=4K,'" },
	{ "config page=8K", "1: expected page=4K|16K|64K, found 'page=8K'" },
	{ "config tlb=65536", "1: expected tlb=0..65535, found 'tlb=65536'" },
	{ "config fmt=v7s", "1: expected fmt=lpae-s1|lpae-s2, found 'fmt=v7s'" },
	{ "config ns=maybe", "1: expected ns=on|off, found 'ns=maybe'" },
	{ "config bugs=nosuch", "1: expected bugs=none|NAME,... (bugs.h), found 'bugs=nosuch'" },
	{ "config fmt=lpae-s2 ns=on", "1: expected ns=off with fmt=lpae-s2 (the kernel refuses NS "
				      "at stage 2), found ns=on" },
	{ "config\nconfig", "2: expected one config line, found a second" },
	{ "flush-all\nconfig", "2: expected the config line before the operations, found it after 1" },
	{ "flush-all now", "1: expected end of line, found 'now'" },
	{ "unmap iova=0 size=4K foo=1",
	  "1: expected end of line or KEY=VALUE with KEY one of iova, size, found 'foo=1'" },
	{ "dma iova=0 access=x", "1: expected access=r|w, found 'access=x'" },
	{ "map iova=0 paddr=0 size=4K prot=rr",
	  "1: expected prot=none|LETTERS (of rwcxmp), found 'prot=rr'" },
	{ "map iova=0 paddr=0 size=4K prot=", "1: expected prot=none|LETTERS (of rwcxmp), found 'prot='" },
	{ "prefetch iova=0 iova=0", "1: expected each key once, found a second 'iova=0'" },
	{ "Flush-all", "1: expected config, map, unmap, unmap-lazy, flush-all, dma or prefetch, "
		       "found 'Flush-all'" },
	{ "dma iova='1", "1: expected iova=NUMBER, found 'iova=?1'" },
};

static void test_parse_errors(void)
{
	static struct ipf_program p;
	char err[256], small[8];

	for (unsigned int i = 0; i < sizeof(parse_errors) / sizeof(parse_errors[0]); i++) {
		CHECK_EQ(parse_str(&p, parse_errors[i].text, err, sizeof(err)), -1);
		if (strcmp(err, parse_errors[i].err))
			fprintf(stderr, "  text %u: got \"%s\"\n", i, err);
		CHECK(!strcmp(err, parse_errors[i].err));
	}
	/* A NUL byte is part of a token, shown as '?'. */
	CHECK_EQ(ipf_program_parse(&p, "flush-all\0x", 11, err, sizeof(err)), -1);
	CHECK(!strcmp(err, "1: expected config, map, unmap, unmap-lazy, flush-all, dma or "
			   "prefetch, found 'flush-all?x'"));
	/* Long tokens are cut short; small buffers truncate; no buffer at all is fine. */
	CHECK_EQ(parse_str(&p, "dma iova=0123456789012345678901234567890123456789012345678901234567"
			       "89", err, sizeof(err)), -1);
	CHECK(!strcmp(err, "1: expected iova=NUMBER, found "
			   "'iova=0123456789012345678901234567890123456789012345678901234...'"));
	CHECK_EQ(parse_str(&p, "x", small, sizeof(small)), -1);
	CHECK(!strcmp(small, "1: expe"));
	CHECK_EQ(parse_str(&p, "x", NULL, 0), -1);
}

static void test_parse_too_many(void)
{
	static char text[IPF_MAX_OPS * 16 + 64];
	static struct ipf_program p;
	char err[256];
	size_t n = 0;

	n += (size_t)sprintf(text + n, "config\n");
	for (int i = 0; i < IPF_MAX_OPS; i++)
		n += (size_t)sprintf(text + n, "flush-all\n");
	CHECK_EQ(ipf_program_parse(&p, text, n, err, sizeof(err)), 0);
	CHECK_EQ(p.nr_ops, IPF_MAX_OPS);
	n += (size_t)sprintf(text + n, "# comment\nprefetch iova=0\n");
	CHECK_EQ(ipf_program_parse(&p, text, n, err, sizeof(err)), -1);
	CHECK(!strcmp(err, "67: too many operations: expected at most 64, found operation 65"));
}

/* ---------------------------------------------------------- text garbage */

static const char *const vocabulary[] = {
	"config", "map", "unmap", "unmap-lazy", "flush-all", "dma", "prefetch", "iova=", "paddr=",
	"size=", "prot=", "access=", "fmt=", "pgsizes=", "page=", "ias=", "oas=", "smmu=",
	"ril=", "ttl=", "lax=", "ns=", "lazy=", "prefill=", "tlb=", "wc=", "policy=", "free=",
	"bugs=", "0x", "4K", "2M", "1G", "16K", "64K", "512M", "4T", "48", "52", "0", "1", ",",
	"rw", "none", "on", "off", "lpae-s1", "lpae-s2", "v2", "v3", "rr", "sticky", "reuse",
	"delayed", "quarantine", "hint", "strict", "r", "w", "CONCAT_COUNT", "#", " ", " ", "\n",
	"\t", "=", "ff", "\r",
};

static void random_text(struct rng *r, char *t, size_t *len, size_t cap)
{
	size_t n = 0, want = (size_t)rng_pick(r, cap / 2);

	while (n < want) {
		if (rng_pick(r, 8) == 0) {
			t[n++] = (char)rng_next(r);
			continue;
		}
		const char *w = vocabulary[rng_pick(r, sizeof(vocabulary) / sizeof(vocabulary[0]))];

		for (size_t i = 0; w[i] && n < cap; i++)
			t[n++] = w[i];
	}
	*len = n;
}

static void mutate_text(struct rng *r, char *t, size_t *len, size_t cap)
{
	for (int m = 0, nr = 1 + (int)rng_pick(r, 4); m < nr; m++) {
		size_t at = *len ? (size_t)rng_pick(r, *len) : 0, n = (size_t)rng_pick(r, 8);

		switch (rng_pick(r, 4)) {
		case 0: /* overwrite a byte */
			if (*len)
				t[at] = rng_pick(r, 2) ? (char)rng_next(r) : "=,#x \n0K"[rng_pick(r, 8)];
			break;
		case 1: /* delete bytes */
			n = n < *len - at ? n : *len - at;
			memmove(t + at, t + at + n, *len - at - n);
			*len -= n;
			break;
		case 2: /* duplicate bytes */
			n = n < *len - at ? n : *len - at;
			if (*len + n <= cap) {
				memmove(t + at + n, t + at, *len - at);
				*len += n;
			}
			break;
		default: /* truncate */
			*len = at;
		}
	}
}

/* Either an error of the documented shape, or a program that round-trips both ways. */
static bool parse_outcome_ok(const char *t, size_t len)
{
	static struct ipf_program p;
	char err[256];
	int ret = ipf_program_parse(&p, t, len, err, sizeof(err));
	const char *colon = strchr(err, ':');

	if (ret == 0)
		return text_round_trip(&p, err, sizeof(err)) && binary_round_trip(&p, ~0ULL);
	return ret == -1 && err[0] >= '1' && err[0] <= '9' && colon && colon[1] == ' ' &&
	       !strchr(err, '\n') && strlen(err) >= 10;
}

static void test_parse_garbage(void)
{
	enum { RANDOM = 100000, SOUP = 100000, MUTATED = 100000 };
	static char t[8192];
	static struct input in;
	static struct ipf_program p;
	struct rng r = { 4 };
	uint32_t parsed = 0, bad = 0;
	size_t len;
	double t0 = check_seconds();

	for (uint32_t i = 0; i < RANDOM; i++) {
		len = (size_t)rng_pick(&r, 200);
		for (size_t k = 0; k < len; k++)
			t[k] = (char)rng_next(&r);
		bad += !parse_outcome_ok(t, len);
	}
	for (uint32_t i = 0; i < SOUP; i++) {
		random_text(&r, t, &len, 400);
		bad += !parse_outcome_ok(t, len);
	}
	for (uint32_t i = 0; i < MUTATED; i++) {
		random_input(&r, &in);
		ipf_program_decode(&p, in.b, in.len, ~0ULL);
		if (!print_to(&p, t, sizeof(t), &len))
			continue;
		mutate_text(&r, t, &len, sizeof(t));
		parsed += !ipf_program_parse(&p, t, len, NULL, 0);
		bad += !parse_outcome_ok(t, len);
	}
	CHECK_EQ(bad, 0);
	CHECK(parsed > MUTATED / 20); /* the mutations leave some programs valid */
	printf("text garbage: %u random, %u token soups, %u mutated (%u still valid), %.2f s\n",
	       RANDOM, SOUP, MUTATED, parsed, check_seconds() - t0);
}

int main(void)
{
	RUN_TEST(test_format_lines);
	RUN_TEST(test_parse_programs);
	RUN_TEST(test_parse_errors);
	RUN_TEST(test_parse_too_many);
	RUN_TEST(test_text_round_trips);
	RUN_TEST(test_parse_garbage);
	return check_summary("test_program_text");
}
