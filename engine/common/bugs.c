// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "iopgfuzz/bugs.h"

static const char *const bug_names[] = {
#define IPF_BUG_NAME(name, origin, text) #name,
	IPF_BUG_LIST(IPF_BUG_NAME)
#undef IPF_BUG_NAME
};

static const char *const bug_origins[] = {
#define IPF_BUG_ORIGIN(name, origin, text) origin,
	IPF_BUG_LIST(IPF_BUG_ORIGIN)
#undef IPF_BUG_ORIGIN
};

static const char *const bug_texts[] = {
#define IPF_BUG_TEXT(name, origin, text) text,
	IPF_BUG_LIST(IPF_BUG_TEXT)
#undef IPF_BUG_TEXT
};

const char *ipf_bug_name(enum ipf_bug_id id)
{
	return (unsigned)id < IPF_BUG_NR ? bug_names[id] : "?";
}

const char *ipf_bug_origin(enum ipf_bug_id id)
{
	return (unsigned)id < IPF_BUG_NR ? bug_origins[id] : "?";
}

const char *ipf_bug_text(enum ipf_bug_id id)
{
	return (unsigned)id < IPF_BUG_NR ? bug_texts[id] : "?";
}

static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = *a == '-' ? '_' : toupper((unsigned char)*a);
		int cb = *b == '-' ? '_' : toupper((unsigned char)*b);

		if (ca != cb)
			return 0;
	}
	return !*a && !*b;
}

enum ipf_bug_id ipf_bug_lookup(const char *name)
{
	for (unsigned int i = 0; i < IPF_BUG_NR; i++)
		if (same_name(name, bug_names[i]))
			return (enum ipf_bug_id)i;
	return IPF_BUG_NR;
}

int ipf_bugs_parse(const char *list, uint64_t *bugs, char *bad, size_t cap)
{
	*bugs = 0;
	while (*list) {
		size_t len = strcspn(list, ",");
		char name[64] = "";
		enum ipf_bug_id id;

		if (len && len < sizeof(name))
			memcpy(name, list, len);
		id = ipf_bug_lookup(name);
		if (id < IPF_BUG_NR) {
			*bugs |= IPF_BUG_BIT(id);
		} else if (!strcmp(name, "all")) {
			*bugs = IPF_BUGS_ALL;
		} else {
			if (cap)
				snprintf(bad, cap, "%.*s", (int)len, list);
			return -1;
		}
		list += len + (list[len] == ',');
	}
	return 0;
}
