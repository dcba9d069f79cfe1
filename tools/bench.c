// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz-bench: what the series buys, per engine, on fixed scenarios.
 * Prints the counters of the map and the unmap of each scenario (exact,
 * the same on every machine) and the wall time of each (this machine's).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "iopgfuzz/domain.h"
#include "iopgfuzz/smmu.h"

struct scenario {
	const char *name;
	uint64_t bitmap;
	uint64_t iova, size;
	uint64_t map_chunk; /* map in chunks of this size (0: one iommu_map) */
};

static const struct scenario scenarios[] = {
	{ "4M at 0, 4K|2M|1G (the series' example)", SZ_4K | SZ_2M | SZ_1G, 0, 4 * SZ_1M, 0 },
	{ "1G as 4K pages (4K only)", SZ_4K, 0, SZ_1G, 0 },
	{ "1G mapped 4K at a time, unmapped at once, 4K|2M|1G", SZ_4K | SZ_2M | SZ_1G, 0, SZ_1G, SZ_4K },
	{ "2M+8K straddling a 2M boundary, 4K|2M|1G", SZ_4K | SZ_2M | SZ_1G, 0x1ff000, 0x202000, 0 },
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void print_counters(const char *engine, const char *what, const struct ipf_counters *c,
			   double secs)
{
	printf("  %-3s %-5s", engine, what);
	for (int id = 0; id < IPF_CNT_NR; id++) {
		uint64_t v = ipf_counter_get(c, (enum ipf_counter_id)id);

		if (v && id != IPF_CNT_core_to_driver && id != IPF_CNT_driver_to_pgtable)
			printf(" %s=%llu", ipf_counter_name((enum ipf_counter_id)id),
			       (unsigned long long)v);
	}
	printf("  [%.3f ms]\n", secs * 1e3);
}

static int run(const struct scenario *s, enum ipf_engine engine)
{
	struct ipf_domain_cfg cfg = {
		.fmt = ARM_64_LPAE_S1, .ias = 48, .oas = 48, .smmu = IPF_SMMU_V3,
		.pgsize_bitmap = s->bitmap,
	};
	struct ipf_counters before, map, unmap;
	struct ipf_domain *d = ipf_domain_alloc(engine, &cfg, NULL, NULL, NULL, NULL);
	uint64_t unmapped;
	double t0, t1, t2;
	int ret = 0;

	if (!d) {
		fprintf(stderr, "iopgfuzz-bench: cannot create a domain\n");
		return 1;
	}
	before = d->ctx.counters;
	t0 = now();
	for (uint64_t off = 0; off < s->size && !ret; off += s->map_chunk ? s->map_chunk : s->size)
		ret = iommu_map(&d->domain, s->iova + off, SZ_1G * 8 + s->iova + off,
				s->map_chunk ? s->map_chunk : s->size, IOMMU_READ | IOMMU_WRITE);
	t1 = now();
	ipf_counters_sub(&map, &d->ctx.counters, &before);
	before = d->ctx.counters;
	unmapped = iommu_unmap(&d->domain, s->iova, s->size);
	t2 = now();
	ipf_counters_sub(&unmap, &d->ctx.counters, &before);
	print_counters(ipf_engine_name(engine), "map", &map, t1 - t0);
	print_counters(ipf_engine_name(engine), "unmap", &unmap, t2 - t1);
	ipf_domain_free(d);
	if (ret || unmapped != s->size) {
		fprintf(stderr, "iopgfuzz-bench: %s: map returned %d, unmap %llu\n", s->name, ret,
			(unsigned long long)unmapped);
		return 1;
	}
	return 0;
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The cost of the SMMU oracles: the same fixed mix of maps and unmaps
 * (4K|2M|1G, sizes of 1 to 1024 pages near 0 and 1G) with no SMMU, with an
 * SMMU and the end-of-operation oracles, and with the caches prefilled
 * around every unmap as well.
 */
static double oracle_run(enum ipf_engine engine, int level, uint64_t *ops_out)
{
	static const struct ipf_domain_cfg cfg = {
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	};
	struct ipf_pgmem mem;
	struct ipf_events ev;
	struct ipf_domain *d;
	struct ipf_smmu *smmu = NULL;
	uint64_t ops = 0;
	double t0, t1;

	rng_state = 42;
	memset(&ev, 0, sizeof(ev));
	ipf_pgmem_init(&mem, NULL);
	d = ipf_domain_alloc(engine, &cfg, &mem, &ev, NULL, NULL);
	if (level) {
		smmu = ipf_smmu_create(&(struct ipf_smmu_cfg){ .range_inv = true }, &mem, &ev);
		ipf_domain_attach_smmu(d, smmu);
	}
	t0 = now();
	for (int i = 0; i < 20000; i++, ops++) {
		uint64_t iova = (rnd() & 1 ? SZ_1G : 0) + SZ_4K * (rnd() % 4096);
		uint64_t size = SZ_4K * (1 + rnd() % 1024);
		int unmap = rnd() % 2;

		if (smmu) {
			ipf_smmu_op_begin(smmu, (uint32_t)i);
			if (unmap && level > 1)
				ipf_smmu_prefill(smmu, iova, iova + size, 1u << 16);
		}
		if (unmap)
			iommu_unmap(&d->domain, iova, size);
		else
			iommu_map(&d->domain, iova, iova, size, IOMMU_READ);
		if (smmu)
			ipf_smmu_op_end(smmu, false);
	}
	t1 = now();
	ipf_domain_free(d);
	ipf_smmu_destroy(smmu);
	ipf_pgmem_destroy(&mem);
	*ops_out = ops;
	if (ev.total - ev.count[IPF_EV_MAP_EXISTS] - ev.count[IPF_EV_UNMAP_EMPTY])
		fprintf(stderr, "iopgfuzz-bench: the oracles reported %u events\n", ev.total);
	return t1 - t0;
}

static void oracle_cost(void)
{
	static const char *const what[] = { "no SMMU", "SMMU + oracles", "SMMU + oracles + prefill" };

	printf("oracle cost, 20000 random map/unmap operations\n");
	for (int e = 0; e < IPF_ENGINES; e++)
		for (int level = 0; level < 3; level++) {
			uint64_t ops;
			double t = oracle_run((enum ipf_engine)e, level, &ops);

			printf("  %-3s %-26s %8.2f us/op\n", ipf_engine_name((enum ipf_engine)e), what[level],
			       t * 1e6 / (double)ops);
		}
}

int main(int argc, char **argv)
{
	int fail = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: iopgfuzz-bench\n"
		       "Runs fixed map/unmap scenarios on the reference (v5.12, per page) and the\n"
		       "optimised (v5.15, *_pages) engines and prints their counters and times.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "iopgfuzz-bench: unexpected argument '%s' (try --help)\n", argv[1]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		printf("%s\n", scenarios[i].name);
		fail |= run(&scenarios[i], IPF_ENGINE_REF);
		fail |= run(&scenarios[i], IPF_ENGINE_OPT);
	}
	oracle_cost();
	return fail;
}
