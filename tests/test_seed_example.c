// SPDX-License-Identifier: GPL-2.0-only
/*
 * The series' headline example: a 4 MB buffer at IOVA 0 on an IOMMU with
 * 4K|2M|1G pages. Unmapping it takes the reference engine 4 indirect calls
 * and 2 walks, the optimised engine 2 and 1. Mapping it, likewise.
 */
#include "check.h"
#include "iopgfuzz/domain.h"

CHECK_MAIN_STATE;

static const struct ipf_domain_cfg cfg_4k = {
	.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	.smmu = IPF_SMMU_V3,
};

struct figures {
	struct ipf_counters map, unmap;
	int map_ret;
	uint64_t unmapped;
};

static struct figures run(enum ipf_engine engine, uint64_t size)
{
	struct figures f = { 0 };
	struct ipf_counters before;
	struct ipf_domain *d = ipf_domain_alloc(engine, &cfg_4k, NULL, NULL, NULL, NULL);

	CHECK(d != NULL);
	if (!d)
		return f;
	before = d->ctx.counters;
	f.map_ret = iommu_map(&d->domain, 0, 0x40000000, size, IOMMU_READ | IOMMU_WRITE);
	ipf_counters_sub(&f.map, &d->ctx.counters, &before);
	before = d->ctx.counters;
	f.unmapped = iommu_unmap(&d->domain, 0, size);
	ipf_counters_sub(&f.unmap, &d->ctx.counters, &before);
	CHECK_EQ(ipf_domain_free(d), 0);
	return f;
}

static void test_unmap_4m(void)
{
	struct figures ref = run(IPF_ENGINE_REF, 4 * SZ_1M);
	struct figures opt = run(IPF_ENGINE_OPT, 4 * SZ_1M);

	CHECK_EQ(ref.unmapped, 4 * SZ_1M);
	CHECK_EQ(opt.unmapped, 4 * SZ_1M);
	CHECK_EQ(ref.unmap.indirect_calls, 4);
	CHECK_EQ(ref.unmap.walks, 2);
	CHECK_EQ(opt.unmap.indirect_calls, 2);
	CHECK_EQ(opt.unmap.walks, 1);
	/* Same invalidation work: two 2M leaves, one sync, no forced sync. */
	CHECK_EQ(ref.unmap.add_page, 2);
	CHECK_EQ(opt.unmap.add_page, 2);
	CHECK_EQ(ref.unmap.iotlb_sync, 1);
	CHECK_EQ(opt.unmap.iotlb_sync, 1);
	CHECK_EQ(ref.unmap.gather_syncs, 0);
	CHECK_EQ(opt.unmap.gather_syncs, 0);
}

static void test_map_4m(void)
{
	struct figures ref = run(IPF_ENGINE_REF, 4 * SZ_1M);
	struct figures opt = run(IPF_ENGINE_OPT, 4 * SZ_1M);

	CHECK_EQ(ref.map_ret, 0);
	CHECK_EQ(opt.map_ret, 0);
	CHECK_EQ(ref.map.indirect_calls, 4);
	CHECK_EQ(ref.map.walks, 2);
	CHECK_EQ(opt.map.indirect_calls, 2);
	CHECK_EQ(opt.map.walks, 1);
	/* Both build the same tree: one level-1 and one level-2 table under the pgd. */
	CHECK_EQ(ref.map.tables_allocated, 2);
	CHECK_EQ(opt.map.tables_allocated, 2);
}

int main(void)
{
	RUN_TEST(test_unmap_4m);
	RUN_TEST(test_map_4m);
	return check_summary("test_seed_example");
}
