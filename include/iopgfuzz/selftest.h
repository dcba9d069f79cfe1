// SPDX-License-Identifier: GPL-2.0-only
/* A kernel tree's own io-pgtable selftest, run in user space (engine/pgtable/kernel_selftest.c). */
#ifndef IOPGFUZZ_SELFTEST_H
#define IOPGFUZZ_SELFTEST_H

#include <stdint.h>

#include "iopgfuzz/kernel.h"

struct ipf_kernel_selftest_result {
	int ret;                     /* what the selftest returned (0: it says pass) */
	unsigned int passed, failed; /* its summary line (initcall), its cases (kunit) */
	uint64_t warnings, bugs;     /* WARN_ONs and BUGs it hit */
	char first_warning[96];      /* function:line of the first */
	uint64_t bad_frees;          /* frees of something that was no table */
	uint64_t tables;             /* tables it allocated */
	uint64_t leaked_tables;      /* still allocated when it returned */
	uint64_t leaked_objects;     /* kmalloc'd and never freed (freed by the runner) */
};

/*
 * Run v's selftest with the kernel's PAGE_SIZE = page_size (and, with
 * fail_at N > 0, the Nth table allocation failing); every printk
 * line goes to log (may be NULL). 0 only when the selftest passed by its
 * own account and the run was clean: no WARN, no BUG, no bad free, no
 * leaked table or object, at least one test counted; -EPROTO when the selftest
 * passed but the run was not clean, -ENOSYS when the tree has no selftest.
 */
int ipf_kernel_selftest(const struct ipf_kernel_variant *v, uint64_t page_size, uint64_t fail_at,
			struct ipf_kernel_selftest_result *res,
			void (*log)(void *ctx, const char *line), void *log_ctx);

#endif
