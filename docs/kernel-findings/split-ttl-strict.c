// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit cases for io-pgtable-arm, written by iopgfuzz from its programs:
 *   iopgfuzz kunit --ttl-strict --suite=iopgfuzz_split_ttl_strict docs/kernel-findings/split-ttl-strict.txt
 *
 * Each case allocates an io-pgtable with its program's format, pgsize
 * bitmap, IAS, OAS and quirks, replays the map_pages and unmap_pages
 * calls iopgfuzz's model of the v5.15+ iommu core made for the program (so
 * it does not depend on the core), and expects what the golden model and
 * the reference engine say: each return value, iova_to_phys over every
 * page an operation touched, and that each leaf and table an operation
 * removed was covered by an invalidation issued after it was cleared
 * (the flush ops below record them). Each step carries its program line.
 *
 * In a kernel tree: this file in drivers/iommu/, and
 *   Kconfig:  config IOMMU_IO_PGTABLE_IOPGFUZZ_KUNIT_TEST
 *                   tristate "io-pgtable-arm cases from iopgfuzz" if !KUNIT_ALL_TESTS
 *                   depends on IOMMU_IO_PGTABLE_LPAE && KUNIT
 *                   default KUNIT_ALL_TESTS
 *   Makefile: obj-$(CONFIG_IOMMU_IO_PGTABLE_IOPGFUZZ_KUNIT_TEST) += <this file>.o
 * (io-pgtable-arm built in: alloc_io_pgtable_ops is not exported to modules.)
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>

struct iopf_leaf {
	unsigned long iova;	/* the leaf's first address */
	size_t size;
	unsigned long probe;	/* an address of it the operation unmaps */
	phys_addr_t paddr;	/* what probe translated to before */
};

struct iopf_table {
	unsigned long iova;
	size_t size;		/* the span it mapped */
};

struct iopf_run {
	unsigned long iova;
	size_t size;
	phys_addr_t paddr;	/* of iova, when mapped */
	bool mapped;
};

/*
 * One operation of a program: the leaves and tables it removes (each must
 * be covered by an invalidation issued after it was cleared) and what
 * iova_to_phys says around it afterwards, all from the golden model.
 */
struct iopf_step {
	const char *where;	/* the program's file and line */
	const struct iopf_leaf *leaves;
	unsigned int nr_leaves;
	bool leaves_owed;	/* a strict unmap: leaves now, not at the flush queue's drain */
	const struct iopf_table *tables;
	unsigned int nr_tables;
	const struct iopf_run *runs;
	unsigned int nr_runs;
};

struct iopf_ctx {
	struct kunit *test;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	size_t granule;
	bool ttl_strict;	/* an add_page reaches leaves of its own size only */
	const struct iopf_step *step;	/* in progress */
	bool *leaf_done, *table_done;
	unsigned long nr_inv;
};

/* One byte in, so that a leaf of physical address 0 reads non-zero. */
static bool iopf_leaf_cleared(struct iopf_ctx *ctx, const struct iopf_leaf *l)
{
	return ctx->ops->iova_to_phys(ctx->ops, l->probe + 1) != l->paddr + 1;
}

static bool iopf_table_cleared(struct iopf_ctx *ctx, const struct iopf_table *t)
{
	const struct iopf_step *s = ctx->step;
	unsigned int i;

	for (i = 0; i < s->nr_leaves; i++) {
		const struct iopf_leaf *l = &s->leaves[i];

		if (l->iova >= t->iova && l->iova - t->iova < t->size &&
		    !iopf_leaf_cleared(ctx, l))
			return false;
	}
	return true;
}

/*
 * io-pgtable asks to invalidate [iova, iova + size): a walk invalidation
 * (tlb_flush_walk, tlb_flush_all) reaches tables and leaves, a leaf one
 * (tlb_add_page) leaves only, under strict TTL those of its granule only.
 * It covers what is already cleared when it is issued.
 */
