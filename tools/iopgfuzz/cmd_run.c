// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz run: every program, one line each, then a summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: iopgfuzz run [--text|--binary] [--bugs=LIST] [--target=NAME] [--quiet]\n"
	       "                    [--porcelain] [--expect] FILE...   (options anywhere)\n"
	       "Runs each program (text or binary; see docs/format.md) on the reference and the\n"
	       "optimised engine, their simulated SMMUs and the golden model, and prints the\n"
	       "verdict. A finding is printed with the program as text.\n"
	       "  --text, --binary  how to read the files (default: by name and content)\n"
	       "  --bugs=A,B        switch these injectable bugs on in every program ('all':\n"
	       "                    every one; 'iopgfuzz bugs' lists them)\n"
	       "  --bugs=input      honour the bug bytes of binary programs (text programs\n"
	       "                    always say bugs= themselves)\n"
	       "  --bugs=none       every bug off, whatever a program says\n"
	       "  --engines=A,B     the two participants of every program, each ref, opt,\n"
	       "                    kernel:TREE (a kernel tree's io-pgtable under our core;\n"
	       "                    iopgfuzz kernels lists the trees) or kernel-core:TREE\n"
	       "  --kernel=TREE     the same as --engines=opt,kernel:TREE\n"
	       "  --kernel-core=TREE  the same as --engines=opt,kernel-core:TREE (the tree's\n"
	       "                    own iommu core too)\n"
	       "  --target=NAME     run each program as fuzz target NAME runs it: only its kinds\n"
	       "                    of operation; fuzz_kernel_* also against the newest kernel\n"
	       "                    tree (with its own core where built) unless the program or\n"
	       "                    --engines/--kernel/--kernel-core say whom\n"
	       "  --profile=P       the kernel every program's model behaves as: v5.15, v6.12,\n"
	       "                    v6.13, v6.14 or v6.19 (docs/profiles.md); 'tree': the\n"
	       "                    release of the kernel participant's tree (6.1 as v5.15,\n"
	       "                    6.12 as v6.12, mainline as v6.19). Default: the program's\n"
	       "  --max-leaves=N    the leaf budget of an operation (a program: 4N; default\n"
	       "                    8192, the fuzz targets' own): raise it to run big maps\n"
	       "  --quiet           print findings, mismatches, skipped work and the summary\n"
	       "  --porcelain       one line per program for tools: FILE<TAB>KIND<TAB>CLASS\n"
	       "                    (KIND agree, finding or unusable; with --expect a fourth\n"
	       "                    field, 'as expected' or 'NOT as expected')\n"
	       "  --expect          compare each verdict with the program's '# expect:' line\n"
	       "                    ('agree' or 'finding CLASS', CLASS as printed in brackets);\n"
	       "                    a program meeting its expectation counts as passed\n"
	       "Exit status: 0 all agree (with --expect: all as expected), 1 a finding (with\n"
	       "--expect: a verdict not as expected), 2 an unusable input.\n");
}

struct run_opts {
	struct input_opts in;
	bool quiet, expect, porcelain;
};

struct tally {
	unsigned long files, agree, findings, unusable, passed, failed, with_skips;
};

/* With --expect: did the verdict match the program's expectation? */
static bool as_expected(const struct ipf_verdict *v, const char *expect)
{
	char cls[80], want[100];

	ipf_verdict_class(v, cls, sizeof(cls));
	if (v->kind == IPF_VERDICT_FINDING)
		snprintf(want, sizeof(want), "finding %s", cls);
	else
		snprintf(want, sizeof(want), "%s", cls);
	return !strcmp(want, expect);
}

/* Nothing skipped goes unsaid: each skipped operation with the rule that skipped it. */
static void print_skipped(const struct ipf_run_stats *st)
{
	char why[160];

	for (uint32_t k = 0; k < st->nr_skipped_kept; k++) {
		ipf_known_skip_format(&st->skipped[k].why, why, sizeof(why));
		printf("  op %u skipped: %s\n", st->skipped[k].op_index, why);
	}
	if (st->ops_skipped > st->nr_skipped_kept)
		printf("  and %llu more skipped\n",
		       (unsigned long long)(st->ops_skipped - st->nr_skipped_kept));
}

static void report(const char *path, const struct ipf_program *p, const struct ipf_verdict *v,
		   const struct ipf_run_stats *st, const struct run_opts *o, const char *expect,
		   struct tally *t)
{
	char line[400], cls[80];

