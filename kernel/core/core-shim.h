/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a tree's iommu core functions (kernel/core/extract.py takes them out
 * of its iommu.c and iommu.h) need around them: the domain and its ops as
 * the kernel declares them, the gather, and no-op tracing. Our own
 * declarations, not the tree's header: only the fields and members those
 * functions use, with the kernel's types. The gather helpers themselves come
 * from the tree, so this header defines none (unlike linux/iommu.h, which
 * io-pgtable-arm.c's translation unit uses).
 */
#ifndef _IPF_KCORE_SHIM_H
#define _IPF_KCORE_SHIM_H

#include <limits.h>

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#define __IOMMU_DOMAIN_PAGING	(1U << 0)
#define __IOMMU_DOMAIN_DMA_API	(1U << 1)
#define __IOMMU_DOMAIN_DMA_FQ	(1U << 3)
#define IOMMU_DOMAIN_UNMANAGED	(__IOMMU_DOMAIN_PAGING)
#define IOMMU_DOMAIN_DMA	(__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API)
#define IOMMU_DOMAIN_DMA_FQ	(__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API | __IOMMU_DOMAIN_DMA_FQ)

#ifndef __GFP_COMP
#define __GFP_COMP	0x4000u
#endif
#ifndef __GFP_DMA
#define __GFP_DMA	0x01u
#endif
#ifndef __GFP_DMA32
#define __GFP_DMA32	0x04u
#endif
#ifndef __GFP_DIRECT_RECLAIM
#define __GFP_DIRECT_RECLAIM	0x400u
#endif

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}
#define might_sleep()		do { } while (0)
#define might_sleep_if(cond)	do { (void)(cond); } while (0)
static inline void trace_map(unsigned long iova, phys_addr_t paddr, size_t size) { }
static inline void trace_unmap(unsigned long iova, size_t size, size_t unmapped) { }

struct iommu_domain;

/*
 * IOMMU_DEBUG_PAGEALLOC's hooks (v7.0 on: iommu_map_nosync() and
 * __iommu_unmap() call them); off, as in a kernel built without it.
 */
static inline void iommu_debug_map(struct iommu_domain *domain, phys_addr_t phys,
				   size_t size) { }
static inline void iommu_debug_unmap_begin(struct iommu_domain *domain, unsigned long iova,
					   size_t size) { }
static inline void iommu_debug_unmap_end(struct iommu_domain *domain, unsigned long iova,
					 size_t size, size_t unmapped) { }

/*
 * The gather's freelist: a struct list_head up to v6.14, a struct
 * iommu_pages_list (a list_head 'pages' and nothing else) from v6.15
 * on. The core functions only initialise it, so ours is the list head for
 * every tree and the v6.15 initialiser (a macro of the tree's iommu.h,
 * which extract.py does not take) initialises that list head.
 */
struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};
#define IOMMU_PAGES_LIST_INIT(name)	LIST_HEAD_INIT(name)

/* Both generations of the driver ops the core has called since v5.15. */
struct iommu_domain_ops {
	int (*map)(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr,
		   size_t size, int prot, gfp_t gfp);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr,
			 size_t pgsize, size_t pgcount, int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap)(struct iommu_domain *domain, unsigned long iova, size_t size,
			struct iommu_iotlb_gather *iotlb_gather);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova, size_t pgsize,
			      size_t pgcount, struct iommu_iotlb_gather *iotlb_gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	int (*iotlb_sync_map)(struct iommu_domain *domain, unsigned long iova, size_t size);
	void (*iotlb_sync)(struct iommu_domain *domain, struct iommu_iotlb_gather *iotlb_gather);
};

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
	unsigned long pgsize_bitmap;
};

#endif
