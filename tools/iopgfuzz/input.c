// SPDX-License-Identifier: GPL-2.0-only
/* Reading programs from files, text or binary, with one-line errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_INPUT (1u << 20)

int read_all(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	struct stat st;
	uint8_t *buf;

	if (!f)
		return -errno;
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		return -EISDIR;
	}
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0 || n > MAX_INPUT)
			break;
		if (n == cap) {
			uint8_t *p = realloc(buf, cap * 2);

			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (!buf || ferror(f) || n > MAX_INPUT) {
		int err = !buf ? -ENOMEM : n > MAX_INPUT ? -EFBIG : -EIO;

		fclose(f);
		free(buf);
		return err;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Text: the name says so, or printable bytes whose first word is a keyword. */
static bool looks_like_text(const char *path, const uint8_t *d, size_t n)
{
	static const char *const words[] = { "config", "map", "unmap", "unmap-lazy", "flush-all",
					     "dma", "prefetch" };
	size_t i = 0, w;

	if (has_suffix(path, ".txt") || has_suffix(path, ".ipf"))
		return true;
	for (size_t k = 0; k < n; k++)
		if (d[k] != '\n' && d[k] != '\t' && d[k] != '\r' && (d[k] < 0x20 || d[k] > 0x7e))
			return false;
	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
			i++;
		if (i < n && d[i] == '#') {
			while (i < n && d[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t l = strlen(words[w]);

		if (n - i >= l && !memcmp(d + i, words[w], l) &&
		    (n - i == l || d[i + l] == ' ' || d[i + l] == '\n' || d[i + l] == '\t'))
			return true;
	}
	return false;
}

/*
 * The "# expect: ..." line of a text program, if any; where the verdict
 * depends on the kernel, "# expect v6.13: ..." lines say it from that
 * profile on, and the newest one not after `profile` counts.
 */
static void find_expect(const uint8_t *d, size_t n, enum ipf_profile profile, char *expect,
			size_t cap)
{
	static const char tag[] = "# expect";
	enum ipf_profile best = IPF_PROFILES;

	expect[0] = 0;
	for (size_t i = 0; i + sizeof(tag) - 1 <= n; i++) {
		enum ipf_profile since = IPF_PROFILE_V5_15;
		char name[16];
		size_t k = 0;

		if ((i && d[i - 1] != '\n') || memcmp(d + i, tag, sizeof(tag) - 1))
			continue;
		i += sizeof(tag) - 1;
		if (i < n && d[i] == ' ') {
			while (i < n && d[i] == ' ')
				i++;
			while (i < n && d[i] != ':' && d[i] != '\n' && k + 1 < sizeof(name))
				name[k++] = (char)d[i++];
			name[k] = 0;
			if (ipf_profile_lookup(name, &since))
				continue;
		}
		if (i >= n || d[i] != ':' || since > profile ||
		    (best != IPF_PROFILES && since < best))
			continue;
		best = since;
		for (i++, k = 0; i < n && d[i] == ' '; i++)
			;
		while (i < n && d[i] != '\n' && d[i] != '\r' && k + 1 < cap)
			expect[k++] = (char)d[i++];
		while (k && expect[k - 1] == ' ')
			k--;
		expect[k] = 0;
	}
}

/*
 * --target: the target's kinds of operation; a kernel target's participants
 * too, unless the command line or the program already names them.
 */
static int apply_target(const char *path, const struct input_opts *o, struct ipf_program *p)
{
	struct ipf_target kinds_only;
	bool named = o->engines_given || p->cfg.engines[0] != IPF_ENGINE_REF ||
		     p->cfg.engines[1] != IPF_ENGINE_OPT;

	if (!o->target)
		return 0;
	kinds_only = *o->target;
	kinds_only.kernel = o->target->kernel && !named;
	if (ipf_target_apply(&kinds_only, p, NULL))
		return 0;
	fprintf(stderr, "%s: %s runs a kernel tree, and this build has none "
		"(tools/kernel-tree prepare build/kernel)\n", path, o->target->name);
	return -1;
}

int load_program(const char *path, const struct input_opts *o, struct ipf_program *p,
		 char *expect, size_t expect_cap)
{
	uint8_t *data = NULL;
	size_t len = 0;
	int err = read_all(path, &data, &len);
	bool text;

	if (err) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(-err));
		return -1;
	}
	text = o->format == FORMAT_TEXT || (o->format == FORMAT_AUTO && looks_like_text(path, data, len));
	if (expect)
		expect[0] = 0;
	if (text) {
		char msg[256];

		if (ipf_program_parse(p, (const char *)data, len, msg, sizeof(msg))) {
			fprintf(stderr, "%s:%s\n", path, msg);
			free(data);
			return -1;
		}
	} else {
		ipf_program_decode(p, data, len, o->input_bugs ? ~0ULL : 0);
	}
	p->cfg.domain.bugs = o->no_bugs ? 0 : p->cfg.domain.bugs | o->bugs;
	if (o->max_leaves)
		p->cfg.max_leaves = o->max_leaves;
	if (o->engines_given) {
		memcpy(p->cfg.engines, o->engines.engines, sizeof(p->cfg.engines));
		memcpy(p->cfg.kernel, o->engines.kernel, sizeof(p->cfg.kernel));
	}
	if (apply_target(path, o, p))
		goto fail;
	if (o->profile_choice == PROFILE_GIVEN)
		p->cfg.domain.profile = o->profile;
	if (o->profile_choice == PROFILE_TREE && !ipf_config_follow_tree(&p->cfg)) {
		bool named = ipf_engine_is_kernel(p->cfg.engines[0]) ||
			     ipf_engine_is_kernel(p->cfg.engines[1]);

		fprintf(stderr, "%s: --profile=tree, but %s\n", path,
			named ? "its kernel tree is not in this build (iopgfuzz kernels)"
			      : "no participant runs a kernel tree");
		goto fail;
	}
	if (text && expect)
		find_expect(data, len, p->cfg.domain.profile, expect, expect_cap);
	free(data);
	return 0;
fail:
	free(data);
	return -1;
}

