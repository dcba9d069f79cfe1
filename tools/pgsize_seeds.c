// SPDX-License-Identifier: MIT
/*
 * iopgfuzz-pgsize-seeds VECTORS OUTDIR: one binary input of fuzz_pgsize per
 * vector line ("bitmap iova paddr size [32]"), written as OUTDIR/vector-N.
 * A malformed line is one error naming file and line, exit status 2.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_input(const char *dir, unsigned int n, const uint64_t v[4], int narrow)
{
	uint8_t buf[33];
	char path[4096], tmp[4200];
	FILE *f;

	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 8; i++)
			buf[8 * k + i] = (uint8_t)(v[k] >> (8 * i));
	buf[32] = narrow ? 1 : 0;
	snprintf(path, sizeof(path), "%s/vector-%u", dir, n);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f || fwrite(buf, 1, sizeof(buf), f) != sizeof(buf) || fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_line(char *line, uint64_t v[4], int *narrow)
{
	char *tok, *save = NULL, *end;
	int n = 0;

	*narrow = 0;
	for (tok = strtok_r(line, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == 4) {
			if (strcmp(tok, "32"))
				return -1;
			*narrow = 1;
			n++;
			continue;
		}
		if (n > 4)
			return -1;
		errno = 0;
		v[n++] = strtoull(tok, &end, 0);
		if (errno || *end)
			return -1;
	}
	return n >= 4 ? 0 : n == 0 ? 1 : -1;
}

int main(int argc, char **argv)
{
	char line[512];
	unsigned int lineno = 0, written = 0;
	FILE *in;

	if (argc != 3) {
		fprintf(stderr, "usage: iopgfuzz-pgsize-seeds VECTORS OUTDIR\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		fprintf(stderr, "%s: cannot read: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), in)) {
		uint64_t v[4];
		int narrow, r;
		char *hash = strchr(line, '#');

		lineno++;
		if (hash)
			*hash = 0;
		r = parse_line(line, v, &narrow);
		if (r > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s:%u: expected 'bitmap iova paddr size [32]'\n", argv[1], lineno);
			fclose(in);
			return 2;
		}
		if (write_input(argv[2], written++, v, narrow)) {
			fclose(in);
			return 2;
		}
	}
	fclose(in);
	return 0;
}
