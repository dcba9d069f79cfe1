// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel engine's DMA view: a descriptor written to table memory without
 * the dma_sync that shows it to the device is KERNEL_UNSYNCED_WRITE at the
 * end of the next call, and nothing else is. The tree's own code always
 * syncs, so the write here is ours, straight into a live table of the arena.
 * Domains are made and freed again on one arena, as the runner does between
 * inputs: the shadow of what the device saw is kept across them and must
 * neither miss a write nor report one that was synced.
 */
#include <string.h>

#include "check.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/kernel.h"
#include "iopgfuzz/pgmem.h"

CHECK_MAIN_STATE;

/* A live table's first descriptor slot that holds nothing yet, as an arena offset. */
static bool empty_slot(const struct ipf_pgmem *m, uint64_t *off)
{
	for (uint32_t i = 0; i < m->nr_rec; i++) {
		const struct ipf_table_page *pg = &m->rec[i];

		if (pg->state != IPF_PAGE_LIVE)
			continue;
		for (uint64_t j = pg->size - 8; j > 0; j -= 8) {
			uint64_t o = pg->pa - IPF_TABLE_PA_BASE + j, v;

			memcpy(&v, m->base + o, 8);
			if (!v) {
				*off = o;
				return true;
			}
		}
	}
	return false;
}

static void one_domain(const struct ipf_kernel_variant *v, struct ipf_pgmem *mem, bool poke)
{
	struct ipf_events ev;
	struct ipf_domain *d;
	uint64_t off = 0, desc = 0x40000000ULL | 0x403; /* a valid page descriptor */
	int err = 0;

	ipf_events_reset(&ev);
	d = ipf_domain_alloc(IPF_ENGINE_KERNEL, &(struct ipf_domain_cfg){
		.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
		.smmu = IPF_SMMU_V3, .kernel = v }, mem, &ev, NULL, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_EQ(iommu_map(&d->domain, 0, SZ_1G, SZ_4K, IOMMU_READ | IOMMU_WRITE), 0);
	CHECK_EQ(ev.count[IPF_EV_KERNEL_UNSYNCED_WRITE], 0);
	if (poke && !empty_slot(mem, &off)) {
		CHECK(0);
		poke = false;
	}
	if (poke)
		memcpy(mem->base + off, &desc, 8);
	CHECK_EQ(iommu_map(&d->domain, SZ_2M, SZ_1G + SZ_2M, SZ_4K, IOMMU_READ | IOMMU_WRITE), 0);
	printf("%s: %s: %u unsynced writes reported\n", v->name, poke ? "a write without its sync"
	       : "every write synced", ev.count[IPF_EV_KERNEL_UNSYNCED_WRITE]);
	CHECK_EQ(ev.count[IPF_EV_KERNEL_UNSYNCED_WRITE] != 0, poke);
	if (poke)
		memset(mem->base + off, 0, 8);
	ipf_domain_free(d);
}

int main(void)
{
	struct ipf_pgmem mem;

	check_state.test = "kernel sync";
	if (!ipf_kernel_nr_variants) {
		printf("skipped: this build has no kernel tree (make prepares Debian's 6.1 and 6.12)\n");
		return 77;
	}
	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++) {
		CHECK_EQ(ipf_pgmem_init(&mem, NULL), 0);
		/* Clean, dirty, clean again and dirty again on one arena (one shadow). */
		for (int round = 0; round < 4; round++) {
			one_domain(ipf_kernel_variants[i], &mem, round & 1);
			ipf_pgmem_reset(&mem);
		}
		ipf_pgmem_destroy(&mem);
	}
	return check_summary("kernel sync");
}
