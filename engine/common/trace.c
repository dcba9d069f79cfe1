// SPDX-License-Identifier: GPL-2.0-only
#include "iopgfuzz/trace.h"

static const char *const kind_names[IPF_TR_NR] = {
	[IPF_TR_CORE_MAP] = "iommu_map",
	[IPF_TR_CORE_UNMAP] = "iommu_unmap",
	[IPF_TR_DRV_MAP] = "driver map",
	[IPF_TR_DRV_UNMAP] = "driver unmap",
	[IPF_TR_DRV_MAP_PAGES] = "driver map_pages",
	[IPF_TR_DRV_UNMAP_PAGES] = "driver unmap_pages",
	[IPF_TR_PGT_MAP] = "io-pgtable map",
	[IPF_TR_PGT_UNMAP] = "io-pgtable unmap",
	[IPF_TR_PGT_MAP_PAGES] = "io-pgtable map_pages",
	[IPF_TR_PGT_UNMAP_PAGES] = "io-pgtable unmap_pages",
	[IPF_TR_FLUSH_ALL] = "tlb_flush_all",
	[IPF_TR_FLUSH_WALK] = "tlb_flush_walk",
	[IPF_TR_ADD_PAGE] = "tlb_add_page",
	[IPF_TR_IOTLB_SYNC] = "iotlb_sync",
	[IPF_TR_TABLE_ALLOC] = "table alloc",
	[IPF_TR_TABLE_FREE] = "table free",
};

const char *ipf_trace_kind_name(enum ipf_trace_kind kind)
{
	return (unsigned)kind < IPF_TR_NR ? kind_names[kind] : "?";
}
