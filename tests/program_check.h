// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round trips of programs, for the tests of the encoder and of the text
 * forms: binary (decode, encode: the same bytes) and text (print, parse: the
 * same program).
 */
#ifndef IOPGFUZZ_TESTS_PROGRAM_CHECK_H
#define IOPGFUZZ_TESTS_PROGRAM_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "iopgfuzz/program.h"

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

#endif
