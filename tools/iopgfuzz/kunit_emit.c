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
	fputs(kx_helpers, out);
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
