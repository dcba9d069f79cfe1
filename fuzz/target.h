// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differential targets differ only in which kinds of operation they
 * keep from the decoded program; decoding, running and judging are shared.
 */
#ifndef IOPGFUZZ_FUZZ_TARGET_H
#define IOPGFUZZ_FUZZ_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iopgfuzz/program.h"

/*
 * The bugs switched on for every input: --ipf-bugs=LIST on the command line
 * (libFuzzer leaves flags that start with "--" to the target). Parsed once by
 * LLVMFuzzerInitialize; a bad name ends the process with status 2.
 */
uint64_t ipf_fuzz_bugs(void);
/*
 * Every input's bug counts add up here; with --ipf-bugs the sums are printed
 * at exit as bug.NAME.reached=N and bug.NAME.triggered=N (a libFuzzer -runs=0
 * replay of a corpus tells whether its inputs reach each bug's code).
 */
void ipf_fuzz_count_hits(const struct ipf_bug_hits *h);
/*
 * --ipf-count-only: a finding is counted, not reported (no abort), so a
 * replay of a whole corpus gets to its end and prints findings=N with the
 * bug counts. For measuring, never for fuzzing.
 */
bool ipf_fuzz_count_only(void);
void ipf_fuzz_count_finding(void);

/*
 * Decode, make the program what the named target runs (iopgfuzz/targets.h:
 * its kinds of operation; for a kernel target, opt against the tree named by
 * --ipf-kernel=TREE, else the one the build chose, IPF_FUZZ_KERNEL, with its
 * own iommu core where the build has it), run; report a finding and abort.
 * The tree is a property of the process, like the bugs: the input bytes
 * never choose it, and a finding's printed program names it.
 */
int ipf_fuzz_one(const uint8_t *data, size_t size, const char *target);

#endif
