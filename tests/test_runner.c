// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner on programs built directly: the correct engines agree with
 * each other and with the golden model on random programs of every
 * configuration; reverted kernel fixes are found, by the right check.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "program_check.h"
#include "iopgfuzz/runner.h"

CHECK_MAIN_STATE;


static void default_cfg(struct ipf_config *c)
{
	memset(c, 0, sizeof(*c));
	c->domain = (struct ipf_domain_cfg){
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
		.smmu = IPF_SMMU_V3,
	};
	c->smmu.range_inv = true;
	c->prefill = true;
	c->engines[0] = IPF_ENGINE_REF;
	c->engines[1] = IPF_ENGINE_OPT;
}

static void random_program(struct ipf_program *p)
{
	uint64_t granule, big, top;

	memset(p, 0, sizeof(*p));
	default_cfg(&p->cfg);
	gen_domain_cfg(&p->cfg.domain, &gen_space_oas48);
	granule = p->cfg.domain.host_page_size;
	big = gen_biggest(p->cfg.domain.pgsize_bitmap);
	p->cfg.domain.non_strict = !pick(5);
	p->cfg.smmu.range_inv = pick(2);
	p->cfg.free_mode = (enum ipf_free_mode)pick(IPF_FREE_MODES);
	top = 1ULL << p->cfg.domain.ias;
	p->nr_ops = 8 + (uint32_t)pick(24);
	for (uint32_t i = 0; i < p->nr_ops; i++) {
		struct ipf_op *op = &p->ops[i];
		uint64_t base = pick(2) ? 0 : big * (1 + pick(3));

		op->kind = (enum ipf_op_kind)pick(IPF_OP_KINDS);
		op->iova = (base + granule * pick(1024)) & (top - 1);
		if (op->kind == IPF_OP_MAP || op->kind == IPF_OP_UNMAP || op->kind == IPF_OP_UNMAP_LAZY)
			op->size = pick(6) ? granule * (1 + pick(pick(2) ? 8 : 600)) : big;
		if (op->kind == IPF_OP_MAP) {
			op->paddr = op->iova + SZ_1G * pick(4);
			op->prot = (int)pick(64);
		}
		op->write = op->kind == IPF_OP_DMA && pick(2);
	}
}

static void test_random_programs_agree(void)
{
	struct ipf_runner *r = ipf_runner_create();
	struct run_tally t = { 0 };

	CHECK(r != NULL);
	rng_state = 1;
	for (int n = 0; n < 400 && r; n++) {
		struct ipf_program p;
		struct ipf_run_stats st;

		random_program(&p);
		run_tallied(r, &p, (uint64_t)n, &st, &t);
	}
	printf("runner: %lu agree, %lu unusable, %lu operations run, %lu skipped\n", t.agree,
	       t.unusable, t.ops, t.skipped);
	CHECK(t.agree > 300);
	ipf_runner_destroy(r);
}

/* Reverting d71fa842d33c: a 1G map at the top of a concatenated stage-2 pgd. */
static void test_concat_count_found(void)
{
	struct ipf_runner *r = ipf_runner_create();
	struct ipf_program p = { 0 };
	struct ipf_verdict v;
	char cls[64];

	default_cfg(&p.cfg);
	p.cfg.domain.fmt = ARM_64_LPAE_S2;
	p.cfg.domain.ias = p.cfg.domain.oas = 40;
	p.nr_ops = 2;
	p.ops[0] = (struct ipf_op){ .kind = IPF_OP_MAP, .iova = (1ULL << 40) - SZ_1G,
				    .paddr = SZ_1G, .size = SZ_1G, .prot = IOMMU_READ };
	p.ops[1] = (struct ipf_op){ .kind = IPF_OP_UNMAP, .iova = (1ULL << 40) - SZ_1G, .size = SZ_1G };
	CHECK_EQ(ipf_run(r, &p, &v, NULL), IPF_VERDICT_AGREE);
	p.cfg.domain.bugs = IPF_BUG_BIT(IPF_BUG_CONCAT_COUNT);
	CHECK_EQ(ipf_run(r, &p, &v, NULL), IPF_VERDICT_FINDING);
	CHECK_EQ(v.op_index, 0);
	printf("concat count: %s\n", ipf_verdict_class(&v, cls, sizeof(cls)));
	ipf_runner_destroy(r);
}

/* Reverting 6093cd582f8e: a map with no access hangs the v5.15 core. */
static void test_no_access_found(void)
{
	struct ipf_runner *r = ipf_runner_create();
	struct ipf_program p = { 0 };
	struct ipf_verdict v;

	default_cfg(&p.cfg);
	p.nr_ops = 1;
	p.ops[0] = (struct ipf_op){ .kind = IPF_OP_MAP, .iova = 0, .paddr = 0, .size = SZ_2M,
				    .prot = IOMMU_CACHE };
	CHECK_EQ(ipf_run(r, &p, &v, NULL), IPF_VERDICT_AGREE);
	p.cfg.domain.bugs = IPF_BUG_BIT(IPF_BUG_MAP_NO_ACCESS);
	CHECK_EQ(ipf_run(r, &p, &v, NULL), IPF_VERDICT_FINDING);
	CHECK_EQ(v.check, IPF_CHECK_EVENT);
	CHECK_EQ(v.event, IPF_EV_CORE_ITER_BOUND);
	CHECK_EQ(v.engine, IPF_ENGINE_OPT);
	ipf_runner_destroy(r);
}

/* A refused configuration still fills the statistics: nothing ran, nothing counted. */
static void test_unusable_stats_zero(void)
{
	struct ipf_runner *r = ipf_runner_create();
	struct ipf_program p = { 0 };
	struct ipf_run_stats st;
	struct ipf_verdict v;

	default_cfg(&p.cfg);
	p.cfg.domain.pgsize_bitmap = SZ_64K;
	p.cfg.domain.oas = 33; /* no (I)PS encoding */
	p.cfg.domain.bugs = IPF_BUGS_ALL;
	p.nr_ops = 1;
	p.ops[0] = (struct ipf_op){ .kind = IPF_OP_MAP, .size = SZ_64K, .prot = IOMMU_READ };
	memset(&st, 0xa5, sizeof(st));
	CHECK_EQ(ipf_run(r, &p, &v, &st), IPF_VERDICT_UNUSABLE);
	CHECK_EQ(st.ops_run, 0);
	for (int e = 0; e < IPF_ENGINES; e++)
		for (int b = 0; b < IPF_BUG_NR; b++)
			CHECK_EQ(st.bug_hits[e].reached[b] | st.bug_hits[e].triggered[b], 0);
	ipf_runner_destroy(r);
}

int main(void)
{
	RUN_TEST(test_random_programs_agree);
	RUN_TEST(test_concat_count_found);
	RUN_TEST(test_no_access_found);
	RUN_TEST(test_unusable_stats_zero);
	return check_summary("test_runner");
}
