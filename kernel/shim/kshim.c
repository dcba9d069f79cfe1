// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's run-time half: what the <linux/...> stand-ins declare, done
 * by asking the host of the call in progress (adapter.c installs it on
 * every entry into a tree's code). One copy serves every tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "iommu-pages.h"
#include "kshim.h"

unsigned long ipf_kshim_page_size = 4096;
static const struct ipf_kernel_host *host;
static jmp_buf *bug_jmp;

const struct ipf_kernel_host *ipf_kshim_enter(const struct ipf_kernel_host *h, jmp_buf *on_bug,
					      jmp_buf **prev_jmp)
{
	const struct ipf_kernel_host *prev = host;

	host = h;
	ipf_kshim_page_size = h->page_size ? h->page_size : 4096;
	*prev_jmp = bug_jmp;
	bug_jmp = on_bug;
	return prev;
}

void ipf_kshim_leave(const struct ipf_kernel_host *prev, jmp_buf *prev_jmp)
{
	host = prev;
	bug_jmp = prev_jmp;
	if (prev)
		ipf_kshim_page_size = prev->page_size ? prev->page_size : 4096;
}

void ipf_kshim_warn(const char *func, int line)
{
	if (host && host->warn)
		host->warn(host->ctx, func, line);
}

void ipf_kshim_bug(const char *func, int line)
{
	if (host && host->bug)
		host->bug(host->ctx, func, line);
	if (bug_jmp)
		longjmp(*bug_jmp, 1);
	abort();
}

/* Leave the call in progress without a BUG: the adapter stopped it. */
void ipf_kshim_abandon(void)
{
	if (bug_jmp)
		longjmp(*bug_jmp, 1);
	abort();
}

int ipf_kshim_printk(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	/* A KERN_<level> prefix is "\001" and a digit. */
	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(line) && line[n - 1] == '\n')
		line[n - 1] = '\0';
	if (host && host->log)
		host->log(host->ctx, line);
	return n;
}

struct page *ipf_kshim_alloc_pages(gfp_t gfp, unsigned int order)
{
	void *virt;

	(void)gfp; /* the host always zeroes: __GFP_ZERO or not, nothing can tell */
	if (!host || order > 24)
		return NULL;
	virt = host->table_alloc(host->ctx, (uint64_t)PAGE_SIZE << order);
	return virt ? virt_to_page(virt) : NULL;
}

/* The host knows each allocation's size. */
void ipf_kshim_free_pages(void *virt, unsigned int order)
{
	(void)order;
	if (virt)
		host->table_free(host->ctx, virt);
}

void *ipf_kshim_iommu_alloc(gfp_t gfp, size_t size)
{
	struct page *p = ipf_kshim_alloc_pages(gfp, (unsigned int)get_order(size));

	return p ? page_address(p) : NULL;
}

void ipf_kshim_iommu_free(void *virt)
{
	if (virt)
		host->table_free(host->ctx, virt);
}

/*
 * kmalloc'd objects carry their owner (the host's ctx) and sit on one list,
 * so that what a tree's code leaves behind can be counted and freed
 * (ipf_kernel_release), as kmemleak would report it.
 */
struct kblock {
	struct kblock *next, *prev;
	void *owner;
	size_t size;
	max_align_t data[];
};

static struct kblock kblocks = { .next = &kblocks, .prev = &kblocks };

void *ipf_kshim_kmalloc(size_t size, gfp_t gfp)
{
	struct kblock *b = gfp & __GFP_ZERO ? calloc(1, sizeof(*b) + size) : malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->owner = host ? host->ctx : NULL;
	b->size = size;
	b->next = kblocks.next;
	b->prev = &kblocks;
	kblocks.next->prev = b;
	kblocks.next = b;
	return b->data;
}

static void kblock_free(struct kblock *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
	free(b);
}

void ipf_kshim_kfree(const void *p)
{
	if (p)
		kblock_free(container_of(p, struct kblock, data));
}

unsigned long ipf_kernel_release(void *owner)
{
	unsigned long n = 0;

	for (struct kblock *b = kblocks.next, *next; b != &kblocks; b = next) {
		next = b->next;
		if (b->owner == owner) {
			kblock_free(b);
			n++;
		}
	}
	return n;
}

phys_addr_t ipf_kshim_virt_to_phys(const volatile void *virt)
{
	return host->table_pa(host->ctx, (const void *)virt);
}

void *ipf_kshim_phys_to_virt(phys_addr_t pa)
{
	return host->table_va(host->ctx, pa);
}

dma_addr_t ipf_kshim_dma_map_single(struct device *dev, void *virt, size_t size,
				    enum dma_data_direction dir)
{
	phys_addr_t pa = ipf_kshim_virt_to_phys(virt);

	(void)dev;
	if (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL)
		host->sync(host->ctx, pa, size);
	return pa;
}

void ipf_kshim_dma_sync_for_device(struct device *dev, dma_addr_t addr, size_t size,
				   enum dma_data_direction dir)
{
	(void)dev;
	if (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL)
		host->sync(host->ctx, addr, size);
}
