// SPDX-License-Identifier: MIT
/* The shared body of the differential fuzz targets. */
#include <stdlib.h>

#include "findings.h"
#include "target.h"

/* One runner for the life of the process: its arenas are reset per input. */
static struct ipf_runner *runner;

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
	keep_kinds(&p, kinds);
	if (ipf_run(runner, &p, &v, NULL) == IPF_VERDICT_FINDING)
		ipf_fuzz_report(&p, &v);
	return 0;
}
