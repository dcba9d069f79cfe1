// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz bugs: the catalogue of injectable bugs, one per line. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: iopgfuzz bugs [--names]\n"
	       "Lists the injectable bugs (include/iopgfuzz/bugs.h), one per line:\n"
	       "NAME<TAB>ORIGIN<TAB>WHAT. --names prints the names only. Any of them\n"
	       "goes in a program's 'config ... bugs=NAME', in --bugs=LIST of the reading\n"
	       "commands, and in --ipf-bugs=LIST of the fuzz targets. docs/bugs.md tells\n"
	       "each one's story.\n");
}

int cmd_bugs(int argc, char **argv)
{
	bool names = false;

	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--names"))
			die_usage("bugs", "unknown option '%s'", argv[i]);
		names = true;
	}
	for (int b = 0; b < IPF_BUG_NR; b++) {
		if (names)
			printf("%s\n", ipf_bug_name((enum ipf_bug_id)b));
		else
			printf("%s\t%s\t%s\n", ipf_bug_name((enum ipf_bug_id)b),
			       ipf_bug_origin((enum ipf_bug_id)b), ipf_bug_text((enum ipf_bug_id)b));
	}
	return EXIT_AGREE;
}
