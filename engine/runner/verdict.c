// SPDX-License-Identifier: GPL-2.0-only
/* How a verdict reads: one stable line, and a class for de-duplication. */
#include <stdio.h>

#include "iopgfuzz/runner.h"

static const char *engine_of(int engine)
{
	return engine < 0 ? "both" : ipf_engine_name((enum ipf_engine)engine);
}

void ipf_verdict_format(const struct ipf_verdict *v, char *buf, size_t cap)
{
	switch (v->kind) {
	case IPF_VERDICT_AGREE:
		snprintf(buf, cap, "agree");
		return;
	case IPF_VERDICT_UNUSABLE:
		snprintf(buf, cap, "unusable: %s", v->detail);
		return;
	default:
		break;
	}
	if (v->check == IPF_CHECK_EVENT)
		snprintf(buf, cap, "finding: %s (%s) in %s at op %u, iova 0x%llx, aux 0x%llx: %s",
			 ipf_event_name(v->event), ipf_event_oracle(v->event), engine_of(v->engine),
			 v->op_index, (unsigned long long)v->iova, (unsigned long long)v->opt_value,
			 v->detail);
	else
		snprintf(buf, cap, "finding: %s in %s at op %u, iova 0x%llx: ref 0x%llx opt 0x%llx: %s",
			 ipf_check_name(v->check), engine_of(v->engine), v->op_index,
			 (unsigned long long)v->iova, (unsigned long long)v->ref_value,
			 (unsigned long long)v->opt_value, v->detail);
}

const char *ipf_verdict_class(const struct ipf_verdict *v, char *buf, size_t cap)
{
	if (v->kind != IPF_VERDICT_FINDING)
		snprintf(buf, cap, "%s", v->kind == IPF_VERDICT_AGREE ? "agree" : "unusable");
	else if (v->check == IPF_CHECK_EVENT)
		snprintf(buf, cap, "event:%s", ipf_event_name(v->event));
	else
		snprintf(buf, cap, "%s", ipf_check_name(v->check));
	return buf;
}
