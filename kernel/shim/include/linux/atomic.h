/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_LINUX_ATOMIC_H
#define _IPF_SHIM_LINUX_ATOMIC_H

#include <linux/types.h>
#include <asm/barrier.h>

/* Returns the old value; stores new only if it was old. */
#define cmpxchg64(ptr, old, new) ({						\
	__typeof__(*(ptr)) __old = (old);					\
	__atomic_compare_exchange_n((ptr), &__old, (new), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
	__old;									\
})
#define cmpxchg64_relaxed(ptr, old, new)	cmpxchg64(ptr, old, new)
#define cmpxchg64_release(ptr, old, new)	cmpxchg64(ptr, old, new)
#define cmpxchg(ptr, old, new)			cmpxchg64(ptr, old, new)
#define cmpxchg_relaxed(ptr, old, new)		cmpxchg64(ptr, old, new)
#define xchg(ptr, new)		__atomic_exchange_n((ptr), (new), __ATOMIC_SEQ_CST)
#define xchg_relaxed(ptr, new)	xchg(ptr, new)

#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE((v)->counter, (i))

#endif
