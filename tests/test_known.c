// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of known differences, skips, budgets and decoding restrictions
 * (include/iopgfuzz/known.h): every rule has a distinct name, a scope and a
 * reason, and a program that meets a rule counts a hit of that rule and of
 * no rule it does not meet. A skipped operation is kept with its rule and
 * what it measured, and a raised leaf budget runs what the default skips.
 */
#include <string.h>

#include "check.h"
#include "iopgfuzz/known.h"
#include "iopgfuzz/runner.h"

CHECK_MAIN_STATE;

static struct ipf_runner *runner;

static void table_is_complete(void)
{
	for (int a = 1; a < IPF_KNOWN_RULES; a++) {
		const struct ipf_known_rule_info *r = ipf_known_rule((enum ipf_known_rule)a);

		CHECK(r->name && r->name[0]);
		CHECK(r->reason && strlen(r->reason) > 20);
		CHECK(r->scope != IPF_SCOPE_NONE);
		CHECK(strcmp(ipf_known_scope_name(r->scope), "?"));
		for (int b = 1; b < a; b++)
			CHECK(strcmp(r->name, ipf_known_rule((enum ipf_known_rule)b)->name));
	}
}

/* Run a text program; the hits of its known rules, and the verdict. */
static enum ipf_verdict_kind run_text(const char *text, struct ipf_run_stats *st)
{
	struct ipf_program p;
	struct ipf_verdict v;
	char err[200];

	if (ipf_program_parse(&p, text, strlen(text), err, sizeof(err))) {
		printf("parse: %s\n", err);
		CHECK(0);
		return IPF_VERDICT_UNUSABLE;
	}
	return ipf_run(runner, &p, &v, st);
}

/* The program meets exactly `rule` among the rules a program can meet at run time. */
static void hits(const char *what, const char *text, enum ipf_known_rule rule)
{
	struct ipf_run_stats st;
	enum ipf_verdict_kind kind = run_text(text, &st);

	printf("%s: %s, %s=%llu\n", what, kind == IPF_VERDICT_AGREE ? "agree" : "not agree",
	       ipf_known_rule(rule)->name, (unsigned long long)st.known.n[rule]);
	CHECK_EQ(kind, IPF_VERDICT_AGREE);
	CHECK(st.known.n[rule] > 0);
	for (int k = 1; k < IPF_KNOWN_RULES; k++)
		if (k != (int)rule && k != IPF_KNOWN_FAILED_MAP_FLUSHES && k != IPF_KNOWN_CALLER_WARN)
			CHECK_EQ(st.known.n[k], 0);
}

static void run_time_rules(void)
{
	hits("map over a leaf", "config\nmap iova=0 paddr=0 size=4K prot=rw\n"
	     "map iova=0 paddr=0 size=4K prot=rw\n", IPF_KNOWN_CALLER_WARN);
	hits("no-access map", "config\nmap iova=0 paddr=0 size=4K prot=none\n",
	     IPF_KNOWN_NO_ACCESS_MAP);
	hits("map crossing the IAS", "config ias=32\nmap iova=0xfffff000 paddr=0 size=8K prot=rw\n",
	     IPF_KNOWN_IAS_CROSSING_MAP);
	hits("16T with RIL", "config pgsizes=4K,2M,1G\nunmap iova=0 size=0x100000000000\n",
	     IPF_KNOWN_RIL_SCALE);
	hits("map into the flush queue", "config\nmap iova=0 paddr=0 size=8K prot=rw\n"
	     "unmap-lazy iova=0 size=4K\nmap iova=0 paddr=0 size=4K prot=rw\n",
	     IPF_KNOWN_LAZY_IOVA_MAP);
	hits("a device access in the flush queue", "config prefill=on\n"
	     "map iova=0 paddr=0 size=4K prot=rw\ndma iova=0 access=r\nunmap-lazy iova=0 size=4K\n"
	     "dma iova=0 access=r\n", IPF_KNOWN_LAZY_DMA);
	hits("a block split by a lazy unmap", "config lazy=on\n"
	     "map iova=0x40000000 paddr=0x2640000000 size=4M prot=rw\n"
	     "unmap iova=0x40004000 size=0x200000\n", IPF_KNOWN_LAZY_FLUSH_ORDER);
}

