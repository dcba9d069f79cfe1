// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "target.h"

/* One never-inlined function per kind of finding: the top frame names it. */
/* Each body names its kind, so no compiler folds two of them into one. */
#define FINDING_FN(name)                                                      \
	__attribute__((noinline, noreturn)) static void finding_##name(void)  \
	{                                                                      \
		fputs("==iopgfuzz== abort: finding_" #name "\n", stderr);     \
		fflush(stderr);                                                \
		abort();                                                       \
	}

#define EVENT_FINDING_FN(name, oracle, text) FINDING_FN(name)
IPF_EVENT_KINDS(EVENT_FINDING_FN)
FINDING_FN(return)
FINDING_FN(golden_return)
FINDING_FN(translation)
FINDING_FN(dma)
FINDING_FN(flush)
FINDING_FN(structure)
FINDING_FN(iova_to_phys)
FINDING_FN(pgsize)

static void (*const event_findings[])(void) = {
#define EVENT_FINDING_PTR(name, oracle, text) finding_##name,
	IPF_EVENT_KINDS(EVENT_FINDING_PTR)
#undef EVENT_FINDING_PTR
};

static void (*const check_findings[IPF_CHECKS])(void) = {
	[IPF_CHECK_RETURN] = finding_return,
	[IPF_CHECK_GOLDEN_RETURN] = finding_golden_return,
	[IPF_CHECK_TABLES] = finding_translation,
	[IPF_CHECK_DMA] = finding_dma,
	[IPF_CHECK_FLUSH] = finding_flush,
	[IPF_CHECK_STRUCTURE] = finding_structure,
	[IPF_CHECK_IOVA_TO_PHYS] = finding_iova_to_phys,
};

void ipf_fuzz_report(const struct ipf_program *p, const struct ipf_verdict *v)
{
	char line[400];

	if (ipf_fuzz_count_only()) {
		ipf_fuzz_count_finding();
		return;
	}
	ipf_verdict_format(v, line, sizeof(line));
	fprintf(stderr, "==iopgfuzz== %s\n", line);
	ipf_program_print(p, stderr);
	if (v->check == IPF_CHECK_EVENT && (unsigned)v->event < IPF_EV_NR)
		event_findings[v->event]();
	if ((unsigned)v->check < IPF_CHECKS && check_findings[v->check])
		check_findings[v->check]();
	abort();
}

void ipf_fuzz_abort(const char *kind, const char *detail)
{
	if (ipf_fuzz_count_only()) {
		ipf_fuzz_count_finding();
		return;
	}
	fprintf(stderr, "==iopgfuzz== finding: %s: %s\n", kind, detail);
	if (!strcmp(kind, "pgsize"))
		finding_pgsize();
	abort();
}
