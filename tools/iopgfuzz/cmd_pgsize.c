// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz pgsize: page-size requests (fuzz_pgsize's vectors, as text) judged
 * as fuzz_pgsize judges them, with or without the core's injectable bugs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "iopgfuzz/pgsize_vector.h"

static void help(void)
{
	printf("usage: iopgfuzz pgsize [--bugs=LIST|none] [--expect] FILE...\n"
	       "Each line of FILE is a page-size request, 'bitmap iova paddr size [32]'\n"
	       "(corpus/pgsize/vectors.txt; 32: a 32-bit unsigned long). Walks it as the\n"
	       "v5.15 core does and checks every (pgsize, count) against the core's\n"
	       "contract, v5.12 and a brute force, as fuzz_pgsize does. Prints a line per\n"
	       "finding and a summary.\n"
	       "  --bugs=A,B   switch these injectable bugs on (the file's own '# bugs:'\n"
	       "               line adds to them; --bugs=none: every bug off)\n"
	       "  --expect     compare with the file's '# expect:' line ('agree' or\n"
	       "               'finding pgsize'), which holds for the file as a whole\n"
	       "Exit status: 0 all agree (with --expect: as expected), 1 a finding (not as\n"
	       "expected), 2 an unusable file.\n");
}

struct pgsize_opts {
	uint64_t bugs;
	bool no_bugs, expect;
};

static const char *after(const char *line, const char *tag)
{
	size_t n = strlen(tag);

	if (strncmp(line, tag, n))
		return NULL;
	line += n;
	while (*line == ' ')
		line++;
	return line;
}

/* Findings in one file, or -1 when it is unusable (reported). */
static int judge_file(const char *path, const struct pgsize_opts *o, char *expect, size_t cap)
{
	FILE *f = fopen(path, "r");
	struct ipf_ctx ctx = { .bugs = o->bugs };
	char line[512], bad[64];
	unsigned int lineno = 0;
	int findings = 0;

	if (!f) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	expect[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		struct ipf_pgsize_vector v;
		const char *tail, *why;
		uint64_t more;
		int r;

		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if ((tail = after(line, "# expect:"))) {
			size_t n = strlen(tail) < cap ? strlen(tail) : cap - 1;

			memcpy(expect, tail, n);
			expect[n] = 0;
		}
		if ((tail = after(line, "# bugs:"))) {
			if (ipf_bugs_parse(tail, &more, bad, sizeof(bad))) {
				fprintf(stderr, "%s:%u: unknown bug '%s'\n", path, lineno, bad);
				fclose(f);
				return -1;
			}
			ctx.bugs |= more;
		}
		r = ipf_pgsize_vector_parse(line, &v);
		if (r > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s:%u: expected 'bitmap iova paddr size [32]'\n", path, lineno);
			fclose(f);
			return -1;
		}
		if (o->no_bugs)
			ctx.bugs = 0;
		why = ipf_pgsize_vector_check(&v, &ctx);
		if (why) {
			findings++;
			printf("%s:%u: finding [pgsize]: %s\n", path, lineno, why);
		}
	}
	fclose(f);
	return findings;
}

int cmd_pgsize(int argc, char **argv)
{
	struct pgsize_opts o = { 0 };
	unsigned int files = 0, bad = 0, unusable = 0;
	char name[64];

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expect"))
			o.expect = true;
		else if (!strcmp(argv[i], "--bugs=none"))
			o.no_bugs = true;
		else if (!strncmp(argv[i], "--bugs=", 7)) {
			if (ipf_bugs_parse(argv[i] + 7, &o.bugs, name, sizeof(name)))
				die_usage("pgsize", "unknown bug '%s'", name);
		} else if (argv[i][0] == '-')
			die_usage("pgsize", "unknown option '%s'", argv[i]);
	}
	for (int i = 1; i < argc; i++) {
		char expect[128];
		int n;

		if (argv[i][0] == '-')
			continue;
		files++;
		n = judge_file(argv[i], &o, expect, sizeof(expect));
		if (n < 0) {
			unusable++;
			continue;
		}
		if (o.expect && strcmp(expect, n ? "finding pgsize" : "agree")) {
			printf("%s: NOT as expected: %s, expected '%s'\n", argv[i],
			       n ? "finding pgsize" : "agree", expect);
			bad++;
		} else if (!o.expect && n) {
			bad++;
		}
	}
	if (!files)
		die_usage("pgsize", "no file given%s", "");
	printf("%u files: %u %s, %u unusable\n", files, bad,
	       o.expect ? "not as expected" : "with findings", unusable);
	return unusable ? EXIT_UNUSABLE : bad ? EXIT_FINDING : EXIT_AGREE;
}
