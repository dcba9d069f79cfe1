// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kunit, the writing: plans (kunit_plan.c) as one KUnit test file
 * for drivers/iommu/, in the manner of the kernel's own io-pgtable tests.
 * The file carries its helpers (flush ops that record invalidations and
 * judge them, a map and an unmap that expect, an iova_to_phys sweep), one
 * case per program with the program's lines as comments, and one suite.
 * Its code is ours, written for this purpose; nothing in it comes from the
 * kernel.
 */
#include <errno.h>
#include <string.h>

#include "iopgfuzz/io_pgtable.h"
#include "iopgfuzz/iommu.h"
#include "kunit.h"

static const char helpers[] =
"struct iopf_leaf {\n"
"\tunsigned long iova;\t/* the leaf's first address */\n"
"\tsize_t size;\n"
"\tunsigned long probe;\t/* an address of it the operation unmaps */\n"
"\tphys_addr_t paddr;\t/* what probe translated to before */\n"
"};\n"
"\n"
"struct iopf_table {\n"
"\tunsigned long iova;\n"
"\tsize_t size;\t\t/* the span it mapped */\n"
"};\n"
"\n"
"struct iopf_run {\n"
"\tunsigned long iova;\n"
"\tsize_t size;\n"
"\tphys_addr_t paddr;\t/* of iova, when mapped */\n"
"\tbool mapped;\n"
"};\n"
"\n"
"/*\n"
" * One operation of a program: the leaves and tables it removes (each must\n"
" * be covered by an invalidation issued after it was cleared) and what\n"
" * iova_to_phys says around it afterwards, all from the golden model.\n"
" */\n"
"struct iopf_step {\n"
"\tconst char *where;\t/* the program's file and line */\n"
"\tconst struct iopf_leaf *leaves;\n"
"\tunsigned int nr_leaves;\n"
"\tbool leaves_owed;\t/* a strict unmap: leaves now, not at the flush queue's drain */\n"
"\tconst struct iopf_table *tables;\n"
"\tunsigned int nr_tables;\n"
"\tconst struct iopf_run *runs;\n"
"\tunsigned int nr_runs;\n"
"};\n"
"\n"
"struct iopf_ctx {\n"
"\tstruct kunit *test;\n"
"\tstruct io_pgtable_cfg cfg;\n"
"\tstruct io_pgtable_ops *ops;\n"
"\tsize_t granule;\n"
"\tbool ttl_strict;\t/* an add_page reaches leaves of its own size only */\n"
"\tconst struct iopf_step *step;\t/* in progress */\n"
"\tbool *leaf_done, *table_done;\n"
"\tunsigned long nr_inv;\n"
"};\n"
"\n"
"/* One byte in, so that a leaf of physical address 0 reads non-zero. */\n"
"static bool iopf_leaf_cleared(struct iopf_ctx *ctx, const struct iopf_leaf *l)\n"
"{\n"
"\treturn ctx->ops->iova_to_phys(ctx->ops, l->probe + 1) != l->paddr + 1;\n"
"}\n"
"\n"
"static bool iopf_table_cleared(struct iopf_ctx *ctx, const struct iopf_table *t)\n"
"{\n"
"\tconst struct iopf_step *s = ctx->step;\n"
"\tunsigned int i;\n"
"\n"
"\tfor (i = 0; i < s->nr_leaves; i++) {\n"
"\t\tconst struct iopf_leaf *l = &s->leaves[i];\n"
"\n"
"\t\tif (l->iova >= t->iova && l->iova - t->iova < t->size &&\n"
"\t\t    !iopf_leaf_cleared(ctx, l))\n"
"\t\t\treturn false;\n"
"\t}\n"
"\treturn true;\n"
"}\n"
"\n"
"/*\n"
" * io-pgtable asks to invalidate [iova, iova + size): a walk invalidation\n"
" * (tlb_flush_walk, tlb_flush_all) reaches tables and leaves, a leaf one\n"
" * (tlb_add_page) leaves only, under strict TTL those of its granule only.\n"
" * It covers what is already cleared when it is issued.\n"
" */\n"
"static void iopf_invalidate(struct iopf_ctx *ctx, unsigned long iova, size_t size,\n"
"\t\t\t    size_t granule, bool walk)\n"
"{\n"
"\tconst struct iopf_step *s = ctx->step;\n"
"\tunsigned long last = iova + (size - 1);\n"
"\tunsigned int i;\n"
"\n"
"\tctx->nr_inv++;\n"
"\tif (!s)\n"
"\t\treturn;\n"
"\tfor (i = 0; i < s->nr_leaves; i++) {\n"
"\t\tconst struct iopf_leaf *l = &s->leaves[i];\n"
"\n"
"\t\tif (ctx->leaf_done[i] || l->iova > last || l->iova + (l->size - 1) < iova)\n"
"\t\t\tcontinue;\n"
"\t\tif (!walk && ctx->ttl_strict && granule != l->size)\n"
"\t\t\tcontinue;\n"
"\t\tctx->leaf_done[i] = iopf_leaf_cleared(ctx, l);\n"
"\t}\n"
"\tfor (i = 0; walk && i < s->nr_tables; i++) {\n"
"\t\tconst struct iopf_table *t = &s->tables[i];\n"
"\n"
"\t\tif (ctx->table_done[i] || t->iova < iova || t->iova + (t->size - 1) > last)\n"
"\t\t\tcontinue;\n"
"\t\tctx->table_done[i] = iopf_table_cleared(ctx, t);\n"
"\t}\n"
"}\n"
"\n"
"static void iopf_tlb_flush_all(void *cookie)\n"
"{\n"
"\tiopf_invalidate(cookie, 0, 0, 0, true);\n"
"}\n"
"\n"
"static void iopf_tlb_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)\n"
"{\n"
"\tiopf_invalidate(cookie, iova, size, granule, true);\n"
"}\n"
"\n"
"static void iopf_tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,\n"
"\t\t\t      size_t granule, void *cookie)\n"
"{\n"
"\tiopf_invalidate(cookie, iova, granule, granule, false);\n"
"}\n"
"\n"
"static const struct iommu_flush_ops iopf_flush_ops = {\n"
"\t.tlb_flush_all\t= iopf_tlb_flush_all,\n"
"\t.tlb_flush_walk\t= iopf_tlb_flush_walk,\n"
"\t.tlb_add_page\t= iopf_tlb_add_page,\n"
"};\n"
"\n"
"static void iopf_free_ops(void *data)\n"
"{\n"
"\tstruct iopf_ctx *ctx = data;\n"
"\n"
"\tctx->step = NULL;\n"
"\tfree_io_pgtable_ops(ctx->ops);\n"
"}\n"
"\n"
"/* The io-pgtable of a case, freed when the case ends; ctx->ops may be NULL. */\n"
"static struct iopf_ctx *iopf_alloc(struct kunit *test, enum io_pgtable_fmt fmt,\n"
"\t\t\t\t   unsigned long quirks, unsigned long pgsize_bitmap,\n"
"\t\t\t\t   unsigned int ias, unsigned int oas, bool ttl_strict,\n"
"\t\t\t\t   unsigned int max_leaves, unsigned int max_tables)\n"
"{\n"
"\tstruct iopf_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);\n"
"\tstruct device *dev = kunit_device_register(test, \"iopgfuzz\");\n"
"\n"
"\tKUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);\n"
"\tKUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);\n"
"\tctx->leaf_done = kunit_kcalloc(test, max_leaves + 1, sizeof(bool), GFP_KERNEL);\n"
"\tctx->table_done = kunit_kcalloc(test, max_tables + 1, sizeof(bool), GFP_KERNEL);\n"
"\tKUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->leaf_done);\n"
"\tKUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->table_done);\n"
"\tctx->test = test;\n"
"\tctx->ttl_strict = ttl_strict;\n"
"\tctx->cfg = (struct io_pgtable_cfg) {\n"
"\t\t.quirks = quirks,\n"
"\t\t.pgsize_bitmap = pgsize_bitmap,\n"
"\t\t.ias = ias,\n"
"\t\t.oas = oas,\n"
"\t\t.coherent_walk = true,\n"
"\t\t.tlb = &iopf_flush_ops,\n"
"\t\t.iommu_dev = dev,\n"
"\t};\n"
"\tctx->ops = alloc_io_pgtable_ops(fmt, &ctx->cfg, ctx);\n"
"\tctx->granule = ctx->cfg.pgsize_bitmap & -ctx->cfg.pgsize_bitmap;\n"
"\tif (ctx->ops && kunit_add_action(test, iopf_free_ops, ctx)) {\n"
"\t\tfree_io_pgtable_ops(ctx->ops);\n"
"\t\tKUNIT_FAIL(test, \"kunit_add_action failed\");\n"
"\t\tctx->ops = NULL;\n"
"\t}\n"
"\treturn ctx;\n"
"}\n"
"\n"
"/* What the format kept of the configuration (arm_lpae_restrict_pgsizes). */\n"
"static void __maybe_unused iopf_expect_cfg(struct iopf_ctx *ctx, const char *where,\n"
"\t\t\t\t\t   unsigned long pgsize_bitmap, unsigned int ias,\n"
"\t\t\t\t\t   unsigned int oas)\n"
"{\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.pgsize_bitmap, pgsize_bitmap,\n"
"\t\t\t    \"%s: the restricted pgsize_bitmap\", where);\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.ias, ias, \"%s: the restricted IAS\", where);\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, ctx->cfg.oas, oas, \"%s: the restricted OAS\", where);\n"
"}\n"
"\n"
"static void __maybe_unused iopf_begin(struct iopf_ctx *ctx, const struct iopf_step *s)\n"
"{\n"
"\tunsigned int i;\n"
"\n"
"\tfor (i = 0; i < s->nr_leaves; i++)\n"
"\t\tctx->leaf_done[i] = false;\n"
"\tfor (i = 0; i < s->nr_tables; i++)\n"
"\t\tctx->table_done[i] = false;\n"
"\tctx->step = s;\n"
"}\n"
"\n"
"static void __maybe_unused iopf_map(struct iopf_ctx *ctx, unsigned long iova,\n"
"\t\t\t\t    phys_addr_t paddr, size_t pgsize, size_t pgcount,\n"
"\t\t\t\t    int prot, int want, size_t want_mapped, const char *by)\n"
"{\n"
"\tsize_t mapped = 0;\n"
"\tint ret = ctx->ops->map_pages(ctx->ops, iova, paddr, pgsize, pgcount, prot,\n"
"\t\t\t\t      GFP_KERNEL, &mapped);\n"
"\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, ret, want,\n"
"\t\t\t    \"%s: map_pages(iova %#lx, paddr %#llx, pgsize %#zx, pgcount %zu) returns what %s says\",\n"
"\t\t\t    ctx->step->where, iova, (unsigned long long)paddr, pgsize, pgcount, by);\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, mapped, want_mapped,\n"
"\t\t\t    \"%s: map_pages(iova %#lx, pgsize %#zx, pgcount %zu) *mapped, as %s says\",\n"
"\t\t\t    ctx->step->where, iova, pgsize, pgcount, by);\n"
"}\n"
"\n"
"static void __maybe_unused iopf_unmap(struct iopf_ctx *ctx, unsigned long iova,\n"
"\t\t\t\t      size_t pgsize, size_t pgcount, bool queued, size_t want,\n"
"\t\t\t\t      const char *by)\n"
"{\n"
"\tstruct iommu_iotlb_gather gather;\n"
"\tsize_t ret;\n"
"\n"
"\tiommu_iotlb_gather_init(&gather);\n"
"\tgather.queued = queued;\n"
"\tret = ctx->ops->unmap_pages(ctx->ops, iova, pgsize, pgcount, &gather);\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, ret, want,\n"
"\t\t\t    \"%s: unmap_pages(iova %#lx, pgsize %#zx, pgcount %zu%s) returns what %s says\",\n"
"\t\t\t    ctx->step->where, iova, pgsize, pgcount, queued ? \", queued gather\" : \"\", by);\n"
"}\n"
"\n"
"/* One page of a run through iova_to_phys; false at the first difference. */\n"
"static bool __maybe_unused iopf_expect_phys(struct iopf_ctx *ctx,\n"
"\t\t\t\t\t    const struct iopf_run *r, size_t off)\n"
"{\n"
"\tunsigned long iova = r->iova + off + 42;\n"
"\tphys_addr_t want = r->mapped ? r->paddr + off + 42 : 0;\n"
"\tphys_addr_t got = ctx->ops->iova_to_phys(ctx->ops, iova);\n"
"\n"
"\tKUNIT_EXPECT_EQ_MSG(ctx->test, got, want, \"%s: iova_to_phys(%#lx): the golden model has it %s\",\n"
"\t\t\t    ctx->step->where, iova, r->mapped ? \"mapped\" : \"unmapped\");\n"
"\treturn got == want;\n"
"}\n"
"\n"
"/*\n"
" * The end of an operation: every removed leaf and table covered, and\n"
" * iova_to_phys around it as the golden model says (each page of a run, or\n"
" * 64 spread over a long one, and its last).\n"
" */\n"
"static void __maybe_unused iopf_end(struct iopf_ctx *ctx)\n"
"{\n"
"\tconst struct iopf_step *s = ctx->step;\n"
"\tunsigned int i, missed = 0;\n"
"\n"
"\tfor (i = 0; s->leaves_owed && i < s->nr_leaves; i++) {\n"
"\t\tif (ctx->leaf_done[i] || ++missed > 4)\n"
"\t\t\tcontinue;\n"
"\t\tif (!iopf_leaf_cleared(ctx, &s->leaves[i]))\n"
"\t\t\tKUNIT_FAIL(ctx->test, \"%s: the leaf at %#lx (%#zx bytes) still translates at %#lx; the golden model removes it\",\n"
"\t\t\t\t   s->where, s->leaves[i].iova, s->leaves[i].size, s->leaves[i].probe);\n"
"\t\telse\n"
"\t\t\tKUNIT_FAIL(ctx->test, \"%s: the leaf at %#lx (%#zx bytes) was removed and no invalidation issued after its clear covered it%s\",\n"
"\t\t\t\t   s->where, s->leaves[i].iova, s->leaves[i].size,\n"
"\t\t\t\t   ctx->ttl_strict ? \" at its own size (strict TTL)\" : \"\");\n"
"\t}\n"
"\tif (missed > 4)\n"
"\t\tKUNIT_FAIL(ctx->test, \"%s: %u removed leaves in all not covered\", s->where, missed);\n"
"\tfor (i = 0; i < s->nr_tables; i++)\n"
"\t\tKUNIT_EXPECT_TRUE_MSG(ctx->test, ctx->table_done[i],\n"
"\t\t\t\t      \"%s: the table of [%#lx, +%#zx) was freed and no walk invalidation issued after its clear covered its span\",\n"
"\t\t\t\t      s->where, s->tables[i].iova, s->tables[i].size);\n"
"\tfor (i = 0; i < s->nr_runs; i++) {\n"
"\t\tconst struct iopf_run *r = &s->runs[i];\n"
"\t\tsize_t pages = r->size / ctx->granule;\n"
"\t\tsize_t stride = pages > 64 ? pages / 64 * ctx->granule : ctx->granule;\n"
"\t\tsize_t off;\n"
"\n"
"\t\tfor (off = 0; off < r->size; off += stride)\n"
"\t\t\tif (!iopf_expect_phys(ctx, r, off))\n"
"\t\t\t\tbreak;\n"
"\t\tif (off >= r->size && r->size >= ctx->granule)\n"
"\t\t\tiopf_expect_phys(ctx, r, r->size - ctx->granule);\n"
"\t}\n"
"\tctx->step = NULL;\n"
"}\n";

