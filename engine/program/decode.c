// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bytes to a program (docs/format.md). Total: every byte string decodes, every
 * value is reduced into range rather than rejected, and a missing byte reads
 * as 0, so that a fuzzer's mutations stay meaningful.
 */
#include <string.h>

#include "iopgfuzz/known.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgsize.h"
#include "program_internal.h"

const enum ipf_profile ipf_prog_profile[PROFILE_SLOTS] = {
	IPF_PROFILE_V5_15, IPF_PROFILE_V6_12, IPF_PROFILE_V6_13, IPF_PROFILE_V6_14,
	IPF_PROFILE_V6_19, IPF_PROFILE_V5_15, IPF_PROFILE_V5_15, IPF_PROFILE_V5_15,
};
const unsigned int ipf_prog_ias[IAS_CHOICES] = { 48, 32, 36, 39, 40, 42, 44 };
const unsigned int ipf_prog_oas[OAS_CHOICES] = { 48, 32, 36, 40, 42, 44 };
const uint32_t ipf_prog_tlb_class[CACHE_CLASSES] = { 0, 64, 16, 1024 };
const uint32_t ipf_prog_wc_class[CACHE_CLASSES] = { 0, 16, 4, 256 };
const uint64_t ipf_prog_granule[NR_GRANULES] = { SZ_4K, SZ_16K, SZ_64K };
const uint64_t ipf_prog_block1[NR_GRANULES] = { SZ_2M, SZ_32M, SZ_512M };
const uint64_t ipf_prog_block2[NR_GRANULES] = { SZ_1G, 0, 0 };

/* Page counts: one, a few, and the edges of a table (512, 2048, 8192 entries at 4K) and of
 * SMMUv3 range invalidation (NUM is 5 bits: 31, 32, 33; 63, 64). */
static const uint64_t op_counts[16] = { 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 511, 512,
					513 };

void ipf_config_default(struct ipf_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->domain.fmt = ARM_64_LPAE_S1;
	cfg->domain.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G;
	cfg->domain.ias = 48;
	cfg->domain.oas = 48;
	cfg->domain.smmu = IPF_SMMU_V3;
	cfg->domain.host_page_size = SZ_4K;
	cfg->smmu.range_inv = true;
	cfg->smmu.policy = IPF_CACHE_STICKY;
	cfg->free_mode = IPF_FREE_QUARANTINE;
	cfg->prefill = true;
	cfg->engines[0] = IPF_ENGINE_REF;
	cfg->engines[1] = IPF_ENGINE_OPT;
}

/* arm_lpae_restrict_pgsizes() on a copy; a refused bitmap keeps 4K, so the arithmetic stays sane. */
void ipf_config_geometry(const struct ipf_config *cfg, struct ipf_geometry *geo)
{
	struct io_pgtable_cfg c = {
		.pgsize_bitmap = cfg->domain.pgsize_bitmap, .ias = cfg->domain.ias,
		.oas = cfg->domain.oas,
		.host_page_size = cfg->domain.host_page_size ? cfg->domain.host_page_size : SZ_4K,
	};

	arm_lpae_restrict_pgsizes(&c);
	geo->pgsize_bitmap = c.pgsize_bitmap ? c.pgsize_bitmap : SZ_4K;
	geo->granule = 1ULL << ffs64(geo->pgsize_bitmap);
	geo->ias = c.ias < BITS_MIN ? BITS_MIN : c.ias;
	geo->oas = c.oas < BITS_MIN ? BITS_MIN : c.oas;
}

/* Bytes past the end read as 0. */
struct bytes {
	const uint8_t *data;
	size_t len;
};

static uint8_t byte_at(struct bytes b, size_t off)
{
	return off < b.len ? b.data[off] : 0;
}

static uint64_t le_at(struct bytes b, size_t off, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)byte_at(b, off + i) << (8 * i);
	return v;
}

