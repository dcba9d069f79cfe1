// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SMMU's own view of the tables: a VMSAv8-64 walker over the real
 * descriptor memory that checks, before every read, that the table it is
 * about to read is live and is the one it was pointed at (same generation);
 * device accesses through the TLB and the walk cache; cache prefill.
 */
#include "smmu_internal.h"

struct smmu_table_info *smmu_tinfo(struct ipf_smmu *s, uint64_t gen)
{
	return smmu_vec_at_grow(&s->tinfo, sizeof(struct smmu_table_info), (uint32_t)gen);
}

/* Output address bits [47:granule]; a 64K granule with a 52-bit OAS packs [51:48] in [15:12]. */
static uint64_t desc_oa(const struct ipf_smmu *s, uint64_t desc)
{
	uint64_t oa = desc & DESC_OA_MASK(s->ctx.granule_shift);

	if (s->ctx.granule_shift == 16 && s->ctx.oas > 48)
		oa |= DESC_OA_HI(desc);
	return oa;
}

/* Levels at which a block descriptor is legal for this granule (48-bit OA). */
static bool block_legal(const struct ipf_smmu *s, int lvl)
{
	if (lvl == 3)
		return false;
	if (s->ctx.granule_shift == 12)
		return lvl >= 1;
	if (s->ctx.granule_shift == 16 && s->ctx.oas > 48)
		return lvl >= 1;
	return lvl >= 2;
}

static unsigned int desc_perm(const struct ipf_smmu *s, uint64_t desc)
{
	unsigned int x = (desc & DESC_XN) ? 0 : IPF_PERM_X;

	if (s->ctx.stage == 2)
		return ((desc & DESC_S2_READ) ? IPF_PERM_R : 0) |
		       ((desc & DESC_S2_WRITE) ? IPF_PERM_W : 0) | x;
	return IPF_PERM_R | ((desc & DESC_S1_RDONLY) ? 0 : IPF_PERM_W) | x |
	       ((desc & DESC_S1_UNPRIV) ? IPF_PERM_UNPRIV : 0);
}

static unsigned int desc_attr(const struct ipf_smmu *s, uint64_t desc)
{
	unsigned int mem = (unsigned int)DESC_MEMATTR(desc);

	return IPF_ATTR(s->ctx.stage == 2 ? mem : mem & 7, (unsigned int)DESC_SH(desc));
}

static struct ipf_xlate fault(enum ipf_fault f, int lvl)
{
	return (struct ipf_xlate){ .fault = f, .level = lvl, .src = IPF_SRC_WALK };
}

/* The table at pa, if it is live and of generation gen; else a report. */
static const uint64_t *table_at(struct ipf_smmu *s, uint64_t iova, uint64_t pa, uint64_t gen)
{
	const struct ipf_table_page *pg = ipf_pgmem_lookup(s->mem, pa);

	if (!pg || pg->pa != pa || pg->state != IPF_PAGE_LIVE || pg->gen != gen) {
		smmu_report(s, IPF_EV_SMMU_STALE_TABLE_WALK, iova, pa);
		return NULL;
	}
	return ipf_pgmem_host(s->mem, pa);
}

static void fill(struct ipf_smmu *s, struct smmu_cache *c, int lvl, uint64_t va, uint64_t pa,
		 uint64_t gen, unsigned int perm)
{
	struct smmu_centry e = {
		.va = va, .pa = pa, .gen = gen, .level = (uint8_t)lvl, .perm = (uint8_t)perm,
		.fill_seq = ++s->seq,
	};

	if (!smmu_cache_insert(c, &e))
		s->stats.fills_dropped++;
	else if (c == &s->tlb)
		s->stats.tlb_fills++;
	else
		s->stats.wc_fills++;
}

/* What a valid, non-table descriptor at lvl says of iova. */
static struct ipf_xlate decode_leaf(const struct ipf_smmu *s, uint64_t desc, int lvl, uint64_t iova)
{
	uint64_t bs = smmu_block_size(s, lvl), oa;

	if ((lvl == 3 && (desc & DESC_TYPE_MASK) != DESC_PAGE) || (lvl < 3 && !block_legal(s, lvl)))
		return fault(IPF_FAULT_TRANSLATION, lvl);
	if (!(desc & DESC_AF))
		return fault(IPF_FAULT_ACCESS, lvl);
	oa = desc_oa(s, desc);
	if (s->ctx.oas < 64 && (oa >> s->ctx.oas))
		return fault(IPF_FAULT_ADDR_SIZE, lvl);
	return (struct ipf_xlate){
		.level = lvl, .pa = oa | (iova & (bs - 1)), .size = bs, .perm = desc_perm(s, desc),
		.src = IPF_SRC_WALK,
	};
}

