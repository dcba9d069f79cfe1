// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding programs (engine/program/decode.c, docs/format.md): decoding is
 * total and every decoded configuration is one the engines accept; decoded
 * operations keep their invariants (aligned, inside the IAS/OAS, bounded
 * leaves), checked against the bytes by a reader of the format written
 * independently of the decoder; hand-written bytes decode to what the format
 * says.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/bugs.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/program.h"

CHECK_MAIN_STATE;

/* The format's constants, written out again: the test does not share the decoder's. */
#define GRANULES (SZ_4K | SZ_16K | SZ_64K)
#define KNOWN_SIZES (GRANULES | SZ_2M | SZ_32M | SZ_512M | SZ_1G | SZ_4T)

/* The operation pieces of an input, found independently of the decoder. */
struct piece {
	const uint8_t *b;
	size_t len;
};

static uint32_t split_pieces(const struct input *in, struct piece *pieces, uint32_t max)
{
	uint32_t nr = 0;
	size_t start = 32;

	for (size_t i = 32; i <= in->len && nr < max; i++) {
		bool sep = i + 1 < in->len && in->b[i] == SEP0 && in->b[i + 1] == SEP1;

		if (!sep && i < in->len)
			continue;
		if (i > start)
			pieces[nr++] = (struct piece){ in->b + start, i - start };
		start = i + 2;
		i++;
	}
	return nr;
}

static uint8_t piece_byte(struct piece p, size_t off)
{
	return off < p.len ? p.b[off] : 0;
}

static uint64_t piece_le(struct piece p, size_t off, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)piece_byte(p, off + i) << (8 * i);
	return v;
}

static uint64_t piece_literal(struct piece p, size_t sel)
{
	return piece_le(p, sel + 1, 8) ^ ((piece_byte(p, sel) & 0x7fULL) * 0x0101010101010101ULL);
}

/* ---------------------------------------------------------------- leaves */

/* Page by page: each leaf the largest size that fits and is aligned at iova and paddr. */
static uint64_t brute_leaves(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size,
			     uint64_t limit)
{
	uint64_t n = 0;

	while (size && n <= limit) {
		uint64_t pg = 0;

		for (uint64_t s = bitmap; s; s &= s - 1) {
			uint64_t c = s & (~s + 1);

			if (c <= size && !((iova | paddr) & (c - 1)))
				pg = c;
		}
		if (!pg)
			return UINT64_MAX;
		iova += pg;
		paddr += pg;
		size -= pg;
		n++;
	}
	return n;
}

/*
 * The same count, fast enough for every operation: after each leaf choice,
 * jump to where the next larger size could become aligned, and choose again.
 */
static uint64_t jump_leaves(uint64_t bitmap, uint64_t iova, uint64_t paddr, uint64_t size)
{
	uint64_t n = 0;

	while (size) {
		uint64_t pg = 0, next = 0, pages;

		for (uint64_t s = bitmap; s; s &= s - 1) {
			uint64_t c = s & (~s + 1);

			if (c <= size && !((iova | paddr) & (c - 1)))
				pg = c;
			else if (pg && !next)
				next = c;
		}
		if (!pg)
			return UINT64_MAX;
		pages = size / pg;
		if (next && (next - (iova & (next - 1))) / pg < pages)
			pages = (next - (iova & (next - 1))) / pg;
		iova += pages * pg;
		paddr += pages * pg;
		size -= pages * pg;
		n += pages;
	}
	return n;
}

/* The size a non-literal size field asks for, bounded as the format says. */
static uint64_t expected_size(const struct ipf_geometry *g, struct piece p, uint64_t iova,
			      uint64_t paddr)
{
	static const uint64_t counts[16] = { 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64,
					     511, 512, 513 };
	uint64_t sizes[8], nr = 0, size;

	for (uint64_t s = g->pgsize_bitmap; s; s &= s - 1)
		sizes[nr++] = s & (~s + 1);
	size = sizes[(piece_byte(p, 10) & 0x7f) % nr] * counts[piece_byte(p, 11) % 16] +
	       piece_byte(p, 12) * g->granule;
	iova &= ~(g->granule - 1);
	paddr &= ~(g->granule - 1);
	while (brute_leaves(g->pgsize_bitmap, iova, paddr, size, IPF_MAX_LEAVES) > IPF_MAX_LEAVES) {
		size = (size / 2) & ~(g->granule - 1);
		if (!size)
			size = g->granule;
	}
	return size;
}

/* ------------------------------------------------------- decode: totality */

static bool valid_pa_size(unsigned int oas)
{
	return oas == 32 || oas == 36 || oas == 40 || oas == 42 || oas == 44 || oas == 48 ||
	       oas == 52;
}

