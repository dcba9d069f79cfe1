// SPDX-License-Identifier: GPL-2.0-only
/*
 * What an operation's descriptor writes may have changed
 * (ipf_smmu_op_changed): the runner compares the final translations only
 * there, so every write a walk can see must be in a range, and where the
 * SMMU cannot bound a write's reach it must say so.
 */
#include "check.h"
#include "smmu_fixture.h"
#include "iopgfuzz/lpae.h"

CHECK_MAIN_STATE;

static const struct ipf_domain_cfg cfg4k = {
	.fmt = ARM_64_LPAE_S1, .pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G, .ias = 48, .oas = 48,
	.smmu = IPF_SMMU_V3,
};

/* Is every address of [lo, hi) in one of the ranges the operation reported? */
static bool covered(const struct fixture *f, uint64_t lo, uint64_t hi)
{
	uint32_t nr;
	const struct ipf_smmu_range *c = ipf_smmu_op_changed(f->smmu, &nr);

	for (uint64_t pos = lo; c && pos < hi;) {
		uint64_t next = pos;

		for (uint32_t k = 0; k < nr; k++)
			if (c[k].lo <= pos && c[k].hi > next)
				next = c[k].hi;
		if (next == pos)
			return false;
		pos = next;
	}
	return c != NULL;
}

/* The reported ranges, all within [lo, hi)? */
static bool within(const struct fixture *f, uint64_t lo, uint64_t hi)
{
	uint32_t nr;
	const struct ipf_smmu_range *c = ipf_smmu_op_changed(f->smmu, &nr);

	for (uint32_t k = 0; c && k < nr; k++)
		if (c[k].lo < lo || c[k].hi > hi)
			return false;
	return c != NULL;
}

static uint32_t nr_changed(const struct fixture *f)
{
	uint32_t nr;

	return ipf_smmu_op_changed(f->smmu, &nr) ? nr : UINT32_MAX;
}

/* Maps, unmaps and a block split report exactly the leaves they wrote, not the empty tables. */
static void test_maps_and_unmaps(void)
{
	struct fixture f;

	CHECK_EQ(fixture_init(&f, IPF_ENGINE_OPT, &cfg4k, NULL, IPF_FREE_QUARANTINE), 0);
	CHECK_EQ(fixture_map(&f, 0x10000, SZ_1G, 3 * SZ_4K, IOMMU_READ), 0);
	/* Three tables installed empty on the way: nothing a walk sees but the pages. */
	CHECK(covered(&f, 0x10000, 0x13000) && within(&f, 0x10000, 0x13000));
	CHECK_EQ(nr_changed(&f), 1);

	CHECK_EQ(fixture_map(&f, SZ_2M, SZ_2M, SZ_2M, IOMMU_READ), 0);
	CHECK(covered(&f, SZ_2M, 2 * SZ_2M) && within(&f, SZ_2M, 2 * SZ_2M));

	/* A split: the block goes (its whole span), its table comes with the rest. */
	CHECK_EQ(fixture_unmap(&f, SZ_2M + SZ_4K, SZ_4K), SZ_4K);
	CHECK(covered(&f, SZ_2M, 2 * SZ_2M) && within(&f, SZ_2M, 2 * SZ_2M));

	CHECK_EQ(fixture_unmap(&f, 0x11000, SZ_4K), SZ_4K);
	CHECK(covered(&f, 0x11000, 0x12000) && within(&f, 0x11000, 0x12000));

	/* A walk flush of a whole table's span: its pages and the table. */
	CHECK_EQ(fixture_unmap(&f, 0, SZ_2M), SZ_2M);
	CHECK(covered(&f, 0x10000, 0x11000) && covered(&f, 0x12000, 0x13000) &&
	      within(&f, 0, SZ_2M));

	/* Nothing written, nothing changed. */
	fixture_begin(&f);
	ipf_smmu_op_end(f.smmu, false);
	CHECK_EQ(nr_changed(&f), 0);
	CHECK_EQ(fixture_smmu_events(&f), 0);
	CHECK_EQ(fixture_fini(&f), 0);
}

/* The level-1 and level-2 tables above iova in f's tree (4K granule, start level 0). */
static uint64_t *tables_of(struct fixture *f, uint64_t iova, uint64_t **l1)
{
	struct arm_lpae_io_pgtable *d = io_pgtable_ops_to_data(f->d->pgtbl_ops);

	*l1 = ipf_pgmem_deref(&f->mem, iopte_to_paddr(d->pgd[iova >> 39], d));
	return ipf_pgmem_deref(&f->mem, iopte_to_paddr((*l1)[(iova >> 30) & 511], d));
}

/* Writes the engines never make: the SMMU cannot bound them and says so. */
static void test_unbounded_writes(void)
{
	for (int what = 0; what < 3; what++) {
		struct fixture f;
		uint64_t *l1, *l2, *t, pa, inner;

		CHECK_EQ(fixture_init(&f, IPF_ENGINE_OPT, &cfg4k, NULL, IPF_FREE_QUARANTINE), 0);
		CHECK_EQ(fixture_map(&f, 0, SZ_1G, 4 * SZ_4K, IOMMU_READ), 0);
		l2 = tables_of(&f, 0, &l1);
		fixture_begin(&f);
		switch (what) {
		case 0: /* one table linked at a second place */
			ipf_pgmem_write(&f.mem, &l2[1], l2[0]);
			break;
		case 1: /* a table built off the tree with a table in it, then linked */
			t = ipf_pgmem_alloc(&f.mem, SZ_4K, &pa);
			CHECK(ipf_pgmem_alloc(&f.mem, SZ_4K, &inner) != NULL);
			ipf_pgmem_write(&f.mem, &t[0], inner | 3);
			ipf_pgmem_write(&f.mem, &l1[1], pa | 3);
			break;
		default: /* a valid descriptor cleared that the SMMU never saw written */
			t = ipf_pgmem_alloc(&f.mem, SZ_4K, &pa);
			t[0] = 0x1000 | 3;
			ipf_pgmem_write(&f.mem, &t[0], 0);
			ipf_pgmem_free(&f.mem, t);
			break;
		}
		ipf_smmu_op_end(f.smmu, false);
		CHECK_EQ(nr_changed(&f), UINT32_MAX);
		/* Until the next attach, whatever comes after. */
		fixture_begin(&f);
		ipf_smmu_op_end(f.smmu, false);
		CHECK_EQ(nr_changed(&f), UINT32_MAX);
		ipf_domain_free(f.d);
		ipf_smmu_destroy(f.smmu);
		ipf_pgmem_destroy(&f.mem);
	}
}

int main(void)
{
	RUN_TEST(test_maps_and_unmaps);
	RUN_TEST(test_unbounded_writes);
	return check_summary("test_smmu_changed");
}
