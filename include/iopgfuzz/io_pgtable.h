// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable: the interface between a driver and a page-table format, as
 * include/linux/io-pgtable.h has it. Three implementations of the ARM LPAE
 * format sit behind it:
 *   IPF_PGTABLE_PER_PAGE  map/unmap of one page per call (v5.12 model);
 *   IPF_PGTABLE_PAGES     map_pages/unmap_pages of pgcount pages (v5.15 model);
 *   IPF_PGTABLE_KERNEL    a kernel tree's io-pgtable-arm.c (kernel_pgtable.c).
 * The two models share geometry, descriptor encoding and the table
 * allocator, nothing else.
 */
#ifndef IOPGFUZZ_IO_PGTABLE_H
#define IOPGFUZZ_IO_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/ctx.h"
#include "iopgfuzz/profile.h"

/* iommu prot flags */
#define IOMMU_READ   (1 << 0)
#define IOMMU_WRITE  (1 << 1)
#define IOMMU_CACHE  (1 << 2)
#define IOMMU_NOEXEC (1 << 3)
#define IOMMU_MMIO   (1 << 4)
#define IOMMU_PRIV   (1 << 5)
#define IOMMU_PROT_MASK 0x3f

enum io_pgtable_fmt {
	ARM_64_LPAE_S1,
	ARM_64_LPAE_S2,
	IO_PGTABLE_NUM_FMTS,
};

#define IO_PGTABLE_QUIRK_ARM_NS     (1UL << 0)

enum ipf_pgtable_algo {
	IPF_PGTABLE_PER_PAGE,
	IPF_PGTABLE_PAGES,
	IPF_PGTABLE_KERNEL,  /* a kernel tree's own io-pgtable-arm.c (cfg->kernel) */
};

struct ipf_kernel_variant;

struct iommu_iotlb_gather;

struct iommu_flush_ops {
	void (*tlb_flush_all)(void *cookie);
	void (*tlb_flush_walk)(uint64_t iova, uint64_t size, uint64_t granule, void *cookie);
	void (*tlb_add_page)(struct iommu_iotlb_gather *gather, uint64_t iova,
			     uint64_t granule, void *cookie);
};

struct io_pgtable_cfg {
	unsigned long quirks;
	uint64_t pgsize_bitmap;     /* in: what the SMMU supports; out: what the format uses */
	unsigned int ias;
	unsigned int oas;
	bool coherent_walk;
	const struct iommu_flush_ops *tlb;
	uint64_t host_page_size;    /* the kernel's PAGE_SIZE (0: 4K) */
	const struct ipf_kernel_variant *kernel; /* IPF_PGTABLE_KERNEL: whose code */
	/*
	 * Out: the translation registers a driver programs, as the kernel's
	 * arm_lpae_s1_cfg (tcr, ttbr) and arm_lpae_s2_cfg (vtcr, vttbr) give them.
	 */
	struct {
		uint64_t ttbr;      /* TTBR0 or VTTBR: the pgd's physical address */
		unsigned int tsz;   /* T0SZ: the input size is 64 - tsz */
		unsigned int tg;    /* TG0: 0 4K, 1 64K, 2 16K */
		unsigned int sl;    /* stage 2: VTCR.SL0; 0 at stage 1 */
	} arm_lpae_regs;
};

/* The walk cfg's registers describe (start level, pgd index bits); false when none. */
bool io_pgtable_arm_lpae_walk(const struct io_pgtable_cfg *cfg, int stage, int *start_level,
			      int *pgd_bits);

struct io_pgtable_ops {
	int (*map)(struct io_pgtable_ops *ops, uint64_t iova, uint64_t paddr, uint64_t size,
		   int prot);
	int (*map_pages)(struct io_pgtable_ops *ops, uint64_t iova, uint64_t paddr,
			 uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped);
	uint64_t (*unmap)(struct io_pgtable_ops *ops, uint64_t iova, uint64_t size,
			  struct iommu_iotlb_gather *gather);
	uint64_t (*unmap_pages)(struct io_pgtable_ops *ops, uint64_t iova, uint64_t pgsize,
				uint64_t pgcount, struct iommu_iotlb_gather *gather);
	uint64_t (*iova_to_phys)(struct io_pgtable_ops *ops, uint64_t iova);
};

struct io_pgtable {
	enum io_pgtable_fmt fmt;
	void *cookie;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops ops;
	struct ipf_ctx *ctx;
};

/*
 * NULL when the kernel would refuse the configuration, with *err saying why
 * (-EINVAL: bad bitmap/ias/oas/quirks; -ENOMEM: no pgd). cfg is updated as
 * the kernel updates it (restricted bitmap, clamped ias/oas).
 */
struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt, enum ipf_pgtable_algo algo,
					    struct io_pgtable_cfg *cfg, void *cookie,
					    struct ipf_ctx *ctx, int *err);
/* tlb_flush_all, then free every table reachable from the pgd. */
void free_io_pgtable_ops(struct io_pgtable_ops *ops);
/*
 * Why the model's io-pgtable-arm, behaving as profile's kernel, refuses cfg
 * for fmt (one phrase), or NULL if it takes it.
 */
const char *io_pgtable_refusal(enum io_pgtable_fmt fmt, const struct io_pgtable_cfg *cfg,
			       enum ipf_profile profile);

static inline struct io_pgtable *io_pgtable_ops_to_pgtable(struct io_pgtable_ops *ops)
{
	return (struct io_pgtable *)((char *)ops - offsetof(struct io_pgtable, ops));
}

/* The io_pgtable_tlb_* wrappers: skip a missing callback, count and trace the rest. */
void io_pgtable_tlb_flush_all(struct io_pgtable *iop);
void io_pgtable_tlb_flush_walk(struct io_pgtable *iop, uint64_t iova, uint64_t size,
			       uint64_t granule);
void io_pgtable_tlb_add_page(struct io_pgtable *iop, struct iommu_iotlb_gather *gather,
			     uint64_t iova, uint64_t granule);

#endif
