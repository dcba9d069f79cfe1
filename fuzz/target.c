// SPDX-License-Identifier: GPL-2.0-only
/* The shared body of the differential fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "iopgfuzz/kernel.h"
#include "iopgfuzz/targets.h"
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

static const struct ipf_target *target_of(const char *name)
{
	static const char *last_name;
	static const struct ipf_target *last;

	if (name != last_name) {
		last = ipf_target_find(name);
		last_name = name;
		if (!last)
			abort();
	}
	return last;
}

int ipf_fuzz_one(const uint8_t *data, size_t size, const char *name)
{
	const struct ipf_target *t = target_of(name);
	struct ipf_program p;
	struct ipf_verdict v;
	struct ipf_run_stats st;
	enum ipf_verdict_kind kind;
	static bool told;
	bool counting;

	if (!runner) {
		runner = ipf_runner_create();
		if (!runner)
			abort();
	}
	ipf_program_decode(&p, data, size, 0);
	p.cfg.domain.bugs |= forced_bugs;
	if (!ipf_target_apply(t, &p, kernel_tree[0] ? kernel_tree : NULL))
		abort();
	if (t->kernel && !told) {
		fprintf(stderr, "INFO: kernel tree %s (%s), engines=opt,%s:%s\n", p.cfg.kernel[1],
			ipf_kernel_variant_find(p.cfg.kernel[1])->release,
			ipf_engine_name(p.cfg.engines[1]), p.cfg.kernel[1]);
		told = true;
	}
	/* Bug counts only matter with bugs on or counting: keep the plain loop lean. */
	counting = forced_bugs || count_only;
	kind = ipf_run(runner, &p, &v, counting ? &st : NULL);
	for (int e = 0; counting && e < IPF_ENGINES; e++)
		ipf_fuzz_count_hits(&st.bug_hits[e]);
	if (kind == IPF_VERDICT_FINDING)
		ipf_fuzz_report(&p, &v);
	return 0;
}
