// SPDX-License-Identifier: GPL-2.0-only
/* The shared body of the differential fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "iopgfuzz/kernel.h"
#include "target.h"

#ifndef IPF_FUZZ_KERNEL
#define IPF_FUZZ_KERNEL ""
#endif

/* One runner for the life of the process: its arenas are reset per input. */
static struct ipf_runner *runner;
/* Set once from the command line, before the first input. */
static uint64_t forced_bugs;
static bool count_only;
static const char *kernel_tree = IPF_FUZZ_KERNEL;
/* The mutable totals: bug counts and findings over every input run, printed at exit. */
static struct ipf_bug_hits total_hits;
static uint64_t total_findings;

bool ipf_fuzz_count_only(void)
{
	return count_only;
}

void ipf_fuzz_count_finding(void)
{
	total_findings++;
}

void ipf_fuzz_count_hits(const struct ipf_bug_hits *h)
{
	for (int b = 0; b < IPF_BUG_NR; b++) {
		total_hits.reached[b] += h->reached[b];
		total_hits.triggered[b] += h->triggered[b];
	}
}

static void print_hits(void)
{
	if (count_only)
		fprintf(stderr, "findings=%llu\n", (unsigned long long)total_findings);
	for (int b = 0; b < IPF_BUG_NR; b++)
		if (forced_bugs & IPF_BUG_BIT(b))
			fprintf(stderr, "bug.%s.reached=%llu\nbug.%s.triggered=%llu\n",
				ipf_bug_name((enum ipf_bug_id)b),
				(unsigned long long)total_hits.reached[b],
				ipf_bug_name((enum ipf_bug_id)b),
				(unsigned long long)total_hits.triggered[b]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
/* Defined by AFL++'s runtime only: tells its driver from libFuzzer. */
extern int __afl_persistent_loop(unsigned int max_cnt) __attribute__((weak));

/*
 * AFL++'s driver reads its own arguments as -N or input files: it must not
 * see ours. libFuzzer must (-fork and -jobs hand them to the workers).
 */
static void hide_own_flags(int *argc, char **argv)
{
	int n = 1;

	for (int i = 1; i < *argc; i++)
		if (strncmp(argv[i], "--ipf-", 6))
			argv[n++] = argv[i];
	argv[n] = NULL;
	*argc = n;
}

/* --ipf-kernel=TREE: a tree this binary holds, or the end of the process. */
static void choose_kernel(const char *prog, const char *name)
{
	if (ipf_kernel_variant_find(name) && strlen(name) < IPF_KERNEL_NAME_MAX) {
		kernel_tree = name;
		return;
	}
	fprintf(stderr, "%s: --ipf-kernel=%s: no such tree in this build (it holds:", prog, name);
	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++)
		fprintf(stderr, " %s", ipf_kernel_variants[i]->name);
	fprintf(stderr, ")\n");
	exit(2);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char flag[] = "--ipf-bugs=";
	static const char kflag[] = "--ipf-kernel=";

	for (int i = 1; i < *argc; i++) {
		char bad[64];

		if (!strcmp((*argv)[i], "--ipf-count-only"))
			count_only = true;
		if (!strncmp((*argv)[i], kflag, sizeof(kflag) - 1))
			choose_kernel((*argv)[0], (*argv)[i] + sizeof(kflag) - 1);
		if (strncmp((*argv)[i], flag, sizeof(flag) - 1))
			continue;
		if (ipf_bugs_parse((*argv)[i] + sizeof(flag) - 1, &forced_bugs, bad, sizeof(bad))) {
			fprintf(stderr, "%s: unknown bug '%s' in %s (iopgfuzz bugs lists them)\n",
				(*argv)[0], bad, (*argv)[i]);
			exit(2);
		}
		fprintf(stderr, "INFO: injected bugs on for every input: %s\n",
			(*argv)[i] + sizeof(flag) - 1);
	}
	if (forced_bugs || count_only)
		atexit(print_hits);
	if (__afl_persistent_loop)
		hide_own_flags(argc, *argv);
	return 0;
}

uint64_t ipf_fuzz_bugs(void)
{
	return forced_bugs;
}

static void keep_kinds(struct ipf_program *p, uint32_t kinds)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->nr_ops; i++)
		if (kinds & OP_BIT(p->ops[i].kind))
			p->ops[n++] = p->ops[i];
	p->nr_ops = n;
}

/*
 * The participants of a kernel target: the optimised model, and as much of
 * the tree as the build holds: its iommu core and io-pgtable (kernel-core),
 * else its io-pgtable under our core (kernel).
 */
static void with_kernel(struct ipf_program *p)
{
	static const struct ipf_kernel_variant *k;

	if (!k) {
		k = ipf_kernel_variant_find(kernel_tree);
		if (!k)
			abort();
		fprintf(stderr, "INFO: kernel tree %s (%s), engines=opt,%s:%s\n", kernel_tree,
			k->release, k->core ? "kernel-core" : "kernel", kernel_tree);
	}
	p->cfg.engines[0] = IPF_ENGINE_OPT;
	p->cfg.engines[1] = k->core ? IPF_ENGINE_KERNEL_CORE : IPF_ENGINE_KERNEL;
	memset(p->cfg.kernel, 0, sizeof(p->cfg.kernel));
	strcpy(p->cfg.kernel[1], kernel_tree);
}

static int fuzz_one(const uint8_t *data, size_t size, uint32_t kinds, bool kernel)
{
	struct ipf_program p;
	struct ipf_verdict v;
	struct ipf_run_stats st;
	enum ipf_verdict_kind kind;
	bool counting;

	if (!runner) {
		runner = ipf_runner_create();
		if (!runner)
			abort();
	}
	ipf_program_decode(&p, data, size, 0);
	p.cfg.domain.bugs |= forced_bugs;
	keep_kinds(&p, kinds);
	if (kernel)
		with_kernel(&p);
	/* Bug counts only matter with bugs on or counting: keep the plain loop lean. */
	counting = forced_bugs || count_only;
	kind = ipf_run(runner, &p, &v, counting ? &st : NULL);
	for (int e = 0; counting && e < IPF_ENGINES; e++)
		ipf_fuzz_count_hits(&st.bug_hits[e]);
	if (kind == IPF_VERDICT_FINDING)
		ipf_fuzz_report(&p, &v);
	return 0;
}

int ipf_fuzz_one(const uint8_t *data, size_t size, uint32_t kinds)
{
	return fuzz_one(data, size, kinds, false);
}

int ipf_fuzz_one_kernel(const uint8_t *data, size_t size, uint32_t kinds)
{
	return fuzz_one(data, size, kinds, true);
}
