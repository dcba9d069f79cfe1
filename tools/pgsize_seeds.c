// SPDX-License-Identifier: GPL-2.0-only
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

#include "iopgfuzz/pgsize_vector.h"

static int write_input(const char *dir, unsigned int n, const struct ipf_pgsize_vector *v)
{
	const uint64_t field[4] = { v->bitmap, v->iova, v->paddr, v->size };
	uint8_t buf[33];
	char path[4096], tmp[4200];
	FILE *f;

	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 8; i++)
			buf[8 * k + i] = (uint8_t)(field[k] >> (8 * i));
	buf[32] = v->long_bits == 32;
	snprintf(path, sizeof(path), "%s/vector-%u", dir, n);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f || fwrite(buf, 1, sizeof(buf), f) != sizeof(buf) || fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
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
		struct ipf_pgsize_vector v;
		int r;

		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		r = ipf_pgsize_vector_parse(line, &v);
		if (r > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s:%u: expected 'bitmap iova paddr size [32]'\n", argv[1], lineno);
			fclose(in);
			return 2;
		}
		if (write_input(argv[2], written++, &v)) {
			fclose(in);
			return 2;
		}
	}
	fclose(in);
	return 0;
}
