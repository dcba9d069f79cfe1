// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each differential fuzz target makes of a decoded program, defined
 * once: the fuzz targets apply it to every input, and 'iopgfuzz run
 * --target=NAME' applies it to a file, so the CLI runs exactly what the
 * fuzzer ran. (fuzz_pgsize takes page-size vectors, not programs.)
 */
#ifndef IOPGFUZZ_TARGETS_H
#define IOPGFUZZ_TARGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "iopgfuzz/program.h"

#define IPF_OP_BIT(kind) (1u << (kind))

struct ipf_target {
	const char *name;
	uint32_t kinds;   /* IPF_OP_BIT()s of the operations it keeps */
	bool kernel;      /* runs the optimised model against a kernel tree */
};

extern const struct ipf_target ipf_targets[];
extern const unsigned int ipf_nr_targets;

/* By name (fuzz_map); NULL if there is none. */
const struct ipf_target *ipf_target_find(const char *name);

/*
 * Make p what target t runs: only its kinds of operation, and for a kernel
 * target the participants opt and the tree (its own iommu core too where
 * the build has it), with the profile of the tree's release. tree: NULL for
 * the newest tree of the build. Returns false if a kernel target has no
 * such tree.
 */
bool ipf_target_apply(const struct ipf_target *t, struct ipf_program *p, const char *tree);

/*
 * The profile of the first kernel tree among cfg's participants, so the
 * model behaves as that tree's kernel (6.1 as v5.15, 6.12 as v6.12, a
 * mainline tree as v6.19). false, cfg unchanged, if none is in the build.
 */
bool ipf_config_follow_tree(struct ipf_config *cfg);

/* The newest tree of the build by release (the kernel targets' default); NULL if none. */
const char *ipf_kernel_newest(void);

#endif
