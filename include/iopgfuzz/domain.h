// SPDX-License-Identifier: GPL-2.0-only
/*
 * An arm-smmu-like driver domain, and the two engines built from it.
 *   reference  (IPF_ENGINE_REF): v5.12 core -> driver map/unmap -> per-page
 *              io-pgtable;
 *   optimised  (IPF_ENGINE_OPT): v5.15 core -> driver map_pages/unmap_pages
 *              -> *_pages io-pgtable.
 *   kernel     (IPF_ENGINE_KERNEL): the same v5.15 core and driver -> a
 *              kernel tree's own io-pgtable-arm.c (cfg->kernel);
 *   kernel-core (IPF_ENGINE_KERNEL_CORE): the tree's own iommu core ->
 *              the same driver -> the tree's io-pgtable-arm.c.
 * The driver forwards to io-pgtable through its ops and turns io-pgtable's
 * flush callbacks into TLB maintenance: SMMUv3-like (tlb_add_page feeds the
 * gather, iotlb_sync invalidates the gathered range) or SMMUv2-like
 * (tlb_add_page invalidates at once, iotlb_sync only waits).
 */
#ifndef IOPGFUZZ_DOMAIN_H
#define IOPGFUZZ_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/io_pgtable.h"
#include "iopgfuzz/iommu.h"
#include "iopgfuzz/profile.h"
#include "iopgfuzz/smmu.h"

enum ipf_engine {
	IPF_ENGINE_REF,
	IPF_ENGINE_OPT,
	IPF_ENGINE_KERNEL,
	IPF_ENGINE_KERNEL_CORE,
	IPF_ENGINE_KINDS
};

/* The participants that run a kernel tree's code (cfg->kernel names it). */
static inline bool ipf_engine_is_kernel(enum ipf_engine e)
{
	return e == IPF_ENGINE_KERNEL || e == IPF_ENGINE_KERNEL_CORE;
}
/* A runner compares two participants: slot 0 (the baseline) and slot 1. */
#define IPF_ENGINES 2
enum ipf_smmu_model { IPF_SMMU_V3, IPF_SMMU_V2, IPF_SMMU_MODELS };

struct ipf_domain_cfg {
	enum io_pgtable_fmt fmt;
	uint64_t pgsize_bitmap;  /* what the SMMU advertises; the format restricts it */
	unsigned int ias;
	unsigned int oas;
	unsigned long quirks;    /* IO_PGTABLE_QUIRK_ARM_NS */
	enum ipf_smmu_model smmu;
	uint64_t host_page_size; /* the kernel's PAGE_SIZE (0: 4K) */
	/*
	 * Lazy (flush-queue) domain: its unmaps defer leaf invalidation, through
	 * a queued gather (engine/runner/runner.c: unmap_lazy()).
	 */
	bool non_strict;
	uint64_t bugs;           /* IPF_BUG_BIT()s */
	enum ipf_profile profile; /* the release the model engines behave as (v5.15: 0) */
	const struct ipf_kernel_variant *kernel; /* ipf_engine_is_kernel(): whose code */
};

struct ipf_domain {
	struct iommu_domain domain;
	enum ipf_engine engine;
	enum ipf_smmu_model model;
	int stage;                       /* 1 or 2 */
	struct ipf_smmu *smmu;           /* the simulated hardware, if attached */
	struct io_pgtable_ops *pgtbl_ops;
	struct io_pgtable_cfg pgtbl_cfg; /* after the format restricted it */
	struct ipf_ctx ctx;
	struct ipf_pgmem own_mem;
	bool owns_mem;
};

/*
 * NULL with *err = -errno when the kernel would refuse the configuration.
 * mem: the table arena to use (the caller keeps it across domains), or NULL
 * for a private one. events and tracer may be NULL.
 */
struct ipf_domain *ipf_domain_alloc(enum ipf_engine engine, const struct ipf_domain_cfg *cfg,
				    struct ipf_pgmem *mem, struct ipf_events *events,
				    const struct ipf_tracer *tracer, int *err);
/*
 * Free the page tables (tlb_flush_all first) and the domain. Returns the
 * number of tables still allocated afterwards: leaked by the engine. An
 * attached SMMU is detached first, as the context is disabled before its
 * tables go.
 */
uint64_t ipf_domain_free(struct ipf_domain *d);
/* Attach the simulated SMMU: it translates through this domain's tables and
 * receives its TLB maintenance as commands. The SMMU must share d's arena. */
void ipf_domain_attach_smmu(struct ipf_domain *d, struct ipf_smmu *smmu);

const char *ipf_engine_name(enum ipf_engine engine);
const char *ipf_smmu_model_name(enum ipf_smmu_model model);

#endif
