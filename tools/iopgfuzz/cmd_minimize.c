// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz minimize: shrink a finding on the typed program, in process,
 * keeping its class: drop operations, put configuration fields back to
 * their defaults, shrink sizes, simplify addresses, drop prot bits. Every
 * candidate is run through the same runner as 'iopgfuzz run' (with the same
 * --target, --bugs and engines), so the result finds what the input found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "iopgfuzz/bitops.h"

static void help(void)
{
	printf("usage: iopgfuzz minimize [--target=NAME] [--bugs=LIST] [--engines=A,B]\n"
	       "                         [--tries=N] [--oracle=CMD [--no-cli]] FILE -o OUT.txt\n"
	       "Shrinks the finding of FILE (text or binary) to a smaller program with the same\n"
	       "class (the bracket 'iopgfuzz run' prints): operations dropped, configuration\n"
	       "fields put back to their defaults, sizes shrunk, addresses simplified, prot bits\n"
	       "dropped, as long as the class holds. Deterministic. Writes the program as text to\n"
	       "OUT.txt, with '# expect: finding CLASS'; never over FILE.\n"
	       "  --target=NAME  run each candidate as fuzz target NAME runs it (its kinds; the\n"
	       "                 result keeps only those)\n"
	       "  --tries=N      at most N candidates run (default 20000)\n"
	       "  --oracle=CMD   also judge each candidate by CMD: its encoded bytes are\n"
	       "                 written to a file, 'CMD FILE' runs, and the first line it\n"
	       "                 prints is the class (nothing: no finding), which must stay\n"
	       "                 the original's: a fuzz binary's sanitizer report, say\n"
	       "  --no-cli       judge by the oracle alone (a finding the CLI does not see)\n"
	       "Exit status: 0 written, 1 FILE has no finding to minimise, 2 unusable input or\n"
	       "usage error.\n");
}

struct shrink {
	struct ipf_runner *r;
	bool cli;              /* the CLI's runner judges (else only the oracle) */
	char want[160];        /* the class to keep, by the runner */
	const char *oracle;    /* --oracle=CMD: a command that judges the encoded program */
	char want_oracle[160]; /* its class to keep */
	char cand[64];         /* where a candidate's bytes go for the oracle */
	unsigned long tries, max_tries;
};

/*
 * The oracle's class of p: its bytes written to cand, `sh -c 'CMD "$0"' cand`,
 * the first line it prints ("" for none, e.g. no crash).
 */
static void oracle_class(struct shrink *s, const struct ipf_program *p, char *cls, size_t cap)
{
	uint8_t buf[IPF_MAX_OPS * 40 + 64];
	size_t n = ipf_program_encode(p, buf, sizeof(buf));
	char cmd[4096];
	FILE *f;

	cls[0] = 0;
	if (n > sizeof(buf) || write_file(s->cand, buf, n))
		return;
	if (snprintf(cmd, sizeof(cmd), "%s %s", s->oracle, s->cand) >= (int)sizeof(cmd))
		return;
	f = popen(cmd, "r");
	if (!f)
		return;
	if (fgets(cls, (int)cap, f))
		cls[strcspn(cls, "\r\n")] = 0;
	else
		cls[0] = 0;
	pclose(f);
}

/* Does p still find the class? (Counts a try; false once the tries are spent.) */
static bool keeps(struct shrink *s, const struct ipf_program *p)
{
	struct ipf_verdict v;
	char cls[160];

	if (s->tries >= s->max_tries)
		return false;
	s->tries++;
	if (s->cli && (ipf_run(s->r, p, &v, NULL) != IPF_VERDICT_FINDING ||
		       strcmp(ipf_verdict_class(&v, cls, sizeof(cls)), s->want)))
		return false;
	if (!s->oracle)
		return true;
	oracle_class(s, p, cls, sizeof(cls));
	return !strcmp(cls, s->want_oracle);
}

/* Drop chunks of operations, halving the chunk down to one (ddmin's first half). */
static bool drop_ops(struct shrink *s, struct ipf_program *p)
{
	bool changed = false;

	for (uint32_t chunk = p->nr_ops / 2 ? p->nr_ops / 2 : 1; chunk; chunk /= 2) {
		for (uint32_t at = 0; at < p->nr_ops;) {
			struct ipf_program c = *p;
			uint32_t n = at + chunk <= p->nr_ops ? chunk : p->nr_ops - at;

			memmove(&c.ops[at], &c.ops[at + n], (c.nr_ops - at - n) * sizeof(c.ops[0]));
			c.nr_ops -= n;
			if (keeps(s, &c)) {
				*p = c;
				changed = true;
			} else {
				at += n;
			}
		}
	}
	return changed;
}

