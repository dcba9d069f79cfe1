// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver layer: an arm-smmu-like domain. Its iommu_ops forward to the
 * io-pgtable ops through function pointers (v5.12 drivers have map/unmap,
 * v5.15 drivers map_pages/unmap_pages); its flush ops are in arm_smmu_tlb.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "arm_smmu_tlb.h"
#include "iopgfuzz/lpae.h"

static struct ipf_domain *to_smmu_domain(struct iommu_domain *domain)
{
	return (struct ipf_domain *)domain;
}

static void pgt_trace(struct ipf_domain *d, enum ipf_trace_kind kind, enum ipf_trace_phase ph,
		      uint64_t iova, uint64_t paddr, uint64_t pgsize, uint64_t pgcount, int prot,
		      int64_t ret, uint64_t mapped)
{
	if (!ipf_trace_wants(d->ctx.tracer, kind))
		return;
	ipf_trace(&d->ctx, &(struct ipf_trace){
		.kind = kind, .phase = ph, .iova = iova, .paddr = paddr, .size = pgsize * pgcount,
		.pgsize = pgsize, .pgcount = pgcount, .prot = prot, .ret = ret, .mapped = mapped });
}

static void count_pgtable_call(struct ipf_domain *d)
{
	d->ctx.counters.driver_to_pgtable++;
	d->ctx.counters.indirect_calls++;
}

static int arm_smmu_map(struct iommu_domain *domain, uint64_t iova, uint64_t paddr,
			uint64_t size, int prot)
{
	struct ipf_domain *d = to_smmu_domain(domain);
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	int ret;

	if (!ops)
		return -ENODEV;
	count_pgtable_call(d);
	pgt_trace(d, IPF_TR_PGT_MAP, IPF_TR_ENTER, iova, paddr, size, 1, prot, 0, 0);
	ret = ops->map(ops, iova, paddr, size, prot);
	pgt_trace(d, IPF_TR_PGT_MAP, IPF_TR_RETURN, iova, paddr, size, 1, prot, ret, 0);
	return ret;
}

static int arm_smmu_map_pages(struct iommu_domain *domain, uint64_t iova, uint64_t paddr,
			      uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct ipf_domain *d = to_smmu_domain(domain);
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	int ret;

	if (!ops)
		return -ENODEV;
	count_pgtable_call(d);
	pgt_trace(d, IPF_TR_PGT_MAP_PAGES, IPF_TR_ENTER, iova, paddr, pgsize, pgcount, prot, 0, 0);
	ret = ops->map_pages(ops, iova, paddr, pgsize, pgcount, prot, mapped);
	pgt_trace(d, IPF_TR_PGT_MAP_PAGES, IPF_TR_RETURN, iova, paddr, pgsize, pgcount, prot, ret,
		  *mapped);
	return ret;
}

static uint64_t arm_smmu_unmap(struct iommu_domain *domain, uint64_t iova, uint64_t size,
			       struct iommu_iotlb_gather *gather)
{
	struct ipf_domain *d = to_smmu_domain(domain);
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	uint64_t ret;

	if (!ops)
		return 0;
	count_pgtable_call(d);
	pgt_trace(d, IPF_TR_PGT_UNMAP, IPF_TR_ENTER, iova, 0, size, 1, 0, 0, 0);
	ret = ops->unmap(ops, iova, size, gather);
	pgt_trace(d, IPF_TR_PGT_UNMAP, IPF_TR_RETURN, iova, 0, size, 1, 0, (int64_t)ret, 0);
	return ret;
}

static uint64_t arm_smmu_unmap_pages(struct iommu_domain *domain, uint64_t iova, uint64_t pgsize,
				     uint64_t pgcount, struct iommu_iotlb_gather *gather)
{
	struct ipf_domain *d = to_smmu_domain(domain);
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	uint64_t ret;

	if (!ops)
		return 0;
	count_pgtable_call(d);
	pgt_trace(d, IPF_TR_PGT_UNMAP_PAGES, IPF_TR_ENTER, iova, 0, pgsize, pgcount, 0, 0, 0);
	ret = ops->unmap_pages(ops, iova, pgsize, pgcount, gather);
	pgt_trace(d, IPF_TR_PGT_UNMAP_PAGES, IPF_TR_RETURN, iova, 0, pgsize, pgcount, 0,
		  (int64_t)ret, 0);
	return ret;
}

