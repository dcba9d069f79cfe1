// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tests' generators: random domain configurations drawn from rng.h's
 * sequence, and random bytes for the program decoder; one definition for
 * every test that draws them.
 */
#ifndef IOPGFUZZ_TESTS_GEN_H
#define IOPGFUZZ_TESTS_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "iopgfuzz/domain.h"

/* The space a configuration is drawn from. */
struct gen_space {
	const unsigned int *ias;   /* input address sizes to draw from */
	unsigned int nr_ias;
	const unsigned int *oas;   /* output address sizes (one: no draw) */
	unsigned int nr_oas;
	unsigned int v2_one_in;    /* the SMMU is v2 one time in this many, else v3 */
	bool ns;                   /* a stage-1 table may take the NS quirk (1 in 4) */
	bool profiles;             /* any kernel profile (include/iopgfuzz/profile.h), else v5.15 */
};

/*
 * Every granule and format, any subset of the granule's block sizes, every
 * IAS and OAS the formats take, v2 and v3, the NS quirk.
 */
extern const struct gen_space gen_space_all;
/* The same with OAS 48 (device addresses anywhere below it) and no NS quirk. */
extern const struct gen_space gen_space_oas48;

/*
 * A random configuration from `space`: the granule (4K, 16K or 64K, also the
 * host's page size), the format (stage 1 or 2), the granule's block sizes each
 * in 3 of 4 draws, then IAS, OAS, SMMU model, quirk and, if the space says so,
 * the kernel profile. Every other field 0.
 */
void gen_domain_cfg(struct ipf_domain_cfg *cfg, const struct gen_space *space);

/* The largest page size of a bitmap: the granule when no block size is in it. */
uint64_t gen_biggest(uint64_t pgsize_bitmap);

/* Programs' bytes (docs/format.md): the separator between operations. */
#define SEP0 0xa5
#define SEP1 0x5a
#define MAX_INPUT 4096

struct input {
	uint8_t b[MAX_INPUT];
	size_t len;
};

/*
 * Bytes for the program decoder: half uniform bytes of length 0..300; half a
 * config block (sometimes short) and pieces of 0..31 bytes joined by
 * separators (empty pieces make doubled separators): mostly a few, one time
 * in eight up to IPF_MAX_OPS + 16. Operation bytes lean towards the
 * decoder's interesting values.
 */
void random_input(struct rng *r, struct input *in);

/* v as 8 little-endian bytes, as the format stores its fields. */
void put_le64(uint8_t *b, uint64_t v);

#endif