static const char *errno_name(int64_t e)
{
	switch (e) {
	case -EINVAL: return "-EINVAL";
	case -ERANGE: return "-ERANGE";
	case -EEXIST: return "-EEXIST";
	case -ENOMEM: return "-ENOMEM";
	case -ENOENT: return "-ENOENT";
	case -EFAULT: return "-EFAULT";
	default: return NULL;
	}
}

static void put_int(FILE *out, int64_t v)
{
	const char *name = errno_name(v);

	if (name)
		fputs(name, out);
	else
		fprintf(out, "%lld", (long long)v);
}

static void put_size(FILE *out, uint64_t v)
{
	static const struct { uint64_t v; const char *name; } sizes[] = {
		{ SZ_4K, "SZ_4K" }, { SZ_16K, "SZ_16K" }, { SZ_64K, "SZ_64K" },
		{ SZ_2M, "SZ_2M" }, { SZ_32M, "SZ_32M" }, { SZ_512M, "SZ_512M" },
		{ SZ_1G, "SZ_1G" },
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i].v == v) {
			fputs(sizes[i].name, out);
			return;
		}
	fprintf(out, "0x%llxUL", (unsigned long long)v);
}

static void put_prot(FILE *out, int prot)
{
	static const struct { int bit; const char *name; } flags[] = {
		{ IOMMU_READ, "IOMMU_READ" }, { IOMMU_WRITE, "IOMMU_WRITE" },
		{ IOMMU_CACHE, "IOMMU_CACHE" }, { IOMMU_NOEXEC, "IOMMU_NOEXEC" },
		{ IOMMU_MMIO, "IOMMU_MMIO" }, { IOMMU_PRIV, "IOMMU_PRIV" },
	};
	bool any = false;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (prot & flags[i].bit) {
			fprintf(out, "%s%s", any ? " | " : "", flags[i].name);
			any = true;
		}
	if (!any)
		fputs("0", out);
}