static void iopf_invalidate(struct iopf_ctx *ctx, unsigned long iova, size_t size,
			    size_t granule, bool walk)
{
	const struct iopf_step *s = ctx->step;
	unsigned long last = iova + (size - 1);
	unsigned int i;

	ctx->nr_inv++;
	if (!s)
		return;
	for (i = 0; i < s->nr_leaves; i++) {
		const struct iopf_leaf *l = &s->leaves[i];

		if (ctx->leaf_done[i] || l->iova > last || l->iova + (l->size - 1) < iova)
			continue;
		if (!walk && ctx->ttl_strict && granule != l->size)
			continue;
		ctx->leaf_done[i] = iopf_leaf_cleared(ctx, l);
	}
	for (i = 0; walk && i < s->nr_tables; i++) {
		const struct iopf_table *t = &s->tables[i];

		if (ctx->table_done[i] || t->iova < iova || t->iova + (t->size - 1) > last)
			continue;
		ctx->table_done[i] = iopf_table_cleared(ctx, t);
	}
}

static void iopf_tlb_flush_all(void *cookie)
{
	iopf_invalidate(cookie, 0, 0, 0, true);
}

static void iopf_tlb_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	iopf_invalidate(cookie, iova, size, granule, true);
}

static void iopf_tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			      size_t granule, void *cookie)
{
	iopf_invalidate(cookie, iova, granule, granule, false);
}

static const struct iommu_flush_ops iopf_flush_ops = {
	.tlb_flush_all	= iopf_tlb_flush_all,
	.tlb_flush_walk	= iopf_tlb_flush_walk,
	.tlb_add_page	= iopf_tlb_add_page,
};

static void iopf_free_ops(void *data)
{
	struct iopf_ctx *ctx = data;

	ctx->step = NULL;
	free_io_pgtable_ops(ctx->ops);
}

/* The io-pgtable of a case, freed when the case ends; ctx->ops may be NULL. */
static struct iopf_ctx *iopf_alloc(struct kunit *test, enum io_pgtable_fmt fmt,
				   unsigned long quirks, unsigned long pgsize_bitmap,
				   unsigned int ias, unsigned int oas, bool ttl_strict,
				   unsigned int max_leaves, unsigned int max_tables)
{
	struct iopf_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct device *dev = kunit_device_register(test, "iopgfuzz");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	ctx->leaf_done = kunit_kcalloc(test, max_leaves + 1, sizeof(bool), GFP_KERNEL);
	ctx->table_done = kunit_kcalloc(test, max_tables + 1, sizeof(bool), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->leaf_done);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->table_done);
	ctx->test = test;
	ctx->ttl_strict = ttl_strict;
	ctx->cfg = (struct io_pgtable_cfg) {
		.quirks = quirks,
		.pgsize_bitmap = pgsize_bitmap,
		.ias = ias,
		.oas = oas,
		.coherent_walk = true,
		.tlb = &iopf_flush_ops,
		.iommu_dev = dev,
	};
	ctx->ops = alloc_io_pgtable_ops(fmt, &ctx->cfg, ctx);
	ctx->granule = ctx->cfg.pgsize_bitmap & -ctx->cfg.pgsize_bitmap;
	if (ctx->ops && kunit_add_action(test, iopf_free_ops, ctx)) {
		free_io_pgtable_ops(ctx->ops);
		KUNIT_FAIL(test, "kunit_add_action failed");
		ctx->ops = NULL;
	}
	return ctx;
}

/* What the format kept of the configuration (arm_lpae_restrict_pgsizes). */
static void __maybe_unused iopf_expect_cfg(struct iopf_ctx *ctx, const char *where,
					   unsigned long pgsize_bitmap, unsigned int ias,
					   unsigned int oas)
{
	KUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.pgsize_bitmap, pgsize_bitmap,
			    "%s: the restricted pgsize_bitmap", where);
	KUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.ias, ias, "%s: the restricted IAS", where);
	KUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.oas, oas, "%s: the restricted OAS", where);
}

static void __maybe_unused iopf_begin(struct iopf_ctx *ctx, const struct iopf_step *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_leaves; i++)
		ctx->leaf_done[i] = false;
	for (i = 0; i < s->nr_tables; i++)
		ctx->table_done[i] = false;
	ctx->step = s;
}

