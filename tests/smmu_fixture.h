// SPDX-License-Identifier: GPL-2.0-only
/* A domain with its own arena and an attached simulated SMMU, for the SMMU tests. */
#ifndef IOPGFUZZ_TESTS_SMMU_FIXTURE_H
#define IOPGFUZZ_TESTS_SMMU_FIXTURE_H

#include <string.h>

#include "iopgfuzz/domain.h"
#include "iopgfuzz/smmu.h"

struct fixture {
	struct ipf_pgmem mem;
	struct ipf_events ev;
	struct ipf_domain *d;
	struct ipf_smmu *smmu;
	uint32_t op;
};

static inline int fixture_init(struct fixture *f, enum ipf_engine engine,
			       const struct ipf_domain_cfg *cfg, const struct ipf_smmu_cfg *scfg,
			       enum ipf_free_mode free_mode)
{
	memset(f, 0, sizeof(*f));
	if (ipf_pgmem_init(&f->mem, &(struct ipf_pgmem_cfg){ .free_mode = free_mode,
							     .host_page_size = cfg->host_page_size }))
		return -1;
	f->d = ipf_domain_alloc(engine, cfg, &f->mem, &f->ev, NULL, NULL);
	if (!f->d)
		return -1;
	f->smmu = ipf_smmu_create(scfg, &f->mem, &f->ev);
	if (!f->smmu)
		return -1;
	ipf_domain_attach_smmu(f->d, f->smmu);
	return 0;
}

static inline uint64_t fixture_fini(struct fixture *f)
{
	uint64_t leaked = ipf_domain_free(f->d);

	ipf_smmu_destroy(f->smmu);
	ipf_pgmem_destroy(&f->mem);
	return leaked;
}

static inline void fixture_begin(struct fixture *f)
{
	f->ev.op_index = ++f->op;
	ipf_smmu_op_begin(f->smmu, f->op);
}

static inline int fixture_map(struct fixture *f, uint64_t iova, uint64_t pa, uint64_t size, int prot)
{
	int ret;

	fixture_begin(f);
	ret = iommu_map(&f->d->domain, iova, pa, size, prot);
	ipf_smmu_op_end(f->smmu, false);
	return ret;
}

/* Cache everything near the range first, so that any missed invalidation shows. */
static inline uint64_t fixture_unmap(struct fixture *f, uint64_t iova, uint64_t size)
{
	uint64_t ret, span = 1ULL << 30;

	fixture_begin(f);
	ipf_smmu_prefill(f->smmu, iova > span ? iova - span : 0, iova + size + span, 1u << 16);
	ret = iommu_unmap(&f->d->domain, iova, size);
	ipf_smmu_op_end(f->smmu, false);
	return ret;
}

/* Events raised by the SMMU's oracles (not the engine's WARNs). */
static inline uint32_t fixture_smmu_events(const struct fixture *f)
{
	uint32_t n = 0;

	for (int k = IPF_EV_SMMU_STALE_TABLE_WALK; k <= IPF_EV_SMMU_LEAK; k++)
		n += f->ev.count[k];
	return n;
}

#endif
