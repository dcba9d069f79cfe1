// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tests' deterministic random numbers (splitmix64): the same sequence in
 * every build. rnd()/pick() draw from one state per test program (defined in
 * gen.c), so that gen.h's generators draw from the sequence the test seeded;
 * a struct rng is a sequence of its own, for a test that keeps several.
 */
#ifndef IOPGFUZZ_TESTS_RNG_H
#define IOPGFUZZ_TESTS_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
};

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t rng_next(struct rng *r)
{
	return splitmix64(&r->state);
}

static inline uint64_t rng_pick(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

extern uint64_t rng_state;

static inline uint64_t rnd(void)
{
	return splitmix64(&rng_state);
}

static inline uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

#endif
