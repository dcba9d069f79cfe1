// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz pgsize: page-size requests (fuzz_pgsize's vectors, as text) judged
 * as fuzz_pgsize judges them, with or without the core's injectable bugs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "iopgfuzz/pgsize_vector.h"

static void help(void)
{
	printf("usage: iopgfuzz pgsize [--bugs=LIST|none] [--expect] [--text|--binary] FILE...\n"
	       "Each line of FILE is a page-size request, 'bitmap iova paddr size [32]'\n"
	       "(corpus/pgsize/vectors.txt; 32: a 32-bit unsigned long); a file that is not\n"
	       "text is one fuzz_pgsize input (its bytes, as the target reads them). Walks it as the\n"
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
	enum input_format format;
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

/* Printable text, or the bytes of a fuzz input (NULs, control bytes, high bytes)? */
static bool is_text(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((d[i] < 0x20 && !strchr("\t\r\n", d[i])) || d[i] > 0x7e)
			return false;
	return true;
}

bool pgsize_looks_like_vectors(const uint8_t *d, size_t n)
{
	size_t i = 0;

	/* The first line that is neither blank nor a comment starts with a number. */
	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\t'))
			i++;
		if (i < n && d[i] == '#') {
			while (i < n && d[i] != '\n')
				i++;
		}
		if (i < n && (d[i] == '\n' || d[i] == '\r')) {
			i++;
			continue;
		}
		return i < n && d[i] >= '0' && d[i] <= '9';
	}
	return false;
}

static int judge_one(const char *path, unsigned int lineno, const struct ipf_pgsize_vector *v,
		     struct ipf_ctx *ctx)
{
	const char *why = ipf_pgsize_vector_check(v, ctx);

	if (!why)
		return 0;
	if (lineno)
		printf("%s:%u: finding [pgsize]: %s\n", path, lineno, why);
	else
		printf("%s: finding [pgsize]: %s\n", path, why);
	return 1;
}

int pgsize_judge_file(const char *path, enum input_format format, uint64_t bugs, bool no_bugs,
		      char *expect, size_t cap)
{
	struct ipf_ctx ctx = { .bugs = bugs };
	char line[512], bad[64];
	unsigned int lineno = 0;
	int findings = 0, err;
	uint8_t *data;
	size_t len, at = 0;

	err = read_all(path, &data, &len);
	if (err) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(-err));
		return -1;
	}
	expect[0] = 0;
	if (format == FORMAT_BINARY || (format == FORMAT_AUTO && !is_text(data, len))) {
		/* fuzz_pgsize's own bytes, judged as it judges them. */
		struct ipf_pgsize_vector v;

		ipf_pgsize_vector_decode(&v, data, len);
		free(data);
		if (no_bugs)
			ctx.bugs = 0;
		return judge_one(path, 0, &v, &ctx);
	}
	while (at < len) {
		struct ipf_pgsize_vector v;
		size_t n = 0;
		const char *tail;
		uint64_t more;
		int r;

		while (at < len && data[at] != '\n' && n + 1 < sizeof(line))
			line[n++] = (char)data[at++];
		while (at < len && data[at] != '\n')
			at++;
		at++;
		line[n] = 0;
		lineno++;
		line[strcspn(line, "\r")] = 0;
		if ((tail = after(line, "# expect:"))) {
			size_t k = strlen(tail) < cap ? strlen(tail) : cap - 1;

			memcpy(expect, tail, k);
			expect[k] = 0;
		}
		if ((tail = after(line, "# bugs:"))) {
			if (ipf_bugs_parse(tail, &more, bad, sizeof(bad))) {
				fprintf(stderr, "%s:%u: unknown bug '%s'\n", path, lineno, bad);
				free(data);
				return -1;
			}
			ctx.bugs |= more;
		}
		r = ipf_pgsize_vector_parse(line, &v);
		if (r > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s:%u: expected 'bitmap iova paddr size [32]'\n", path, lineno);
			free(data);
			return -1;
		}
		if (no_bugs)
			ctx.bugs = 0;
		findings += judge_one(path, lineno, &v, &ctx);
	}
	free(data);
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
		else if (!strcmp(argv[i], "--text"))
			o.format = FORMAT_TEXT;
		else if (!strcmp(argv[i], "--binary"))
			o.format = FORMAT_BINARY;
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
		n = pgsize_judge_file(argv[i], o.format, o.bugs, o.no_bugs, expect, sizeof(expect));
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
