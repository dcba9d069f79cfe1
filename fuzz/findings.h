// SPDX-License-Identifier: GPL-2.0-only
/*
 * A finding ends the fuzz target from a function named for its kind, so
 * crash de-duplication (libFuzzer, AFL++, ClusterFuzz) groups findings by
 * what was found, not by where the runner noticed.
 */
#ifndef IOPGFUZZ_FUZZ_FINDINGS_H
#define IOPGFUZZ_FUZZ_FINDINGS_H

#include "iopgfuzz/runner.h"

/*
 * Print the verdict and the program as text to stderr, then abort from
 * finding_<KIND>; with --ipf-count-only, count it and return instead.
 */
void ipf_fuzz_report(const struct ipf_program *p, const struct ipf_verdict *v);
/* For targets that find things outside the runner (the page-size target). */
void ipf_fuzz_abort(const char *kind, const char *detail);

#endif
