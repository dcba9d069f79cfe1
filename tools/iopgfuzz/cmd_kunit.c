// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kunit: programs as one KUnit test file for the real
 * io-pgtable-arm (kunit_plan.c works out each case, kunit_emit.c writes it).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kunit.h"

static void help(void)
{
	printf("usage: iopgfuzz kunit [--suite=NAME] [--profile=P] [--ttl-strict] [--quiet]\n"
	       "                      [--max-leaves=N] FILE... [-o OUT.c]\n"
	       "Writes a KUnit test file (stdout without -o) with one KUNIT_CASE per program:\n"
	       "alloc_io_pgtable_ops with the program's configuration, the map_pages and\n"
	       "unmap_pages calls the model's v5.15 core made, and KUNIT_EXPECT_* on every\n"
	       "return value, on iova_to_phys over every touched page and on the invalidation\n"
	       "of every removed leaf and table, as the golden model and the reference engine\n"
	       "say. What a case cannot express (SMMU settings, injectable bugs, device-side\n"
	       "operations) is named in its comment and on stderr.\n"
	       "  --suite=NAME    the kunit_suite's name (default iopgfuzz)\n"
	       "  --profile=P     expect what kernel P does (v5.15 ... v6.19, or a release\n"
	       "                  such as 6.12.57: the profile it behaves as); default: each\n"
	       "                  program's own (docs/profiles.md)\n"
	       "  --ttl-strict    honour ttl=strict: an add_page covers a removed leaf only\n"
	       "                  at the leaf's own size\n"
	       "  --max-leaves=N  the model's leaf budget per operation (known.h)\n"
	       "  --quiet         say nothing on stderr (the file's comments still say it)\n"
	       "In a kernel tree: the file in drivers/iommu/ with the Kconfig and Makefile\n"
	       "lines its header gives; in user space: kernel/ builds it against each tree.\n"
	       "Exit status: 0 written, 2 unusable input or usage error.\n");
}

/* The C name of a program's case, from its file name. */
static void case_name(char *buf, size_t cap, const char *path, struct kx_case *const *cases,
		      unsigned int n)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t k = (size_t)snprintf(buf, cap, "iopf_");
	unsigned int dup = 1;

	for (const char *s = base; *s && *s != '.' && k + 1 < cap - 8; s++)
		buf[k++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '_';
	buf[k] = 0;
	/* Taken: the name itself, or the name and _N. */
	for (unsigned int i = 0; i < n; i++) {
		const char *rest = cases[i]->name + k;

		if (strncmp(cases[i]->name, buf, k))
			continue;
		if (*rest == '_' && rest[1])
			rest += 1 + strspn(rest + 1, "0123456789");
		if (!*rest)
			dup++;
	}
	if (dup > 1)
		snprintf(buf + k, cap - k, "_%u", dup);
}

static bool printable(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] != '\n' && d[i] != '\t' && d[i] != '\r' && (d[i] < 0x20 || d[i] > 0x7e))
			return false;
	return true;
}

static void tell(const struct kx_case *c)
{
	for (uint32_t i = 0; i < c->nr_notes; i++)
		fprintf(stderr, "iopgfuzz kunit: %s: %s\n", c->path, c->notes[i]);
	for (uint32_t i = 0; i < c->nr_steps; i++)
		if (c->steps[i].skipped)
			fprintf(stderr, "iopgfuzz kunit: %s: not replayed: %s\n", c->steps[i].where,
				c->steps[i].note);
}

static int plan_file(const char *path, const struct kx_opts *ko, struct kx_case *c)
{
	struct input_opts in = { .format = FORMAT_AUTO,
				 .profile_choice = ko->profile_given ? PROFILE_GIVEN : PROFILE_OWN,
				 .profile = ko->profile };
	struct ipf_program *p = malloc(sizeof(*p));
	uint8_t *data = NULL;
	size_t len = 0;
	char err[200];
	int ret = -1;

	if (!p)
		return -1;
	if (!load_program(path, &in, p, NULL, 0) && !read_all(path, &data, &len)) {
		ret = kx_plan(c, path, printable(data, len) ? data : NULL, len, p, ko, err,
			      sizeof(err));
		if (ret)
			fprintf(stderr, "%s: %s\n", path, err);
	}
	free(data);
	free(p);
	return ret;
}

int cmd_kunit(int argc, char **argv)
{
	struct kx_opts ko = { 0 };
	const char *out_path = NULL, *suite = "iopgfuzz";
	struct kx_case **cases = calloc((size_t)argc, sizeof(*cases));
	char command[2048] = "iopgfuzz kunit";
	unsigned int n = 0;
	int status = EXIT_AGREE;
	bool quiet = false;

	if (wants_help(argc, argv)) {
		help();
		free(cases);
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out_path = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--suite=", 8) && argv[i][8])
			suite = argv[i] + 8;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (!strncmp(argv[i], "--profile=", 10) &&
			 !ipf_profile_parse(argv[i] + 10, &ko.profile))
			ko.profile_given = true;
		else if (!strcmp(argv[i], "--ttl-strict"))
			ko.ttl_strict = true;
		else if (!strncmp(argv[i], "--max-leaves=", 13) && atol(argv[i] + 13) > 0)
			ko.max_leaves = (uint32_t)atol(argv[i] + 13);
		else if (is_option(argv[i]))
			die_usage("kunit", "unknown or incomplete option '%s'", argv[i]);
		if (strcmp(argv[i], "--quiet"))
			snprintf(command + strlen(command), sizeof(command) - strlen(command),
				 " %s", argv[i]);
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			i++;
			continue;
		}
		if (is_option(argv[i]))
			continue;
		if (out_path && same_file(argv[i], out_path))
			die_usage("kunit", "-o names an input, '%s'", argv[i]);
		cases[n] = calloc(1, sizeof(**cases));
		if (!cases[n]) {
			status = EXIT_UNUSABLE;
			break;
		}
		case_name(cases[n]->name, sizeof(cases[n]->name), argv[i], cases, n);
		if (plan_file(argv[i], &ko, cases[n])) {
			kx_case_free(cases[n]);
			free(cases[n]);
			status = EXIT_UNUSABLE;
			break;
		}
		if (!quiet)
			tell(cases[n]);
		n++;
	}
	if (!n && status == EXIT_AGREE)
		die_usage("kunit", "no input file%s", "");
	if (status == EXIT_AGREE) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (!mem) {
			status = EXIT_UNUSABLE;
		} else {
			kx_emit(mem, suite, cases, n, command);
			fclose(mem);
			if (!out_path)
				fwrite(buf, 1, len, stdout);
			else if (write_file(out_path, buf, len)) {
				fprintf(stderr, "%s: cannot write\n", out_path);
				status = EXIT_UNUSABLE;
			}
			free(buf);
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		kx_case_free(cases[i]);
		free(cases[i]);
	}
	free(cases);
	return status;
}
