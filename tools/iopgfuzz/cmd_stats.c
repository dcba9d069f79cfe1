// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz stats: the counters of both engines, ENGINE.COUNTER=VALUE. Over
 * several files (a corpus), the sums and, per counter, the optimised
 * engine's share of the reference's work.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: iopgfuzz stats [--text|--binary] [--bugs=LIST] FILE...\n"
	       "Runs the programs and prints every counter of both engines as\n"
	       "ENGINE.COUNTER=VALUE (ref.indirect_calls=4, opt.walks=1, ...): for one file\n"
	       "its own, for several their sums and ratio.COUNTER=opt/ref. Then, per\n"
	       "injectable bug, bug.NAME.reached (its code ran) and bug.NAME.triggered (it\n"
	       "was on and took its buggy branch), then the operations run and skipped\n"
	       "and the verdicts. Exit status as 'iopgfuzz run'.\n");
}

struct totals {
	struct ipf_counters c[IPF_ENGINES];
	enum ipf_engine engines[IPF_ENGINES]; /* of the first program: who the slots are */
	uint64_t ops_run, ops_skipped, programs, findings, unusable, empty[IPF_ENGINES];
	struct ipf_bug_hits bugs;   /* both engines */
	struct ipf_known_hits known;
	struct ipf_verdict last;
};

static void add(struct totals *t, const struct ipf_run_stats *st, const struct ipf_verdict *v)
{
	for (int e = 0; e < IPF_ENGINES; e++)
		for (int c = 0; c < IPF_CNT_NR; c++) {
			uint64_t *f = (uint64_t *)&t->c[e] + c;

			*f += ipf_counter_get(&st->counters[e], (enum ipf_counter_id)c);
		}
	for (int e = 0; e < IPF_ENGINES; e++)
		t->empty[e] += st->empty_tables[e];
	for (int e = 0; e < IPF_ENGINES; e++)
		for (int b = 0; b < IPF_BUG_NR; b++) {
			t->bugs.reached[b] += st->bug_hits[e].reached[b];
			t->bugs.triggered[b] += st->bug_hits[e].triggered[b];
		}
	if (!t->programs)
		memcpy(t->engines, st->engines, sizeof(t->engines));
	for (int k = 0; k < IPF_KNOWN_RULES; k++)
		t->known.n[k] += st->known.n[k];
	t->ops_run += st->ops_run;
	t->ops_skipped += st->ops_skipped;
	t->programs++;
	t->findings += v->kind == IPF_VERDICT_FINDING;
	t->unusable += v->kind == IPF_VERDICT_UNUSABLE;
	if (v->kind != IPF_VERDICT_AGREE || t->programs == 1)
		t->last = *v;
}

static void print(const struct totals *t)
{
	char line[400];

	for (int e = 0; e < IPF_ENGINES; e++)
		for (int c = 0; c < IPF_CNT_NR; c++)
			printf("%s.%s=%llu\n", ipf_engine_name(t->engines[e]),
			       ipf_counter_name((enum ipf_counter_id)c),
			       (unsigned long long)ipf_counter_get(&t->c[e], (enum ipf_counter_id)c));
	for (int e = 0; e < IPF_ENGINES; e++)
		printf("%s.empty_tables_left=%llu\n", ipf_engine_name(t->engines[e]),
		       (unsigned long long)t->empty[e]);
	if (t->programs > 1)
		for (int c = 0; c < IPF_CNT_NR; c++) {
			uint64_t ref = ipf_counter_get(&t->c[IPF_ENGINE_REF], (enum ipf_counter_id)c);
			uint64_t opt = ipf_counter_get(&t->c[IPF_ENGINE_OPT], (enum ipf_counter_id)c);

			if (ref)
				printf("ratio.%s=%.3f\n", ipf_counter_name((enum ipf_counter_id)c),
				       (double)opt / (double)ref);
		}
	for (int b = 0; b < IPF_BUG_NR; b++)
		printf("bug.%s.reached=%llu\nbug.%s.triggered=%llu\n",
		       ipf_bug_name((enum ipf_bug_id)b), (unsigned long long)t->bugs.reached[b],
		       ipf_bug_name((enum ipf_bug_id)b), (unsigned long long)t->bugs.triggered[b]);
	/* Every known difference, skip, budget and restriction, and how often it applied. */
	for (int k = 1; k < IPF_KNOWN_RULES; k++)
		printf("known.%s=%llu\n", ipf_known_rule((enum ipf_known_rule)k)->name,
		       (unsigned long long)t->known.n[k]);
	printf("programs=%llu\nops_run=%llu\nops_skipped=%llu\n", (unsigned long long)t->programs,
	       (unsigned long long)t->ops_run, (unsigned long long)t->ops_skipped);
	if (t->programs == 1) {
		ipf_verdict_format(&t->last, line, sizeof(line));
		printf("verdict=%s\n", line);
	} else {
		printf("findings=%llu\nunusable=%llu\n", (unsigned long long)t->findings,
		       (unsigned long long)t->unusable);
	}
}

int cmd_stats(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	struct totals t;
	struct ipf_runner *r;
	unsigned long files = 0, bad = 0;

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	memset(&t, 0, sizeof(t));
	r = ipf_runner_create();
	if (!r)
		return EXIT_UNUSABLE;
	for (int i = 1; i < argc; i++)
		if (is_option(argv[i]) && !input_opt("stats", argv[i], &o))
			die_usage("stats", "unknown option '%s'", argv[i]);
	for (int i = 1; i < argc; i++) {
		struct ipf_program p;
		struct ipf_verdict v;
		struct ipf_run_stats st;

		if (is_option(argv[i]))
			continue;
		files++;
		if (load_program(argv[i], &o, &p, NULL, 0)) {
			bad++;
			continue;
		}
		ipf_run(r, &p, &v, &st);
		add(&t, &st, &v);
	}
	ipf_runner_destroy(r);
	if (!files)
		die_usage("stats", "no input file%s", "");
	print(&t);
	return t.findings ? EXIT_FINDING : (bad || t.unusable) ? EXIT_UNUSABLE : EXIT_AGREE;
}
