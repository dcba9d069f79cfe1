// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz-bench --replay: programs (text or binary, files or directories)
 * run through the runner as a fuzz target runs them, each several times;
 * the median time of each, the slowest ones, and whether any took longer
 * than a generous bound. A benchmark: its figures are this machine's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bench.h"
#include "iopgfuzz/program.h"
#include "iopgfuzz/runner.h"
#include "iopgfuzz/targets.h"

#define MAX_INPUTS 100000
#define MAX_BYTES (1 << 20)

struct timing {
	char *path;
	double us;
	enum ipf_verdict_kind kind;
};

struct replay {
	const struct ipf_target *target;
	struct ipf_runner *runner;
	int reps;
	struct timing *t;
	size_t nr;
	int unusable;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

static int by_us(const void *a, const void *b)
{
	const struct timing *x = a, *y = b;

	return x->us < y->us ? 1 : x->us > y->us ? -1 : strcmp(x->path, y->path);
}

static int cmp_us(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static bool is_text_name(const char *path)
{
	size_t n = strlen(path);

	return (n > 4 && !strcmp(path + n - 4, ".txt")) || (n > 4 && !strcmp(path + n - 4, ".ipf"));
}

/* The program in path, as the target runs it; false (reported, counted) if unusable. */
static bool load(struct replay *r, const char *path, struct ipf_program *p)
{
	static char buf[MAX_BYTES];
	FILE *f = fopen(path, "rb");
	size_t len;
	char msg[256];

	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		r->unusable++;
		return false;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (is_text_name(path)) {
		if (ipf_program_parse(p, buf, len, msg, sizeof(msg))) {
			fprintf(stderr, "%s:%s\n", path, msg);
			r->unusable++;
			return false;
		}
	} else {
		ipf_program_decode(p, (const uint8_t *)buf, len, 0);
	}
	if (r->target && !ipf_target_apply(r->target, p, NULL)) {
		fprintf(stderr, "%s: %s needs a kernel tree this build does not have\n", path,
			r->target->name);
		r->unusable++;
		return false;
	}
	return true;
}

static void time_one(struct replay *r, const char *path)
{
	static double us[64];
	struct ipf_program p;
	struct ipf_verdict v;
	enum ipf_verdict_kind kind = IPF_VERDICT_AGREE;

	if (r->nr == MAX_INPUTS || !load(r, path, &p))
		return;
	for (int i = 0; i < r->reps; i++) {
		double t0 = now_us();

		kind = ipf_run(r->runner, &p, &v, NULL);
		us[i] = now_us() - t0;
	}
	qsort(us, (size_t)r->reps, sizeof(*us), cmp_us);
	r->t[r->nr++] = (struct timing){ .path = strdup(path), .us = us[r->reps / 2], .kind = kind };
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every file of a directory in name order. */
static void time_path(struct replay *r, const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		time_one(r, path);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		r->unusable++;
		return;
	}
	while ((de = readdir(dir))) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **more = realloc(names, (cap = cap ? 2 * cap : 256) * sizeof(*names));

			if (!more)
				break;
			names = more;
		}
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		names[n++] = strdup(sub);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		time_one(r, names[i]);
		free(names[i]);
	}
	free(names);
}

static const char *kind_name(enum ipf_verdict_kind k)
{
	return k == IPF_VERDICT_AGREE ? "agree" : k == IPF_VERDICT_FINDING ? "finding" : "unusable";
}

int bench_replay(int argc, char **argv)
{
	struct replay r = { .reps = 5 };
	double bound_ms = 1000, total = 0;
	int top = 10, over = 0, files = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "--target=", 9)) {
			r.target = ipf_target_find(a + 9);
			if (!r.target) {
				fprintf(stderr, "iopgfuzz-bench: no target '%s'\n", a + 9);
				return 2;
			}
		} else if (!strncmp(a, "--reps=", 7)) {
			r.reps = atoi(a + 7);
		} else if (!strncmp(a, "--bound-ms=", 11)) {
			bound_ms = atof(a + 11);
		} else if (!strncmp(a, "--top=", 6)) {
			top = atoi(a + 6);
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "iopgfuzz-bench: unknown option '%s' (try --help)\n", a);
			return 2;
		} else {
			files++;
		}
	}
	if (r.reps < 1 || r.reps > 63 || bound_ms < 0 || top < 0 || !files) {
		fprintf(stderr, "iopgfuzz-bench: --replay takes FILE|DIR..., --reps=1..63, "
			"--bound-ms=MS (0: none), --top=N\n");
		return 2;
	}
	r.t = calloc(MAX_INPUTS, sizeof(*r.t));
	r.runner = ipf_runner_create();
	if (!r.t || !r.runner) {
		fprintf(stderr, "iopgfuzz-bench: out of memory\n");
		return 2;
	}
	for (int i = 0; i < argc; i++)
		if (argv[i][0] != '-' || !argv[i][1])
			time_path(&r, argv[i]);
	for (size_t i = 0; i < r.nr; i++) {
		total += r.t[i].us;
		over += bound_ms > 0 && r.t[i].us > bound_ms * 1e3;
	}
	qsort(r.t, r.nr, sizeof(*r.t), by_us);
	printf("replay%s%s: %zu programs, median of %d runs each, %.1f us per program on average\n",
	       r.target ? " as " : "", r.target ? r.target->name : "", r.nr, r.reps,
	       r.nr ? total / (double)r.nr : 0.0);
	printf("the slowest %d (us, verdict, program):\n", top < (int)r.nr ? top : (int)r.nr);
	for (size_t i = 0; i < r.nr && (int)i < top; i++)
		printf("  %10.1f  %-8s %s\n", r.t[i].us, kind_name(r.t[i].kind), r.t[i].path);
	if (bound_ms > 0)
		printf("%d over the bound of %.0f ms\n", over, bound_ms);
	for (size_t i = 0; i < r.nr; i++)
		free(r.t[i].path);
	free(r.t);
	ipf_runner_destroy(r.runner);
	return r.unusable ? 2 : over ? 1 : 0;
}
