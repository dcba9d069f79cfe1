/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_ASM_BARRIER_H
#define _IPF_SHIM_ASM_BARRIER_H

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		mb()
#define wmb()		mb()
#define dma_wmb()	mb()
#define dma_rmb()	mb()
#define smp_mb()	mb()
#define smp_wmb()	mb()
#define smp_rmb()	mb()

#endif
