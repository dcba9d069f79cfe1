// SPDX-License-Identifier: GPL-2.0-only
/*
 * The door between iopgfuzz and a kernel tree's io-pgtable-arm.c built in
 * user space (kernel/). Plain C types only: the kernel side compiles
 * against our shim's <linux/...> headers and the tree's io-pgtable.h, this
 * side against include/iopgfuzz; neither sees the other's structs.
 *
 * A *variant* is one tree's io-pgtable-arm.c (plus its io-pgtable.c),
 * linked with an adapter that turns these calls into the tree's
 * io_pgtable_ops. Everything the kernel code asks of its environment (table
 * pages, DMA syncs, TLB callbacks, WARNs) comes back through the host.
 */
#ifndef IOPGFUZZ_KERNEL_H
#define IOPGFUZZ_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

/* What the kernel code asks of its environment. */
struct ipf_kernel_host {
	uint64_t page_size;    /* the kernel's PAGE_SIZE */
	/* A zeroed allocation of `size` bytes (PAGE_SIZE << order) for tables; NULL on failure. */
	void *(*table_alloc)(void *ctx, uint64_t size);
	void (*table_free)(void *ctx, void *virt);
	/* Physical address of a table byte, and back (the kernel's __pa and __va). */
	uint64_t (*table_pa)(void *ctx, const void *virt);
	void *(*table_va)(void *ctx, uint64_t pa);
	/* dma_map_single / dma_sync_single_for_device of table memory: the device may now see it. */
	void (*sync)(void *ctx, uint64_t pa, uint64_t size);
	/* A WARN_ON that fired, or a BUG (fatal: the host does not return). */
	void (*warn)(void *ctx, const char *func, int line);
	void (*bug)(void *ctx, const char *func, int line);
	/* A printk line (selftests report through these); may be NULL. */
	void (*log)(void *ctx, const char *line);
	/* The driver's iommu_flush_ops, cookie-less: the host knows its domain. */
	void (*tlb_flush_all)(void *ctx);
	void (*tlb_flush_walk)(void *ctx, uint64_t iova, uint64_t size, uint64_t granule);
	void (*tlb_add_page)(void *ctx, void *gather, uint64_t iova, uint64_t granule);
	void *ctx;
};

/* The configuration a driver hands io-pgtable (struct io_pgtable_cfg's inputs). */
struct ipf_kernel_cfg {
	int stage;             /* 1: ARM_64_LPAE_S1, 2: ARM_64_LPAE_S2 */
	uint64_t pgsize_bitmap;
	unsigned int ias, oas;
	bool quirk_arm_ns;     /* IO_PGTABLE_QUIRK_ARM_NS */
	bool coherent_walk;
};

/* What the format gave back: the restricted cfg and the registers to program. */
struct ipf_kernel_pgtable_info {
	uint64_t pgsize_bitmap;
	unsigned int ias, oas;
	uint64_t ttbr;         /* TTBR0 (stage 1) or VTTBR (stage 2) */
	unsigned int tsz;      /* T0SZ: the input size is 64 - tsz */
	unsigned int tg;       /* TG0 encoding: 0 4K, 1 64K, 2 16K */
	unsigned int sl;       /* stage 2 SL0 */
};

struct ipf_kernel_pgtable;

/*
 * The tree's own iommu core (kernel-core): iommu_map(), iommu_unmap(),
 * iommu_unmap_fast(), iommu_iotlb_sync() and the gather helpers of its
 * iommu.c and iommu.h, taken out by kernel/core/extract.py. The driver under
 * them is the host's; the gather crosses as these plain fields.
 */
struct ipf_kernel_gather {
	uint64_t start, end, pgsize;
	bool queued;
};