static int64_t s16_at(struct bytes b, size_t off)
{
	uint64_t v = le_at(b, off, 2);

	return (int64_t)v - (v & 0x8000 ? 0x10000 : 0);
}

/* The u64 after a literal selector, unmasked by the selector's key. */
static uint64_t literal_at(struct bytes b, size_t sel_off)
{
	uint64_t key = byte_at(b, sel_off) & SEL_KEY;

	return le_at(b, sel_off + 1, 8) ^ (key * 0x0101010101010101ULL);
}

static unsigned int clamp_bits(unsigned int bits)
{
	return bits < BITS_MIN ? BITS_MIN : bits > BITS_MAX ? BITS_MAX : bits;
}

static void decode_flags(struct ipf_config *cfg, uint8_t f, uint64_t bugs_allowed,
			 uint32_t *rules)
{
	bool ns;

	cfg->domain.fmt = f & CFG_F_STAGE2 ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
	cfg->domain.smmu = f & CFG_F_SMMU_V2 ? IPF_SMMU_V2 : IPF_SMMU_V3;
	cfg->smmu.range_inv = !(f & CFG_F_NO_RIL);
	cfg->domain.non_strict = f & CFG_F_NON_STRICT;
	*rules |= 1u << ipf_known_decode_ns(f & CFG_F_NS, f & CFG_F_STAGE2, &ns);
	if (ns)
		cfg->domain.quirks = IO_PGTABLE_QUIRK_ARM_NS;
	*rules |= 1u << ipf_known_decode_ttl_strict(f & CFG_F_TTL_STRICT, bugs_allowed,
						    &cfg->smmu.ttl_strict);
	cfg->prefill = !(f & CFG_F_NO_PREFILL);
	cfg->smmu.lax = f & CFG_F_LAX;
}

static uint64_t decode_pgsizes(struct bytes b)
{
	uint8_t sel = byte_at(b, CFG_PGSIZES);
	unsigned int g = (sel & CFG_P_GRANULE) % NR_GRANULES;
	uint64_t bitmap;

	if (sel & CFG_P_LITERAL) {
		/* Sizes the format can never keep are dropped; without a granule, 4K is added. */
		bitmap = le_at(b, CFG_BITMAP, 8) & PGSIZES_KNOWN;
		return bitmap & PGSIZES_GRANULES ? bitmap : bitmap | SZ_4K;
	}
	bitmap = ipf_prog_granule[g];
	if (!(sel & CFG_P_NO_BLOCK1))
		bitmap |= ipf_prog_block1[g];
	if (!(sel & CFG_P_NO_BLOCK2))
		bitmap |= ipf_prog_block2[g];
	return bitmap;
}

static unsigned int decode_bits(uint8_t sel, const unsigned int *table, unsigned int n)
{
	return sel & CFG_BITS_LITERAL ? clamp_bits(sel & ~CFG_BITS_LITERAL) : table[sel % n];
}

static void decode_caches(struct ipf_config *cfg, struct bytes b)
{
	uint8_t c = byte_at(b, CFG_CACHES);
	uint32_t tlb = (uint32_t)le_at(b, CFG_TLB, 2), wc = (uint32_t)le_at(b, CFG_WC, 2);

	cfg->smmu.policy = c & CFG_C_ROUND_ROBIN ? IPF_CACHE_ROUND_ROBIN : IPF_CACHE_STICKY;
	cfg->smmu.tlb_entries = tlb ? tlb : ipf_prog_tlb_class[(c >> CFG_C_TLB_SHIFT) & 3];
	cfg->smmu.wc_entries = wc ? wc : ipf_prog_wc_class[(c >> CFG_C_WC_SHIFT) & 3];
	cfg->free_mode = (enum ipf_free_mode)(((c >> CFG_C_FREE_SHIFT) & 3) % IPF_FREE_MODES);
}