/* The same split, strict: both engines make the same flush calls, no rule excuses them. */
static void strict_flush_order(void)
{
	struct ipf_run_stats st;

	CHECK_EQ(run_text("config\nmap iova=0x40000000 paddr=0x2640000000 size=4M prot=rw\n"
			  "unmap iova=0x40004000 size=0x200000\n", &st), IPF_VERDICT_AGREE);
	for (int k = 1; k < IPF_KNOWN_RULES; k++)
		CHECK_EQ(st.known.n[k], 0);
}

static void budget(void)
{
	static const char big[] = "config pgsizes=4K page=4K\nmap iova=0 paddr=0 size=64M prot=rw\n"
				  "unmap iova=0 size=64M\n";
	static const char raised[] = "config pgsizes=4K page=4K leaves=16384\n"
				     "map iova=0 paddr=0 size=64M prot=rw\nunmap iova=0 size=64M\n";
	struct ipf_run_stats st;

	CHECK_EQ(run_text(big, &st), IPF_VERDICT_AGREE);
	CHECK_EQ(st.ops_skipped, 2);
	CHECK_EQ(st.known.n[IPF_KNOWN_LEAF_BUDGET], 2);
	CHECK_EQ(st.nr_skipped_kept, 2);
	CHECK_EQ(st.skipped[0].op_index, 0);
	CHECK_EQ(st.skipped[0].why.rule, IPF_KNOWN_LEAF_BUDGET);
	CHECK_EQ(st.skipped[0].why.a, 16384);
	CHECK_EQ(st.skipped[0].why.b, IPF_LEAF_BUDGET_DEFAULT);
	CHECK_EQ(run_text(raised, &st), IPF_VERDICT_AGREE);
	CHECK_EQ(st.ops_skipped, 0);
	CHECK_EQ(st.ops_run, 2);
}

/* Decoding: what the bytes asked for and did not get is counted as its rule. */
static void decode_rules(void)
{
	/* Byte 0 (docs/format.md): bit 0 stage 2, bit 4 NS, bit 5 strict TTL. */
	static const uint8_t s2_ns_ttl[] = { 0x31 };
	static const uint8_t s1_ns_ttl[] = { 0x30 };
	struct ipf_program p;
	struct ipf_run_stats st;
	struct ipf_verdict v;

	ipf_program_decode(&p, s2_ns_ttl, sizeof(s2_ns_ttl), 0);
	CHECK(!p.cfg.domain.quirks && !p.cfg.smmu.ttl_strict);
	CHECK_EQ(p.decode_rules, (1u << IPF_KNOWN_NS_STAGE2) | (1u << IPF_KNOWN_TTL_STRICT_TRUSTED));
	ipf_run(runner, &p, &v, &st);
	CHECK_EQ(st.known.n[IPF_KNOWN_NS_STAGE2], 1);
	CHECK_EQ(st.known.n[IPF_KNOWN_TTL_STRICT_TRUSTED], 1);
	/* Trusted with every switch, stage 1: both kept, no rule. */
	ipf_program_decode(&p, s1_ns_ttl, sizeof(s1_ns_ttl), ~0ULL);
	CHECK(p.cfg.domain.quirks && p.cfg.smmu.ttl_strict);
	CHECK_EQ(p.decode_rules, 0);
}

int main(void)
{
	check_state.test = "known";
	runner = ipf_runner_create();
	CHECK(runner != NULL);
	if (!runner)
		return 1;
	table_is_complete();
	run_time_rules();
	strict_flush_order();
	budget();
	decode_rules();
	ipf_runner_destroy(runner);
	return check_summary("known");
}
