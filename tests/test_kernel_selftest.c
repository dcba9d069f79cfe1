// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every kernel tree of this build passes its own io-pgtable selftest in user
 * space, under each PAGE_SIZE arm64 has, with nothing leaked and no WARN;
 * and the same selftest fails when its environment does (a table
 * allocation refused), so a pass means something.
 */
#include "check.h"
#include "iopgfuzz/selftest.h"

CHECK_MAIN_STATE;

static const uint64_t page_sizes[] = { 4096, 16384, 65536 };

static void one_tree(const struct ipf_kernel_variant *v)
{
	struct ipf_kernel_selftest_result r;

	for (unsigned int i = 0; i < sizeof(page_sizes) / sizeof(page_sizes[0]); i++) {
		int ret = ipf_kernel_selftest(v, page_sizes[i], 0, &r, NULL, NULL);

		printf("%s (%s), PAGE_SIZE %llu: %s: %u passed, %u failed, %llu tables, "
		       "%llu WARNs, %llu leaked\n", v->name, v->release,
		       (unsigned long long)page_sizes[i], ret ? "FAIL" : "pass", r.passed, r.failed,
		       (unsigned long long)r.tables, (unsigned long long)r.warnings,
		       (unsigned long long)r.leaked_tables);
		CHECK_EQ(ret, 0);
		CHECK(r.passed > 0);
		CHECK_EQ(r.failed, 0);
		CHECK_EQ(r.warnings, 0);
		CHECK_EQ(r.leaked_tables, 0);
		CHECK_EQ(r.leaked_objects, 0);
		CHECK(r.tables > 0);
	}
	/* The 40th table allocation fails: the selftest must say so. */
	CHECK(ipf_kernel_selftest(v, 4096, 40, &r, NULL, NULL) != 0);
	CHECK(r.ret != 0);
}

int main(void)
{
	check_state.test = "kernel selftest";
	if (!ipf_kernel_nr_variants) {
		printf("skipped: this build has no kernel tree (make prepares Debian's 6.1 and 6.12; "
		       "tools/kernel-tree prepare build/kernel for others)\n");
		return 77;
	}
	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++)
		one_tree(ipf_kernel_variants[i]);
	return check_summary("kernel selftest");
}
