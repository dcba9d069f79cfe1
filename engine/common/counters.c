// SPDX-License-Identifier: GPL-2.0-only
#include "iopgfuzz/counters.h"

static const char *const counter_names[] = {
#define IPF_CNT_NAME(name) #name,
	IPF_COUNTERS(IPF_CNT_NAME)
#undef IPF_CNT_NAME
};

const char *ipf_counter_name(enum ipf_counter_id id)
{
	return (unsigned)id < IPF_CNT_NR ? counter_names[id] : "?";
}

uint64_t ipf_counter_get(const struct ipf_counters *c, enum ipf_counter_id id)
{
	switch (id) {
#define IPF_CNT_CASE(name) case IPF_CNT_##name: return c->name;
	IPF_COUNTERS(IPF_CNT_CASE)
#undef IPF_CNT_CASE
	default:
		return 0;
	}
}

void ipf_counters_sub(struct ipf_counters *out, const struct ipf_counters *a,
		      const struct ipf_counters *b)
{
#define IPF_CNT_SUB(name) out->name = a->name - b->name;
	IPF_COUNTERS(IPF_CNT_SUB)
#undef IPF_CNT_SUB
}
