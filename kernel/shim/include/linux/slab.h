/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name: the C heap. */
#ifndef _IPF_SHIM_LINUX_SLAB_H
#define _IPF_SHIM_LINUX_SLAB_H

#include <linux/gfp.h>

void *ipf_kshim_kmalloc(size_t size, gfp_t gfp);
void ipf_kshim_kfree(const void *p);

#define kmalloc(size, gfp)	ipf_kshim_kmalloc((size), (gfp))
#define kzalloc(size, gfp)	ipf_kshim_kmalloc((size), (gfp) | __GFP_ZERO)
#define kcalloc(n, size, gfp)	ipf_kshim_kmalloc((n) * (size), (gfp) | __GFP_ZERO)
#define kfree(p)		ipf_kshim_kfree(p)

#endif