static void check_config_ranges(const struct ipf_config *c, uint64_t bugs_allowed)
{
	CHECK(c->domain.fmt == ARM_64_LPAE_S1 || c->domain.fmt == ARM_64_LPAE_S2);
	CHECK(!(c->domain.pgsize_bitmap & ~KNOWN_SIZES) && (c->domain.pgsize_bitmap & GRANULES));
	CHECK(c->domain.ias >= 32 && c->domain.ias <= 52);
	CHECK(c->domain.oas >= 32 && c->domain.oas <= 52);
	CHECK(c->domain.host_page_size & GRANULES && is_pow2_64(c->domain.host_page_size));
	CHECK(c->domain.quirks == 0 ||
	      (c->domain.quirks == IO_PGTABLE_QUIRK_ARM_NS && c->domain.fmt == ARM_64_LPAE_S1));
	CHECK(c->domain.smmu < IPF_SMMU_MODELS && c->smmu.policy < IPF_CACHE_POLICIES);
	CHECK(c->free_mode < IPF_FREE_MODES);
	CHECK(!(c->domain.bugs & ~(bugs_allowed & IPF_BUGS_ALL)));
	CHECK(c->smmu.tlb_entries <= 0xffff && c->smmu.wc_entries <= 0xffff);
}

static void check_unused_zero(const struct ipf_op *op)
{
	bool has_size = op->kind == IPF_OP_MAP || op->kind == IPF_OP_UNMAP ||
			op->kind == IPF_OP_UNMAP_LAZY;

	if (op->kind == IPF_OP_FLUSH_ALL)
		CHECK_EQ(op->iova, 0);
	if (!has_size)
		CHECK_EQ(op->size, 0);
	if (op->kind != IPF_OP_MAP)
		CHECK(op->paddr == 0 && op->prot == 0);
	if (op->kind != IPF_OP_DMA)
		CHECK(!op->write);
}

/* Every field of one operation against its bytes; `deep`: also count leaves page by page. */
static void check_op(const struct ipf_op *op, struct piece p, const struct ipf_geometry *g,
		     bool deep, bool reach)
{
	bool lit_iova = piece_byte(p, 1) & 0x80, lit_size = piece_byte(p, 10) & 0x80;
	/* Layout 2 (config byte 1, bit 4): the kind byte's quotient joins the prot byte. */
	uint8_t arg = piece_byte(p, 28) ^ (reach ? piece_byte(p, 0) / IPF_OP_KINDS : 0);
	bool lit_pa = piece_byte(p, 19) & 0x80;
	uint64_t paddr = op->kind == IPF_OP_MAP ? op->paddr : op->iova, iova, leaves;

	CHECK_EQ(op->kind, piece_byte(p, 0) % IPF_OP_KINDS);
	check_unused_zero(op);
	if (op->kind == IPF_OP_FLUSH_ALL)
		return;
	if (lit_iova)
		CHECK_EQ(op->iova, piece_literal(p, 1));
	else
		CHECK(!(op->iova & (g->granule - 1)) && op->iova < 1ULL << g->ias);
	if (op->kind == IPF_OP_MAP) {
		if (lit_pa)
			CHECK_EQ(op->paddr, piece_literal(p, 19));
		else
			CHECK(!(op->paddr & (g->granule - 1)) && op->paddr < 1ULL << g->oas);
		CHECK_EQ(op->prot, (arg ^ 3) & 0x3f);
	}
	if (op->kind == IPF_OP_DMA)
		CHECK_EQ(op->write, arg & 1);
	if (op->kind != IPF_OP_MAP && op->kind != IPF_OP_UNMAP && op->kind != IPF_OP_UNMAP_LAZY)
		return;
	if (lit_size)
		CHECK_EQ(op->size, piece_literal(p, 10));
	else
		CHECK(op->size >= g->granule && !(op->size & (g->granule - 1)));
	if (lit_size)
		return;
	/* Counted from the addresses aligned down to the granule (a literal may not be). */
	iova = op->iova & ~(g->granule - 1);
	paddr &= ~(g->granule - 1);
	leaves = jump_leaves(g->pgsize_bitmap, iova, paddr, op->size);
	CHECK(leaves <= IPF_MAX_LEAVES);
	if (!deep)
		return;
	CHECK_EQ(op->size, expected_size(g, p, iova, paddr));
	CHECK_EQ(leaves, brute_leaves(g->pgsize_bitmap, iova, paddr, op->size, UINT64_MAX));
}

static void check_ops(const struct ipf_program *p, const struct input *in, bool deep)
{
	struct piece pieces[IPF_MAX_OPS];
	uint32_t nr = split_pieces(in, pieces, IPF_MAX_OPS);
	struct ipf_geometry g;

	CHECK_EQ(p->nr_ops, nr);
	ipf_config_geometry(&p->cfg, &g);
	for (uint32_t i = 0; i < p->nr_ops && i < nr; i++)
		check_op(&p->ops[i], pieces[i], &g, deep, in->len > 1 && (in->b[1] & 0x10));
}

