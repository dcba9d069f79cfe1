// SPDX-License-Identifier: GPL-2.0-only
/* iopgfuzz profiles: the kernel behaviour profiles and the changes that make them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "iopgfuzz/profile.h"

static void help(void)
{
	printf("usage: iopgfuzz profiles [--of RELEASE]\n"
	       "Lists the kernel behaviour changes the model covers, one per line:\n"
	       "NAME<TAB>COMMIT<TAB>SINCE<TAB>WHAT, then each profile with the changes it has:\n"
	       "PROFILE<TAB>NAME,... ('-' for none). A program picks one with profile= (text),\n"
	       "byte 18 (binary) or 'iopgfuzz run --profile='; docs/profiles.md has the table.\n"
	       "  --of RELEASE  print only the profile a kernel release behaves as (6.12.57:\n"
	       "                v6.12); what --profile=tree picks for a tree\n");
}

int cmd_profiles(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		help();
		return EXIT_AGREE;
	}
	if (argc == 3 && !strcmp(argv[1], "--of")) {
		printf("%s\n", ipf_profile_name(ipf_profile_of_release(argv[2])));
		return EXIT_AGREE;
	}
	if (argc > 1)
		die_usage("profiles", "unknown argument '%s'", argv[1]);
	for (int c = 0; c < IPF_CHANGES; c++) {
		const struct ipf_change_info *i = ipf_change((enum ipf_change)c);

		printf("%s\t%s\t%s\t%s\n", i->name, i->commit, ipf_profile_name(i->since), i->text);
	}
	for (int p = 0; p < IPF_PROFILES; p++) {
		bool any = false;

		printf("%s\t", ipf_profile_name((enum ipf_profile)p));
		for (int c = 0; c < IPF_CHANGES; c++) {
			if (!ipf_profile_has((enum ipf_profile)p, (enum ipf_change)c))
				continue;
			printf("%s%s", any ? "," : "", ipf_change((enum ipf_change)c)->name);
			any = true;
		}
		printf("%s\n", any ? "" : "-");
	}
	return EXIT_AGREE;
}