/* Text inside a C comment or string: no comment end, no quote or backslash. */
static void put_clean(FILE *out, const char *s, bool string)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			fputs("* ", out);
		else if (string && (*s == '"' || *s == '\\'))
			fputc('\'', out);
		else if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			fputc(*s, out);
	}
}

static void put_comment_block(FILE *out, const char *text, const char *indent)
{
	const char *s = text;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		char line[400];
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		snprintf(line, sizeof(line), "%.*s", (int)n, s);
		fprintf(out, "%s *%s", indent, line[0] ? " " : "");
		put_clean(out, line, false);
		fputc('\n', out);
		s = nl ? nl + 1 : NULL;
	}
}

static void emit_step_data(FILE *out, const struct kx_case *c, const struct kx_step *st)
{
	const char *n = c->name;
	uint32_t i = st->op_index;

	if (st->nr_leaves) {
		fprintf(out, "static const struct iopf_leaf %s_op%u_leaves[] = {\n", n, i);
		for (uint32_t k = 0; k < st->nr_leaves; k++)
			fprintf(out, "\t{ 0x%llxUL, 0x%llxUL, 0x%llxUL, 0x%llxULL },\n",
				(unsigned long long)st->leaves[k].iova,
				(unsigned long long)st->leaves[k].size,
				(unsigned long long)st->leaves[k].probe,
				(unsigned long long)st->leaves[k].paddr);
		fprintf(out, "};\n\n");
	}
	if (st->nr_tables) {
		fprintf(out, "static const struct iopf_table %s_op%u_tables[] = {\n", n, i);
		for (uint32_t k = 0; k < st->nr_tables; k++)
			fprintf(out, "\t{ 0x%llxUL, 0x%llxUL },\n",
				(unsigned long long)st->tables[k].iova,
				(unsigned long long)st->tables[k].size);
		fprintf(out, "};\n\n");
	}
	if (st->nr_runs) {
		fprintf(out, "static const struct iopf_run %s_op%u_runs[] = {\n", n, i);
		for (uint32_t k = 0; k < st->nr_runs; k++)
			fprintf(out, "\t{ 0x%llxUL, 0x%llxUL, 0x%llxULL, %s },\n",
				(unsigned long long)st->runs[k].iova,
				(unsigned long long)st->runs[k].size,
				(unsigned long long)st->runs[k].paddr,
				st->runs[k].mapped ? "true" : "false");
		fprintf(out, "};\n\n");
	}
	fprintf(out, "static const struct iopf_step %s_op%u = {\n\t.where = \"", n, i);
	put_clean(out, st->where, true);
	fprintf(out, "\",\n");
	if (st->nr_leaves)
		fprintf(out, "\t.leaves = %s_op%u_leaves, .nr_leaves = %u, .leaves_owed = %s,\n", n,
			i, st->nr_leaves, st->leaves_owed ? "true" : "false");
	if (st->nr_tables)
		fprintf(out, "\t.tables = %s_op%u_tables, .nr_tables = %u,\n", n, i, st->nr_tables);
	if (st->nr_runs)
		fprintf(out, "\t.runs = %s_op%u_runs, .nr_runs = %u,\n", n, i, st->nr_runs);
	fprintf(out, "};\n\n");
}