/* The arenas the sample of configurations is allocated in, one per host page size. */
struct arenas {
	struct ipf_pgmem mem[3];
};

static struct ipf_pgmem *arena_for(struct arenas *a, uint64_t page)
{
	return &a->mem[page == SZ_4K ? 0 : page == SZ_16K ? 1 : 2];
}

static void check_with_smmu(struct ipf_domain *d, const struct ipf_config *c,
			    struct ipf_pgmem *mem)
{
	struct ipf_smmu *smmu = ipf_smmu_create(&c->smmu, mem, NULL);

	CHECK(smmu != NULL);
	if (smmu)
		ipf_domain_attach_smmu(d, smmu);
	CHECK_EQ(ipf_domain_free(d), 0);
	ipf_smmu_destroy(smmu);
}

static bool concat_refused(const struct ipf_config *c, const struct ipf_geometry *g)
{
	uint64_t planted = IPF_BUG_BIT(IPF_BUG_CONCAT_CFG_UNREAD) |
			   IPF_BUG_BIT(IPF_BUG_CONCAT_LIMIT_MISSED);
	struct arm_lpae_walk w;

	return !(c->domain.bugs & planted) &&
	       arm_lpae_walk_geometry(c->domain.fmt, &(struct io_pgtable_cfg){
					      .pgsize_bitmap = g->pgsize_bitmap, .ias = g->ias,
					      .oas = g->oas }, c->domain.profile, &w) == -E2BIG;
}

/*
 * The engines accept the configuration, and see the geometry the program was
 * drawn in. Returns whether it was accepted.
 */
static bool check_accepted(struct arenas *a, const struct ipf_config *c, enum ipf_engine engine,
			   bool with_smmu)
{
	struct ipf_pgmem *mem = arena_for(a, c->domain.host_page_size);
	struct ipf_geometry g;
	struct ipf_domain *d;
	int err = 0;

	ipf_config_geometry(c, &g);
	ipf_pgmem_reset(mem);
	mem->cfg.free_mode = c->free_mode;
	d = ipf_domain_alloc(engine, &c->domain, mem, NULL, NULL, &err);
	/*
	 * Refused only for a literal OAS the (I)PS field cannot encode, or from
	 * v6.14 a stage-2 pgd that must concatenate more than 16 tables.
	 */
	CHECK_EQ(d != NULL, valid_pa_size(g.oas) && !concat_refused(c, &g));
	if (!d) {
		CHECK_EQ(err, -EINVAL);
		return false;
	}
	CHECK_EQ(d->domain.pgsize_bitmap, g.pgsize_bitmap);
	CHECK_EQ(d->pgtbl_cfg.ias, g.ias);
	CHECK_EQ(d->pgtbl_cfg.oas, g.oas);
	if (with_smmu)
		check_with_smmu(d, c, mem);
	else
		CHECK_EQ(ipf_domain_free(d), 0);
	return true;
}

static void test_decode_totality(void)
{
	enum { INPUTS = 1000000, SAMPLE_EVERY = 50, DEEP_EVERY = 64, SMMU_EVERY = 5000 };
	struct rng r = { 1 };
	static struct input in;
	static struct ipf_program p;
	struct arenas a;
	uint64_t ops = 0, sampled = 0, accepted = 0;
	double t0 = check_seconds();

	for (unsigned int i = 0; i < 3; i++)
		CHECK_EQ(ipf_pgmem_init(&a.mem[i], &(struct ipf_pgmem_cfg){
			.host_page_size = SZ_4K << (2 * i), .max_bytes = 64ULL << 20 }), 0);
	for (uint32_t i = 0; i < INPUTS; i++) {
		uint64_t allowed = rng_pick(&r, 2) ? ~0ULL : rng_pick(&r, 2) ? 0 : rng_next(&r);

		random_input(&r, &in);
		ipf_program_decode(&p, in.b, in.len, allowed);
		ops += p.nr_ops;
		check_config_ranges(&p.cfg, allowed);
		check_ops(&p, &in, i % DEEP_EVERY == 0);
		if (i % SAMPLE_EVERY)
			continue;
		accepted += check_accepted(&a, &p.cfg, (enum ipf_engine)(sampled++ % IPF_ENGINES),
					   i % SMMU_EVERY == 0);
	}
	for (unsigned int i = 0; i < 3; i++)
		ipf_pgmem_destroy(&a.mem[i]);
	/* Refusals (literal OAS values) stay rare. */
	CHECK(accepted > sampled * 9 / 10);
	printf("decode: %u inputs, %" PRIu64 " operations, %" PRIu64 " of %" PRIu64
	       " sampled configurations accepted, %.2f s\n", INPUTS, ops, accepted, sampled,
	       check_seconds() - t0);
}

