// SPDX-License-Identifier: GPL-2.0-only
/*
 * The comparisons of what is mapped: the translations each SMMU's walker
 * reads from memory against each other and against the golden model, a
 * device access against the golden model, and at the end the two page
 * tables descriptor by descriptor.
 */
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/lpae.h"
#include "runner_internal.h"

/* A device access as one comparable number: the PA, or -(fault). */
int64_t dma_result(struct ipf_xlate x)
{
	return x.fault ? -(int64_t)x.fault : (int64_t)x.pa;
}

static unsigned int golden_perm(const struct ipf_runner *r, int prot)
{
	unsigned int x = (prot & IOMMU_NOEXEC) ? 0 : IPF_PERM_X;

	if (r->part[0].d->stage == 2)
		return ((prot & IOMMU_READ) ? IPF_PERM_R : 0) |
		       ((prot & IOMMU_WRITE) ? IPF_PERM_W : 0) | x;
	return IPF_PERM_R | ((prot & IOMMU_WRITE) ? IPF_PERM_W : 0) | x |
	       ((prot & IOMMU_PRIV) ? 0 : IPF_PERM_UNPRIV);
}

/*
 * The memory attributes a leaf mapped with prot must carry, as the SMMU
 * decodes them: the kernel ABI of arm_lpae_prot_to_pte() (io-pgtable-arm.c),
 * MAIR indices NC 0, CACHE 1, DEV 2 at stage 1, MemAttr NC 0x5, OIWB 0xf,
 * DEV 0x1 at stage 2, inner shareable (3) with IOMMU_CACHE, else outer (2).
 */
static unsigned int golden_attr(const struct ipf_runner *r, int prot)
{
	static const unsigned int mem[2][3] = { { 0, 1, 2 }, { 0x5, 0xf, 0x1 } };
	int type = (prot & IOMMU_MMIO) ? 2 : (prot & IOMMU_CACHE) ? 1 : 0;

	return IPF_ATTR(mem[r->part[0].d->stage == 2][type], (prot & IOMMU_CACHE) ? 3 : 2);
}

/* What a device access should give, per the golden model. */
static int64_t golden_dma(const struct ipf_runner *r, uint64_t iova, bool write)
{
	struct golden_node leaf;
	unsigned int perm;

	if (!golden_lookup(r->golden, iova, &leaf))
		return -(int64_t)IPF_FAULT_TRANSLATION;
	perm = golden_perm(r, leaf.prot);
	if (!(perm & (write ? IPF_PERM_W : IPF_PERM_R)))
		return -(int64_t)IPF_FAULT_PERMISSION;
	return (int64_t)(leaf.pa + (iova - leaf.iova));
}

bool check_dma(struct ipf_runner *r, uint32_t i, const struct ipf_op *op,
	       const int64_t ret[IPF_ENGINES], struct ipf_verdict *v)
{
	enum ipf_known_rule rule;
	int64_t want;

	if (op->kind != IPF_OP_DMA || !r->golden_valid)
		return false;
	want = golden_dma(r, op->iova, op->write);
	for (int e = 0; e < IPF_ENGINES; e++) {
		if (ret[e] == want)
			continue;
		/* A lazily unmapped page may still translate until the flush queue runs. */
		rule = ipf_known_golden_dma(lazy_covers(r, op->iova));
		if (rule) {
			r->stats.known.n[rule]++;
			continue;
		}
		*v = (struct ipf_verdict){
			.kind = IPF_VERDICT_FINDING, .check = IPF_CHECK_DMA, .engine = e, .op_index = i,
			.iova = op->iova, .ref_value = (uint64_t)want, .opt_value = (uint64_t)ret[e],
		};
		snprintf(v->detail, sizeof(v->detail),
			 "a device access did not translate as the golden model says");
		return true;
	}
	return false;
}

static int leaf_vec_push(struct leaf_vec *lv, const struct leaf_rec *rec)
{
	void *room = vec_room(lv->v, lv->nr, &lv->cap, sizeof(*lv->v));

	if (!room)
		return 1;
	lv->v = room;
	lv->v[lv->nr++] = *rec;
	return 0;
}

