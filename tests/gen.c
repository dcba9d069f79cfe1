// SPDX-License-Identifier: GPL-2.0-only
/* The tests' generators (gen.h) and their random state (rng.h). */
#include <string.h>

#include "gen.h"
#include "iopgfuzz/bitops.h"
#include "iopgfuzz/program.h"

uint64_t rng_state;

static const unsigned int ias_all[] = { 32, 36, 39, 40, 42, 44, 48 };
static const unsigned int oas_all[] = { 32, 36, 40, 42, 44, 48 };
static const unsigned int oas_48[] = { 48 };

const struct gen_space gen_space_all = {
	.ias = ias_all, .nr_ias = 7, .oas = oas_all, .nr_oas = 6, .v2_one_in = 2, .ns = true,
	.profiles = true,
};

const struct gen_space gen_space_oas48 = {
	.ias = ias_all, .nr_ias = 7, .oas = oas_48, .nr_oas = 1, .v2_one_in = 3, .ns = false,
	.profiles = true,
};

/* The block sizes each granule's tables can hold (the LPAE formats). */
static const uint64_t granules[] = { SZ_4K, SZ_16K, SZ_64K };
static const uint64_t blocks[3][2] = { { SZ_2M, SZ_1G }, { SZ_32M, 0 }, { SZ_512M, 0 } };

static unsigned int draw(const unsigned int *from, unsigned int nr)
{
	return nr == 1 ? from[0] : from[pick(nr)];
}

void gen_domain_cfg(struct ipf_domain_cfg *cfg, const struct gen_space *space)
{
	unsigned int g = (unsigned int)pick(3);

	memset(cfg, 0, sizeof(*cfg));
	cfg->fmt = pick(2) ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
	cfg->pgsize_bitmap = granules[g];
	for (int i = 0; i < 2; i++)
		if (pick(4))
			cfg->pgsize_bitmap |= blocks[g][i];
	cfg->host_page_size = granules[g];
	cfg->ias = draw(space->ias, space->nr_ias);
	cfg->oas = draw(space->oas, space->nr_oas);
	cfg->smmu = pick(space->v2_one_in) ? IPF_SMMU_V3 : IPF_SMMU_V2;
	if (space->ns && cfg->fmt == ARM_64_LPAE_S1 && !pick(4))
		cfg->quirks = IO_PGTABLE_QUIRK_ARM_NS;
	if (space->profiles)
		cfg->profile = (enum ipf_profile)pick(IPF_PROFILES);
}

uint64_t gen_biggest(uint64_t pgsize_bitmap)
{
	return 1ULL << fls64(pgsize_bitmap);
}

void put_le64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

/* ---------------------------------------------------------------- program bytes */

/* Random bytes, eight per draw: inputs are cheap to make, so a million of them is too. */
struct byte_source {
	struct rng *r;
	uint64_t word;
	unsigned int left;
};

static uint8_t next_byte(struct byte_source *s)
{
	if (!s->left) {
		s->word = rng_next(s->r);
		s->left = 8;
	}
	s->left--;
	return (uint8_t)(s->word >> (8 * s->left));
}

static void add_byte(struct input *in, uint8_t v)
{
	if (in->len < MAX_INPUT)
		in->b[in->len++] = v;
}

/* Operation bytes biased towards the decoder's interesting values. */
static uint8_t op_byte(struct byte_source *s)
{
	static const uint8_t special[] = { 0, 1, 2, 3, 7, 0x7f, 0x80, 0x81, 0xff, SEP0, SEP1 };
	uint8_t v = next_byte(s);

	return v < 0x50 ? special[v % sizeof(special)] : next_byte(s);
}

void random_input(struct rng *r, struct input *in)
{
	struct byte_source s = { .r = r };

	in->len = 0;
	if (rng_pick(r, 2)) {
		for (size_t i = 0, len = (size_t)rng_pick(r, 301); i < len; i++)
			add_byte(in, next_byte(&s));
		return;
	}
	for (size_t i = 0, n = (size_t)(rng_pick(r, 8) ? 32 : rng_pick(r, 33)); i < n; i++)
		add_byte(in, next_byte(&s) & (rng_pick(r, 2) ? 0xff : 0x03));
	for (unsigned int k = 0, nr = (unsigned int)rng_pick(r, rng_pick(r, 8) ? 12 : IPF_MAX_OPS + 16);
	     k < nr; k++) {
		if (k || rng_pick(r, 4) == 0) {
			add_byte(in, SEP0);
			add_byte(in, SEP1);
		}
		for (size_t i = 0, n = next_byte(&s) % 32; i < n; i++)
			add_byte(in, op_byte(&s));
	}
}
