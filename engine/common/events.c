// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "iopgfuzz/events.h"

static const char *const event_names[] = {
#define IPF_EV_NAME(name, oracle, text) #name,
	IPF_EVENT_KINDS(IPF_EV_NAME)
#undef IPF_EV_NAME
};

static const char *const event_texts[] = {
#define IPF_EV_TEXT(name, oracle, text) text,
	IPF_EVENT_KINDS(IPF_EV_TEXT)
#undef IPF_EV_TEXT
};

static const char *const event_oracles[] = {
#define IPF_EV_ORACLE(name, oracle, text) oracle,
	IPF_EVENT_KINDS(IPF_EV_ORACLE)
#undef IPF_EV_ORACLE
};

void ipf_events_reset(struct ipf_events *ev)
{
	memset(ev, 0, sizeof(*ev));
}

void ipf_event(struct ipf_events *ev, enum ipf_event_kind kind, uint64_t iova, uint64_t aux)
{
	if (!ev)
		return;
	ev->total++;
	ev->count[kind]++;
	if (ev->nr_kept < IPF_EVENTS_KEPT)
		ev->kept[ev->nr_kept++] = (struct ipf_event){
			.kind = kind, .op_index = ev->op_index, .iova = iova, .aux = aux,
		};
}

const char *ipf_event_name(enum ipf_event_kind kind)
{
	return (unsigned)kind < IPF_EV_NR ? event_names[kind] : "?";
}

const char *ipf_event_text(enum ipf_event_kind kind)
{
	return (unsigned)kind < IPF_EV_NR ? event_texts[kind] : "?";
}

const char *ipf_event_oracle(enum ipf_event_kind kind)
{
	return (unsigned)kind < IPF_EV_NR ? event_oracles[kind] : "?";
}
