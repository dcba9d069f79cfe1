// SPDX-License-Identifier: MIT
/* iopgfuzz stats: the counters of both engines for one program, ENGINE.COUNTER=VALUE. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: iopgfuzz stats [--text|--binary] [--bugs=LIST] FILE\n"
	       "Runs the program and prints every counter of both engines as\n"
	       "ENGINE.COUNTER=VALUE (ref.indirect_calls=4, opt.walks=1, ...), then the\n"
	       "operations run and skipped and the verdict. Exit status as 'iopgfuzz run'.\n");
}

int cmd_stats(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	const char *path = NULL;
	struct ipf_program p;
	struct ipf_verdict v;
	struct ipf_run_stats st;
	struct ipf_runner *r;
	char line[400];

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (input_opt("stats", argv[i], &o))
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			die_usage("stats", "unknown option '%s'", argv[i]);
		if (path)
			die_usage("stats", "one file at a time, not also '%s'", argv[i]);
		path = argv[i];
	}
	if (!path)
		die_usage("stats", "no input file%s", "");
	if (load_program(path, &o, &p, NULL, 0))
		return EXIT_UNUSABLE;
	r = ipf_runner_create();
	if (!r)
		return EXIT_UNUSABLE;
	ipf_run(r, &p, &v, &st);
	ipf_runner_destroy(r);
	for (int e = 0; e < IPF_ENGINES; e++)
		for (int c = 0; c < IPF_CNT_NR; c++)
			printf("%s.%s=%llu\n", ipf_engine_name((enum ipf_engine)e),
			       ipf_counter_name((enum ipf_counter_id)c),
			       (unsigned long long)ipf_counter_get(&st.counters[e], (enum ipf_counter_id)c));
	printf("ops_run=%llu\nops_skipped=%llu\n", (unsigned long long)st.ops_run,
	       (unsigned long long)st.ops_skipped);
	ipf_verdict_format(&v, line, sizeof(line));
	printf("verdict=%s\n", line);
	return v.kind == IPF_VERDICT_AGREE ? EXIT_AGREE
	       : v.kind == IPF_VERDICT_FINDING ? EXIT_FINDING : EXIT_UNUSABLE;
}
