// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel behaviour profiles. The model follows one release's io-pgtable-arm:
 * every change of behaviour since v5.15 that the model covers is one switch
 * here, named with the commit that made it, and a profile is the set of
 * switches of one release (docs/profiles.md has the table). Engine code asks
 * ipf_profile_has() at the one place each switch acts; nothing else knows
 * versions.
 *
 * v5.15 is the series' release with the stable fixes that touch this code
 * (d71fa842d33c, 6093cd582f8e): what Debian's 6.1 tree runs.
 */
#ifndef IOPGFUZZ_PROFILE_H
#define IOPGFUZZ_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

/* X(id, name, major, minor), oldest first */
#define IPF_PROFILE_LIST(X)          \
	X(V5_15, "v5.15", 5, 15)     \
	X(V6_12, "v6.12", 6, 12)     \
	X(V6_13, "v6.13", 6, 13)     \
	X(V6_14, "v6.14", 6, 14)     \
	X(V6_19, "v6.19", 6, 19)

enum ipf_profile {
#define IPF_PROFILE_ENUM(id, name, major, minor) IPF_PROFILE_##id,
	IPF_PROFILE_LIST(IPF_PROFILE_ENUM)
#undef IPF_PROFILE_ENUM
	IPF_PROFILES
};

/* X(id, name, commit, first release, what changed) */
#define IPF_CHANGE_LIST(X)                                                                    \
	X(UNMAP_BATCHED, "unmap-batched", "85b715a33458", IPF_PROFILE_V6_12,                   \
	  "__arm_lpae_unmap() tears a run's tables down first, clears every entry of the run " \
	  "with one cache sync, then adds each removed entry, tables too, to the gather")      \
	X(NO_SPLIT, "no-split", "33729a5fc0ca", IPF_PROFILE_V6_13,                             \
	  "a partial unmap of a block is refused (WARN_ONCE, 0 unmapped) instead of "          \
	  "splitting the block")                                                               \
	X(CONCAT_MANDATORY, "concat-mandatory", "4dcac8407fe1, b7b8a6305557", IPF_PROFILE_V6_14, \
	  "stage 2 concatenates the pgd only where Arm DDI0487 R_DXBSH/R_SRKBC require it, "   \
	  "and refuses the domain where that needs more than 16 tables")

enum ipf_change {
#define IPF_CHANGE_ENUM(id, name, commit, since, text) IPF_CHANGE_##id,
	IPF_CHANGE_LIST(IPF_CHANGE_ENUM)
#undef IPF_CHANGE_ENUM
	IPF_CHANGES
};

struct ipf_change_info {
	const char *name;   /* "no-split" */
	const char *commit; /* the kernel commit(s) that made it */
	enum ipf_profile since;
	const char *text;
};

const char *ipf_profile_name(enum ipf_profile p);
/* 0 and *p set, or -1 when no profile has that name ("v6.13", also "6.13"). */
int ipf_profile_lookup(const char *name, enum ipf_profile *p);
/* A profile's name, or a release ("6.12.57": the profile it behaves as). 0, or -1. */
int ipf_profile_parse(const char *s, enum ipf_profile *p);
const struct ipf_change_info *ipf_change(enum ipf_change c);
/* Does the kernel of profile p behave as change c says? */
bool ipf_profile_has(enum ipf_profile p, enum ipf_change c);
/*
 * The profile whose behaviour a kernel release has ("6.1.158", "6.12.57",
 * "7.0.0-rc1"): the newest profile not after it; v5.15 for anything older.
 */
enum ipf_profile ipf_profile_of_release(const char *release);

#endif
