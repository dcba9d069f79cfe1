// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks on programs the tests share: round trips, for the tests of the
 * encoder and of the text forms (binary: decode, encode, the same bytes;
 * text: print, parse, the same program), and a tally of runs that must agree.
 */
#ifndef IOPGFUZZ_TESTS_PROGRAM_CHECK_H
#define IOPGFUZZ_TESTS_PROGRAM_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/program.h"
#include "iopgfuzz/runner.h"

static inline bool print_to(const struct ipf_program *p, char *buf, size_t cap, size_t *len)
{
	FILE *f = fmemopen(buf, cap, "w");

	if (!f)
		return false;
	ipf_program_print(p, f);
	*len = (size_t)ftell(f);
	return !fclose(f) && *len < cap;
}

static inline bool text_round_trip(const struct ipf_program *p, char *err, size_t err_cap)
{
	static char text[IPF_CONFIG_LINE_MAX + IPF_MAX_OPS * IPF_OP_LINE_MAX + 256];
	static struct ipf_program q;
	size_t len;

	if (!print_to(p, text, sizeof(text), &len))
		return false;
	if (ipf_program_parse(&q, text, len, err, err_cap)) {
		fprintf(stderr, "%s\n%.*s", err, (int)len, text);
		return false;
	}
	return ipf_program_equal(p, &q);
}

static inline bool binary_round_trip(const struct ipf_program *p, uint64_t bugs_allowed)
{
	static uint8_t buf[IPF_PROGRAM_MAX_BYTES], again[IPF_PROGRAM_MAX_BYTES];
	static struct ipf_program q;
	size_t len = ipf_program_encode(p, buf, sizeof(buf));

	if (len > IPF_PROGRAM_MAX_BYTES)
		return false;
	ipf_program_decode(&q, buf, len, bugs_allowed);
	/* Canonical: the bytes of the decoded program are the same bytes. */
	return ipf_program_equal(p, &q) && ipf_program_encode(&q, again, sizeof(again)) == len &&
	       !memcmp(buf, again, len);
}

/* Text, in the same shape as the binary round trip. */
static inline bool text_round_trip_quiet(const struct ipf_program *p, uint64_t bugs_allowed)
{
	char err[256];

	(void)bugs_allowed;
	return text_round_trip(p, err, sizeof(err));
}

/*
 * Random inputs (gen.h, a fixed seed), decoded with every bug allowed one time
 * in four, each through `trip`; prints the figures, returns how many failed.
 */
static inline uint32_t round_trips(const char *what, uint32_t inputs,
				   bool (*trip)(const struct ipf_program *p, uint64_t bugs_allowed))
{
	static struct input in;
	static struct ipf_program p;
	struct rng r = { 2 };
	uint32_t bad = 0;
	double t0 = check_seconds();

	for (uint32_t i = 0; i < inputs; i++) {
		uint64_t allowed = rng_pick(&r, 4) ? ~0ULL : 0;

		random_input(&r, &in);
		ipf_program_decode(&p, in.b, in.len, allowed);
		bad += !trip(&p, allowed);
	}
	printf("%s round trips: %u programs, %.2f s\n", what, inputs, check_seconds() - t0);
	return bad;
}

/* Programs run: agreed, refused, operations run and skipped. */
struct run_tally {
	unsigned long agree, unusable, ops, skipped;
};

/* Runs p (program number n) and tallies it; a finding is printed and fails the test. */
static inline void run_tallied(struct ipf_runner *r, const struct ipf_program *p, uint64_t n,
			       struct ipf_run_stats *st, struct run_tally *t)
{
	struct ipf_verdict v;
	char line[300];

	switch (ipf_run(r, p, &v, st)) {
	case IPF_VERDICT_AGREE:
		t->agree++;
		break;
	case IPF_VERDICT_UNUSABLE:
		t->unusable++;
		break;
	default:
		ipf_verdict_format(&v, line, sizeof(line));
		fprintf(stderr, "  program %llu: %s\n", (unsigned long long)n, line);
		CHECK(0);
		break;
	}
	t->ops += st->ops_run;
	t->skipped += st->ops_skipped;
}

#endif
