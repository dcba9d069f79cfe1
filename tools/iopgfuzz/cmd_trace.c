// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz trace: one program, operation by operation: what each engine's
 * core asked its driver, what the driver asked io-pgtable (iova, pgsize,
 * pgcount), every flush op and sync, every SMMU command, every result, and
 * the verdict.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: iopgfuzz trace [--text|--binary] [--bugs=LIST] [--calls-only] FILE\n"
	       "Prints the program, then for each operation every indirect call of both\n"
	       "engines (with iova=, pgsize=, pgcount= in hex), flush op, iotlb_sync, table\n"
	       "allocation and free, SMMU command, return value, and finally the verdict.\n"
	       "  --calls-only  leave out table allocations and SMMU commands\n"
	       "Exit status as 'iopgfuzz run'.\n");
}

struct tracer_state {
	bool calls_only;
};

static void show_op(void *ctx, uint32_t index, const struct ipf_op *op)
{
	char line[200];

	(void)ctx;
	ipf_op_format(op, line, sizeof(line));
	printf("op %u: %s\n", index, line);
}

static void show_call(const char *eng, const struct ipf_trace *t)
{
	const char *name = ipf_trace_kind_name(t->kind);

	if (t->phase == IPF_TR_RETURN) {
		printf(t->ret >= 0 ? "  %s   %s -> 0x%llx" : "  %s   %s -> %lld", eng, name,
		       (long long)t->ret);
		if (t->kind == IPF_TR_DRV_MAP_PAGES || t->kind == IPF_TR_PGT_MAP_PAGES)
			printf(" mapped=0x%llx", (unsigned long long)t->mapped);
		printf("\n");
		return;
	}
	printf("  %s %s iova=0x%llx", eng, name, (unsigned long long)t->iova);
	if (t->kind == IPF_TR_CORE_MAP || t->kind == IPF_TR_DRV_MAP ||
	    t->kind == IPF_TR_DRV_MAP_PAGES || t->kind == IPF_TR_PGT_MAP ||
	    t->kind == IPF_TR_PGT_MAP_PAGES)
		printf(" paddr=0x%llx", (unsigned long long)t->paddr);
	if (t->kind == IPF_TR_CORE_MAP || t->kind == IPF_TR_CORE_UNMAP)
		printf(" size=0x%llx\n", (unsigned long long)t->size);
	else
		printf(" pgsize=0x%llx pgcount=0x%llx\n", (unsigned long long)t->pgsize,
		       (unsigned long long)t->pgcount);
}

static void show_engine(void *ctx, enum ipf_engine e, const struct ipf_trace *t)
{
	const struct tracer_state *ts = ctx;
	const char *eng = ipf_engine_name(e);

	switch (t->kind) {
	case IPF_TR_FLUSH_ALL:
		printf("  %s tlb_flush_all\n", eng);
		break;
	case IPF_TR_FLUSH_WALK:
		printf("  %s tlb_flush_walk iova=0x%llx size=0x%llx granule=0x%llx\n", eng,
		       (unsigned long long)t->iova, (unsigned long long)t->size,
		       (unsigned long long)t->pgsize);
		break;
	case IPF_TR_ADD_PAGE:
		printf("  %s tlb_add_page iova=0x%llx granule=0x%llx\n", eng,
		       (unsigned long long)t->iova, (unsigned long long)t->pgsize);
		break;
	case IPF_TR_IOTLB_SYNC:
		printf("  %s iotlb_sync start=0x%llx end=0x%llx pgsize=0x%llx\n", eng,
		       (unsigned long long)t->iova, (unsigned long long)t->end,
		       (unsigned long long)t->pgsize);
		break;
	case IPF_TR_TABLE_ALLOC:
	case IPF_TR_TABLE_FREE:
		if (!ts->calls_only)
			printf("  %s %s pa=0x%llx\n", eng, ipf_trace_kind_name(t->kind),
			       (unsigned long long)t->iova);
		break;
	default:
		show_call(eng, t);
		break;
	}
}

static void show_smmu(void *ctx, enum ipf_engine e, const struct ipf_smmu_cmd_trace *t)
{
	const struct tracer_state *ts = ctx;
	const char *eng = ipf_engine_name(e);

	if (ts->calls_only)
		return;
	if (t->sync) {
		printf("  %s   smmu sync\n", eng);
		return;
	}
	printf("  %s   smmu %s%s", eng, t->v2 ? "v2 register " : "cmd ",
	       t->all ? "invalidate all" : t->leaf_only ? "invalidate leaf" : "invalidate walk+leaf");
	if (!t->all)
		printf(t->point ? " at 0x%llx" : " [0x%llx, 0x%llx)", (unsigned long long)t->lo,
		       (unsigned long long)t->hi);
	if (t->ttl)
		printf(" ttl=%u", t->ttl);
	if (t->count > 1 && t->stride)
		printf(" x%llu (0x%llx apart, taken as one run)", (unsigned long long)t->count,
		       (unsigned long long)t->stride);
	else if (t->count > 1)
		printf(" x%llu (one per granule, taken as one run)", (unsigned long long)t->count);
	if (t->v2)
		printf(" (reg %d = 0x%llx)\n", (int)t->reg, (unsigned long long)t->val);
	else
		printf(" (0x%016llx 0x%016llx)\n", (unsigned long long)t->cmd.dw[0],
		       (unsigned long long)t->cmd.dw[1]);
}

static void show_result(void *ctx, enum ipf_engine e, int64_t ret)
{
	(void)ctx;
	if (ret >= 0)
		printf("  %s = 0x%llx\n", ipf_engine_name(e), (unsigned long long)ret);
	else
		printf("  %s = %lld (-errno, or -fault for a device access)\n", ipf_engine_name(e),
		       (long long)ret);
}

int cmd_trace(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	struct tracer_state ts = { 0 };
	const char *path = NULL;
	struct ipf_program p;
	struct ipf_verdict v;
	struct ipf_runner *r;
	char line[400];

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--calls-only"))
			ts.calls_only = true;
		else if (input_opt("trace", argv[i], &o))
			continue;
		else if (argv[i][0] == '-' && argv[i][1])
			die_usage("trace", "unknown option '%s'", argv[i]);
		else if (path)
			die_usage("trace", "one file at a time, not also '%s'", argv[i]);
		else
			path = argv[i];
	}
	if (!path)
		die_usage("trace", "no input file%s", "");
	if (load_program(path, &o, &p, NULL, 0))
		return EXIT_UNUSABLE;
	r = ipf_runner_create();
	if (!r)
		return EXIT_UNUSABLE;
	ipf_program_print(&p, stdout);
	ipf_runner_set_tracer(r, &(struct ipf_run_tracer){
		.op = show_op, .engine = show_engine, .op_result = show_result, .smmu = show_smmu,
		.ctx = &ts });
	ipf_run(r, &p, &v, NULL);
	ipf_runner_destroy(r);
	ipf_verdict_format(&v, line, sizeof(line));
	printf("verdict: %s\n", line);
	return v.kind == IPF_VERDICT_AGREE ? EXIT_AGREE
	       : v.kind == IPF_VERDICT_FINDING ? EXIT_FINDING : EXIT_UNUSABLE;
}
