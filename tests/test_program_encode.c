// SPDX-License-Identifier: GPL-2.0-only
/*
 * Encoding programs (engine/program/encode.c): the binary round trip is
 * canonical (decode, encode, the same bytes), the encoder respects its
 * buffer's bound and says what it needs, and values made of separator bytes
 * never split an operation.
 */
#include <string.h>

#include "check.h"
#include "gen.h"
#include "iopgfuzz/bugs.h"
#include "iopgfuzz/program.h"
#include "program_check.h"

CHECK_MAIN_STATE;

static void test_binary_round_trips(void)
{
	CHECK_EQ(round_trips("binary", 200000, binary_round_trip), 0);
}

static void test_encode_cap(void)
{
	static struct ipf_program p;
	uint8_t buf[64];
	size_t need;

	ipf_config_default(&p.cfg);
	p.nr_ops = 2;
	p.ops[0] = (struct ipf_op){ .kind = IPF_OP_MAP, .iova = 1, .size = 2, .paddr = 3,
				    .prot = IOMMU_READ };
	p.ops[1] = (struct ipf_op){ .kind = IPF_OP_FLUSH_ALL };
	memset(buf, 0xee, sizeof(buf));
	need = ipf_program_encode(&p, buf, 40);
	CHECK_EQ(need, 32 + 29 + 2 + 1);
	CHECK(buf[39] != 0xee && buf[40] == 0xee);
	CHECK_EQ(ipf_program_encode(&p, NULL, 0), need);
	CHECK_EQ(ipf_program_encode(&p, buf, sizeof(buf)), need);
	CHECK(buf[32] == IPF_OP_MAP && buf[33] == 0x80 && buf[34] == 1 && buf[61] == 0xa5);
	CHECK(buf[62] == 0x5a && buf[63] == IPF_OP_FLUSH_ALL);
}

/* Values made of A5, 5A and their neighbours under small keys. */
static uint64_t separator_value(struct rng *r)
{
	static const uint8_t parts[] = { 0xa5, 0x5a, 0xa4, 0x5b, 0xa7, 0x58, 0xa1, 0x5e,
					 0x7f, 0x25, 0x00, 0xff };
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)parts[rng_pick(r, sizeof(parts))] << (8 * i);
	return v;
}

static uint32_t separators_in(const uint8_t *b, size_t len)
{
	uint32_t n = 0;

	for (size_t i = 32; i + 1 < len; i++)
		n += b[i] == SEP0 && b[i + 1] == SEP1;
	return n;
}

static void test_separator_values(void)
{
	static const uint64_t fixed[] = { 0xa55aa55aa55aa55aULL, 0x5aa55aa55aa55aa5ULL,
					  0x00a55a0000a55a00ULL, 0xa5a5a5a5a5a5a55aULL,
					  0x5a5a5a5a5a5a5a5aULL, 0x7f7f7f7f7f7f7fa5ULL,
					  0xa45ba15ea75858a5ULL, 0x5aa4a55aa55aa55aULL };
	static struct ipf_program p;
	static uint8_t buf[IPF_PROGRAM_MAX_BYTES];
	struct rng r = { 3 };
	uint32_t bad = 0;

	ipf_config_default(&p.cfg);
	for (uint32_t round = 0; round < 20000; round++) {
		p.nr_ops = 1 + (uint32_t)rng_pick(&r, IPF_MAX_OPS);
		for (uint32_t i = 0; i < p.nr_ops; i++) {
			uint64_t v[3];

			for (int k = 0; k < 3; k++)
				v[k] = round < 8 ? fixed[(round + (unsigned int)k) % 8] : separator_value(&r);
			p.ops[i] = (struct ipf_op){ .kind = (enum ipf_op_kind)rng_pick(&r, IPF_OP_KINDS) };
			if (p.ops[i].kind == IPF_OP_FLUSH_ALL)
				continue;
			p.ops[i].iova = v[0];
			if (p.ops[i].kind <= IPF_OP_UNMAP_LAZY)
				p.ops[i].size = v[1];
			if (p.ops[i].kind == IPF_OP_MAP) {
				p.ops[i].paddr = v[2];
				p.ops[i].prot = (int)rng_pick(&r, 64);
			}
			p.ops[i].write = p.ops[i].kind == IPF_OP_DMA && rng_pick(&r, 2);
		}
		size_t len = ipf_program_encode(&p, buf, sizeof(buf));

		bad += separators_in(buf, len) != p.nr_ops - 1 || !binary_round_trip(&p, 0);
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	RUN_TEST(test_encode_cap);
	RUN_TEST(test_separator_values);
	RUN_TEST(test_binary_round_trips);
	return check_summary("test_program_encode");
}
