/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name.
 * PAGE_SIZE is the host's configured page size, read at run time, so one
 * build of a tree serves every page= of a program; a tree that needs it as
 * a constant expression fails to build here, at the use.
 */
#ifndef _IPF_SHIM_ASM_PAGE_H
#define _IPF_SHIM_ASM_PAGE_H

#include <linux/types.h>

extern unsigned long ipf_kshim_page_size;

#define PAGE_SIZE	ipf_kshim_page_size
#define PAGE_SHIFT	((unsigned int)__builtin_ctzl(PAGE_SIZE))
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* Table memory only: the host's arena is the kernel's linear map here. */
phys_addr_t ipf_kshim_virt_to_phys(const volatile void *virt);
void *ipf_kshim_phys_to_virt(phys_addr_t pa);

#define virt_to_phys(v)	ipf_kshim_virt_to_phys(v)
#define phys_to_virt(p)	ipf_kshim_phys_to_virt(p)
#define __pa(v)		ipf_kshim_virt_to_phys((void *)(v))
#define __va(p)		ipf_kshim_phys_to_virt((phys_addr_t)(p))

static inline int get_order(unsigned long size)
{
	int order = 0;

	for (size = (size - 1) >> PAGE_SHIFT; size; size >>= 1)
		order++;
	return order;
}

#endif
