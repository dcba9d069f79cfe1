// SPDX-License-Identifier: MIT
/*
 * Injectable bugs. The engines model the kernel with the stable fixes that
 * touch this code applied; a bug switched on takes the fix back out (or
 * plants a mistake). All are off by default and selectable at run time.
 */
#ifndef IOPGFUZZ_BUGS_H
#define IOPGFUZZ_BUGS_H

#include <stdint.h>

/* X(name, where it comes from, what it does) */
#define IPF_BUG_LIST(X)                                                        \
	X(PGSIZE_OVERFLOW, "e586e22974d2 reverted",                               \
	  "iommu_pgsize: offset + next page size may wrap, so count is too large") \
	X(MAP_NO_ACCESS, "6093cd582f8e reverted",                                 \
	  "map_pages returns 0 having mapped nothing when prot has neither READ nor WRITE") \
	X(CONCAT_COUNT, "d71fa842d33c reverted",                                  \
	  "entries left in a concatenated pgd computed as PTES_PER_TABLE - idx (negative)")

enum ipf_bug_id {
#define IPF_BUG_ENUM(name, origin, text) IPF_BUG_##name,
	IPF_BUG_LIST(IPF_BUG_ENUM)
#undef IPF_BUG_ENUM
	IPF_BUG_NR
};

#define IPF_BUG_BIT(id) (1ULL << (id))

const char *ipf_bug_name(enum ipf_bug_id id);
const char *ipf_bug_origin(enum ipf_bug_id id);
const char *ipf_bug_text(enum ipf_bug_id id);
/* IPF_BUG_NR when no bug has that name (case-insensitive, '-' == '_'). */
enum ipf_bug_id ipf_bug_lookup(const char *name);

#endif