static uint64_t arm_smmu_iova_to_phys(struct iommu_domain *domain, uint64_t iova)
{
	struct io_pgtable_ops *ops = to_smmu_domain(domain)->pgtbl_ops;

	return ops ? ops->iova_to_phys(ops, iova) : 0;
}

#define V515_OPS {								\
	[IPF_SMMU_V3] = {							\
		.map_pages = arm_smmu_map_pages, .unmap_pages = arm_smmu_unmap_pages,	\
		.flush_iotlb_all = arm_smmu_flush_iotlb_all,			\
		.iotlb_sync = arm_smmu_v3_iotlb_sync, .iova_to_phys = arm_smmu_iova_to_phys, \
	},									\
	[IPF_SMMU_V2] = {							\
		.map_pages = arm_smmu_map_pages, .unmap_pages = arm_smmu_unmap_pages,	\
		.flush_iotlb_all = arm_smmu_flush_iotlb_all,			\
		.iotlb_sync = arm_smmu_v2_iotlb_sync, .iova_to_phys = arm_smmu_iova_to_phys, \
	},									\
}

/* [engine][smmu model] */
static const struct iommu_ops arm_smmu_ops[IPF_ENGINE_KINDS][IPF_SMMU_MODELS] = {
	[IPF_ENGINE_REF] = {
		[IPF_SMMU_V3] = {
			.map = arm_smmu_map, .unmap = arm_smmu_unmap,
			.flush_iotlb_all = arm_smmu_flush_iotlb_all,
			.iotlb_sync = arm_smmu_v3_iotlb_sync, .iova_to_phys = arm_smmu_iova_to_phys,
		},
		[IPF_SMMU_V2] = {
			.map = arm_smmu_map, .unmap = arm_smmu_unmap,
			.flush_iotlb_all = arm_smmu_flush_iotlb_all,
			.iotlb_sync = arm_smmu_v2_iotlb_sync, .iova_to_phys = arm_smmu_iova_to_phys,
		},
	},
	/* The v5.15 driver, whoever's io-pgtable is behind it. */
	[IPF_ENGINE_OPT] = V515_OPS,
	[IPF_ENGINE_KERNEL] = V515_OPS,
	[IPF_ENGINE_KERNEL_CORE] = V515_OPS,
};

static const enum ipf_pgtable_algo engine_algo[IPF_ENGINE_KINDS] = {
	[IPF_ENGINE_REF] = IPF_PGTABLE_PER_PAGE,
	[IPF_ENGINE_OPT] = IPF_PGTABLE_PAGES,
	[IPF_ENGINE_KERNEL] = IPF_PGTABLE_KERNEL,
	[IPF_ENGINE_KERNEL_CORE] = IPF_PGTABLE_KERNEL,
};

static int init_domain_context(struct ipf_domain *d, const struct ipf_domain_cfg *cfg)
{
	int err = -EINVAL;

	d->pgtbl_cfg = (struct io_pgtable_cfg){
		.quirks = cfg->quirks,
		.pgsize_bitmap = cfg->pgsize_bitmap,
		.ias = cfg->ias,
		.oas = cfg->oas,
		.coherent_walk = true,
		.tlb = cfg->smmu == IPF_SMMU_V2 ? &arm_smmu_v2_flush_ops : &arm_smmu_v3_flush_ops,
		.host_page_size = cfg->host_page_size,
		.kernel = cfg->kernel,
	};

	d->pgtbl_ops = alloc_io_pgtable_ops(cfg->fmt, engine_algo[d->engine], &d->pgtbl_cfg, d,
					    &d->ctx, &err);
	if (!d->pgtbl_ops)
		return err;
	/* The core works with what the format kept. */
	d->domain.pgsize_bitmap = d->pgtbl_cfg.pgsize_bitmap;
	return 0;
}