struct ipf_kernel_core_host {
	const struct ipf_kernel_host *kernel; /* PAGE_SIZE, WARN, BUG, printk */
	void *ctx;
	uint64_t pgsize_bitmap;                 /* the domain's */
	/* Driver calls one core call may make: beyond it the kernel would spin. */
	uint64_t bound;
	/* The driver's iommu_domain_ops. */
	int (*map_pages)(void *ctx, uint64_t iova, uint64_t paddr, uint64_t pgsize,
			 uint64_t pgcount, int prot, uint64_t *mapped);
	uint64_t (*unmap_pages)(void *ctx, uint64_t iova, uint64_t pgsize, uint64_t pgcount,
				struct ipf_kernel_gather *gather);
	void (*iotlb_sync)(void *ctx, struct ipf_kernel_gather *gather);
	/*
	 * The core was stopped where the kernel would not come back: past the
	 * bound (hang), or a driver reporting more mapped than asked (its size
	 * would wrap). The call returns false after it.
	 */
	void (*stopped)(void *ctx, bool hang, uint64_t iova, uint64_t aux);
};

/* Each returns false when the call was stopped or hit a BUG (the host was told). */
struct ipf_kernel_core {
	bool (*map)(const struct ipf_kernel_core_host *h, uint64_t iova, uint64_t paddr,
		    uint64_t size, int prot, int *ret);
	bool (*unmap)(const struct ipf_kernel_core_host *h, uint64_t iova, uint64_t size,
		      uint64_t *unmapped);
	bool (*unmap_fast)(const struct ipf_kernel_core_host *h, uint64_t iova, uint64_t size,
			   struct ipf_kernel_gather *gather, uint64_t *unmapped);
	bool (*iotlb_sync)(const struct ipf_kernel_core_host *h, struct ipf_kernel_gather *gather);
	bool (*gather_add_page)(const struct ipf_kernel_core_host *h,
				struct ipf_kernel_gather *gather, uint64_t iova, uint64_t size);
};

struct ipf_kernel_variant {
	const char *name;      /* "6.12": how programs and the CLI name it */
	const char *release;   /* the tree's Makefile version, e.g. "6.12.117" */
	const char *selftest_kind; /* "initcall" (arm_lpae_do_selftests) or "kunit" */
	/* The tree's own selftest under host (its PAGE_SIZE); 0 when it passes. */
	int (*selftest)(const struct ipf_kernel_host *host, unsigned int *passed,
			unsigned int *failed);
	/* alloc_io_pgtable_ops(); NULL (with *err) where the tree refuses. */
	struct ipf_kernel_pgtable *(*alloc)(const struct ipf_kernel_host *host,
					    const struct ipf_kernel_cfg *cfg,
					    struct ipf_kernel_pgtable_info *info, int *err);
	/* free_io_pgtable_ops(): tlb_flush_all, then the tables. */
	void (*free)(struct ipf_kernel_pgtable *kp);
	int (*map_pages)(struct ipf_kernel_pgtable *kp, uint64_t iova, uint64_t paddr,
			 uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped);
	/* gather is the host's, handed back to tlb_add_page; queued: a flush-queue unmap. */
	uint64_t (*unmap_pages)(struct ipf_kernel_pgtable *kp, uint64_t iova, uint64_t pgsize,
				uint64_t pgcount, void *gather, bool queued);
	uint64_t (*iova_to_phys)(struct ipf_kernel_pgtable *kp, uint64_t iova);
	/* The tree's iommu core; NULL where extract.py could not take it. */
	const struct ipf_kernel_core *core;
};

/*
 * Free every kmalloc'd object a tree's code made under the host with this
 * ctx and has not freed (kernel/shim/kshim.c); returns how many there were.
 */
unsigned long ipf_kernel_release(void *ctx);

/* The variants this build holds (generated from the trees it was configured with). */
extern const struct ipf_kernel_variant *const ipf_kernel_variants[];
extern const unsigned int ipf_kernel_nr_variants;
/* By name ("6.12"); NULL if this build has no such tree. */
const struct ipf_kernel_variant *ipf_kernel_variant_find(const char *name);

#endif