static struct leaf_rec smmu_rec(const struct ipf_smmu_leaf *leaf)
{
	return (struct leaf_rec){ .iova = leaf->iova, .size = leaf->size, .pa = leaf->pa,
				  .perm = leaf->perm, .attr = leaf->attr, .fault = leaf->fault };
}

static int collect_smmu(void *arg, const struct ipf_smmu_leaf *leaf)
{
	struct leaf_rec rec = smmu_rec(leaf);

	return leaf_vec_push(arg, &rec);
}

static bool same_leaf(const struct leaf_rec *a, const struct leaf_rec *b)
{
	return a->iova == b->iova && a->size == b->size && a->pa == b->pa && a->perm == b->perm &&
	       a->attr == b->attr && a->fault == b->fault;
}

/*
 * A second walk's leaves against the collected ones, as they come: the walk
 * stops at the first that differs (kept in `got`), and the collected leaves
 * left over after it show a leaf it lacks. `k` ends at the index of the
 * first difference, as comparing two collected vectors would find it.
 */
struct leaf_match {
	const struct ipf_runner *r;
	const struct leaf_vec *want;
	uint32_t k;
	bool differ;
	struct leaf_rec got;
};

static int match(struct leaf_match *m, const struct leaf_rec *rec)
{
	if (m->k < m->want->nr && same_leaf(&m->want->v[m->k], rec)) {
		m->k++;
		return 0;
	}
	m->differ = true;
	m->got = *rec;
	return 1;
}

static int match_smmu(void *arg, const struct ipf_smmu_leaf *leaf)
{
	struct leaf_rec rec = smmu_rec(leaf);

	return match(arg, &rec);
}

static int match_golden(void *arg, const struct golden_node *node)
{
	struct leaf_match *m = arg;
	struct leaf_rec rec = {
		.iova = node->iova, .size = node->size, .pa = node->pa,
		.perm = golden_perm(m->r, node->prot), .attr = golden_attr(m->r, node->prot),
	};

	return match(m, &rec);
}

/* The walk's leaf at the first difference (NULL: it had none there). */
static const struct leaf_rec *walk_leaf(const struct leaf_match *m)
{
	return m->differ ? &m->got : NULL;
}

/* The collected leaf at the first difference (NULL: there was none). */
static const struct leaf_rec *kept_leaf(const struct leaf_match *m)
{
	return m->k < m->want->nr ? &m->want->v[m->k] : NULL;
}

static void translation_verdict(struct ipf_verdict *v, uint32_t i, int engine,
				const struct leaf_rec *x, const struct leaf_rec *y, const char *what)
{
	*v = (struct ipf_verdict){
		.kind = IPF_VERDICT_FINDING, .check = IPF_CHECK_TABLES, .engine = engine,
		.op_index = i, .iova = x && y ? (x->iova < y->iova ? x->iova : y->iova)
					      : x ? x->iova : y ? y->iova : 0,
		.ref_value = x ? x->pa : UINT64_MAX, .opt_value = y ? y->pa : UINT64_MAX,
	};
	snprintf(v->detail, sizeof(v->detail),
		 "%s: leaf %s size 0x%llx perm %u attr 0x%x vs %s size 0x%llx perm %u attr 0x%x",
		 what, x ? "present" : "absent", x ? (unsigned long long)x->size : 0ULL,
		 x ? x->perm : 0, x ? x->attr : 0, y ? "present" : "absent",
		 y ? (unsigned long long)y->size : 0ULL, y ? y->perm : 0, y ? y->attr : 0);
}

/*
 * The reference's leaves are collected (check_iova_to_phys reads them
 * after: the golden model's, once they are found equal); the optimised
 * engine's and the golden model's are compared with them as their walks go.
 */
bool check_translations(struct ipf_runner *r, uint32_t i, uint64_t lo, uint64_t hi,
			struct ipf_verdict *v)
{
	struct leaf_match m = { .r = r, .want = &r->ref_leaves };

