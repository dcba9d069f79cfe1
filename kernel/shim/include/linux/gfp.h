/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name.
 * Page allocations come from the host's watched table arena: a struct page
 * pointer is the page's address, and an order-n allocation is exactly
 * PAGE_SIZE << n bytes with nothing usable around it.
 */
#ifndef _IPF_SHIM_LINUX_GFP_H
#define _IPF_SHIM_LINUX_GFP_H

#include <linux/types.h>
#include <asm/page.h>

#define __GFP_HIGHMEM	0x02u
#define __GFP_ZERO	0x100u
#define __GFP_NOWARN	0x200u
#define GFP_ATOMIC	0x800u
#define GFP_KERNEL	0xcc0u
#define GFP_NOWAIT	0x800u

struct page;

struct page *ipf_kshim_alloc_pages(gfp_t gfp, unsigned int order);
void ipf_kshim_free_pages(void *virt, unsigned int order);

static inline void *page_address(const struct page *page) { return (void *)page; }
static inline struct page *virt_to_page(const void *virt) { return (struct page *)virt; }

#define alloc_pages(gfp, order)			ipf_kshim_alloc_pages((gfp), (order))
#define alloc_pages_node(nid, gfp, order)	((void)(nid), ipf_kshim_alloc_pages((gfp), (order)))
#define __free_pages(page, order)		ipf_kshim_free_pages(page_address(page), (order))
#define free_pages(addr, order)			ipf_kshim_free_pages((void *)(addr), (order))
#define __get_free_pages(gfp, order)		((unsigned long)page_address(alloc_pages((gfp), (order))))

static inline void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	struct page *p = alloc_pages(gfp, get_order(size));

	return p ? page_address(p) : NULL;
}

static inline void free_pages_exact(void *virt, size_t size)
{
	free_pages(virt, get_order(size));
}

#endif
