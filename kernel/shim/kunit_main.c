// SPDX-License-Identifier: GPL-2.0-only
/*
 * A user-space KUnit runner for one test file built against one kernel
 * tree's io-pgtable through the shim: the file's suites (its
 * kunit_test_suites), case by case, in KTAP as the kernel prints it. What
 * the tree's code asks of its environment comes from the host below: table
 * pages from the C heap (their virtual address is their physical one),
 * WARN and printk lines to stdout, a BUG ending the case as a failure.
 *
 *   kunit-run [--page-size=4K|16K|64K]
 *
 * Exit status: 0 when no case failed (skipped cases do not fail), 1
 * otherwise, 2 for a usage error. The last line is "N passed, N failed,
 * N skipped".
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kunit/test.h>

#include "kshim.h"

static unsigned int nr_warnings;
static long tables_live;	/* table pages allocated and not freed, in the case in progress */

static void *table_alloc(void *ctx, uint64_t size)
{
	void *p = aligned_alloc(size, size);

	(void)ctx;
	if (p) {
		memset(p, 0, size);
		tables_live++;
	}
	return p;
}

static void table_free(void *ctx, void *virt)
{
	(void)ctx;
	if (virt)
		tables_live--;
	free(virt);
}

static uint64_t table_pa(void *ctx, const void *virt)
{
	(void)ctx;
	return (uint64_t)(uintptr_t)virt;
}

static void *table_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static void sync_nothing(void *ctx, uint64_t pa, uint64_t size)
{
	(void)ctx, (void)pa, (void)size;
}

static void warn(void *ctx, const char *func, int line)
{
	(void)ctx;
	nr_warnings++;
	printf("    WARNING: at %s:%d (io-pgtable's WARN_ON; the case goes on)\n", func, line);
}

static void bug(void *ctx, const char *func, int line)
{
	(void)ctx;
	printf("    BUG: at %s:%d\n", func, line);
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

/* The flush ops are the test file's own: io-pgtable calls them through its cfg. */
static void no_flush_all(void *ctx)
{
	(void)ctx;
}

static void no_flush_walk(void *ctx, uint64_t iova, uint64_t size, uint64_t granule)
{
	(void)ctx, (void)iova, (void)size, (void)granule;
}

static void no_add_page(void *ctx, void *gather, uint64_t iova, uint64_t granule)
{
	(void)ctx, (void)gather, (void)iova, (void)granule;
}

static struct ipf_kernel_host host = {
	.page_size = 4096,
	.table_alloc = table_alloc,
	.table_free = table_free,
	.table_pa = table_pa,
	.table_va = table_va,
	.sync = sync_nothing,
	.warn = warn,
	.bug = bug,
	.log = log_line,
	.tlb_flush_all = no_flush_all,
	.tlb_flush_walk = no_flush_walk,
	.tlb_add_page = no_add_page,
};

enum verdict { CASE_PASS, CASE_FAIL, CASE_SKIP };

/*
 * One case, under its own guard: a BUG fails it, its actions run either
 * way. What the tree's code still holds afterwards (kmalloc'd objects,
 * table pages) is a leak, as kmemleak would report it: the case fails.
 */
static enum verdict run_case(struct kunit_case *c)
{
	struct kunit test = { .name = c->name };
	jmp_buf on_bug, *prev_jmp;
	const struct ipf_kernel_host *prev;
	volatile bool returned = false;
	unsigned long objects;

	host.ctx = &test;
	tables_live = 0;
	prev = ipf_kshim_enter(&host, &on_bug, &prev_jmp);
	if (!setjmp(on_bug)) {
		ipf_kunit_run_case(&test, c);
		returned = true;
	}
	ipf_kunit_end_case(&test);
	ipf_kshim_leave(prev, prev_jmp);
	objects = ipf_kernel_release(&test);
	if (objects || tables_live) {
		printf("    # %s: LEAK: %lu kmalloc'd object(s) and %ld table page(s) still held "
		       "when the case ended\n", c->name, objects, tables_live);
		return CASE_FAIL;
	}
	if (!returned) {
		printf("    # %s: BUG: the case did not return\n", c->name);
		return CASE_FAIL;
	}
	if (test.failed)
		return CASE_FAIL;
	return test.skipped ? CASE_SKIP : CASE_PASS;
}

static int page_size_arg(const char *s, uint64_t *size)
{
	if (!strcmp(s, "4K"))
		*size = 4096;
	else if (!strcmp(s, "16K"))
		*size = 16384;
	else if (!strcmp(s, "64K"))
		*size = 65536;
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int nr_suites = 0, passed = 0, failed = 0, skipped = 0;

	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--page-size=", 12) &&
		    !page_size_arg(argv[i] + 12, &host.page_size))
			continue;
		fprintf(stderr, "%s: usage: %s [--page-size=4K|16K|64K]\n", argv[0], argv[0]);
		return 2;
	}
	while (ipf_kshim_kunit_suites[nr_suites])
		nr_suites++;
	printf("KTAP version 1\n1..%u\n", nr_suites);
	for (unsigned int s = 0; s < nr_suites; s++) {
		struct kunit_suite *suite = ipf_kshim_kunit_suites[s];
		unsigned int n = 0, bad = 0;

		for (struct kunit_case *c = suite->test_cases; c->run_case; c++)
			n++;
		printf("    KTAP version 1\n    # Subtest: %s\n    # PAGE_SIZE %llu\n    1..%u\n",
		       suite->name, (unsigned long long)host.page_size, n);
		n = 0;
		for (struct kunit_case *c = suite->test_cases; c->run_case; c++) {
			enum verdict v = run_case(c);

			printf("    %s %u %s%s\n", v == CASE_FAIL ? "not ok" : "ok", ++n, c->name,
			       v == CASE_SKIP ? " # SKIP" : "");
			passed += v == CASE_PASS;
			failed += v == CASE_FAIL;
			skipped += v == CASE_SKIP;
			bad += v == CASE_FAIL;
		}
		printf("%s %u %s\n", bad ? "not ok" : "ok", s + 1, suite->name);
	}
	if (nr_warnings)
		printf("# %u WARNING(s) from io-pgtable\n", nr_warnings);
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
