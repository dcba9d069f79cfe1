// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/known.h"
#include "iopgfuzz/pgsize.h"
#include "iopgfuzz/pgsize_vector.h"

#define MAX_PAGES 4096

static uint64_t le64(const uint8_t *data, size_t size, size_t off)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8 && off + i < size; i++)
		v |= (uint64_t)data[off + i] << (8 * i);
	return v;
}

void ipf_pgsize_vector_decode(struct ipf_pgsize_vector *v, const uint8_t *data, size_t size)
{
	*v = (struct ipf_pgsize_vector){
		.bitmap = le64(data, size, 0), .iova = le64(data, size, 8),
		.paddr = le64(data, size, 16), .size = le64(data, size, 24),
		.long_bits = size > 32 && (data[32] & 1) ? 32 : 64 };
}

int ipf_pgsize_vector_parse(const char *line, struct ipf_pgsize_vector *v)
{
	uint64_t f[4];
	const char *p = line;
	char *end;

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || *p == '#')
		return 1;
	for (int i = 0; i < 4; i++) {
		if (!*p || *p == '-')
			return -1;
		errno = 0;
		f[i] = strtoull(p, &end, 0);
		if (errno || end == p || (*end && *end != '#' && !isspace((unsigned char)*end)))
			return -1;
		for (p = end; isspace((unsigned char)*p); p++)
			;
	}
	*v = (struct ipf_pgsize_vector){ f[0], f[1], f[2], f[3], 64 };
	if (!strncmp(p, "32", 2) && (!p[2] || p[2] == '#' || isspace((unsigned char)p[2]))) {
		v->long_bits = 32;
		for (p += 2; isspace((unsigned char)*p); p++)
			;
	}
	return *p && *p != '#' ? -1 : 0;
}

/* The largest size of the bitmap that fits size and divides addr, or 0. */
static uint64_t brute_pgsize(uint64_t bitmap, uint64_t addr, uint64_t size)
{
	for (int b = 63; b >= 0; b--) {
		uint64_t s = 1ULL << b;

		if ((bitmap & s) && s <= size && !(addr & (s - 1)))
			return s;
	}
	return 0;
}

const char *ipf_pgsize_vector_check(const struct ipf_pgsize_vector *v, struct ipf_ctx *ctx)
{
	struct ipf_pgsize_arith a = { .long_bits = v->long_bits == 32 ? 32 : 64, .ctx = ctx };
	uint64_t mask = a.long_bits == 32 ? 0xffffffffULL : ~0ULL;
	uint64_t bitmap = v->bitmap & mask, iova = v->iova & mask, paddr = v->paddr;
	uint64_t len = v->size & mask, min, pages = 0;
	struct ipf_events ev;

	if (!bitmap)
		return NULL;
	/* What the core guarantees before it asks: everything aligned to the smallest page. */
	min = bitmap & -bitmap;
	iova &= ~(min - 1);
	paddr &= ~(min - 1);
	len &= ~(min - 1);
	if (a.long_bits == 32)
		paddr &= mask;
	/* A request never wraps the address space: iova + size fits in unsigned long. */
	if (len > mask - iova)
		len = (mask - iova) & ~(min - 1);
	ipf_events_reset(&ev);
	while (len && pages < MAX_PAGES) {
		uint64_t count, pgsize = iommu_pgsize_v515(bitmap, iova, paddr, len, &count, &a, &ev);
		uint64_t one = iommu_pgsize_v512(bitmap, iova | paddr, len, &a, &ev);

		if (!pgsize || !ipf_pgsize_check(bitmap, iova, paddr, len, pgsize, count, &ev))
			return "(pgsize, count) violates the core's contract";
		if (one != pgsize || one != brute_pgsize(bitmap, iova | paddr, len))
			return "page size differs from the brute force";
		/* Each page of the run is what the one-page form picks at that point. */
		for (uint64_t k = 0; k < count && pages < MAX_PAGES; k++, pages++) {
			if (brute_pgsize(bitmap, iova | paddr, len) != pgsize)
				return "a run goes past where a larger page fits";
			iova += pgsize;
			paddr += pgsize;
			len -= pgsize;
		}
	}
	/* Each event is a finding unless known.c exempts it (v5.12's wide shift). */
	for (int k = 0; k < IPF_EV_NR; k++)
		if (ev.count[k] && !ipf_known_pgsize_event((enum ipf_event_kind)k))
			return "an event";
	return NULL;
}