/* Each configuration field back to its default, one at a time. */
static bool default_config(struct shrink *s, struct ipf_program *p)
{
	struct ipf_config d;
	bool changed = false;

	ipf_config_default(&d);
#define TRY_FIELD(field)                                                         \
	do {                                                                     \
		struct ipf_program c = *p;                                       \
		if (memcmp(&c.cfg.field, &d.field, sizeof(d.field))) {           \
			c.cfg.field = d.field;                                   \
			if (keeps(s, &c)) {                                      \
				*p = c;                                          \
				changed = true;                                  \
			}                                                        \
		}                                                                \
	} while (0)
	TRY_FIELD(domain.smmu);
	TRY_FIELD(domain.non_strict);
	TRY_FIELD(domain.quirks);
	TRY_FIELD(domain.ias);
	TRY_FIELD(domain.oas);
	TRY_FIELD(domain.host_page_size);
	TRY_FIELD(domain.pgsize_bitmap);
	TRY_FIELD(domain.fmt);
	TRY_FIELD(smmu.range_inv);
	TRY_FIELD(smmu.ttl_strict);
	TRY_FIELD(smmu.lax);
	TRY_FIELD(smmu.tlb_entries);
	TRY_FIELD(smmu.wc_entries);
	TRY_FIELD(smmu.policy);
	TRY_FIELD(free_mode);
	TRY_FIELD(prefill);
#undef TRY_FIELD
	return changed;
}

/* One candidate value for a field of operation i: kept if the class holds. */
static bool try_op(struct shrink *s, struct ipf_program *p, uint32_t i, const struct ipf_op *op)
{
	struct ipf_program c = *p;

	if (!memcmp(&c.ops[i], op, sizeof(*op)))
		return false;
	c.ops[i] = *op;
	if (!keeps(s, &c))
		return false;
	*p = c;
	return true;
}

/* Smaller sizes, rounder addresses, fewer prot bits, reads for writes. */
static bool simplify_ops(struct shrink *s, struct ipf_program *p)
{
	uint64_t granule = 1ULL << ffs64(p->cfg.domain.pgsize_bitmap ? p->cfg.domain.pgsize_bitmap
								      : SZ_4K);
	bool changed = false;

	for (uint32_t i = 0; i < p->nr_ops; i++) {
		struct ipf_op o = p->ops[i];

		/* Sizes: the smallest page, then halves. */
		if (o.size > granule) {
			o.size = granule;
			if (try_op(s, p, i, &o))
				changed = true;
			o = p->ops[i];
			while (o.size / 2 >= granule && !(o.size / 2 & (granule - 1))) {
				o.size /= 2;
				if (!try_op(s, p, i, &o))
					break;
				changed = true;
			}
		}
		/* Addresses: a map's paddr equal to its iova, then iova rounded down to its top bits. */
		o = p->ops[i];
		if (o.kind == IPF_OP_MAP && o.paddr != o.iova) {
			o.paddr = o.iova;
			changed |= try_op(s, p, i, &o);
		}
		for (int bit = 0; bit < 64; bit++) {
			o = p->ops[i];
			if (!(o.iova & (1ULL << bit)) || !(o.iova & ~(1ULL << bit)))
				continue;
			o.iova &= ~(1ULL << bit);
			if (o.kind == IPF_OP_MAP && p->ops[i].paddr == p->ops[i].iova)
				o.paddr = o.iova;
			changed |= try_op(s, p, i, &o);
		}
		/* prot: each bit dropped; a write access made a read. */
		for (int bit = 0; bit < 6; bit++) {
			o = p->ops[i];
			if (o.kind != IPF_OP_MAP || !(o.prot & (1 << bit)))
				continue;
			o.prot &= ~(1 << bit);
			changed |= try_op(s, p, i, &o);
		}
		o = p->ops[i];
		if (o.kind == IPF_OP_DMA && o.write) {
			o.write = false;
			changed |= try_op(s, p, i, &o);
		}
	}
	return changed;
}

