// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated SMMU's life cycle and its watch over table memory: every
 * descriptor write tells it where tables sit and what an operation took
 * out of the tree; every free is checked against the walk cache, the tree
 * and the invalidations that completed.
 */
#include <stdlib.h>
#include <string.h>

#include "smmu_internal.h"

#define DEFAULT_TLB_ENTRIES 4096
#define DEFAULT_WC_ENTRIES 1024

struct ipf_smmu *ipf_smmu_create(const struct ipf_smmu_cfg *cfg, struct ipf_pgmem *mem,
				 struct ipf_events *events)
{
	struct ipf_smmu *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->mem = mem;
	s->events = events;
	if (ipf_smmu_configure(s, cfg)) {
		ipf_smmu_destroy(s);
		return NULL;
	}
	return s;
}

int ipf_smmu_configure(struct ipf_smmu *s, const struct ipf_smmu_cfg *cfg)
{
	if (s->mem && s->mem->watch.ctx == s)
		memset(&s->mem->watch, 0, sizeof(s->mem->watch));
	s->cfg = cfg ? *cfg : (struct ipf_smmu_cfg){ 0 };
	if (s->cfg.policy >= IPF_CACHE_POLICIES)
		s->cfg.policy = IPF_CACHE_STICKY;
	s->attached = false;
	memset(&s->stats, 0, sizeof(s->stats));
	s->trace_fn = NULL;
	if (smmu_cache_resize(&s->tlb, s->cfg.tlb_entries ? s->cfg.tlb_entries : DEFAULT_TLB_ENTRIES,
			      s->cfg.policy) ||
	    smmu_cache_resize(&s->wc, s->cfg.wc_entries ? s->cfg.wc_entries : DEFAULT_WC_ENTRIES,
			      s->cfg.policy))
		return -1;
	ipf_smmu_reset_caches(s);
	return 0;
}

void ipf_smmu_destroy(struct ipf_smmu *s)
{
	if (!s)
		return;
	if (s->mem && s->mem->watch.ctx == s)
		memset(&s->mem->watch, 0, sizeof(s->mem->watch));
	smmu_cache_free(&s->tlb);
	smmu_cache_free(&s->wc);
	smmu_vec_free(&s->tinfo);
	smmu_vec_free(&s->pending);
	smmu_vec_free(&s->applied);
	smmu_vec_free(&s->removed);
	smmu_vec_free(&s->sorted);
	smmu_vec_free(&s->scratch);
	smmu_vec_free(&s->changed);
	free(s->prefix_hi);
	free(s);
}

void ipf_smmu_reset_caches(struct ipf_smmu *s)
{
	smmu_cache_reset(&s->tlb);
	smmu_cache_reset(&s->wc);
	s->pending.nr = 0;
	s->applied.nr = 0;
	s->removed.nr = 0;
	s->sorted.nr = 0;
	s->indexed = 0;
	s->any_all = false;
}

static void on_alloc(void *ctx, const struct ipf_table_page *pg)
{
	struct ipf_smmu *s = ctx;
	struct smmu_table_info *ti = smmu_tinfo(s, pg->gen);

	s->seq++;
	if (ti)
		*ti = (struct smmu_table_info){ .level = -1 };
}

static void record_removal(struct ipf_smmu *s, int lvl, uint64_t iova, uint64_t old)
{
	struct smmu_removal *r = smmu_vec_push(&s->removed, sizeof(*r));

	if (!r)
		return;
	*r = (struct smmu_removal){
		.iova = iova, .size = smmu_block_size(s, lvl), .level = lvl, .clear_seq = s->seq,
		.table = smmu_is_table_desc(lvl, old),
	};
	if (r->table) {
		const struct ipf_table_page *child =
			ipf_pgmem_lookup(s->mem, old & DESC_OA_MASK(s->ctx.granule_shift));
		struct smmu_table_info *ti;

		s->stats.removed_tables++;
		if (!child)
			return;
		r->table_pa = child->pa;
		r->table_gen = child->gen;
		ti = smmu_tinfo(s, child->gen);
		if (ti)
			ti->removal = (int32_t)s->removed.nr;
	} else {
		s->stats.removed_leaves++;
	}
}

static void place_table(struct ipf_smmu *s, int lvl, uint64_t iova, uint64_t pte_pa, uint64_t desc)
{
	const struct ipf_table_page *child =
		ipf_pgmem_lookup(s->mem, desc & DESC_OA_MASK(s->ctx.granule_shift));
	struct smmu_table_info *ti;

	if (!child || child->state != IPF_PAGE_LIVE)
		return;
	ti = smmu_tinfo(s, child->gen);
	if (!ti)
		return;
	smmu_note_install(s, lvl + 1, child, ti, pte_pa);
	ti = smmu_tinfo(s, child->gen);
	*ti = (struct smmu_table_info){ .level = (int8_t)(lvl + 1), .base = iova,
					.parent_pte = pte_pa, .valid = ti->valid };
}

