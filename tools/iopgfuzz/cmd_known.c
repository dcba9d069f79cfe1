// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz known: the table of known differences, skips, budgets and restrictions. */
#include <stdio.h>

#include "cli.h"
#include "iopgfuzz/known.h"

static void help(void)
{
	printf("usage: iopgfuzz known\n"
	       "Lists every rule of engine/common/known.c, one per line: NAME<TAB>SCOPE<TAB>\n"
	       "REASON. Nothing else excuses a difference or skips work; 'iopgfuzz stats'\n"
	       "counts each rule's hits (known.NAME=N), 'iopgfuzz run' names the rule of\n"
	       "every skipped operation.\n");
}

int cmd_known(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	if (argc > 1)
		die_usage("known", "unknown argument '%s'", argv[1]);
	for (int k = 1; k < IPF_KNOWN_RULES; k++) {
		const struct ipf_known_rule_info *r = ipf_known_rule((enum ipf_known_rule)k);

		printf("%s\t%s\t%s\n", r->name, ipf_known_scope_name(r->scope), r->reason);
	}
	return EXIT_AGREE;
}