static void decode_config(struct ipf_config *cfg, struct bytes b, uint64_t bugs_allowed,
			  uint32_t *rules)
{
	uint64_t drop;
	uint8_t page = byte_at(b, CFG_PAGE) % 4;

	ipf_config_default(cfg);
	decode_flags(cfg, byte_at(b, CFG_FLAGS), bugs_allowed, rules);
	cfg->domain.profile = ipf_prog_profile[byte_at(b, CFG_PROFILE) % PROFILE_SLOTS];
	cfg->domain.pgsize_bitmap = decode_pgsizes(b);
	cfg->domain.host_page_size = page ? ipf_prog_granule[page - 1]
					  : pgsizes_smallest_granule(cfg->domain.pgsize_bitmap);
	cfg->domain.ias = decode_bits(byte_at(b, CFG_IAS), ipf_prog_ias, IAS_CHOICES);
	cfg->domain.oas = decode_bits(byte_at(b, CFG_OAS), ipf_prog_oas, OAS_CHOICES);
	decode_caches(cfg, b);
	cfg->domain.bugs = le_at(b, CFG_BUGS, 8) & bugs_allowed & IPF_BUGS_ALL;
	*rules |= 1u << ipf_known_decode_unholdable(cfg, &drop);
	cfg->domain.pgsize_bitmap &= ~drop;
}

/* Halve a drawn size until the request is at most IPF_MAX_LEAVES leaves. */
static uint64_t bound_size(const struct ipf_geometry *geo, uint64_t iova, uint64_t paddr,
			   uint64_t size)
{
	iova = align_down64(iova, geo->granule);
	paddr = align_down64(paddr, geo->granule);
	while (size > geo->granule &&
	       iommu_pgsize_leaves(geo->pgsize_bitmap, iova, paddr, size, IPF_MAX_LEAVES) >
		       IPF_MAX_LEAVES) {
		size = align_down64(size / 2, geo->granule);
		if (!size)
			size = geo->granule;
	}
	return size;
}

/* Windows: 0, the level-2 block, the level-1 block, near and at the top of the IAS... */
static uint64_t iova_window(const struct ipf_geometry *geo, unsigned int w)
{
	unsigned int bits = ffs64(geo->granule) - 3; /* index bits per level */
	uint64_t bs2 = geo->granule << bits, bs1 = bs2 << bits;
	uint64_t big = 1ULL << fls64(geo->pgsize_bitmap), top = 1ULL << geo->ias;
	const uint64_t windows[8] = { 0, bs2, bs1, top - 4 * big, top / 2, 3 * bs2, 2 * big,
				      top - bs2 };

	return windows[w & 7];
}

static uint64_t decode_iova(const struct ipf_geometry *geo, struct bytes op, bool reach)
{
	uint8_t sel = byte_at(op, OP_IOVA);
	uint64_t iova;

	if (sel & SEL_LITERAL)
		return literal_at(op, OP_IOVA);
	iova = iova_window(geo, sel) + (uint64_t)s16_at(op, OP_IOVA + 1) * geo->granule;
	/* The last granule below a block or table boundary: where run arithmetic goes wrong. */
	if (reach && (sel & SEL_BELOW))
		iova -= geo->granule;
	return align_down64(iova & ((1ULL << geo->ias) - 1), geo->granule);
}

static uint64_t decode_paddr(const struct ipf_geometry *geo, struct bytes op, uint64_t iova)
{
	uint8_t sel = byte_at(op, OP_PADDR);
	uint64_t pa;

	if (sel & SEL_LITERAL)
		return literal_at(op, OP_PADDR);
	pa = iova + (sel & ~SEL_LITERAL) * SZ_1G +
	     (uint64_t)s16_at(op, OP_PADDR + 1) * geo->granule;
	return align_down64(pa & ((1ULL << geo->oas) - 1), geo->granule);
}

static uint64_t nth_pgsize(uint64_t bitmap, unsigned int n)
{
	while (n--)
		bitmap &= bitmap - 1;
	return 1ULL << ffs64(bitmap);
}