static void __maybe_unused iopf_map(struct iopf_ctx *ctx, unsigned long iova,
				    phys_addr_t paddr, size_t pgsize, size_t pgcount,
				    int prot, int want, size_t want_mapped, const char *by)
{
	size_t mapped = 0;
	int ret = ctx->ops->map_pages(ctx->ops, iova, paddr, pgsize, pgcount, prot,
				      GFP_KERNEL, &mapped);

	KUNIT_EXPECT_EQ_MSG(ctx->test, ret, want,
			    "%s: map_pages(iova %#lx, paddr %#llx, pgsize %#zx, pgcount %zu) returns what %s says",
			    ctx->step->where, iova, (unsigned long long)paddr, pgsize, pgcount, by);
	KUNIT_EXPECT_EQ_MSG(ctx->test, mapped, want_mapped,
			    "%s: map_pages(iova %#lx, pgsize %#zx, pgcount %zu) *mapped, as %s says",
			    ctx->step->where, iova, pgsize, pgcount, by);
}

static void __maybe_unused iopf_unmap(struct iopf_ctx *ctx, unsigned long iova,
				      size_t pgsize, size_t pgcount, bool queued, size_t want,
				      const char *by)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	gather.queued = queued;
	ret = ctx->ops->unmap_pages(ctx->ops, iova, pgsize, pgcount, &gather);
	KUNIT_EXPECT_EQ_MSG(ctx->test, ret, want,
			    "%s: unmap_pages(iova %#lx, pgsize %#zx, pgcount %zu%s) returns what %s says",
			    ctx->step->where, iova, pgsize, pgcount, queued ? ", queued gather" : "", by);
}

/* One page of a run through iova_to_phys; false at the first difference. */
static bool __maybe_unused iopf_expect_phys(struct iopf_ctx *ctx,
					    const struct iopf_run *r, size_t off)
{
	unsigned long iova = r->iova + off + 42;
	phys_addr_t want = r->mapped ? r->paddr + off + 42 : 0;
	phys_addr_t got = ctx->ops->iova_to_phys(ctx->ops, iova);

	KUNIT_EXPECT_EQ_MSG(ctx->test, got, want, "%s: iova_to_phys(%#lx): the golden model has it %s",
			    ctx->step->where, iova, r->mapped ? "mapped" : "unmapped");
	return got == want;
}

/*
 * The end of an operation: every removed leaf and table covered, and
 * iova_to_phys around it as the golden model says (each page of a run, or
 * 64 spread over a long one, and its last).
 */
static void __maybe_unused iopf_end(struct iopf_ctx *ctx)
{
	const struct iopf_step *s = ctx->step;
	unsigned int i, missed = 0;

	for (i = 0; s->leaves_owed && i < s->nr_leaves; i++) {
		if (ctx->leaf_done[i] || ++missed > 4)
			continue;
		if (!iopf_leaf_cleared(ctx, &s->leaves[i]))
			KUNIT_FAIL(ctx->test, "%s: the leaf at %#lx (%#zx bytes) still translates at %#lx; the golden model removes it",
				   s->where, s->leaves[i].iova, s->leaves[i].size, s->leaves[i].probe);
		else
			KUNIT_FAIL(ctx->test, "%s: the leaf at %#lx (%#zx bytes) was removed and no invalidation issued after its clear covered it%s",
				   s->where, s->leaves[i].iova, s->leaves[i].size,
				   ctx->ttl_strict ? " at its own size (strict TTL)" : "");
	}
	if (missed > 4)
		KUNIT_FAIL(ctx->test, "%s: %u removed leaves in all not covered", s->where, missed);
	for (i = 0; i < s->nr_tables; i++)
		KUNIT_EXPECT_TRUE_MSG(ctx->test, ctx->table_done[i],
				      "%s: the table of [%#lx, +%#zx) was freed and no walk invalidation issued after its clear covered its span",
				      s->where, s->tables[i].iova, s->tables[i].size);
	for (i = 0; i < s->nr_runs; i++) {
		const struct iopf_run *r = &s->runs[i];
		size_t pages = r->size / ctx->granule;
		size_t stride = pages > 64 ? pages / 64 * ctx->granule : ctx->granule;
		size_t off;

		for (off = 0; off < r->size; off += stride)
			if (!iopf_expect_phys(ctx, r, off))
				break;
		if (off >= r->size && r->size >= ctx->granule)
			iopf_expect_phys(ctx, r, r->size - ctx->granule);
	}
	ctx->step = NULL;
}

