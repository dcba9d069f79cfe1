// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz-bench: what the series buys, per engine, on fixed scenarios.
 * Prints the counters of the map and the unmap of each scenario (exact,
 * the same on every machine) and the wall time of each (this machine's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/kernel.h"
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

/*
 * One call, timed: iommu_map or iommu_unmap of 256 x 4K (1 MiB at 0, 4K|2M|1G: 256 pages)
 * and of one 2M block, no SMMU, the median of REPS, next to the figures the kernel's own
 * series published for the same work.
 */
#define REPS 1001

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* One domain (with an SMMU watching its arena and judging every call, if smmu). */
struct bench_domain {
	struct ipf_pgmem mem;
	struct ipf_events ev;
	struct ipf_domain *d;
	struct ipf_smmu *smmu;
};

static int bench_domain_init(struct bench_domain *b, enum ipf_engine engine,
			     const struct ipf_domain_cfg *cfg, bool smmu)
{
	memset(b, 0, sizeof(*b));
	if (ipf_pgmem_init(&b->mem, NULL))
		return -1;
	b->d = ipf_domain_alloc(engine, cfg, &b->mem, &b->ev, NULL, NULL);
	if (b->d && smmu) {
		b->smmu = ipf_smmu_create(&(struct ipf_smmu_cfg){ .range_inv = true }, &b->mem, &b->ev);
		if (b->smmu)
			ipf_domain_attach_smmu(b->d, b->smmu);
	}
	return b->d && (!smmu || b->smmu) ? 0 : -1;
}

static void bench_domain_fini(struct bench_domain *b)
{
	ipf_domain_free(b->d);
	ipf_smmu_destroy(b->smmu);
	ipf_pgmem_destroy(&b->mem);
}

static void op_begin(struct bench_domain *b, int i)
{
	if (b->smmu)
		ipf_smmu_op_begin(b->smmu, (uint32_t)i);
}

static void op_end(struct bench_domain *b)
{
	if (b->smmu)
		ipf_smmu_op_end(b->smmu, false);
}

static int per_call(const char *label, enum ipf_engine engine,
		    const struct ipf_kernel_variant *kernel, bool smmu, uint64_t size, double out[2])
{
	struct ipf_domain_cfg cfg = {
		.fmt = ARM_64_LPAE_S1, .ias = 48, .oas = 48, .smmu = IPF_SMMU_V3,
		.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .kernel = kernel,
	};
	static double map_ns[REPS], unmap_ns[REPS];
	struct bench_domain b;

	if (bench_domain_init(&b, engine, &cfg, smmu)) {
		fprintf(stderr, "iopgfuzz-bench: %s: cannot create a domain\n", label);
		bench_domain_fini(&b);
		return 1;
	}
	for (int i = 0; i < REPS; i++) {
		double t0, t1, t2;
		int ret;
		uint64_t unmapped;

		op_begin(&b, 2 * i);
		t0 = now();
		ret = iommu_map(&b.d->domain, 0, SZ_1G, size, IOMMU_READ | IOMMU_WRITE);
		op_end(&b);
		t1 = now();
		op_begin(&b, 2 * i + 1);
		unmapped = iommu_unmap(&b.d->domain, 0, size);
		op_end(&b);
		t2 = now();
		if (ret || unmapped != size || b.ev.total) {
			fprintf(stderr, "iopgfuzz-bench: %s: map or unmap failed, or an event\n", label);
			bench_domain_fini(&b);
			return 1;
		}
		map_ns[i] = (t1 - t0) * 1e9;
		unmap_ns[i] = (t2 - t1) * 1e9;
	}
	bench_domain_fini(&b);
	out[0] = median(map_ns, REPS);
	out[1] = median(unmap_ns, REPS);
	return 0;
}

/* The kernel's published figures for 256 x 4K, printed beside ours. */
static const char *const published[] = {
	"iommupt AMDv1, before: map 1833, unmap 6583",
	"iommupt AMDv1, after:  map  381, unmap  372",
	"arm-smmu-v3 dma_map_benchmark, 1 MiB of 4K,",
	"map + unmap: 53.9 -> 19.3 us (2.8x)",
};

static int per_call_table(void)
{
	static const struct { const char *what; uint64_t size; } work[] = {
		{ "256 x 4K (1 MiB)", SZ_1M }, { "1 x 2M", SZ_2M },
	};
	double mu[2][IPF_ENGINES];
	int fail = 0;

	printf("one call, median of %d (ns)          map      unmap   the kernel's own figures\n", REPS);
	for (size_t w = 0; w < sizeof(work) / sizeof(work[0]); w++) {
		int row = 0;

		printf("  %s\n", work[w].what);
		for (int e = 0; e < IPF_ENGINES; e++)
			for (int smmu = 0; smmu < 2; smmu++) {
				char label[64];
				double t[2];

				snprintf(label, sizeof(label), "%s%s", ipf_engine_name((enum ipf_engine)e),
					 smmu ? " + SMMU, oracles" : ", no SMMU");
				if (per_call(label, (enum ipf_engine)e, NULL, smmu, work[w].size, t)) {
					fail = 1;
					continue;
				}
				if (!smmu)
					mu[w][e] = t[0] + t[1];
				printf("    %-26s %8.0f %10.0f   %s\n", label, t[0], t[1],
				       !w && row < 4 ? published[row] : "");
				row++;
			}
		for (unsigned int k = 0; k < ipf_kernel_nr_variants; k++) {
			char label[64];
			double t[2];

			snprintf(label, sizeof(label), "kernel:%s, no SMMU", ipf_kernel_variants[k]->name);
			if (per_call(label, IPF_ENGINE_KERNEL, ipf_kernel_variants[k], false, work[w].size,
				     t)) {
				fail = 1;
				continue;
			}
			printf("    %-26s %8.0f %10.0f\n", label, t[0], t[1]);
		}
	}
	printf("  (the kernel's: other hardware, real memory.) Ours for 256 x 4K, map + unmap, no\n"
	       "  SMMU: %.2f -> %.2f us (%.1fx)\n", mu[0][IPF_ENGINE_REF] / 1e3,
	       mu[0][IPF_ENGINE_OPT] / 1e3, mu[0][IPF_ENGINE_REF] / mu[0][IPF_ENGINE_OPT]);
	return fail;
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
		       "       iopgfuzz-bench --replay [--target=NAME] [--reps=N] [--bound-ms=MS] [--top=N]\n"
		       "                      FILE|DIR...\n"
		       "Runs fixed map/unmap scenarios on the reference (v5.12, per page) and the\n"
		       "optimised (v5.15, *_pages) engines and prints their counters and times;\n"
		       "then the cost of the SMMU oracles, and the time of one map and one unmap\n"
		       "call of 256 x 4K and of 1 x 2M per engine (without an SMMU, and with one\n"
		       "watching the arena and judging each call) and kernel tree, beside the\n"
		       "kernel's own published figures.\n"
		       "--replay: runs each program (text, or binary as a fuzz target reads it;\n"
		       "a directory: each file in it) through every participant as NAME runs it,\n"
		       "N times (default 5), and prints the median time of each, the slowest\n"
		       "(default 10) and how many took longer than MS (default 1000; 0: no bound).\n"
		       "Exit 0, 1 (one over the bound) or 2 (an unusable program or argument).\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--replay"))
		return bench_replay(argc - 2, argv + 2);
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
	fail |= per_call_table();
	return fail;
}
