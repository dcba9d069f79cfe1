// SPDX-License-Identifier: GPL-2.0-only
/*
 * iopgfuzz kernels: the kernel trees this build holds (engine kernel:TREE),
 * and with --selftest each tree's own io-pgtable selftest under every
 * PAGE_SIZE, run in user space.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "iopgfuzz/selftest.h"

static void help(void)
{
	printf("usage: iopgfuzz kernels [--selftest]\n"
	       "Lists the kernel trees built in (tools/kernel-tree prepares them; make\n"
	       "takes Debian's 6.1 and 6.12 and KERNEL_SRC=): name, release, selftest, and\n"
	       "whether its own iommu core was taken in too (engine kernel-core:TREE).\n"
	       "  --selftest  run each tree's own selftest at PAGE_SIZE 4K, 16K and 64K\n"
	       "Exit status: 0, or 1 if a selftest failed.\n");
}

int cmd_kernels(int argc, char **argv)
{
	static const uint64_t page_sizes[] = { 4096, 16384, 65536 };
	bool selftest = false;
	int failed = 0;

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--selftest"))
			selftest = true;
		else
			die_usage("kernels", "unknown argument '%s'", argv[i]);
	}
	if (!ipf_kernel_nr_variants)
		printf("no kernel tree in this build (tools/kernel-tree prepare build/kernel)\n");
	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++) {
		const struct ipf_kernel_variant *v = ipf_kernel_variants[i];

		printf("%s\t%s\tselftest: %s\tcore: %s\n", v->name, v->release, v->selftest_kind,
		       v->core ? "kernel-core" : "none");
		for (unsigned int j = 0; selftest && j < sizeof(page_sizes) / sizeof(page_sizes[0]); j++) {
			struct ipf_kernel_selftest_result r;
			int ret = ipf_kernel_selftest(v, page_sizes[j], 0, &r, NULL, NULL);

			printf("  PAGE_SIZE %-6llu %s: %u PASS %u FAIL, %llu tables, %llu WARNs%s%s, "
			       "%llu tables and %llu objects leaked\n",
			       (unsigned long long)page_sizes[j], ret ? "FAIL" : "pass", r.passed,
			       r.failed, (unsigned long long)r.tables, (unsigned long long)r.warnings,
			       r.warnings ? " first at " : "", r.warnings ? r.first_warning : "",
			       (unsigned long long)r.leaked_tables, (unsigned long long)r.leaked_objects);
			failed |= ret != 0;
		}
	}
	return failed ? EXIT_FINDING : EXIT_AGREE;
}