static const struct iopf_run iopf_split_ttl_strict_op0_runs[] = {
	{ 0x200000UL, 0x200000UL, 0x40200000ULL, true },
};

static const struct iopf_step iopf_split_ttl_strict_op0 = {
	.where = "docs/kernel-findings/split-ttl-strict.txt:8",
	.runs = iopf_split_ttl_strict_op0_runs, .nr_runs = 1,
};

static const struct iopf_leaf iopf_split_ttl_strict_op1_leaves[] = {
	{ 0x200000UL, 0x200000UL, 0x201000UL, 0x40201000ULL },
};

static const struct iopf_run iopf_split_ttl_strict_op1_runs[] = {
	{ 0x200000UL, 0x1000UL, 0x40200000ULL, true },
	{ 0x201000UL, 0x1000UL, 0x0ULL, false },
	{ 0x202000UL, 0x1fe000UL, 0x40202000ULL, true },
};

static const struct iopf_step iopf_split_ttl_strict_op1 = {
	.where = "docs/kernel-findings/split-ttl-strict.txt:9",
	.leaves = iopf_split_ttl_strict_op1_leaves, .nr_leaves = 1, .leaves_owed = true,
	.runs = iopf_split_ttl_strict_op1_runs, .nr_runs = 3,
};

/*
 * docs/kernel-findings/split-ttl-strict.txt
 *
 * The block split invalidates with the wrong TTL (io-pgtable-arm.c up to
 * v6.12, __arm_lpae_unmap()'s split): unmapping 4K out of a 2M block
 * replaces the block with a level-3 table and asks tlb_add_page for the
 * removed 4K page only, so a TTL-honouring SMMUv3 may keep the 2M entry.
 * Exported with --ttl-strict: an add_page covers a removed leaf only at the
 * leaf's own size.
 *
 * iopgfuzz kunit:
 * - ttl=strict: an add_page covers a removed leaf only at the leaf's own size (--ttl-strict)
 */
static void iopf_split_ttl_strict(struct kunit *test)
{
	struct iopf_ctx *ctx;

	ctx = iopf_alloc(test, ARM_64_LPAE_S1, 0, 0x40201000UL, 48, 48, true, 1, 0);
	KUNIT_ASSERT_TRUE_MSG(test, ctx->ops != NULL, "docs/kernel-findings/split-ttl-strict.txt: alloc_io_pgtable_ops refuses a configuration the reference engine accepts");
	iopf_expect_cfg(ctx, "docs/kernel-findings/split-ttl-strict.txt", 0x40201000UL, 48, 48);

	/* docs/kernel-findings/split-ttl-strict.txt:8: map iova=0x200000 paddr=0x40200000 size=2M prot=rw */
	iopf_begin(ctx, &iopf_split_ttl_strict_op0);
	iopf_map(ctx, 0x200000UL, 0x40200000ULL, SZ_2M, 1, IOMMU_READ | IOMMU_WRITE,
		 0, 0x200000, "the golden model");
	iopf_end(ctx);

	/* docs/kernel-findings/split-ttl-strict.txt:9: unmap iova=0x201000 size=4K */
	iopf_begin(ctx, &iopf_split_ttl_strict_op1);
	iopf_unmap(ctx, 0x201000UL, SZ_4K, 1, false, 0x1000, "the golden model");
	iopf_end(ctx);
}

static struct kunit_case iopf_cases[] = {
	KUNIT_CASE(iopf_split_ttl_strict),
	{}
};

static struct kunit_suite iopf_suite = {
	.name = "iopgfuzz_split_ttl_strict",
	.test_cases = iopf_cases,
};
kunit_test_suite(iopf_suite);

MODULE_DESCRIPTION("io-pgtable-arm cases written by iopgfuzz");
MODULE_LICENSE("GPL");