/* paddr: the map's, or iova for an unmap (the alignment comes from iova | paddr). */
static uint64_t decode_size(const struct ipf_geometry *geo, struct bytes op, uint64_t iova,
			    uint64_t paddr, uint32_t *rules)
{
	uint8_t sel = byte_at(op, OP_SIZE);
	uint64_t pgsize, size, bounded;

	if (sel & SEL_LITERAL)
		return literal_at(op, OP_SIZE);
	pgsize = nth_pgsize(geo->pgsize_bitmap,
			    (sel & ~SEL_LITERAL) % popcount64(geo->pgsize_bitmap));
	size = pgsize * op_counts[byte_at(op, OP_SIZE + 1) % 16] +
	       byte_at(op, OP_SIZE + 2) * geo->granule;
	bounded = bound_size(geo, iova, paddr, size);
	*rules |= 1u << ipf_known_decode_size_bound(bounded != size);
	return bounded;
}

/*
 * Layout 2 (CFG_P_REACH): what decides a verdict sits in an operation's first
 * bytes. The kind byte's quotient by the number of kinds is XORed into the
 * prot byte, so an operation of a few bytes (a dictionary token, a truncated
 * mutation) can map with any permission, not only read-write.
 */
static void decode_op(struct ipf_op *o, const struct ipf_geometry *geo, struct bytes op,
		      bool reach, uint32_t *rules)
{
	uint8_t kind = byte_at(op, OP_KIND);
	uint8_t arg = byte_at(op, OP_PROT) ^ (reach ? kind / IPF_OP_KINDS : 0);

	memset(o, 0, sizeof(*o));
	o->kind = (enum ipf_op_kind)(kind % IPF_OP_KINDS);
	if (o->kind == IPF_OP_FLUSH_ALL)
		return;
	o->iova = decode_iova(geo, op, reach);
	switch (o->kind) {
	case IPF_OP_MAP:
		o->paddr = decode_paddr(geo, op, o->iova);
		o->size = decode_size(geo, op, o->iova, o->paddr, rules);
		o->prot = (arg ^ (IOMMU_READ | IOMMU_WRITE)) & IOMMU_PROT_MASK;
		break;
	case IPF_OP_UNMAP:
	case IPF_OP_UNMAP_LAZY:
		o->size = decode_size(geo, op, o->iova, o->iova, rules);
		break;
	case IPF_OP_DMA:
		o->write = arg & 1;
		break;
	default:
		break;
	}
}

/* Offset of the next separator at or after `from`, or `len`. */
static size_t next_separator(const uint8_t *data, size_t len, size_t from)
{
	for (size_t i = from; i + 1 < len; i++)
		if (data[i] == OP_SEP0 && data[i + 1] == OP_SEP1)
			return i;
	return len;
}

void ipf_program_decode(struct ipf_program *p, const uint8_t *data, size_t size,
			uint64_t bugs_allowed)
{
	struct ipf_geometry geo;
	size_t pos = CFG_BYTES;
	bool reach;

	memset(p, 0, sizeof(*p));
	decode_config(&p->cfg, (struct bytes){ data, size < CFG_BYTES ? size : CFG_BYTES },
		      bugs_allowed, &p->decode_rules);
	ipf_config_geometry(&p->cfg, &geo);
	reach = size > CFG_PGSIZES && (data[CFG_PGSIZES] & CFG_P_REACH);
	while (pos < size && p->nr_ops < IPF_MAX_OPS) {
		size_t end = next_separator(data, size, pos);

		if (end > pos)
			decode_op(&p->ops[p->nr_ops++], &geo,
				  (struct bytes){ data + pos, end - pos }, reach, &p->decode_rules);
		pos = end + 2;
	}
	p->decode_rules &= ~(1u << IPF_KNOWN_NONE);
}
