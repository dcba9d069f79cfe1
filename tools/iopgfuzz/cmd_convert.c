// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz print / encode / gen: between the two forms, and random programs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_print(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	struct ipf_program p;
	int files = 0, bad = 0;

	if (wants_help(argc, argv)) {
		printf("usage: iopgfuzz print [--text|--binary] [--bugs=LIST] FILE...\n"
		       "Prints each program (binary or text) in the text form.\n");
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++)
		if (is_option(argv[i]) && !input_opt("print", argv[i], &o))
			die_usage("print", "unknown option '%s'", argv[i]);
	for (int i = 1; i < argc; i++) {
		if (is_option(argv[i]))
			continue;
		files++;
		if (load_program(argv[i], &o, &p, NULL, 0)) {
			bad++;
			continue;
		}
		if (files > 1)
			printf("\n");
		ipf_program_print(&p, stdout);
	}
	if (!files)
		die_usage("print", "no input file%s", "");
	return bad ? EXIT_UNUSABLE : EXIT_AGREE;
}

int cmd_encode(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	const char *in = NULL, *out = NULL;
	uint8_t buf[IPF_PROGRAM_MAX_BYTES];
	struct ipf_program p;
	size_t len;
	int err;

	if (wants_help(argc, argv)) {
		printf("usage: iopgfuzz encode [--text|--binary] [--bugs=LIST] FILE -o OUT\n"
		       "Writes the program in FILE as canonical binary to OUT (a new file,\n"
		       "renamed into place).\n");
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (input_opt("encode", argv[i], &o))
			continue;
		else if (argv[i][0] == '-' && argv[i][1])
			die_usage("encode", "unknown option '%s'", argv[i]);
		else if (in)
			die_usage("encode", "one file at a time, not also '%s'", argv[i]);
		else
			in = argv[i];
	}
	if (!in || !out)
		die_usage("encode", "needs FILE and -o OUT%s", "");
	if (load_program(in, &o, &p, NULL, 0))
		return EXIT_UNUSABLE;
	len = ipf_program_encode(&p, buf, sizeof(buf));
	err = len <= sizeof(buf) ? write_file(out, buf, len) : -E2BIG;
	if (err) {
		fprintf(stderr, "%s: cannot write: %s\n", out, strerror(-err));
		return EXIT_UNUSABLE;
	}
	return EXIT_AGREE;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random bytes in the binary layout, decoded: the same program for the same seed. */
int cmd_gen(int argc, char **argv)
{
	uint8_t bytes[32 + IPF_MAX_OPS * 32];
	const char *out = NULL;
	struct ipf_program p;
	uint64_t seed = 0, s;
	bool have_seed = false;
	size_t n = 32;
	int nops;

	if (wants_help(argc, argv)) {
		printf("usage: iopgfuzz gen --seed N [-o OUT]\n"
		       "Prints a random program, the same for the same seed, as text (or writes\n"
		       "its canonical binary to OUT).\n");
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			errno = 0;
			seed = strtoull(argv[++i], &end, 0);
			if (errno || *end || !*argv[i])
				die_usage("gen", "--seed takes a number, not '%s'", argv[i]);
			have_seed = true;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else {
			die_usage("gen", "unexpected argument '%s'", argv[i]);
		}
	}
	if (!have_seed)
		die_usage("gen", "needs --seed N%s", "");
	s = seed;
	for (size_t i = 0; i < 32; i++)
		bytes[i] = (uint8_t)(splitmix(&s) & (i < 5 ? 0xff : 0));
	nops = 4 + (int)(splitmix(&s) % 28);
	for (int k = 0; k < nops && n + 32 <= sizeof(bytes); k++) {
		size_t len = 1 + splitmix(&s) % 29;

		for (size_t i = 0; i < len; i++)
			bytes[n + i] = (uint8_t)splitmix(&s);
		bytes[n] %= IPF_OP_KINDS;
		bytes[n + 1] &= 0x7f;  /* windows, not literals: addresses that collide */
		bytes[n + 10] &= 0x7f;
		n += len;
		bytes[n++] = 0xa5;
		bytes[n++] = 0x5a;
	}
	ipf_program_decode(&p, bytes, n, 0);
	if (!out) {
		ipf_program_print(&p, stdout);
		return EXIT_AGREE;
	} else {
		uint8_t buf[IPF_PROGRAM_MAX_BYTES];
		size_t len = ipf_program_encode(&p, buf, sizeof(buf));
		int err = len <= sizeof(buf) ? write_file(out, buf, len) : -E2BIG;

		if (err) {
			fprintf(stderr, "%s: cannot write: %s\n", out, strerror(-err));
			return EXIT_UNUSABLE;
		}
	}
	return EXIT_AGREE;
}