void die_usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "iopgfuzz %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (try 'iopgfuzz %s --help')\n", cmd);
	exit(EXIT_UNUSABLE);
}

static uint64_t parse_bugs(const char *cmd, const char *list)
{
	uint64_t bugs;
	char bad[64];

	if (ipf_bugs_parse(list, &bugs, bad, sizeof(bad)))
		die_usage(cmd, "unknown bug '%s'", bad);
	return bugs;
}

/*
 * --engines=A,B (ref|opt|kernel:TREE|kernel-core:TREE), or --kernel=TREE for
 * opt,kernel:TREE, or --kernel-core=TREE for opt,kernel-core:TREE.
 */
static void parse_engines(const char *cmd, const char *arg, struct input_opts *o)
{
	char list[80];

	if (!strncmp(arg, "--kernel=", 9))
		snprintf(list, sizeof(list), "opt,kernel:%s", arg + 9);
	else if (!strncmp(arg, "--kernel-core=", 14))
		snprintf(list, sizeof(list), "opt,kernel-core:%s", arg + 14);
	else
		snprintf(list, sizeof(list), "%s", arg + 10);
	if (ipf_engines_parse(list, &o->engines))
		die_usage(cmd, "'%s': expected --engines=A,B of ref|opt|kernel:TREE|kernel-core:TREE, "
			  "--kernel=TREE or --kernel-core=TREE", arg);
	o->engines_given = true;
}

bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1];
}

static uint32_t parse_max_leaves(const char *cmd, const char *arg)
{
	char *end;
	unsigned long long n = strtoull(arg + 13, &end, 0);

	if (end == arg + 13 || *end || !n || n > (1u << 24))
		die_usage(cmd, "'%s': expected --max-leaves=N, 1 <= N <= 16777216", arg);
	return (uint32_t)n;
}

static const struct ipf_target *parse_target(const char *cmd, const char *name)
{
	const struct ipf_target *t = ipf_target_find(name);
	char list[200] = "";

	if (t)
		return t;
	for (unsigned int i = 0; i < ipf_nr_targets; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 ipf_targets[i].name);
	fprintf(stderr, "iopgfuzz %s: unknown target '%s' (one of %s; fuzz_pgsize's vectors go to "
		"'iopgfuzz pgsize')\n", cmd, name, list);
	exit(EXIT_UNUSABLE);
}

bool input_opt(const char *cmd, const char *arg, struct input_opts *o)
{
	if (!strcmp(arg, "--text"))
		o->format = FORMAT_TEXT;
	else if (!strcmp(arg, "--binary"))
		o->format = FORMAT_BINARY;
	else if (!strcmp(arg, "--bugs=input"))
		o->input_bugs = true;
	else if (!strcmp(arg, "--bugs=none"))
		o->no_bugs = true;
	else if (!strncmp(arg, "--bugs=", 7))
		o->bugs |= parse_bugs(cmd, arg + 7);
	else if (!strncmp(arg, "--target=", 9))
		o->target = parse_target(cmd, arg + 9);
	else if (!strncmp(arg, "--max-leaves=", 13))
		o->max_leaves = parse_max_leaves(cmd, arg);
	else if (!strcmp(arg, "--profile=tree"))
		o->profile_choice = PROFILE_TREE;
	else if (!strncmp(arg, "--profile=", 10)) {
		if (ipf_profile_parse(arg + 10, &o->profile))
			die_usage(cmd, "'%s': expected --profile=v5.15|v6.12|v6.13|v6.14|v6.19|tree "
				  "or a release (6.12.57)", arg);
		o->profile_choice = PROFILE_GIVEN;
	} else if (!strncmp(arg, "--engines=", 10) || !strncmp(arg, "--kernel=", 9) ||
		 !strncmp(arg, "--kernel-core=", 14))
		parse_engines(cmd, arg, o);
	else
		return false;
	return true;
}

bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

int write_file(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "wb");
	if (!f)
		return -errno;
	ok = fwrite(data, 1, len, f) == len;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path)) {
		int err = errno ? -errno : -EIO;

		unlink(tmp);
		return err;
	}
	return 0;
}
