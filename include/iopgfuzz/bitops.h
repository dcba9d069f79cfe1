// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bit helpers with the kernel's meaning (__ffs, __fls, GENMASK, BIT) over
 * 64-bit words. Arguments of 0 to __ffs/__fls are undefined in the kernel;
 * callers here check first, and the core reports the case as an event.
 */
#ifndef IOPGFUZZ_BITOPS_H
#define IOPGFUZZ_BITOPS_H

#include <stdbool.h>
#include <stdint.h>

#define SZ_4K   0x1000ULL
#define SZ_16K  0x4000ULL
#define SZ_64K  0x10000ULL
#define SZ_1M   0x100000ULL
#define SZ_2M   0x200000ULL
#define SZ_32M  0x2000000ULL
#define SZ_512M 0x20000000ULL
#define SZ_1G   0x40000000ULL
#define SZ_4T   0x40000000000ULL

#define BIT64(n) (1ULL << (n))

/* Bits h..l set; h may be 63. */
static inline uint64_t genmask64(unsigned int h, unsigned int l)
{
	return (~0ULL >> (63 - h)) & (~0ULL << l);
}

static inline unsigned int ffs64(uint64_t x) { return (unsigned int)__builtin_ctzll(x); }
static inline unsigned int fls64(uint64_t x) { return 63u - (unsigned int)__builtin_clzll(x); }
static inline bool is_pow2_64(uint64_t x) { return x && !(x & (x - 1)); }
static inline unsigned int popcount64(uint64_t x) { return (unsigned int)__builtin_popcountll(x); }

static inline uint64_t align_down64(uint64_t x, uint64_t a) { return x & ~(a - 1); }
static inline uint64_t align_up64(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }
static inline bool is_aligned64(uint64_t x, uint64_t a) { return !(x & (a - 1)); }

#endif
