// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program to its canonical bytes (docs/format.md): the configuration in the
 * table forms where they reach the value and literally otherwise, every
 * operation value literally, each literal under the smallest key that keeps
 * the separator A5 5A out of the operation's bytes.
 */
#include <string.h>

#include "program_internal.h"

static void put_le(uint8_t *out, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t encode_flags(const struct ipf_config *cfg)
{
	uint8_t f = 0;

	f |= cfg->domain.fmt == ARM_64_LPAE_S2 ? CFG_F_STAGE2 : 0;
	f |= cfg->domain.smmu == IPF_SMMU_V2 ? CFG_F_SMMU_V2 : 0;
	f |= cfg->smmu.range_inv ? 0 : CFG_F_NO_RIL;
	f |= cfg->domain.non_strict ? CFG_F_NON_STRICT : 0;
	f |= cfg->domain.quirks & IO_PGTABLE_QUIRK_ARM_NS ? CFG_F_NS : 0;
	f |= cfg->smmu.ttl_strict ? CFG_F_TTL_STRICT : 0;
	f |= cfg->prefill ? 0 : CFG_F_NO_PREFILL;
	f |= cfg->smmu.lax ? CFG_F_LAX : 0;
	return f;
}

/* The granule selector whose bitmap this is, or the literal form. */
static void encode_pgsizes(uint8_t *b, uint64_t bitmap)
{
	for (unsigned int g = 0; g < NR_GRANULES; g++) {
		uint64_t base = ipf_prog_granule[g];
		uint64_t b1 = ipf_prog_block1[g], b2 = ipf_prog_block2[g];

		if ((bitmap & ~(b1 | b2)) != base)
			continue;
		b[CFG_PGSIZES] = (uint8_t)(g | (bitmap & b1 ? 0 : CFG_P_NO_BLOCK1) |
					   (!b2 || (bitmap & b2) ? 0 : CFG_P_NO_BLOCK2));
		return;
	}
	b[CFG_PGSIZES] = CFG_P_LITERAL;
	put_le(b + CFG_BITMAP, bitmap, 8);
}

static uint8_t encode_bits(unsigned int bits, const unsigned int *table, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (table[i] == bits)
			return (uint8_t)i;
	return (uint8_t)(CFG_BITS_LITERAL | (bits < SEL_KEY ? bits : SEL_KEY));
}

static uint8_t encode_page(const struct ipf_config *cfg)
{
	uint64_t page = cfg->domain.host_page_size ? cfg->domain.host_page_size : SZ_4K;

	if (page == pgsizes_smallest_granule(cfg->domain.pgsize_bitmap))
		return 0;
	for (unsigned int g = 0; g < NR_GRANULES; g++)
		if (ipf_prog_granule[g] == page)
			return (uint8_t)(g + 1);
	return 0;
}

static uint16_t u16_sat(uint32_t v)
{
	return v > 0xffff ? 0xffff : (uint16_t)v;
}

static void encode_config(const struct ipf_config *cfg, uint8_t b[CFG_BYTES])
{
	memset(b, 0, CFG_BYTES);
	b[CFG_FLAGS] = encode_flags(cfg);
	encode_pgsizes(b, cfg->domain.pgsize_bitmap);
	/* Layout 2: the encoder writes the kind byte as the kind alone, so it reads back the same. */
	b[CFG_PGSIZES] |= CFG_P_REACH;
	b[CFG_IAS] = encode_bits(cfg->domain.ias, ipf_prog_ias, IAS_CHOICES);
	b[CFG_OAS] = encode_bits(cfg->domain.oas, ipf_prog_oas, OAS_CHOICES);
	b[CFG_CACHES] = (uint8_t)((cfg->smmu.policy == IPF_CACHE_ROUND_ROBIN ? CFG_C_ROUND_ROBIN : 0) |
				  ((cfg->free_mode % IPF_FREE_MODES) << CFG_C_FREE_SHIFT));
	put_le(b + CFG_BUGS, cfg->domain.bugs, 8);
	put_le(b + CFG_TLB, u16_sat(cfg->smmu.tlb_entries), 2);
	put_le(b + CFG_WC, u16_sat(cfg->smmu.wc_entries), 2);
	b[CFG_PAGE] = encode_page(cfg);
	b[CFG_PROFILE] = (uint8_t)cfg->domain.profile;
}

static bool has_separator(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (b[i] == OP_SEP0 && b[i + 1] == OP_SEP1)
			return true;
	return false;
}

/*
 * A selector and its literal. Each adjacent pair of the nine bytes rules out
 * at most one key, so one of the first nine keys leaves no A5 5A; the bytes
 * around a literal never form one with it (a selector is >= 0x80, the kind and
 * prot bytes < 0x40).
 */
static void put_literal(uint8_t *out, uint64_t v)
{
	for (uint8_t key = 0; key <= SEL_KEY; key++) {
		out[0] = SEL_LITERAL | key;
		put_le(out + 1, v ^ (key * 0x0101010101010101ULL), 8);
		if (!has_separator(out, 9))
			return;
	}
}

/* The operation's bytes into out[OP_BYTES]; returns how many it needs. */
static size_t encode_op(const struct ipf_op *op, uint8_t *out)
{
	memset(out, 0, OP_BYTES);
	out[OP_KIND] = (uint8_t)(op->kind % IPF_OP_KINDS);
	switch (op->kind) {
	case IPF_OP_MAP:
		put_literal(out + OP_IOVA, op->iova);
		put_literal(out + OP_SIZE, op->size);
		put_literal(out + OP_PADDR, op->paddr);
		out[OP_PROT] = (uint8_t)((op->prot ^ (IOMMU_READ | IOMMU_WRITE)) & IOMMU_PROT_MASK);
		return OP_BYTES;
	case IPF_OP_UNMAP:
	case IPF_OP_UNMAP_LAZY:
		put_literal(out + OP_IOVA, op->iova);
		put_literal(out + OP_SIZE, op->size);
		return OP_PADDR;
	case IPF_OP_DMA:
		put_literal(out + OP_IOVA, op->iova);
		out[OP_PROT] = op->write;
		return op->write ? OP_BYTES : OP_SIZE;
	case IPF_OP_PREFETCH:
		put_literal(out + OP_IOVA, op->iova);
		return OP_SIZE;
	default:
		return 1;
	}
}

struct sink {
	uint8_t *buf;
	size_t cap, len;
};

static void emit(struct sink *s, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++, s->len++)
		if (s->len < s->cap)
			s->buf[s->len] = b[i];
}

size_t ipf_program_encode(const struct ipf_program *p, uint8_t *buf, size_t cap)
{
	static const uint8_t sep[2] = { OP_SEP0, OP_SEP1 };
	struct sink s = { buf, cap, 0 };
	uint8_t b[CFG_BYTES > OP_BYTES ? CFG_BYTES : OP_BYTES];

	encode_config(&p->cfg, b);
	emit(&s, b, CFG_BYTES);
	for (uint32_t i = 0; i < p->nr_ops && i < IPF_MAX_OPS; i++) {
		size_t n = encode_op(&p->ops[i], b);

		if (i)
			emit(&s, sep, sizeof(sep));
		emit(&s, b, n);
	}
	return s.len;
}
