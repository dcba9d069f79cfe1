// SPDX-License-Identifier: GPL-2.0-only
/*
 * The correct engines must come out clean from every oracle of the
 * simulated SMMU: random programs on both engines, every format, granule,
 * bitmap subset, SMMU model (v2, v3 with and without range invalidation),
 * free mode and cache policy, with the caches prefilled before each unmap
 * and device accesses between operations.
 */
#include "check.h"
#include "gen.h"
#include "smmu_fixture.h"

CHECK_MAIN_STATE;


static void random_cfg(struct ipf_domain_cfg *cfg, struct ipf_smmu_cfg *scfg)
{
	gen_domain_cfg(cfg, &gen_space_oas48);
	memset(scfg, 0, sizeof(*scfg));
	scfg->range_inv = pick(2);
	scfg->policy = pick(4) ? IPF_CACHE_STICKY : IPF_CACHE_ROUND_ROBIN;
	scfg->tlb_entries = pick(2) ? 0 : 64;
	scfg->wc_entries = pick(2) ? 0 : 16;
}

static uint64_t programs, ops, dmas;

static void run_program(uint64_t seed, enum ipf_engine engine)
{
	struct ipf_domain_cfg cfg;
	struct ipf_smmu_cfg scfg;
	struct fixture f;
	uint64_t granule, big, top;

	rng_state = seed;
	random_cfg(&cfg, &scfg);
	if (fixture_init(&f, engine, &cfg, &scfg, (enum ipf_free_mode)pick(IPF_FREE_MODES))) {
		CHECK(0);
		return;
	}
	granule = 1ULL << ffs64(f.d->domain.pgsize_bitmap);
	big = 1ULL << fls64(f.d->domain.pgsize_bitmap);
	top = 1ULL << f.d->pgtbl_cfg.ias;
	programs++;
	for (int i = 0; i < 24; i++) {
		uint64_t base = pick(2) ? 0 : big * (1 + pick(2));
		uint64_t iova = (base + granule * pick(1024)) & (top - 1);
		uint64_t size = granule * (1 + pick(pick(2) ? 8 : 1024));

		if (!pick(6))
			size = big;
		if (iova + size > top)
			continue;
		if (pick(3))
			fixture_map(&f, iova, iova + SZ_1G, size, IOMMU_READ | (pick(2) ? IOMMU_WRITE : 0));
		else
			fixture_unmap(&f, iova, size);
		ops++;
		/* A device touching the neighbourhood between operations. */
		for (int k = 0; k < 4; k++, dmas++)
			ipf_smmu_dma(f.smmu, (iova + granule * pick(2048)) & (top - 1), pick(2));
		if (fixture_smmu_events(&f)) {
			CHECK_EQ(fixture_smmu_events(&f), 0);
			fprintf(stderr, "  seed %llu: %s %s bitmap 0x%llx ias %u, %s%s, %s cache\n",
				(unsigned long long)seed, cfg.fmt == ARM_64_LPAE_S2 ? "s2" : "s1",
				ipf_engine_name(engine), (unsigned long long)f.d->domain.pgsize_bitmap,
				f.d->pgtbl_cfg.ias, ipf_smmu_model_name(cfg.smmu),
				scfg.range_inv ? "+ril" : "", scfg.policy ? "rr" : "sticky");
			for (uint32_t e = 0; e < f.ev.nr_kept; e++)
				fprintf(stderr, "  seed %llu %s op %u: %s (%s) iova 0x%llx aux 0x%llx\n",
					(unsigned long long)seed, ipf_engine_name(engine),
					f.ev.kept[e].op_index, ipf_event_name(f.ev.kept[e].kind),
					ipf_event_oracle(f.ev.kept[e].kind),
					(unsigned long long)f.ev.kept[e].iova,
					(unsigned long long)f.ev.kept[e].aux);
			break;
		}
	}
	CHECK_EQ(fixture_fini(&f), 0);
}

static void test_correct_engines_are_clean(void)
{
	for (uint64_t seed = 1; seed <= 150; seed++) {
		run_program(seed, IPF_ENGINE_REF);
		run_program(seed, IPF_ENGINE_OPT);
	}
	printf("smmu clean: %llu programs, %llu operations, %llu device accesses\n",
	       (unsigned long long)programs, (unsigned long long)ops, (unsigned long long)dmas);
}

int main(void)
{
	RUN_TEST(test_correct_engines_are_clean);
	return check_summary("test_smmu_clean");
}