static void emit_call(FILE *out, const struct kx_call *call)
{
	const char *by = call->by ? call->by : "the golden model";

	if (call->why) {
		fprintf(out, "\t/* ");
		put_clean(out, call->why, false);
		fprintf(out, " */\n");
	}
	if (call->map) {
		fprintf(out, "\tiopf_map(ctx, 0x%llxUL, 0x%llxULL, ", (unsigned long long)call->iova,
			(unsigned long long)call->paddr);
		put_size(out, call->pgsize);
		fprintf(out, ", %llu, ", (unsigned long long)call->pgcount);
		put_prot(out, call->prot);
		fprintf(out, ",\n\t\t ");
		put_int(out, call->want_ret);
		fprintf(out, ", 0x%llx, \"%s\");\n", (unsigned long long)call->want_mapped, by);
		return;
	}
	fprintf(out, "\tiopf_unmap(ctx, 0x%llxUL, ", (unsigned long long)call->iova);
	put_size(out, call->pgsize);
	fprintf(out, ", %llu, %s, 0x%llx, \"%s\");\n", (unsigned long long)call->pgcount,
		call->queued ? "true" : "false", (unsigned long long)call->want_ret, by);
}

static void emit_step(FILE *out, const struct kx_case *c, const struct kx_step *st)
{
	fprintf(out, "\n\t/* ");
	put_clean(out, st->where, false);
	fprintf(out, ": ");
	put_clean(out, st->text, false);
	if (st->skipped) {
		fprintf(out, "\n\t * not replayed: ");
		put_clean(out, st->note, false);
		fprintf(out, "\n\t */\n");
		return;
	}
	fprintf(out, " */\n");
	if (st->op.kind == IPF_OP_FLUSH_ALL) {
		fprintf(out, "\t/* the flush queue drains: the driver's flush_iotlb_all, not an "
			     "io-pgtable call */\n");
		return;
	}
	if (st->op.kind == IPF_OP_DMA)
		fprintf(out, "\t/* a device access: the page must translate as the golden model "
			     "says */\n");
	if (st->nr_calls && st->calls[0].queued)
		fprintf(out, "\t/* a flush-queue unmap: its leaves wait for the queue; tables are "
			     "owed now */\n");
	fprintf(out, "\tiopf_begin(ctx, &%s_op%u);\n", c->name, st->op_index);
	for (uint32_t k = 0; k < st->nr_calls; k++)
		emit_call(out, &st->calls[k]);
	fprintf(out, "\tiopf_end(ctx);\n");
}