	if (lo >= hi)
		return false;
	r->ref_leaves.nr = 0;
	ipf_smmu_for_each_leaf(r->part[0].smmu, lo, hi, collect_smmu, &r->ref_leaves);
	ipf_smmu_for_each_leaf(r->part[1].smmu, lo, hi, match_smmu, &m);
	if (m.differ || m.k < m.want->nr) {
		translation_verdict(v, i, -1, kept_leaf(&m), walk_leaf(&m), "reference vs optimised");
		return true;
	}
	if (!r->golden_valid)
		return false;
	m = (struct leaf_match){ .r = r, .want = &r->ref_leaves };
	golden_for_each_leaf(r->golden, lo, hi, match_golden, &m);
	if (m.differ || m.k < m.want->nr) {
		translation_verdict(v, i, IPF_ENGINE_REF, walk_leaf(&m), kept_leaf(&m),
				    "golden vs reference");
		return true;
	}
	return false;
}

void note_unchecked(struct ipf_runner *r, uint64_t lo, uint64_t hi)
{
	for (int e = 0; e < IPF_ENGINES && !r->unchecked_all; e++) {
		uint32_t nr;
		const struct ipf_smmu_range *c = ipf_smmu_op_changed(r->part[e].smmu, &nr);

		if (!c) {
			r->unchecked_all = true;
			return;
		}
		for (uint32_t k = 0; k < nr; k++) {
			struct interval *last = r->unchecked.nr ? &r->unchecked.v[r->unchecked.nr - 1]
							       : NULL;

			if (lo <= c[k].lo && c[k].hi <= hi)
				continue; /* compared after the operation */
			if (last && c[k].lo <= last->hi && last->lo <= c[k].hi) {
				last->lo = c[k].lo < last->lo ? c[k].lo : last->lo;
				last->hi = c[k].hi > last->hi ? c[k].hi : last->hi;
			} else if (interval_push(&r->unchecked, c[k].lo, c[k].hi)) {
				r->unchecked_all = true;
			}
		}
	}
}