/* Walk from table (pa, gen) at level lvl; fill the caches on the way when asked. */
static struct ipf_xlate walk_from(struct ipf_smmu *s, uint64_t iova, int lvl, uint64_t pa,
				  uint64_t gen, bool do_fill)
{
	for (; lvl < SMMU_MAX_LEVELS; lvl++) {
		const uint64_t *table = table_at(s, iova, pa, gen);
		uint64_t desc, bs = smmu_block_size(s, lvl);
		struct ipf_xlate x;

		if (!table)
			return fault(IPF_FAULT_WALK_ABORT, lvl);
		desc = table[smmu_index(s, iova, lvl)];
		if (!(desc & DESC_VALID))
			return fault(IPF_FAULT_TRANSLATION, lvl);

		if (lvl < 3 && (desc & DESC_TYPE_MASK) == DESC_TABLE) {
			const struct ipf_table_page *next = ipf_pgmem_lookup(s->mem, desc_oa(s, desc));

			if (!next || next->pa != desc_oa(s, desc)) {
				smmu_report(s, IPF_EV_SMMU_WALK_NON_TABLE, iova, desc_oa(s, desc));
				return fault(IPF_FAULT_WALK_ABORT, lvl);
			}
			pa = next->pa;
			gen = next->gen;
			if (do_fill)
				fill(s, &s->wc, lvl, align_down64(iova, bs), pa, gen, 0);
			continue;
		}

		x = decode_leaf(s, desc, lvl, iova);
		if (!x.fault && do_fill)
			fill(s, &s->tlb, lvl, align_down64(iova, bs), x.pa - (iova & (bs - 1)), 0, x.perm);
		return x;
	}
	return fault(IPF_FAULT_TRANSLATION, SMMU_MAX_LEVELS - 1);
}

static bool in_range(const struct ipf_smmu *s, uint64_t iova)
{
	return s->ctx.ias >= 64 || !(iova >> s->ctx.ias);
}

struct ipf_xlate ipf_smmu_walk_memory(struct ipf_smmu *s, uint64_t iova)
{
	if (!s->attached || !in_range(s, iova))
		return fault(IPF_FAULT_TRANSLATION, s->ctx.start_level);
	return walk_from(s, iova, s->ctx.start_level, s->ctx.ttbr, s->pgd_gen, false);
}

/* Every level a leaf can be at; more than one hit means a conflict. */
static struct smmu_centry *tlb_lookup(struct ipf_smmu *s, uint64_t iova)
{
	struct smmu_centry *hit = NULL;

	for (int lvl = s->ctx.start_level; lvl < SMMU_MAX_LEVELS; lvl++) {
		struct smmu_centry *e =
			smmu_cache_find(&s->tlb, lvl, align_down64(iova, smmu_block_size(s, lvl)));

		if (!e)
			continue;
		if (hit)
			smmu_report(s, IPF_EV_SMMU_TLB_CONFLICT, iova, (uint64_t)lvl);
		else
			hit = e;
	}
	return hit;
}

static struct ipf_xlate translate(struct ipf_smmu *s, uint64_t iova)
{
	struct smmu_centry *e = tlb_lookup(s, iova);

	if (e) {
		s->stats.tlb_hits++;
		return (struct ipf_xlate){
			.level = e->level, .pa = e->pa | (iova & (smmu_block_size(s, e->level) - 1)),
			.size = smmu_block_size(s, e->level), .perm = e->perm, .src = IPF_SRC_TLB,
		};
	}
	/* The deepest cached table descriptor saves the most of the walk. */
	for (int lvl = SMMU_MAX_LEVELS - 2; lvl >= s->ctx.start_level; lvl--) {
		e = smmu_cache_find(&s->wc, lvl, align_down64(iova, smmu_block_size(s, lvl)));
		if (e) {
			struct ipf_xlate x;

			s->stats.wc_hits++;
			x = walk_from(s, iova, lvl + 1, e->pa, e->gen, true);
			x.src = IPF_SRC_WALK_CACHE;
			return x;
		}
	}
	s->stats.walks++;
	return walk_from(s, iova, s->ctx.start_level, s->ctx.ttbr, s->pgd_gen, true);
}

struct ipf_xlate ipf_smmu_dma(struct ipf_smmu *s, uint64_t iova, bool write)
{
	struct ipf_xlate x;

