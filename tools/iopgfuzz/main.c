// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz: run, trace, print and make programs for the differential
 * harness. Exit status: 0 all agree, 1 a finding, 2 unusable input.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "run", cmd_run, "run programs on both engines, the golden model and the SMMUs" },
	{ "trace", cmd_trace, "show every call, flush, SMMU command and verdict of one program" },
	{ "stats", cmd_stats, "print the counters of both engines for one program" },
	{ "print", cmd_print, "print a program (binary or text) as text" },
	{ "encode", cmd_encode, "write a program as canonical binary" },
	{ "gen", cmd_gen, "make a random program from a seed" },
	{ "pgsize", cmd_pgsize, "judge page-size requests as fuzz_pgsize does" },
	{ "bugs", cmd_bugs, "list the injectable bugs" },
	{ "known", cmd_known, "list the known differences, skips and budgets" },
	{ "profiles", cmd_profiles, "list the kernel behaviour profiles and their changes" },
	{ "minimize", cmd_minimize, "shrink a finding, keeping its class (in process)" },
	{ "kernels", cmd_kernels, "the kernel trees built in; --selftest runs their selftests" },
	{ "kunit", cmd_kunit, "write programs as KUnit cases for the real io-pgtable-arm" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: iopgfuzz COMMAND [OPTIONS] ...\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].what);
	fprintf(out, "\n'iopgfuzz COMMAND --help' for each. Exit status: 0 agree, 1 finding,\n"
		     "2 unusable input (unreadable file, malformed text, refused configuration).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_UNUSABLE : EXIT_AGREE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "iopgfuzz: unknown command '%s' (try 'iopgfuzz --help')\n", argv[1]);
	return EXIT_UNUSABLE;
}
