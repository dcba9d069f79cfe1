// SPDX-License-Identifier: GPL-2.0-only
/*
 * A main for fuzz targets built without a fuzzing engine (gcc, replay,
 * coverage): runs LLVMFuzzerTestOneInput once on each file named (a
 * directory: each file in it), as libFuzzer would replay a crash.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return 2;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap ? 2 * cap : 4096);

			if (!p) {
				fclose(f);
				free(buf);
				return 2;
			}
			buf = p;
			cap = cap ? 2 * cap : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned long *n)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	int ret = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: cannot open\n", path);
		return 2;
	}
	if (!S_ISDIR(st.st_mode))
		return (*n)++, run_file(path);
	dir = opendir(path);
	if (!dir)
		return 2;
	while ((de = readdir(dir))) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		ret |= run_path(sub, n);
	}
	closedir(dir);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long n = 0;
	int ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s [--ipf-bugs=LIST] FILE|DIR...\n"
			"(replays inputs; aborts on a finding)\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			ret |= run_path(argv[i], &n);
	fprintf(stderr, "%s: %lu inputs replayed, no finding\n", argv[0], n);
	return ret;
}