struct ipf_domain *ipf_domain_alloc(enum ipf_engine engine, const struct ipf_domain_cfg *cfg,
				    struct ipf_pgmem *mem, struct ipf_events *events,
				    const struct ipf_tracer *tracer, int *err)
{
	struct ipf_domain *d;
	int ret = -EINVAL;

	if (engine >= IPF_ENGINE_KINDS || cfg->smmu >= IPF_SMMU_MODELS ||
	    (ipf_engine_is_kernel(engine) && !cfg->kernel))
		goto fail;
	ret = -ENOMEM;
	d = calloc(1, sizeof(*d));
	if (!d)
		goto fail;
	if (!mem) {
		ret = ipf_pgmem_init(&d->own_mem, &(struct ipf_pgmem_cfg){
			.host_page_size = cfg->host_page_size });
		if (ret)
			goto fail_free;
		d->owns_mem = true;
		mem = &d->own_mem;
	}
	d->engine = engine;
	d->model = cfg->smmu;
	d->stage = cfg->fmt == ARM_64_LPAE_S2 ? 2 : 1;
	d->ctx = (struct ipf_ctx){ .mem = mem, .events = events, .tracer = tracer,
				   .bugs = cfg->bugs, .profile = cfg->profile };
	d->domain = (struct iommu_domain){
		.type = IOMMU_DOMAIN_PAGING,
		.ops = &arm_smmu_ops[engine][cfg->smmu],
		.core = engine == IPF_ENGINE_REF ? IPF_CORE_V5_12 : IPF_CORE_V5_15,
		.arith = { .long_bits = 64, .ctx = &d->ctx },
		.ctx = &d->ctx,
	};
	ret = init_domain_context(d, cfg);
	if (ret)
		goto fail_mem;
	if (engine == IPF_ENGINE_KERNEL_CORE) {
		ret = ipf_kcore_create(&d->domain, cfg->kernel, cfg->host_page_size);
		if (ret) {
			free_io_pgtable_ops(d->pgtbl_ops);
			goto fail_mem;
		}
	}
	return d;

fail_mem:
	if (d->owns_mem)
		ipf_pgmem_destroy(&d->own_mem);
fail_free:
	free(d);
fail:
	if (err)
		*err = ret;
	return NULL;
}

uint64_t ipf_domain_free(struct ipf_domain *d)
{
	uint64_t leaked;

	if (!d)
		return 0;
	if (d->smmu)
		ipf_smmu_detach(d->smmu);
	free_io_pgtable_ops(d->pgtbl_ops);
	ipf_kcore_destroy(&d->domain);
	leaked = d->ctx.mem->live_tables;
	if (leaked)
		ipf_event(d->ctx.events, IPF_EV_SMMU_LEAK, 0, leaked);
	if (d->owns_mem)
		ipf_pgmem_destroy(&d->own_mem);
	free(d);
	return leaked;
}

const char *ipf_engine_name(enum ipf_engine engine)
{
	static const char *const names[IPF_ENGINE_KINDS] = {
		[IPF_ENGINE_REF] = "ref", [IPF_ENGINE_OPT] = "opt", [IPF_ENGINE_KERNEL] = "kernel",
		[IPF_ENGINE_KERNEL_CORE] = "kernel-core",
	};

	return (unsigned)engine < IPF_ENGINE_KINDS ? names[engine] : "?";
}

const char *ipf_smmu_model_name(enum ipf_smmu_model model)
{
	return model == IPF_SMMU_V3 ? "smmuv3" : model == IPF_SMMU_V2 ? "smmuv2" : "?";
}

/* The context descriptor / STE, from the registers io-pgtable handed back in its cfg. */
void ipf_domain_attach_smmu(struct ipf_domain *d, struct ipf_smmu *smmu)
{
	int start_level = 0, pgd_bits = 0;

	io_pgtable_arm_lpae_walk(&d->pgtbl_cfg, d->stage, &start_level, &pgd_bits);
	ipf_smmu_attach(smmu, &(struct ipf_smmu_ctx){
		.stage = d->stage,
		.granule_shift = ffs64(d->pgtbl_cfg.pgsize_bitmap),
		.ias = 64 - d->pgtbl_cfg.arm_lpae_regs.tsz,
		.oas = d->pgtbl_cfg.oas,
		.start_level = start_level,
		.pgd_bits = pgd_bits,
		.ttbr = d->pgtbl_cfg.arm_lpae_regs.ttbr,
		.pgsize_bitmap = d->domain.pgsize_bitmap,
	});
	d->smmu = smmu;
}