static int by_lo(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/*
 * Each operation compared the range it touched once it had returned, and
 * what its writes changed elsewhere was kept: that, in address order, is
 * where the final translations can still differ (the first difference found
 * is the one a comparison of the whole IAS would find first). Everywhere,
 * when a write's reach was unknown.
 */
bool check_final_translations(struct ipf_runner *r, uint32_t n, struct ipf_verdict *v)
{
	uint64_t top = 1ULL << r->part[0].d->pgtbl_cfg.ias, lo, hi;
	struct interval *u = r->unchecked.v;

	uint32_t k = 0;

	if (r->unchecked_all)
		return check_translations(r, n, 0, top, v);
	if (r->unchecked.nr > 1)
		qsort(u, r->unchecked.nr, sizeof(*u), by_lo);
	while (k < r->unchecked.nr) {
		lo = u[k].lo;
		hi = u[k].hi;
		for (k++; k < r->unchecked.nr && u[k].lo <= hi; k++)
			hi = u[k].hi > hi ? u[k].hi : hi;
		if (lo < top && check_translations(r, n, lo, hi < top ? hi : top, v))
			return true;
	}
	return false;
}

/* One address through every participant's iova_to_phys; true (v filled) if one is wrong. */
static bool phys_of(struct ipf_runner *r, uint32_t i, uint64_t iova, uint64_t want,
		    struct ipf_verdict *v)
{
	for (int e = 0; e < IPF_ENGINES; e++) {
		uint64_t got = iommu_iova_to_phys(&r->part[e].d->domain, iova);

		if (got == want)
			continue;
		*v = (struct ipf_verdict){
			.kind = IPF_VERDICT_FINDING, .check = IPF_CHECK_IOVA_TO_PHYS, .engine = e,
			.op_index = i, .iova = iova, .ref_value = want, .opt_value = got,
		};
		snprintf(v->detail, sizeof(v->detail),
			 "iova_to_phys gives 0x%llx where the golden model maps 0x%llx",
			 (unsigned long long)got, (unsigned long long)want);
		return true;
	}
	return false;
}

/*
 * The exported read operation against the golden model over the touched
 * range: each leaf's last byte, and the first granule of each hole (0:
 * nothing mapped), for every participant.
 */
bool check_iova_to_phys(struct ipf_runner *r, uint32_t i, uint64_t lo, uint64_t hi,
			struct ipf_verdict *v)
{
	const struct leaf_vec *g = &r->ref_leaves; /* the golden model's leaves: check_translations */
	uint64_t at = lo, top = 1ULL << r->geometry.ias;

	/* Beyond the IAS a walk indexes what it can: the kernel's answer is not defined there. */
	if (hi > top)
		hi = top;
	if (lo >= hi || !r->golden_valid)
		return false;
	for (uint32_t k = 0; k < g->nr; k++) {
		const struct leaf_rec *l = &g->v[k];

		if (l->iova > at && phys_of(r, i, at, 0, v))
			return true;
		/* The last byte: a wrong base and a lost offset both show there. */
		if (phys_of(r, i, l->iova + l->size - 1, l->pa + l->size - 1, v))
			return true;
		at = l->iova + l->size;
	}
	return at < hi && phys_of(r, i, at, 0, v);
}

static int collect_pte(void *arg, const struct arm_lpae_pte_visit *pv)
{
	struct pte_vec *pvv = arg;
	void *room = vec_room(pvv->v, pvv->nr, &pvv->cap, sizeof(*pvv->v));

	if (!room)
		return 1;
	pvv->v = room;
	pvv->v[pvv->nr++] = (struct pte_rec){ .lvl = pv->lvl, .iova = pv->iova,
					      .pte = pv->leaf ? pv->pte : ARM_LPAE_PTE_TYPE_TABLE };
	return 0;
}

/* In depth-first order, a table with nothing below it is followed by no deeper entry. */
static uint64_t empty_tables(const struct pte_vec *pv)
{
	uint64_t n = 0;

	for (uint32_t k = 0; k < pv->nr; k++)
		if (pv->v[k].pte == ARM_LPAE_PTE_TYPE_TABLE &&
		    (k + 1 == pv->nr || pv->v[k + 1].lvl <= pv->v[k].lvl))
			n++;
	return n;
}

/* Equal trees, told without collecting them; false when they differ or cannot be told so. */
static bool structures_equal(struct ipf_runner *r)
{
	int64_t empty = arm_lpae_same_trees(io_pgtable_ops_to_data(r->part[0].d->pgtbl_ops),
					    io_pgtable_ops_to_data(r->part[1].d->pgtbl_ops));

	if (empty < 0)
		return false;
	r->stats.empty_tables[0] = r->stats.empty_tables[1] = (uint64_t)empty;
	return true;
}

bool check_structure(struct ipf_runner *r, uint32_t i, struct ipf_verdict *v)
{
	struct pte_vec *pv = r->pv;
	uint32_t n, k;
	bool differ;

	if (structures_equal(r))
		return false;
	/* They differ: collect both, to say where and how. */
	for (int e = 0; e < IPF_ENGINES; e++) {
		pv[e].nr = 0;
		arm_lpae_for_each_pte(io_pgtable_ops_to_data(r->part[e].d->pgtbl_ops), collect_pte,
				      &pv[e]);
		r->stats.empty_tables[e] = empty_tables(&pv[e]);
	}
	n = pv[0].nr < pv[1].nr ? pv[0].nr : pv[1].nr;
	for (k = 0; k < n; k++)
		if (pv[0].v[k].lvl != pv[1].v[k].lvl || pv[0].v[k].iova != pv[1].v[k].iova ||
		    pv[0].v[k].pte != pv[1].v[k].pte)
			break;
	differ = k < n || pv[0].nr != pv[1].nr;
	if (differ) {
		*v = (struct ipf_verdict){
			.kind = IPF_VERDICT_FINDING, .check = IPF_CHECK_STRUCTURE, .engine = -1,
			.op_index = i,
			.iova = k < pv[0].nr ? pv[0].v[k].iova : k < pv[1].nr ? pv[1].v[k].iova : 0,
			.ref_value = k < pv[0].nr ? pv[0].v[k].pte : 0,
			.opt_value = k < pv[1].nr ? pv[1].v[k].pte : 0,
		};
		snprintf(v->detail, sizeof(v->detail),
			 "descriptor %u of %u/%u differs (level %d vs %d)", k, pv[0].nr, pv[1].nr,
			 k < pv[0].nr ? pv[0].v[k].lvl : -1, k < pv[1].nr ? pv[1].v[k].lvl : -1);
	}
	return differ;
}
