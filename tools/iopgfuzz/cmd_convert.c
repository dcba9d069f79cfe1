// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz print / encode / gen: between the two forms, and random programs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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


/* The "key=value" word of a config line into buf ("" if absent); key is " key=". */
static void config_word(const char *line, const char *key, char *buf, size_t cap)
{
	const char *w = strstr(line, key);
	size_t n = 0;

	w = w ? w + 1 : "";
	while (w[n] && w[n] != ' ')
		n++;
	snprintf(buf, cap, "%.*s", (int)n, w);
}

/*
 * The fields of p that a binary program does not carry to a fuzz target: the
 * bytes keep ttl=strict and bugs=, read back only under --bugs=input, and
 * engines= is not in them at all. One line on stderr naming them.
 */
static void note_lost_fields(const struct ipf_program *p, const char *out)
{
	char line[IPF_CONFIG_LINE_MAX], word[IPF_CONFIG_LINE_MAX], kept[2 * IPF_CONFIG_LINE_MAX] = "";
	const struct ipf_config *c = &p->cfg;
	bool engines = c->engines[0] != IPF_ENGINE_REF || c->engines[1] != IPF_ENGINE_OPT;

	ipf_config_format(c, line, sizeof(line));
	if (c->smmu.ttl_strict)
		snprintf(kept, sizeof(kept), "ttl=strict");
	if (c->domain.bugs) {
		config_word(line, " bugs=", word, sizeof(word));
		snprintf(kept + strlen(kept), sizeof(kept) - strlen(kept), "%s%s",
			 kept[0] ? " and " : "", word);
	}
	if (kept[0])
		fprintf(stderr, "iopgfuzz encode: note: %s keeps %s, but only --bugs=input reads %s "
			"back (fuzz targets never do)\n", out, kept,
			c->smmu.ttl_strict && c->domain.bugs ? "them" : "it");
	if (engines) {
		config_word(line, " engines=", word, sizeof(word));
		fprintf(stderr, "iopgfuzz encode: note: %s does not keep %s: the binary form has no "
			"engines (give --engines= when running it)\n", out, word);
	}
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
		       "renamed into place; never FILE itself). The bytes keep ttl=strict and\n"
		       "bugs=, but only the CLI's --bugs=input reads them back (fuzz targets\n"
		       "never do), and engines= is not in the binary form: a note on stderr\n"
		       "names such a field.\n");
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
	if (same_file(in, out)) {
		fprintf(stderr, "iopgfuzz encode: %s: the output is the input; give another -o OUT\n",
			out);
		return EXIT_UNUSABLE;
	}
	if (load_program(in, &o, &p, NULL, 0))
		return EXIT_UNUSABLE;
	len = ipf_program_encode(&p, buf, sizeof(buf));
	err = len <= sizeof(buf) ? write_file(out, buf, len) : -E2BIG;
	if (err) {
		fprintf(stderr, "%s: cannot write: %s\n", out, strerror(-err));
		return EXIT_UNUSABLE;
	}
	note_lost_fields(&p, out);
	return EXIT_AGREE;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The configuration bytes of draw k: the seed's own first, then fresh ones. */
static void gen_config(uint64_t seed, unsigned int k, uint8_t bytes[32])
{
	uint64_t s = k ? seed ^ (0xd1b54a32d192ed03ULL * k) : seed;

	for (size_t i = 0; i < 32; i++)
		bytes[i] = (uint8_t)(splitmix(&s) & (i < 5 ? 0xff : 0));
}

/* Refused by the participants (ref and opt) before any operation? */
static bool gen_refused(struct ipf_runner *r, const struct ipf_program *p, struct ipf_verdict *v)
{
	struct ipf_program cfg_only = { .cfg = p->cfg };

	return ipf_run(r, &cfg_only, v, NULL) == IPF_VERDICT_UNUSABLE;
}

#define GEN_DRAWS 64

/*
 * Random bytes in the binary layout, decoded: the same program for the same
 * seed. The configuration is drawn again (deterministically) until ref and opt
 * accept it, the operations staying the seed's; --any keeps the first draw.
 */
int cmd_gen(int argc, char **argv)
{
	uint8_t bytes[32 + IPF_MAX_OPS * 32];
	const char *out = NULL;
	struct ipf_program p;
	struct ipf_verdict v;
	struct ipf_runner *r;
	uint64_t seed = 0, s;
	bool have_seed = false, any = false;
	size_t n = 32;
	unsigned int k;
	int nops;

	if (wants_help(argc, argv)) {
		printf("usage: iopgfuzz gen --seed N [--any] [-o OUT]\n"
		       "Prints a random program, the same for the same seed, as text (or writes\n"
		       "its canonical binary to OUT). Its configuration is one the reference and\n"
		       "optimised engines accept: a drawn configuration they refuse is drawn\n"
		       "again, from the seed. --any keeps the first draw, refused or not (a note\n"
		       "on stderr says so).\n");
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
		} else if (!strcmp(argv[i], "--any")) {
			any = true;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else {
			die_usage("gen", "unexpected argument '%s'", argv[i]);
		}
	}
	if (!have_seed)
		die_usage("gen", "needs --seed N%s", "");
	s = seed;
	gen_config(seed, 0, bytes);
	for (size_t i = 0; i < 32; i++)
		splitmix(&s);
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
	r = ipf_runner_create();
	if (!r) {
		fprintf(stderr, "iopgfuzz gen: cannot reserve table memory\n");
		return EXIT_UNUSABLE;
	}
	/* Draw GEN_DRAWS: all zero, the default configuration, which both accept. */
	for (k = 0; k <= GEN_DRAWS; k++) {
		if (k == GEN_DRAWS)
			memset(bytes, 0, 32);
		else if (k)
			gen_config(seed, k, bytes);
		ipf_program_decode(&p, bytes, n, 0);
		if (!gen_refused(r, &p, &v) || any)
			break;
	}
	if (any && v.kind == IPF_VERDICT_UNUSABLE)
		fprintf(stderr, "iopgfuzz gen: note: seed %llu: %s (without --any gen draws another)\n",
			(unsigned long long)seed, v.detail);
	ipf_runner_destroy(r);
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
