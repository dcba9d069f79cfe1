// SPDX-License-Identifier: GPL-2.0-only
/*
 * One page-size request, judged: walk it as the v5.15 core does, run by
 * run, and hold every (pgsize, count) against the core's contract, the v5.12
 * one-page answer and a brute force. fuzz_pgsize and 'iopgfuzz pgsize' share
 * it. Text form, one per line: "bitmap iova paddr size [32]" (hex or decimal;
 * 32 asks for a 32-bit unsigned long).
 */
#ifndef IOPGFUZZ_PGSIZE_VECTOR_H
#define IOPGFUZZ_PGSIZE_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "iopgfuzz/ctx.h"

struct ipf_pgsize_vector {
	uint64_t bitmap, iova, paddr, size;
	unsigned int long_bits; /* 64 or 32 */
};

/* 0: a vector; 1: a blank or comment line; -1: malformed. */
int ipf_pgsize_vector_parse(const char *line, struct ipf_pgsize_vector *v);
/* fuzz_pgsize's bytes: bitmap, iova, paddr, size as u64 LE, then flags (bit 0: 32-bit). */
void ipf_pgsize_vector_decode(struct ipf_pgsize_vector *v, const uint8_t *data, size_t size);
/*
 * NULL when every answer holds, else what went wrong. ctx (may be NULL)
 * carries the bugs of iommu_pgsize and counts them. The request is first
 * made one the core could send: aligned to the smallest page, not wrapping.
 */
const char *ipf_pgsize_vector_check(const struct ipf_pgsize_vector *v, struct ipf_ctx *ctx);

#endif