/* ------------------------------------------------------- decode: by hand */

static void decode_bytes(struct ipf_program *p, const uint8_t *b, size_t len)
{
	ipf_program_decode(p, b, len, ~0ULL);
}

static void test_empty_and_default(void)
{
	static struct ipf_program p, q;
	uint8_t zeros[32] = { 0 }, buf[64];
	struct ipf_config c;

	decode_bytes(&p, NULL, 0);
	ipf_config_default(&c);
	CHECK_EQ(p.nr_ops, 0);
	CHECK(c.domain.fmt == ARM_64_LPAE_S1 && c.domain.pgsize_bitmap == (SZ_4K | SZ_2M | SZ_1G));
	CHECK(c.domain.ias == 48 && c.domain.oas == 48 && c.domain.smmu == IPF_SMMU_V3);
	CHECK(c.domain.host_page_size == SZ_4K && !c.domain.non_strict && !c.domain.quirks);
	CHECK(c.smmu.range_inv && !c.smmu.ttl_strict && !c.smmu.lax && c.prefill);
	CHECK(!c.smmu.tlb_entries && !c.smmu.wc_entries && c.smmu.policy == IPF_CACHE_STICKY);
	CHECK(c.free_mode == IPF_FREE_QUARANTINE && !c.domain.bugs);
	memset(&q, 0, sizeof(q));
	q.cfg = c;
	CHECK(ipf_program_equal(&p, &q));
	decode_bytes(&p, zeros, sizeof(zeros));
	CHECK(ipf_program_equal(&p, &q));
	/* The default program is 32 zero bytes but for layout 2's bit (byte 1, bit 4). */
	CHECK_EQ(ipf_program_encode(&q, buf, sizeof(buf)), 32);
	CHECK_EQ(buf[1], 0x10);
	buf[1] = 0;
	CHECK(!memcmp(buf, zeros, 32));
}

static void cfg_from(struct ipf_config *c, unsigned int off, uint8_t v)
{
	uint8_t b[32] = { 0 };
	static struct ipf_program p;

	b[off] = v;
	decode_bytes(&p, b, sizeof(b));
	*c = p.cfg;
}

static void test_config_flags(void)
{
	struct ipf_config c;

	cfg_from(&c, 0, 0xff);
	CHECK(c.domain.fmt == ARM_64_LPAE_S2 && c.domain.smmu == IPF_SMMU_V2);
	CHECK(!c.smmu.range_inv && c.domain.non_strict && c.smmu.ttl_strict && c.smmu.lax);
	CHECK(!c.prefill && c.domain.quirks == 0); /* NS ignored at stage 2 */
	cfg_from(&c, 0, 0x10);
	CHECK(c.domain.fmt == ARM_64_LPAE_S1 && c.domain.quirks == IO_PGTABLE_QUIRK_ARM_NS);
	cfg_from(&c, 0, 0x04);
	CHECK(!c.smmu.range_inv && c.prefill && c.domain.smmu == IPF_SMMU_V3);
	cfg_from(&c, 0, 0x40);
	CHECK(!c.prefill && c.smmu.range_inv);
}

static void test_config_pgsizes(void)
{
	static const struct { uint8_t b1; uint64_t bitmap, page; } cases[] = {
		{ 0x00, SZ_4K | SZ_2M | SZ_1G, SZ_4K }, { 0x01, SZ_16K | SZ_32M, SZ_16K },
		{ 0x02, SZ_64K | SZ_512M, SZ_64K },     { 0x03, SZ_4K | SZ_2M | SZ_1G, SZ_4K },
		{ 0x04, SZ_4K | SZ_1G, SZ_4K },         { 0x08, SZ_4K | SZ_2M, SZ_4K },
		{ 0x0c, SZ_4K, SZ_4K },                 { 0x09, SZ_16K | SZ_32M, SZ_16K },
		{ 0x0e, SZ_64K, SZ_64K },               { 0x70, SZ_4K | SZ_2M | SZ_1G, SZ_4K },
	};
	struct ipf_config c;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg_from(&c, 1, cases[i].b1);
		CHECK_EQ(c.domain.pgsize_bitmap, cases[i].bitmap);
		CHECK_EQ(c.domain.host_page_size, cases[i].page);
	}
}

static void literal_bitmap(struct ipf_config *c, uint8_t b1, uint64_t bitmap, uint8_t page)
{
	uint8_t b[32] = { 0 };
	static struct ipf_program p;

	b[1] = b1;
	put_le64(b + 24, bitmap);
	b[17] = page;
	decode_bytes(&p, b, sizeof(b));
	*c = p.cfg;
}

