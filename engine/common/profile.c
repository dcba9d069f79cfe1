// SPDX-License-Identifier: GPL-2.0-only
/* The profile and change tables of include/iopgfuzz/profile.h. */
#include <stdio.h>
#include <string.h>

#include "iopgfuzz/profile.h"

static const char *const profile_names[IPF_PROFILES] = {
#define IPF_PROFILE_NAME(id, name, major, minor) [IPF_PROFILE_##id] = name,
	IPF_PROFILE_LIST(IPF_PROFILE_NAME)
#undef IPF_PROFILE_NAME
};

/* A release as major * 1000 + minor: v6.13 is 6013. */
static const unsigned int profile_versions[IPF_PROFILES] = {
#define IPF_PROFILE_VERSION(id, name, major, minor) [IPF_PROFILE_##id] = (major) * 1000 + (minor),
	IPF_PROFILE_LIST(IPF_PROFILE_VERSION)
#undef IPF_PROFILE_VERSION
};

static const struct ipf_change_info changes[IPF_CHANGES] = {
#define IPF_CHANGE_INFO(id, name, commit, since, text) [IPF_CHANGE_##id] = { name, commit, since, text },
	IPF_CHANGE_LIST(IPF_CHANGE_INFO)
#undef IPF_CHANGE_INFO
};

const char *ipf_profile_name(enum ipf_profile p)
{
	return (unsigned int)p < IPF_PROFILES ? profile_names[p] : "?";
}

int ipf_profile_lookup(const char *name, enum ipf_profile *p)
{
	for (int i = 0; i < IPF_PROFILES; i++) {
		const char *n = profile_names[i];

		if (!strcmp(name, n) || !strcmp(name, n + 1)) {
			*p = (enum ipf_profile)i;
			return 0;
		}
	}
	return -1;
}

int ipf_profile_parse(const char *s, enum ipf_profile *p)
{
	unsigned int major, minor;

	if (!ipf_profile_lookup(s, p))
		return 0;
	if (sscanf(s, "%u.%u", &major, &minor) != 2)
		return -1;
	*p = ipf_profile_of_release(s);
	return 0;
}

const struct ipf_change_info *ipf_change(enum ipf_change c)
{
	return &changes[(unsigned int)c < IPF_CHANGES ? c : 0];
}

bool ipf_profile_has(enum ipf_profile p, enum ipf_change c)
{
	return (unsigned int)c < IPF_CHANGES && p >= changes[c].since;
}

enum ipf_profile ipf_profile_of_release(const char *release)
{
	unsigned int major = 0, minor = 0, v;
	enum ipf_profile best = IPF_PROFILE_V5_15;

	if (sscanf(release, "%u.%u", &major, &minor) != 2)
		return best;
	v = major * 1000 + minor;
	for (int i = 0; i < IPF_PROFILES; i++)
		if (profile_versions[i] <= v)
			best = (enum ipf_profile)i;
	return best;
}