static void emit_case(FILE *out, const struct kx_case *c)
{
	bool any = false;

	for (uint32_t i = 0; i < c->nr_steps && !c->refused; i++)
		if (!c->steps[i].skipped && c->steps[i].op.kind != IPF_OP_FLUSH_ALL)
			emit_step_data(out, c, &c->steps[i]);
	fprintf(out, "/*\n * ");
	put_clean(out, c->path, false);
	fprintf(out, "\n");
	if (c->comment && c->comment[0]) {
		fprintf(out, " *\n");
		put_comment_block(out, c->comment, "");
	}
	for (uint32_t i = 0; i < c->nr_notes; i++) {
		if (!any)
			fprintf(out, " *\n * iopgfuzz kunit:\n");
		any = true;
		fprintf(out, " * - ");
		put_clean(out, c->notes[i], false);
		fprintf(out, "\n");
	}
	fprintf(out, " */\nstatic void %s(struct kunit *test)\n{\n\tstruct iopf_ctx *ctx;\n\n",
		c->name);
	if (c->page_size)
		fprintf(out, "\tif (PAGE_SIZE != 0x%llx)\n\t\tkunit_skip(test, \"the program's "
			     "granule is chosen with PAGE_SIZE %lluK\");\n",
			(unsigned long long)c->page_size, (unsigned long long)c->page_size >> 10);
	fprintf(out, "\tctx = iopf_alloc(test, %s, %s, 0x%llxUL, %u, %u, %s, %u, %u);\n",
		c->stage == 2 ? "ARM_64_LPAE_S2" : "ARM_64_LPAE_S1",
		c->quirk_ns ? "IO_PGTABLE_QUIRK_ARM_NS" : "0",
		(unsigned long long)c->pgsize_bitmap, c->ias, c->oas,
		c->ttl_strict ? "true" : "false", c->max_leaves, c->max_tables);
	if (c->refused) {
		fprintf(out, "\tKUNIT_EXPECT_TRUE_MSG(test, !ctx->ops, \"");
		put_clean(out, c->path, true);
		fprintf(out, ": alloc_io_pgtable_ops accepts a configuration the reference "
			     "engine refuses\");\n}\n\n");
		return;
	}
	fprintf(out, "\tKUNIT_ASSERT_TRUE_MSG(test, ctx->ops != NULL, \"");
	put_clean(out, c->path, true);
	fprintf(out, ": alloc_io_pgtable_ops refuses a configuration the reference engine "
		     "accepts\");\n");
	fprintf(out, "\tiopf_expect_cfg(ctx, \"");
	put_clean(out, c->path, true);
	fprintf(out, "\", 0x%llxUL, %u, %u);\n", (unsigned long long)c->want_bitmap, c->want_ias,
		c->want_oas);
	for (uint32_t i = 0; i < c->nr_steps; i++)
		emit_step(out, c, &c->steps[i]);
	fprintf(out, "}\n\n");
}