static void test_config_literal_bitmap(void)
{
	struct ipf_config c;
	struct ipf_geometry g;

	literal_bitmap(&c, 0x80, 0, 0);
	CHECK_EQ(c.domain.pgsize_bitmap, SZ_4K);
	literal_bitmap(&c, 0x80, SZ_2M | SZ_1G | 3 | SZ_1M, 0); /* unknown sizes dropped, 4K added */
	CHECK_EQ(c.domain.pgsize_bitmap, SZ_4K | SZ_2M | SZ_1G);
	literal_bitmap(&c, 0x83, SZ_16K | SZ_64K | SZ_32M, 0); /* granule bits ignored */
	CHECK_EQ(c.domain.pgsize_bitmap, SZ_16K | SZ_64K | SZ_32M);
	CHECK_EQ(c.domain.host_page_size, SZ_16K);
	/* The kernel picks the granule with the host page: 64K here, and keeps 64K|512M. */
	literal_bitmap(&c, 0x80, SZ_4K | SZ_64K | SZ_2M | SZ_512M, 3);
	CHECK_EQ(c.domain.host_page_size, SZ_64K);
	ipf_config_geometry(&c, &g);
	CHECK(g.granule == SZ_64K && g.pgsize_bitmap == (SZ_64K | SZ_512M));
	/* Host page 16K, not in the bitmap: the largest smaller size, 4K. */
	literal_bitmap(&c, 0x80, SZ_4K | SZ_64K | SZ_2M, 2);
	ipf_config_geometry(&c, &g);
	CHECK(g.granule == SZ_4K && g.pgsize_bitmap == (SZ_4K | SZ_2M));
	literal_bitmap(&c, 0x80, ~0ULL, 1);
	CHECK_EQ(c.domain.pgsize_bitmap, KNOWN_SIZES);
	CHECK_EQ(c.domain.host_page_size, SZ_4K);
	/* A 4T block only with a 64K granule and an OAS above 48. */
	ipf_config_geometry(&c, &g);
	CHECK_EQ(g.pgsize_bitmap, SZ_4K | SZ_2M | SZ_1G);
	c.domain.host_page_size = SZ_64K;
	c.domain.oas = 52;
	ipf_config_geometry(&c, &g);
	CHECK(g.pgsize_bitmap == (SZ_64K | SZ_512M | SZ_4T) && g.oas == 52);
}

static void test_config_bits(void)
{
	static const unsigned int ias[] = { 48, 32, 36, 39, 40, 42, 44, 48 };
	static const unsigned int oas[] = { 48, 32, 36, 40, 42, 44, 48 };
	static const struct { uint8_t v; unsigned int bits; } literal[] = {
		{ 0x80, 32 }, { 0x80 | 31, 32 }, { 0x80 | 33, 33 }, { 0x80 | 40, 40 },
		{ 0x80 | 50, 50 }, { 0x80 | 52, 52 }, { 0x80 | 53, 52 }, { 0xff, 52 },
	};
	struct ipf_config c;

	for (unsigned int i = 0; i < 8; i++) {
		cfg_from(&c, 2, (uint8_t)i);
		CHECK_EQ(c.domain.ias, ias[i]);
	}
	for (unsigned int i = 0; i < 7; i++) {
		cfg_from(&c, 3, (uint8_t)i);
		CHECK_EQ(c.domain.oas, oas[i]);
	}
	for (unsigned int i = 0; i < sizeof(literal) / sizeof(literal[0]); i++) {
		cfg_from(&c, 2, literal[i].v);
		CHECK_EQ(c.domain.ias, literal[i].bits);
		cfg_from(&c, 3, literal[i].v);
		CHECK_EQ(c.domain.oas, literal[i].bits);
	}
}

static void test_config_caches(void)
{
	static const uint32_t tlb[] = { 0, 64, 16, 1024 }, wc[] = { 0, 16, 4, 256 };
	static const enum ipf_free_mode free_mode[] = { IPF_FREE_QUARANTINE, IPF_FREE_REUSE,
							IPF_FREE_DELAYED, IPF_FREE_QUARANTINE };
	uint8_t b[32] = { 0 };
	static struct ipf_program p;
	struct ipf_config c;

	for (unsigned int i = 0; i < 4; i++) {
		cfg_from(&c, 4, (uint8_t)(i << 1));
		CHECK_EQ(c.smmu.tlb_entries, tlb[i]);
		cfg_from(&c, 4, (uint8_t)(i << 3));
		CHECK_EQ(c.smmu.wc_entries, wc[i]);
		cfg_from(&c, 4, (uint8_t)(i << 5));
		CHECK_EQ(c.free_mode, free_mode[i]);
	}
	cfg_from(&c, 4, 0x81); /* bit 7 unused */
	CHECK(c.smmu.policy == IPF_CACHE_ROUND_ROBIN && c.free_mode == IPF_FREE_QUARANTINE);
	b[4] = 0x1e; /* classes 1024 and 256, overridden */
	b[13] = 0x34, b[14] = 0x12, b[15] = 0xff, b[16] = 0xff;
	decode_bytes(&p, b, sizeof(b));
	CHECK(p.cfg.smmu.tlb_entries == 0x1234 && p.cfg.smmu.wc_entries == 0xffff);
}

