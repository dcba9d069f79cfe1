/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_LINUX_BITOPS_H
#define _IPF_SHIM_LINUX_BITOPS_H

#include <linux/types.h>

#define BITS_PER_LONG		64
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

/* Bit numbers from 0; __ffs/__fls of 0 are undefined, as in the kernel. */
static inline unsigned long __ffs(unsigned long word) { return (unsigned long)__builtin_ctzl(word); }
static inline unsigned long __fls(unsigned long word) { return 63UL - (unsigned long)__builtin_clzl(word); }
/* Bit numbers from 1; 0 for 0. */
static inline int fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
static inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }
#define ffs(x)	__builtin_ffs(x)

/* A constant expression for constant n, like the kernel's. */
#define ilog2(n)	((int)(63 - __builtin_clzll((unsigned long long)(n))))
#define is_power_of_2(n)	((n) != 0 && (((n) & ((n) - 1)) == 0))

/* Atomic in the kernel; one thread here. */
static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[nr / BITS_PER_LONG], BIT(nr % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~BIT(nr % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return addr[nr / BITS_PER_LONG] & BIT(nr % BITS_PER_LONG);
}

static inline unsigned long ipf_find_next_bit(const unsigned long *addr, unsigned long size,
					      unsigned long offset)
{
	for (; offset < size; offset++)
		if (addr[offset / BITS_PER_LONG] & BIT(offset % BITS_PER_LONG))
			return offset;
	return size;
}

#define find_next_bit(addr, size, offset)	ipf_find_next_bit((addr), (size), (offset))
#define find_first_bit(addr, size)		ipf_find_next_bit((addr), (size), 0)
#define for_each_set_bit(bit, addr, size)					\
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size);		\
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#endif