static void on_pte_write(void *ctx, uint64_t pte_pa, uint64_t old, uint64_t val)
{
	struct ipf_smmu *s = ctx;
	const struct ipf_table_page *pg;
	struct smmu_table_info *ti;
	uint64_t iova;
	int lvl;

	s->last_write_seq = ++s->seq;
	if (!s->attached)
		return;
	pg = ipf_pgmem_lookup(s->mem, pte_pa);
	ti = pg ? smmu_tinfo(s, pg->gen) : NULL;
	if (!ti) {
		s->untracked = true; /* memory that holds no table: who knows what it reaches */
		return;
	}
	smmu_count_valid(s, ti, old, val);
	/* A table not in the tree yet (being filled before install) removes nothing. */
	if (ti->level < 0)
		return;
	lvl = ti->level;
	iova = ti->base + (pte_pa - pg->pa) / 8 * smmu_block_size(s, lvl);
	smmu_note_write(s, lvl, iova, old, val);
	if (old & DESC_VALID)
		record_removal(s, lvl, iova, old);
	if ((val & DESC_VALID) && smmu_is_table_desc(lvl, val))
		place_table(s, lvl, iova, pte_pa, val);
}

/* Is the table at (pa, gen) still reachable from the pgd through live descriptors? */
static bool reachable(struct ipf_smmu *s, uint64_t pa, uint64_t gen)
{
	for (int depth = 0; depth <= SMMU_MAX_LEVELS; depth++) {
		const struct smmu_table_info *ti = smmu_tinfo(s, gen);
		const struct ipf_table_page *parent;
		const uint64_t *pte;

		if (gen == s->pgd_gen)
			return true;
		if (!ti || ti->level < 0 || !ti->parent_pte)
			return false;
		parent = ipf_pgmem_lookup(s->mem, ti->parent_pte);
		if (!parent || parent->state != IPF_PAGE_LIVE)
			return false;
		pte = ipf_pgmem_host(s->mem, ti->parent_pte);
		if (!(*pte & DESC_VALID) || (*pte & DESC_OA_MASK(s->ctx.granule_shift)) != pa)
			return false;
		pa = parent->pa;
		gen = parent->gen;
	}
	return false;
}

static void on_free(void *ctx, const struct ipf_table_page *pg)
{
	struct ipf_smmu *s = ctx;
	const struct smmu_table_info *ti;

	s->seq++;
	if (!s->attached)
		return;
	for (uint32_t i = 0; i < s->wc.fresh; i++) {
		const struct smmu_centry *e = &s->wc.e[i];

		if (e->valid && e->pa == pg->pa && e->gen == pg->gen) {
			smmu_report(s, IPF_EV_SMMU_FREED_WHILE_CACHED, e->va, pg->pa);
			break;
		}
	}
	if (reachable(s, pg->pa, pg->gen)) {
		ti = smmu_tinfo(s, pg->gen);
		smmu_report(s, IPF_EV_SMMU_FREED_WHILE_LINKED, ti ? ti->base : 0, pg->pa);
		return;
	}
	/* Walk up to the table whose descriptor was cleared: its walk flush must have completed. */
	for (uint64_t gen = pg->gen, depth = 0; depth <= SMMU_MAX_LEVELS; depth++) {
		const struct ipf_table_page *parent;

		ti = smmu_tinfo(s, gen);
		if (!ti || ti->level < 0)
			return;
		if (ti->removal && (uint32_t)ti->removal <= s->removed.nr) {
			const struct smmu_removal *r =
				&((const struct smmu_removal *)s->removed.p)[ti->removal - 1];
			const struct smmu_table_info *mine = smmu_tinfo(s, pg->gen);
			uint64_t span = smmu_block_size(s, mine->level - 1);

			if (!smmu_table_flushed(s, r, mine->base, mine->base + span))
				smmu_report(s, IPF_EV_SMMU_FREE_BEFORE_FLUSH, mine->base, pg->pa);
			return;
		}
		parent = ipf_pgmem_lookup(s->mem, ti->parent_pte);
		if (!parent)
			return;
		gen = parent->gen;
	}
}

void ipf_smmu_attach(struct ipf_smmu *s, const struct ipf_smmu_ctx *ctx)
{
	const struct ipf_table_page *pgd = ipf_pgmem_lookup(s->mem, ctx->ttbr);
	struct smmu_table_info *ti;

	s->ctx = *ctx;
	s->attached = pgd != NULL;
	s->untracked = false;
	ipf_smmu_reset_caches(s);
	smmu_check_s2_start(s);
	if (!pgd)
		return;
	s->pgd_gen = pgd->gen;
	ti = smmu_tinfo(s, pgd->gen);
	if (ti)
		*ti = (struct smmu_table_info){ .level = (int8_t)ctx->start_level };
	s->mem->watch = (struct ipf_pgmem_watch){
		.alloc = on_alloc, .free = on_free, .pte_write = on_pte_write, .ctx = s,
	};
}

void ipf_smmu_detach(struct ipf_smmu *s)
{
	s->attached = false;
}

const struct ipf_smmu_stats *ipf_smmu_stats(const struct ipf_smmu *s)
{
	return &s->stats;
}

bool ipf_smmu_range_inv(const struct ipf_smmu *s)
{
	return s->cfg.range_inv;
}

void ipf_smmu_set_tracer(struct ipf_smmu *s, void (*fn)(void *ctx, const struct ipf_smmu_cmd_trace *t),
			 void *ctx)
{
	s->trace_fn = fn;
	s->trace_ctx = ctx;
}