static void test_config_bugs_and_page(void)
{
	uint8_t b[32] = { 0 };
	static struct ipf_program p;
	struct ipf_config c;

	memset(b + 5, 0xff, 8);
	ipf_program_decode(&p, b, sizeof(b), ~0ULL);
	CHECK_EQ(p.cfg.domain.bugs, IPF_BUGS_ALL);
	ipf_program_decode(&p, b, sizeof(b), 0);
	CHECK_EQ(p.cfg.domain.bugs, 0);
	ipf_program_decode(&p, b, sizeof(b), IPF_BUG_BIT(IPF_BUG_MAP_NO_ACCESS) | (1ULL << 63));
	CHECK_EQ(p.cfg.domain.bugs, IPF_BUG_BIT(IPF_BUG_MAP_NO_ACCESS));
	b[5] = (uint8_t)IPF_BUG_BIT(IPF_BUG_CONCAT_COUNT);
	memset(b + 6, 0, 7);
	ipf_program_decode(&p, b, sizeof(b), ~0ULL);
	CHECK_EQ(p.cfg.domain.bugs, IPF_BUG_BIT(IPF_BUG_CONCAT_COUNT));
	for (unsigned int v = 0; v < 8; v++) {
		cfg_from(&c, 17, (uint8_t)v);
		CHECK_EQ(c.domain.host_page_size, v % 4 ? SZ_4K << (2 * (v % 4 - 1)) : SZ_4K);
	}
	cfg_from(&c, 20, 0xff); /* reserved */
	ipf_config_default(&p.cfg);
	CHECK(ipf_program_equal(&(struct ipf_program){ .cfg = c }, &(struct ipf_program){ .cfg = p.cfg }));
}

/* A program of the default configuration (or `cfg0` as byte 0..3) and one operation. */
static void one_op(struct ipf_program *p, const uint8_t cfg[4], const uint8_t *op, size_t len)
{
	uint8_t b[32 + 64] = { 0 };

	if (cfg)
		memcpy(b, cfg, 4);
	memcpy(b + 32, op, len);
	decode_bytes(p, b, 32 + len);
}

static void test_op_iova_windows(void)
{
	static const uint64_t top = 1ULL << 48;
	static const uint64_t windows[8] = { 0, SZ_2M, SZ_1G, top - 4 * SZ_1G, top / 2,
					     3 * SZ_2M, 2 * SZ_1G, top - SZ_2M };
	static struct ipf_program p;

	for (unsigned int w = 0; w < 8; w++) {
		uint8_t op[4] = { IPF_OP_PREFETCH, (uint8_t)(w | 0x78), 3, 0 };

		one_op(&p, NULL, op, sizeof(op));
		CHECK_EQ(p.nr_ops, 1);
		CHECK_EQ(p.ops[0].kind, IPF_OP_PREFETCH);
		CHECK_EQ(p.ops[0].iova, windows[w] + 3 * SZ_4K);
	}
	/* -1 granule from 0 wraps to the top of the IAS. */
	one_op(&p, NULL, (const uint8_t[]){ IPF_OP_DMA, 0, 0xff, 0xff }, 4);
	CHECK_EQ(p.ops[0].iova, top - SZ_4K);
	/* 16K granule, IAS 36: level-2 block 32M, level-1 block 64G. */
	one_op(&p, (const uint8_t[]){ 0, 1, 2, 0 }, (const uint8_t[]){ IPF_OP_DMA, 2, 0, 0 }, 4);
	CHECK_EQ(p.ops[0].iova, 0);                                   /* 64G mod 2^36 */
	one_op(&p, (const uint8_t[]){ 0, 1, 2, 0 }, (const uint8_t[]){ IPF_OP_DMA, 7, 1, 0 }, 4);
	CHECK_EQ(p.ops[0].iova, (1ULL << 36) - SZ_32M + SZ_16K);
	/* 64K granule: 512M, and 4*big below the top. */
	one_op(&p, (const uint8_t[]){ 0, 2, 0, 0 }, (const uint8_t[]){ IPF_OP_DMA, 3, 0, 0x80 }, 4);
	CHECK_EQ(p.ops[0].iova, top - 4 * SZ_512M - 0x8000 * SZ_64K);
}

/*
 * Layout 2 (config byte 1, bit 4): a one-byte map can carry any prot (the kind
 * byte's quotient), and an IOVA window can sit one granule below its boundary.
 * Without the bit the same bytes read as before.
 */
