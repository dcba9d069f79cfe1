// SPDX-License-Identifier: MIT
/* The shared body of the differential fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "target.h"

/* One runner for the life of the process: its arenas are reset per input. */
static struct ipf_runner *runner;
/* Set once from the command line, before the first input. */
static uint64_t forced_bugs;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char flag[] = "--ipf-bugs=";

	for (int i = 1; i < *argc; i++) {
		char bad[64];

		if (strncmp((*argv)[i], flag, sizeof(flag) - 1))
			continue;
		if (ipf_bugs_parse((*argv)[i] + sizeof(flag) - 1, &forced_bugs, bad, sizeof(bad))) {
			fprintf(stderr, "%s: unknown bug '%s' in %s (iopgfuzz bugs lists them)\n",
				(*argv)[0], bad, (*argv)[i]);
			exit(2);
		}
		fprintf(stderr, "INFO: injected bugs on for every input: %s\n",
			(*argv)[i] + sizeof(flag) - 1);
	}
	return 0;
}

uint64_t ipf_fuzz_bugs(void)
{
	return forced_bugs;
}

static void keep_kinds(struct ipf_program *p, uint32_t kinds)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->nr_ops; i++)
		if (kinds & OP_BIT(p->ops[i].kind))
			p->ops[n++] = p->ops[i];
	p->nr_ops = n;
}

int ipf_fuzz_one(const uint8_t *data, size_t size, uint32_t kinds)
{
	struct ipf_program p;
	struct ipf_verdict v;

	if (!runner) {
		runner = ipf_runner_create();
		if (!runner)
			abort();
	}
	ipf_program_decode(&p, data, size, 0);
	p.cfg.domain.bugs |= forced_bugs;
	keep_kinds(&p, kinds);
	if (ipf_run(runner, &p, &v, NULL) == IPF_VERDICT_FINDING)
		ipf_fuzz_report(&p, &v);
	return 0;
}
