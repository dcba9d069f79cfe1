// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-domain counters: what one engine did, cumulative. The runner takes
 * differences to get per-operation figures. Indirect calls are counted
 * where they happen: core -> driver (iommu_ops) and driver -> io-pgtable
 * (io_pgtable_ops), for map and unmap.
 */
#ifndef IOPGFUZZ_COUNTERS_H
#define IOPGFUZZ_COUNTERS_H

#include <stdint.h>

#define IPF_COUNTERS(X)                                                  \
	X(indirect_calls)    /* core_to_driver + driver_to_pgtable */        \
	X(core_to_driver)    /* iommu_ops map/unmap/map_pages/unmap_pages */  \
	X(driver_to_pgtable) /* io_pgtable_ops map/unmap/map_pages/unmap_pages */ \
	X(walks)             /* top-level descents into the table recursion */ \
	X(pte_reads)                                                         \
	X(pte_writes)                                                        \
	X(tables_allocated)                                                  \
	X(tables_freed)                                                      \
	X(flush_all)         /* tlb_flush_all */                              \
	X(flush_walk)        /* tlb_flush_walk */                             \
	X(add_page)          /* tlb_add_page */                               \
	X(iotlb_sync)        /* driver iotlb_sync calls, all causes */        \
	X(gather_syncs)      /* of those, forced by iommu_iotlb_gather_add_page */ \
	X(pgsize_calls)      /* iommu_pgsize() */                             \
	X(warnings)          /* events raised by this domain */

struct ipf_counters {
#define IPF_CNT_FIELD(name) uint64_t name;
	IPF_COUNTERS(IPF_CNT_FIELD)
#undef IPF_CNT_FIELD
};

enum ipf_counter_id {
#define IPF_CNT_ID(name) IPF_CNT_##name,
	IPF_COUNTERS(IPF_CNT_ID)
#undef IPF_CNT_ID
	IPF_CNT_NR
};

const char *ipf_counter_name(enum ipf_counter_id id);
uint64_t ipf_counter_get(const struct ipf_counters *c, enum ipf_counter_id id);
/* out = a - b, field by field */
void ipf_counters_sub(struct ipf_counters *out, const struct ipf_counters *a,
		      const struct ipf_counters *b);

#endif