static void test_op_reach_layout(void)
{
	static struct ipf_program p;
	const uint8_t reach[4] = { 0, 0x10, 0, 0 };
	const uint8_t map_x[1] = { IPF_OP_MAP + 6 * 8 };
	const uint8_t below[4] = { IPF_OP_PREFETCH, 1 | 0x08, 0, 0 };

	one_op(&p, reach, map_x, sizeof(map_x));
	CHECK_EQ(p.ops[0].kind, IPF_OP_MAP);
	CHECK_EQ(p.ops[0].prot, IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC);
	one_op(&p, NULL, map_x, sizeof(map_x));
	CHECK_EQ(p.ops[0].prot, IOMMU_READ | IOMMU_WRITE);
	one_op(&p, reach, below, sizeof(below));
	CHECK_EQ(p.ops[0].iova, SZ_2M - SZ_4K);
	one_op(&p, NULL, below, sizeof(below));
	CHECK_EQ(p.ops[0].iova, SZ_2M);
}

static void test_op_literals(void)
{
	static struct ipf_program p;
	uint8_t op[29] = { IPF_OP_MAP, 0x80 };

	put_le64(op + 2, 0x123456789abcdefULL);
	op[10] = 0x80 | 5;
	put_le64(op + 11, 0x1001ULL ^ 0x0505050505050505ULL);
	op[19] = 0xff;
	put_le64(op + 20, 0x7f7f7f7f7f7f7f7fULL); /* key 0x7f: the literal is 0 */
	op[28] = 0xff;
	one_op(&p, NULL, op, sizeof(op));
	CHECK_EQ(p.ops[0].iova, 0x123456789abcdefULL);
	CHECK_EQ(p.ops[0].size, 0x1001);
	CHECK_EQ(p.ops[0].paddr, 0);
	CHECK_EQ(p.ops[0].prot, IOMMU_CACHE | IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV);
	CHECK(!p.ops[0].write);
	/* A DMA ignores size, paddr and prot bytes; bit 0 of byte 28 is the direction. */
	op[0] = IPF_OP_DMA + IPF_OP_KINDS;
	one_op(&p, NULL, op, sizeof(op));
	CHECK(p.ops[0].kind == IPF_OP_DMA && p.ops[0].write && p.ops[0].iova == 0x123456789abcdefULL);
	CHECK(!p.ops[0].size && !p.ops[0].paddr && !p.ops[0].prot);
	op[0] = IPF_OP_FLUSH_ALL;
	one_op(&p, NULL, op, sizeof(op));
	CHECK(p.ops[0].kind == IPF_OP_FLUSH_ALL && !p.ops[0].iova && !p.ops[0].size);
	op[0] = IPF_OP_UNMAP_LAZY;
	one_op(&p, NULL, op, sizeof(op));
	CHECK(p.ops[0].size == 0x1001 && !p.ops[0].paddr && !p.ops[0].prot);
}

static void test_op_sizes_and_paddr(void)
{
	static struct ipf_program p;
	/* 2M x 4 + 2 granules at 2M; paddr = iova + 2G - 1 granule; prot byte 1: write only */
	uint8_t op[29] = { IPF_OP_MAP, 1, 0, 0, [10] = 1, 3, 2, [19] = 2, 0xff, 0xff, [28] = 1 };

	one_op(&p, NULL, op, sizeof(op));
	CHECK_EQ(p.ops[0].iova, SZ_2M);
	CHECK_EQ(p.ops[0].size, 4 * SZ_2M + 2 * SZ_4K);
	CHECK_EQ(p.ops[0].paddr, SZ_2M + 2 * SZ_1G - SZ_4K);
	CHECK_EQ(p.ops[0].prot, IOMMU_WRITE);
	/* Byte 28 = 3: neither READ nor WRITE. */
	op[28] = 3;
	one_op(&p, NULL, op, sizeof(op));
	CHECK_EQ(p.ops[0].prot, 0);
	/* The size index wraps over the bitmap: 3 % 3 = 4K. */
	op[10] = 3;
	op[11] = 0;
	op[12] = 0;
	one_op(&p, NULL, op, sizeof(op));
	CHECK_EQ(p.ops[0].size, SZ_4K);
	/* OAS 32: paddr wraps below 4G. */
	op[19] = 0x7f;
	op[20] = op[21] = 0;
	one_op(&p, (const uint8_t[]){ 0, 0, 0, 1 }, op, sizeof(op));
	CHECK_EQ(p.ops[0].paddr, (SZ_2M + 127 * SZ_1G) & 0xffffffffULL);
}

