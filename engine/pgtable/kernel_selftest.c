// SPDX-License-Identifier: GPL-2.0-only
/*
 * A kernel tree's own io-pgtable selftest, run in user space under a given
 * PAGE_SIZE with tables from a private arena: the proof that the shim lets
 * the tree behave as it does in a kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "iopgfuzz/kernel.h"
#include "iopgfuzz/pgmem.h"
#include "iopgfuzz/selftest.h"

struct st_host {
	struct ipf_pgmem mem;
	struct ipf_kernel_selftest_result *res;
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
};

static void *st_table_alloc(void *ctx, uint64_t size)
{
	struct st_host *h = ctx;
	uint64_t pa;

	return ipf_pgmem_alloc(&h->mem, size, &pa);
}

static void st_table_free(void *ctx, void *virt)
{
	struct st_host *h = ctx;

	if (ipf_pgmem_free(&h->mem, virt))
		h->res->bad_frees++;
}

static uint64_t st_table_pa(void *ctx, const void *virt)
{
	return ipf_pgmem_pa(&((struct st_host *)ctx)->mem, virt);
}

static void *st_table_va(void *ctx, uint64_t pa)
{
	return ipf_pgmem_host(&((struct st_host *)ctx)->mem, pa);
}

static void st_sync(void *ctx, uint64_t pa, uint64_t size)
{
	(void)ctx, (void)pa, (void)size;
}

static void st_warn(void *ctx, const char *func, int line)
{
	struct st_host *h = ctx;

	if (!h->res->warnings++)
		snprintf(h->res->first_warning, sizeof(h->res->first_warning), "%s:%d", func, line);
}

static void st_bug(void *ctx, const char *func, int line)
{
	struct st_host *h = ctx;

	h->res->bugs++;
	snprintf(h->res->first_warning, sizeof(h->res->first_warning), "BUG %s:%d", func, line);
}

static void st_log(void *ctx, const char *line)
{
	struct st_host *h = ctx;

	if (h->log)
		h->log(h->log_ctx, line);
}

static void st_flush_all(void *ctx) { (void)ctx; }
static void st_flush_walk(void *ctx, uint64_t iova, uint64_t size, uint64_t granule)
{
	(void)ctx, (void)iova, (void)size, (void)granule;
}
static void st_add_page(void *ctx, void *gather, uint64_t iova, uint64_t granule)
{
	(void)ctx, (void)gather, (void)iova, (void)granule;
}

int ipf_kernel_selftest(const struct ipf_kernel_variant *v, uint64_t page_size, uint64_t fail_at,
			struct ipf_kernel_selftest_result *res,
			void (*log)(void *ctx, const char *line), void *log_ctx)
{
	struct st_host h = { .res = res, .log = log, .log_ctx = log_ctx };
	struct ipf_kernel_host host = {
		.page_size = page_size,
		.table_alloc = st_table_alloc, .table_free = st_table_free,
		.table_pa = st_table_pa, .table_va = st_table_va, .sync = st_sync,
		.warn = st_warn, .bug = st_bug, .log = st_log,
		/* The selftests bring their own flush ops; these are never called. */
		.tlb_flush_all = st_flush_all, .tlb_flush_walk = st_flush_walk,
		.tlb_add_page = st_add_page,
		.ctx = &h,
	};
	int ret;

	memset(res, 0, sizeof(*res));
	/* Freed tables are poisoned and never reused: a touch after free is an ASan report. */
	if (ipf_pgmem_init(&h.mem, &(struct ipf_pgmem_cfg){ .host_page_size = page_size,
							     .free_mode = IPF_FREE_QUARANTINE,
							     .fail_at = fail_at }))
		return -ENOMEM;
	ret = v->selftest(&host, &res->passed, &res->failed);
	res->leaked_objects = ipf_kernel_release(&h);
	res->leaked_tables = h.mem.live_tables;
	res->tables = h.mem.nr_allocs;
	ipf_pgmem_destroy(&h.mem);
	res->ret = ret;
	if (!ret && (res->failed || res->warnings || res->bugs || res->bad_frees ||
		     res->leaked_tables || res->leaked_objects || !res->passed))
		ret = -EPROTO;
	return ret;
}
