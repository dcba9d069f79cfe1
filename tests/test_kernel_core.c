// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel-core: every tree's own iommu core, over a driver that misbehaves
 * on purpose, ends as our model of the core ends: a driver that succeeds
 * with nothing mapped (the kernel would call it forever) stops with
 * CORE_ITER_BOUND and -IPF_EHANG; a driver reporting more mapped than asked
 * (the kernel's size wraps) stops with CORE_MAPPED_TOO_MUCH and -IPF_EBUG;
 * a driver error is unwound through the tree's own iommu_unmap. Each run
 * side by side with the model's v5.15 core over the same driver.
 */
#include <errno.h>

#include "check.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/kernel.h"

CHECK_MAIN_STATE;

enum misbehaviour { STALL, TOO_MUCH, FAIL_SECOND };

static enum misbehaviour how;
static unsigned int map_calls, unmap_calls;
static uint64_t unmapped_bytes;

static int fake_map_pages(struct iommu_domain *d, uint64_t iova, uint64_t paddr, uint64_t pgsize,
			  uint64_t pgcount, int prot, uint64_t *mapped)
{
	(void)d, (void)iova, (void)paddr, (void)prot;
	map_calls++;
	switch (how) {
	case STALL:
		*mapped = 0;
		return 0;
	case TOO_MUCH:
		*mapped = pgsize * pgcount * 2;
		return 0;
	case FAIL_SECOND:
		if (map_calls == 2) {
			*mapped = 0;
			return -ENOMEM;
		}
		*mapped = pgsize * pgcount;
		return 0;
	}
	return -EINVAL;
}

static uint64_t fake_unmap_pages(struct iommu_domain *d, uint64_t iova, uint64_t pgsize,
				 uint64_t pgcount, struct iommu_iotlb_gather *gather)
{
	(void)d, (void)iova, (void)gather;
	unmap_calls++;
	unmapped_bytes += pgsize * pgcount;
	return pgsize * pgcount;
}

static void fake_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	(void)d, (void)gather;
}

static const struct iommu_ops fake_ops = {
	.map_pages = fake_map_pages, .unmap_pages = fake_unmap_pages, .iotlb_sync = fake_iotlb_sync,
};

struct outcome {
	int ret;
	uint32_t hang, too_much;
	unsigned int map_calls, unmap_calls;
	uint64_t unmapped;
};

static struct outcome run(enum ipf_engine engine, const struct ipf_kernel_variant *v,
			  enum misbehaviour m, uint64_t iova, uint64_t size)
{
	struct ipf_events ev;
	struct outcome o = { 0 };
	struct ipf_domain *d;
	int err = 0;

	ipf_events_reset(&ev);
	d = ipf_domain_alloc(engine, &(struct ipf_domain_cfg){
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
		.smmu = IPF_SMMU_V3, .kernel = v }, NULL, &ev, NULL, &err);
	CHECK(d != NULL);
	if (!d)
		return o;
	d->domain.ops = &fake_ops;
	how = m;
	map_calls = unmap_calls = 0;
	unmapped_bytes = 0;
	o.ret = iommu_map(&d->domain, iova, iova, size, IOMMU_READ | IOMMU_WRITE);
	o.hang = ev.count[IPF_EV_CORE_ITER_BOUND];
	o.too_much = ev.count[IPF_EV_CORE_MAPPED_TOO_MUCH];
	o.map_calls = map_calls;
	o.unmap_calls = unmap_calls;
	o.unmapped = unmapped_bytes;
	d->domain.ops = NULL;
	ipf_domain_free(d);
	return o;
}

static void same(const char *what, const struct ipf_kernel_variant *v, enum misbehaviour m,
		 uint64_t iova, uint64_t size, int want_ret)
{
	struct outcome model = run(IPF_ENGINE_OPT, NULL, m, iova, size);
	struct outcome tree = run(IPF_ENGINE_KERNEL_CORE, v, m, iova, size);

	printf("%s, %s: model ret %d (%u map, %u unmap calls), tree ret %d (%u map, %u unmap calls)\n",
	       v->name, what, model.ret, model.map_calls, model.unmap_calls, tree.ret,
	       tree.map_calls, tree.unmap_calls);
	CHECK_EQ(model.ret, want_ret);
	CHECK_EQ(tree.ret, want_ret);
	CHECK_EQ(tree.hang, model.hang);
	CHECK_EQ(tree.too_much, model.too_much);
	CHECK_EQ(tree.map_calls, model.map_calls);
	CHECK_EQ(tree.unmap_calls, model.unmap_calls);
	CHECK_EQ(tree.unmapped, model.unmapped);
}

int main(void)
{
	unsigned int n = 0;

	check_state.test = "kernel core";
	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++) {
		const struct ipf_kernel_variant *v = ipf_kernel_variants[i];

		if (!v->core) {
			printf("%s: no kernel-core in this build (its iommu.c could not be taken apart)\n",
			       v->name);
			continue;
		}
		n++;
		same("a driver that maps nothing", v, STALL, 0, (4 * SZ_1M), -IPF_EHANG);
		same("a driver that maps too much", v, TOO_MUCH, 0, (4 * SZ_1M), -IPF_EBUG);
		/* 4K then 2M: the second call fails, the first page is unwound. */
		same("a driver that fails the second call", v, FAIL_SECOND, SZ_2M - SZ_4K,
		     SZ_2M + SZ_4K, -ENOMEM);
	}
	if (!n) {
		printf("skipped: no kernel tree with a kernel-core in this build\n");
		return 77;
	}
	return check_summary("kernel core");
}