	s->stats.dma++;
	if (!s->attached || !in_range(s, iova)) {
		s->stats.faults++;
		return fault(IPF_FAULT_TRANSLATION, s->ctx.start_level);
	}
	x = translate(s, iova);
	if (!x.fault && !(x.perm & (write ? IPF_PERM_W : IPF_PERM_R)))
		x.fault = IPF_FAULT_PERMISSION;
	if (x.fault)
		s->stats.faults++;
	return x;
}

/* A read-only visit of the valid descriptors overlapping [lo, hi), in IOVA order. */
struct visit {
	struct ipf_smmu *s;
	uint64_t lo, hi;
	uint32_t budget;
	/* table descriptor (leaf == NULL) or leaf; non-zero stops */
	int (*fn)(struct visit *v, int lvl, uint64_t va, uint64_t table_pa, uint64_t table_gen,
		  const struct ipf_smmu_leaf *leaf);
	int (*user_fn)(void *arg, const struct ipf_smmu_leaf *leaf);
	void *arg;
};

static int visit_table(struct visit *v, int lvl, uint64_t pa, uint64_t gen, uint64_t base)
{
	struct ipf_smmu *s = v->s;
	const uint64_t *table = table_at(s, base, pa, gen);
	uint64_t bs = smmu_block_size(s, lvl);
	unsigned int bits = lvl == s->ctx.start_level ? (unsigned int)s->ctx.pgd_bits : smmu_bpl(s);
	uint64_t first, last, max = (1ULL << bits) - 1;

	if (!table || v->hi <= base)
		return 0;
	first = v->lo > base ? (v->lo - base) / bs : 0;
	last = (v->hi - 1 - base) / bs < max ? (v->hi - 1 - base) / bs : max;
	for (uint64_t i = first; i <= last && v->budget; i++) {
		uint64_t desc = table[i], va = base + i * bs;
		int ret;

		if (!(desc & DESC_VALID))
			continue;
		v->budget--;
		if (lvl < 3 && (desc & DESC_TYPE_MASK) == DESC_TABLE) {
			const struct ipf_table_page *next = ipf_pgmem_lookup(s->mem, desc_oa(s, desc));

			if (!next || next->pa != desc_oa(s, desc) || next->state != IPF_PAGE_LIVE)
				continue;
			ret = v->fn(v, lvl, va, next->pa, next->gen, NULL);
			if (!ret)
				ret = visit_table(v, lvl + 1, next->pa, next->gen, va);
		} else {
			struct ipf_xlate x = decode_leaf(s, desc, lvl, va);
			struct ipf_smmu_leaf leaf = {
				.iova = va, .size = bs, .pa = x.pa, .level = lvl, .perm = x.perm,
				.attr = x.fault ? 0 : desc_attr(s, desc), .fault = x.fault,
			};

			ret = v->fn(v, lvl, va, pa, gen, &leaf);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int prefill_one(struct visit *v, int lvl, uint64_t va, uint64_t table_pa, uint64_t table_gen,
		       const struct ipf_smmu_leaf *leaf)
{
	if (leaf)
		walk_from(v->s, va, lvl, table_pa, table_gen, true);
	else
		fill(v->s, &v->s->wc, lvl, va, table_pa, table_gen, 0);
	return 0;
}

void ipf_smmu_prefill(struct ipf_smmu *s, uint64_t lo, uint64_t hi, uint32_t max_walks)
{
	struct visit v = { .s = s, .lo = lo, .hi = hi, .budget = max_walks, .fn = prefill_one };

	if (s->attached && lo < hi)
		visit_table(&v, s->ctx.start_level, s->ctx.ttbr, s->pgd_gen, 0);
}

static int leaf_one(struct visit *v, int lvl, uint64_t va, uint64_t table_pa, uint64_t table_gen,
		    const struct ipf_smmu_leaf *leaf)
{
	(void)lvl, (void)va, (void)table_pa, (void)table_gen;
	return leaf ? v->user_fn(v->arg, leaf) : 0;
}

int ipf_smmu_for_each_leaf(struct ipf_smmu *s, uint64_t lo, uint64_t hi,
			   int (*fn)(void *arg, const struct ipf_smmu_leaf *leaf), void *arg)
{
	struct visit v = { .s = s, .lo = lo, .hi = hi, .budget = UINT32_MAX, .fn = leaf_one,
			   .user_fn = fn, .arg = arg };

	if (!s->attached || lo >= hi)
		return 0;
	return visit_table(&v, s->ctx.start_level, s->ctx.ttbr, s->pgd_gen, 0);
}