static int write_program(const char *path, const char *from, const struct ipf_program *p,
			 const char *cls)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return -1;
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "# minimised by iopgfuzz minimize from %s\n", from);
	if (!strchr(cls, ' ') && strchr(cls, ':') != cls)
		fprintf(f, "# expect: finding %s\n", cls);
	ipf_program_print(p, f);
	if (fclose(f) || rename(tmp, path)) {
		remove(tmp);
		return -1;
	}
	return 0;
}

int cmd_minimize(int argc, char **argv)
{
	struct input_opts o = { .format = FORMAT_AUTO };
	struct shrink s = { .max_tries = 20000, .cli = true };
	const char *in = NULL, *out = NULL;
	struct ipf_program p;
	struct ipf_verdict v;
	uint32_t ops0;
	bool changed;

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strncmp(argv[i], "--tries=", 8))
			s.max_tries = strtoul(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "--oracle=", 9) && argv[i][9])
			s.oracle = argv[i] + 9;
		else if (!strcmp(argv[i], "--no-cli"))
			s.cli = false;
		else if (is_option(argv[i]) && !input_opt("minimize", argv[i], &o))
			die_usage("minimize", "unknown option '%s'", argv[i]);
		else if (!is_option(argv[i]) && in)
			die_usage("minimize", "one file at a time, not also '%s'", argv[i]);
		else if (!is_option(argv[i]))
			in = argv[i];
	}
	if (!in || !out)
		die_usage("minimize", "needs FILE and -o OUT.txt%s", "");
	if (!s.max_tries)
		die_usage("minimize", "--tries takes a positive number%s", "");
	if (same_file(in, out)) {
		fprintf(stderr, "%s: iopgfuzz minimize never writes over its input (give another -o)\n",
			out);
		return EXIT_UNUSABLE;
	}
	if (load_program(in, &o, &p, NULL, 0))
		return EXIT_UNUSABLE;
	s.r = ipf_runner_create();
	if (!s.r) {
		fprintf(stderr, "iopgfuzz minimize: cannot reserve table memory\n");
		return EXIT_UNUSABLE;
	}
	if (!s.cli && !s.oracle)
		die_usage("minimize", "--no-cli needs an --oracle to judge%s", "");
	if (s.oracle) {
		int fd;

		snprintf(s.cand, sizeof(s.cand), "/tmp/iopgfuzz-minimize.XXXXXX");
		fd = mkstemp(s.cand);
		if (fd < 0) {
			fprintf(stderr, "iopgfuzz minimize: cannot make a file for the oracle in /tmp\n");
			ipf_runner_destroy(s.r);
			return EXIT_UNUSABLE;
		}
		close(fd);
	}
	if (s.cli) {
		if (ipf_run(s.r, &p, &v, NULL) != IPF_VERDICT_FINDING) {
			fprintf(stderr, "%s: no finding to minimise (%s)\n", in,
				v.kind == IPF_VERDICT_AGREE ? "agree" : "unusable");
			ipf_runner_destroy(s.r);
			return v.kind == IPF_VERDICT_AGREE ? EXIT_FINDING : EXIT_UNUSABLE;
		}
		ipf_verdict_class(&v, s.want, sizeof(s.want));
	}
	if (s.oracle) {
		oracle_class(&s, &p, s.want_oracle, sizeof(s.want_oracle));
		if (!s.want_oracle[0]) {
			fprintf(stderr, "%s: the oracle sees no finding to minimise\n", in);
			ipf_runner_destroy(s.r);
			remove(s.cand);
			return EXIT_FINDING;
		}
		if (!s.cli)
			snprintf(s.want, sizeof(s.want), "%s", s.want_oracle);
	}
	ops0 = p.nr_ops;
	do {
		changed = drop_ops(&s, &p);
		changed |= default_config(&s, &p);
		changed |= simplify_ops(&s, &p);
	} while (changed && s.tries < s.max_tries);
	ipf_runner_destroy(s.r);
	if (s.oracle)
		remove(s.cand);
	if (write_program(out, in, &p, s.want)) {
		fprintf(stderr, "%s: cannot write\n", out);
		return EXIT_UNUSABLE;
	}
	printf("%s: [%s] %u operations -> %u (%lu candidates run%s), written to %s\n", in, s.want,
	       ops0, p.nr_ops, s.tries, s.tries >= s.max_tries ? ", --tries spent" : "", out);
	return EXIT_AGREE;
}