static void test_op_leaf_bound(void)
{
	static struct ipf_program p;
	/* 1G x 513 at 4K: 511 pages, 511 blocks, then 1G blocks: halved until <= 4096 leaves. */
	uint8_t op[19] = { IPF_OP_UNMAP, 0, 1, 0, [10] = 2, 15, 0 };
	uint64_t size;

	one_op(&p, NULL, op, sizeof(op));
	size = p.ops[0].size;
	CHECK_EQ(p.ops[0].iova, SZ_4K);
	CHECK_EQ(size, 513 * SZ_1G); /* 511 + 511 + 512 + 1 leaves: kept */
	/* Without 2M, 1G x 513 at 4K is 4K pages up to 1G: halved 16 times, 2052 leaves. */
	one_op(&p, (const uint8_t[]){ 0, 0x04, 0, 0 }, (const uint8_t[]){ IPF_OP_UNMAP, 0, 1, 0,
		[10] = 1, 15, 0 }, 13);
	size = p.ops[0].size;
	CHECK_EQ(size, (513 * SZ_1G) >> 16);
	CHECK_EQ(brute_leaves(SZ_4K | SZ_1G, SZ_4K, SZ_4K, size, 5000), 2052);
	CHECK(brute_leaves(SZ_4K | SZ_1G, SZ_4K, SZ_4K, 2 * size, 5000) > IPF_MAX_LEAVES);
	/* 4K pages only: 513 * 4K is 513 leaves, kept; 64 x 4K pages with 255 extra granules too. */
	op[10] = 0;
	one_op(&p, (const uint8_t[]){ 0, 0x0c, 0, 0 }, op, sizeof(op));
	CHECK_EQ(p.ops[0].size, 513 * SZ_4K);
	/* 1G x 4 from 0, all blocks: 4 leaves, kept. */
	op[2] = 0, op[10] = 2, op[11] = 3;
	one_op(&p, NULL, op, sizeof(op));
	CHECK_EQ(p.ops[0].size, 4 * SZ_1G);
	/* A map counts leaves at iova | paddr: 2M to 2M + 4K never aligns to 2M, all 4K pages. */
	{
		uint8_t m[22] = { IPF_OP_MAP, 1, 0, 0, [10] = 1, 12, 0, [19] = 0, 1, 0 };

		one_op(&p, NULL, m, sizeof(m));
		CHECK_EQ(p.ops[0].paddr, SZ_2M + SZ_4K);
		CHECK_EQ(p.ops[0].size, 64 * SZ_2M / 8); /* 64 x 2M = 32768 pages -> 4096 */
	}
}

static void test_op_split(void)
{
	static struct ipf_program p;
	uint8_t b[32 + 16] = { 0 };
	static const uint8_t ops[] = { 0xa5, 0x5a, 0xa5, 0x5a, 0x03, 0xa5, 0x5a, 0xa5, 0xa5, 0x5a,
				       0x04, 0xa5, 0x5a };
	uint8_t many[32 + 3 * 80];
	size_t n = 32;

	b[30] = 0xa5, b[31] = 0x5a; /* inside the config block: not a separator */
	memcpy(b + 32, ops, sizeof(ops));
	decode_bytes(&p, b, 32 + sizeof(ops));
	CHECK_EQ(p.nr_ops, 3);
	CHECK(p.ops[0].kind == IPF_OP_FLUSH_ALL && p.ops[1].kind == IPF_OP_FLUSH_ALL);
	CHECK_EQ(p.ops[2].kind, IPF_OP_DMA);
	/* A separator straddling the config block's end is not one either. */
	b[31] = 0xa5, b[32] = 0x5a;
	decode_bytes(&p, b, 33);
	CHECK(p.nr_ops == 1 && p.ops[0].kind == (0x5a % IPF_OP_KINDS));
	/* At most IPF_MAX_OPS operations; the rest is ignored. */
	memset(many, 0, 32);
	for (int i = 0; i < 80; i++) {
		many[n++] = (uint8_t)(i % 2 ? IPF_OP_FLUSH_ALL : IPF_OP_PREFETCH);
		many[n++] = SEP0, many[n++] = SEP1;
	}
	decode_bytes(&p, many, n);
	CHECK_EQ(p.nr_ops, IPF_MAX_OPS);
	CHECK(p.ops[IPF_MAX_OPS - 1].kind == IPF_OP_FLUSH_ALL);
}

int main(void)
{
	RUN_TEST(test_empty_and_default);
	RUN_TEST(test_config_flags);
	RUN_TEST(test_config_pgsizes);
	RUN_TEST(test_config_literal_bitmap);
	RUN_TEST(test_config_bits);
	RUN_TEST(test_config_caches);
	RUN_TEST(test_config_bugs_and_page);
	RUN_TEST(test_op_iova_windows);
	RUN_TEST(test_op_reach_layout);
	RUN_TEST(test_op_literals);
	RUN_TEST(test_op_sizes_and_paddr);
	RUN_TEST(test_op_leaf_bound);
	RUN_TEST(test_op_split);
	RUN_TEST(test_decode_totality);
	return check_summary("test_program_decode");
}
