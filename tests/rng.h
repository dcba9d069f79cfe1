// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tests' deterministic random numbers (splitmix64): the same sequence in
 * every build. One state per test program (defined in gen.c), so that the
 * generators of gen.h draw from the sequence the test seeded.
 */
#ifndef IOPGFUZZ_TESTS_RNG_H
#define IOPGFUZZ_TESTS_RNG_H

#include <stdint.h>

extern uint64_t rng_state;

static inline uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

#endif