void kx_emit(FILE *out, const char *suite, struct kx_case *const *cases, unsigned int n,
	     const char *command)
{
	fprintf(out, "// SPDX-License-Identifier: GPL-2.0-only\n/*\n"
		" * KUnit cases for io-pgtable-arm, written by iopgfuzz from its programs:\n"
		" *   ");
	put_clean(out, command, false);
	fprintf(out, "\n *\n"
		" * Each case allocates an io-pgtable with its program's format, pgsize\n"
		" * bitmap, IAS, OAS and quirks, replays the map_pages and unmap_pages\n"
		" * calls iopgfuzz's model of the v5.15+ iommu core made for the program (so\n"
		" * it does not depend on the core), and expects what the golden model and\n"
		" * the reference engine say: each return value, iova_to_phys over every\n"
		" * page an operation touched, and that each leaf and table an operation\n"
		" * removed was covered by an invalidation issued after it was cleared\n"
		" * (the flush ops below record them). Each step carries its program line.\n"
		" *\n"
		" * In a kernel tree: this file in drivers/iommu/, and\n"
		" *   Kconfig:  config IOMMU_IO_PGTABLE_IOPGFUZZ_KUNIT_TEST\n"
		" *                   tristate \"io-pgtable-arm cases from iopgfuzz\" if !KUNIT_ALL_TESTS\n"
		" *                   depends on IOMMU_IO_PGTABLE_LPAE && KUNIT\n"
		" *                   default KUNIT_ALL_TESTS\n"
		" *   Makefile: obj-$(CONFIG_IOMMU_IO_PGTABLE_IOPGFUZZ_KUNIT_TEST) += <this file>.o\n"
		" * (io-pgtable-arm built in: alloc_io_pgtable_ops is not exported to modules.)\n"
		" */\n\n"
		"#include <kunit/device.h>\n"
		"#include <kunit/test.h>\n"
		"#include <linux/io-pgtable.h>\n"
		"#include <linux/iommu.h>\n"
		"#include <linux/kernel.h>\n"
		"#include <linux/module.h>\n"
		"#include <linux/sizes.h>\n"
		"#include <linux/slab.h>\n\n");
	fputs(helpers, out);
	fputc('\n', out);
	for (unsigned int i = 0; i < n; i++)
		emit_case(out, cases[i]);
	fprintf(out, "static struct kunit_case iopf_cases[] = {\n");
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, "\tKUNIT_CASE(%s),\n", cases[i]->name);
	fprintf(out, "\t{}\n};\n\nstatic struct kunit_suite iopf_suite = {\n"
		"\t.name = \"%s\",\n\t.test_cases = iopf_cases,\n};\n"
		"kunit_test_suite(iopf_suite);\n\n"
		"MODULE_DESCRIPTION(\"io-pgtable-arm cases written by iopgfuzz\");\n"
		"MODULE_LICENSE(\"GPL\");\n", suite);
}