	ipf_verdict_format(v, line, sizeof(line));
	ipf_verdict_class(v, cls, sizeof(cls));
	t->agree += v->kind == IPF_VERDICT_AGREE;
	t->findings += v->kind == IPF_VERDICT_FINDING;
	t->unusable += v->kind == IPF_VERDICT_UNUSABLE;
	t->with_skips += st->ops_skipped != 0;
	if (o->porcelain) {
		static const char *const kinds[] = { [IPF_VERDICT_AGREE] = "agree",
			[IPF_VERDICT_FINDING] = "finding", [IPF_VERDICT_UNUSABLE] = "unusable" };
		bool ok = !o->expect || (expect[0] && as_expected(v, expect));

		t->passed += o->expect && ok;
		t->failed += o->expect && !ok;
		printf("%s\t%s\t%s%s\n", path, kinds[v->kind], cls,
		       o->expect ? (ok ? "\tas expected" : "\tNOT as expected") : "");
		return;
	}
	if (o->expect) {
		bool ok = expect[0] && as_expected(v, expect);

		t->passed += ok;
		t->failed += !ok;
		if (!ok || !o->quiet)
			printf("%s: %s [%s]%s%s%s\n", path, ok ? "as expected" : "NOT as expected", cls,
			       ok ? "" : ": ", ok ? "" : line,
			       expect[0] ? "" : " (no '# expect:' line)");
		return;
	}
	if (v->kind == IPF_VERDICT_AGREE) {
		if (!o->quiet || st->ops_skipped)
			printf("%s: agree (%llu operations, %llu skipped)\n", path,
			       (unsigned long long)st->ops_run, (unsigned long long)st->ops_skipped);
		print_skipped(st);
		return;
	}
	printf("%s: %s [%s]\n", path, line, cls);
	print_skipped(st);
	if (v->kind == IPF_VERDICT_FINDING)
		ipf_program_print(p, stdout);
}

/* A text file of page-size vectors (corpus/pgsize), not a program? */
static bool is_vector_file(const char *path)
{
	uint8_t *d;
	size_t n;
	bool yes;

	if (read_all(path, &d, &n))
		return false;
	yes = pgsize_looks_like_vectors(d, n);
	free(d);
	return yes;
}

/* Page-size vectors, judged as 'iopgfuzz pgsize' (and fuzz_pgsize) judge them. */
static void run_vectors(const char *path, const struct run_opts *o, struct tally *t)
{
	char expect[100];
	int n = pgsize_judge_file(path, FORMAT_TEXT, o->in.bugs, o->in.no_bugs, expect,
				  sizeof(expect));
	const char *kind = n < 0 ? "unusable" : n ? "finding" : "agree";
	const char *cls = n < 0 ? "unusable" : n ? "pgsize" : "agree";
	char got[40];
	bool ok;

	t->agree += n == 0;
	t->findings += n > 0;
	t->unusable += n < 0;
	snprintf(got, sizeof(got), "%s%s", n > 0 ? "finding " : "", cls);
	ok = n >= 0 && !strcmp(got, expect);
	if (o->expect) {
		t->passed += ok;
		t->failed += !ok;
	}
	if (o->porcelain)
		printf("%s\t%s\t%s%s\n", path, kind, cls,
		       o->expect ? (ok ? "\tas expected" : "\tNOT as expected") : "");
	else if (o->expect && (!ok || !o->quiet))
		printf("%s: %s [%s] (page-size vectors)%s\n", path, ok ? "as expected" : "NOT as expected",
		       cls, expect[0] ? "" : " (no '# expect:' line)");
	else if (!o->expect && (n || !o->quiet))
		printf("%s: %s [%s] (page-size vectors)\n", path, kind, cls);
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { .in = { .format = FORMAT_AUTO } };
	struct tally t = { 0 };
	struct ipf_runner *r;

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	r = ipf_runner_create();
	if (!r) {
		fprintf(stderr, "iopgfuzz run: cannot reserve table memory\n");
		return EXIT_UNUSABLE;
	}
	/* Every option first: where it stands among the files never matters. */
	for (int i = 1; i < argc; i++) {
		if (!is_option(argv[i]))
			continue;
		if (!strcmp(argv[i], "--quiet"))
			o.quiet = true;
		else if (!strcmp(argv[i], "--expect"))
			o.expect = true;
		else if (!strcmp(argv[i], "--porcelain"))
			o.porcelain = true;
		else if (!input_opt("run", argv[i], &o.in))
			die_usage("run", "unknown option '%s'", argv[i]);
	}
	for (int i = 1; i < argc; i++) {
		struct ipf_program p;
		struct ipf_verdict v;
		struct ipf_run_stats st;
		char expect[100];

		if (is_option(argv[i]))
			continue;
		if (o.in.format != FORMAT_BINARY && is_vector_file(argv[i])) {
			t.files++;
			run_vectors(argv[i], &o, &t);
			continue;
		}
		if (++t.files, load_program(argv[i], &o.in, &p, expect, sizeof(expect))) {
			t.unusable++, t.failed++;
			if (o.porcelain)
				printf("%s\tunusable\tunusable\n", argv[i]);
		} else {
			ipf_run(r, &p, &v, &st);
			report(argv[i], &p, &v, &st, &o, expect, &t);
		}
	}
	ipf_runner_destroy(r);
	if (!t.files) {
		fprintf(stderr, "iopgfuzz run: no input files (try 'iopgfuzz run --help')\n");
		return EXIT_UNUSABLE;
	}
	printf("%lu programs: %lu agree, %lu findings, %lu unusable", t.files, t.agree,
	       t.findings, t.unusable);
	if (t.with_skips)
		printf(" (%lu with skipped operations)", t.with_skips);
	printf("\n");
	if (o.expect) {
		printf("%lu passed, %lu failed\n", t.passed, t.failed);
		return t.failed ? EXIT_FINDING : EXIT_AGREE;
	}
	return t.findings ? EXIT_FINDING : t.unusable ? EXIT_UNUSABLE : EXIT_AGREE;
}
