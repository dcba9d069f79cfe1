// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal test harness: CHECK records a failure with file:line and goes
 * on; each test program ends with "N passed, N failed" and exits non-zero
 * on any failure.
 */
#ifndef IOPGFUZZ_TESTS_CHECK_H
#define IOPGFUZZ_TESTS_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct check_state {
	unsigned long passed;
	unsigned long failed;
	const char *test;
};

extern struct check_state check_state;

#define CHECK_MAIN_STATE struct check_state check_state

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (cond) {                                                           \
			check_state.passed++;                                         \
		} else {                                                              \
			check_state.failed++;                                         \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, \
				check_state.test ? check_state.test : "", #cond);     \
		}                                                                     \
	} while (0)

#define CHECK_EQ(a, b)                                                                \
	do {                                                                          \
		uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b);         \
		if (check_a_ == check_b_) {                                           \
			check_state.passed++;                                         \
		} else {                                                              \
			check_state.failed++;                                         \
			fprintf(stderr, "%s:%d: %s: %s == %s failed: 0x%" PRIx64 " != 0x%" PRIx64 "\n", \
				__FILE__, __LINE__, check_state.test ? check_state.test : "", \
				#a, #b, check_a_, check_b_);                          \
		}                                                                     \
	} while (0)

#define RUN_TEST(fn)                      \
	do {                              \
		check_state.test = #fn;   \
		fn();                     \
	} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %lu passed, %lu failed\n", name, check_state.passed, check_state.failed);
	return check_state.failed ? 1 : 0;
}

/* Seconds on a monotonic clock: for the figures a test prints, never for a verdict. */
static inline double check_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
