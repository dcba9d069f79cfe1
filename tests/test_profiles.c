// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel behaviour profiles (include/iopgfuzz/profile.h): names, the
 * release a tree maps to, each change present from its first release on,
 * and what each change does to a program's verdict and to its known-rule
 * counts: the v5.15 split against v6.13's refusal, the stage-2 start the
 * SMMU rejects before v6.14 (excused there, counted) and the v6.14 refusal.
 */
#include <string.h>

#include "check.h"
#include "iopgfuzz/known.h"
#include "iopgfuzz/profile.h"
#include "iopgfuzz/runner.h"

CHECK_MAIN_STATE;

static struct ipf_runner *runner;

static void test_names(void)
{
	enum ipf_profile p;

	for (int i = 0; i < IPF_PROFILES; i++) {
		CHECK_EQ(ipf_profile_lookup(ipf_profile_name((enum ipf_profile)i), &p), 0);
		CHECK_EQ(p, i);
	}
	CHECK_EQ(ipf_profile_lookup("6.13", &p), 0);
	CHECK_EQ(p, IPF_PROFILE_V6_13);
	CHECK_EQ(ipf_profile_lookup("v6.15", &p), -1);
	CHECK_EQ(ipf_profile_lookup("", &p), -1);
}

static void test_releases(void)
{
	static const struct { const char *release; enum ipf_profile p; } rows[] = {
		{ "5.10.0", IPF_PROFILE_V5_15 },  { "6.1.192", IPF_PROFILE_V5_15 },
		{ "6.11.9", IPF_PROFILE_V5_15 },  { "6.12.117", IPF_PROFILE_V6_12 },
		{ "6.13", IPF_PROFILE_V6_13 },    { "6.18.3", IPF_PROFILE_V6_14 },
		{ "6.19.0", IPF_PROFILE_V6_19 },  { "7.0.0-rc1", IPF_PROFILE_V6_19 },
		{ "not a release", IPF_PROFILE_V5_15 },
	};

	for (unsigned int i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_EQ(ipf_profile_of_release(rows[i].release), rows[i].p);
}

/* A change is in every profile from its first release on, and in none before. */
static void test_changes(void)
{
	for (int c = 0; c < IPF_CHANGES; c++) {
		const struct ipf_change_info *i = ipf_change((enum ipf_change)c);

		CHECK(i->name && i->commit && strlen(i->text) > 20);
		CHECK(i->since > IPF_PROFILE_V5_15);
		for (int p = 0; p < IPF_PROFILES; p++)
			CHECK_EQ(ipf_profile_has((enum ipf_profile)p, (enum ipf_change)c),
				 p >= (int)i->since);
	}
}

static enum ipf_verdict_kind run_as(const char *text, enum ipf_profile profile,
				    struct ipf_run_stats *st, struct ipf_verdict *v)
{
	struct ipf_program p;
	char err[200];

	if (ipf_program_parse(&p, text, strlen(text), err, sizeof(err))) {
		printf("parse: %s\n", err);
		CHECK(0);
		return IPF_VERDICT_UNUSABLE;
	}
	p.cfg.domain.profile = profile;
	return ipf_run(runner, &p, v, st);
}

/* 4K out of a 2M block: split (4K unmapped) up to v6.12, refused from v6.13. */
static void test_split(void)
{
	static const char prog[] = "config fmt=lpae-s1 pgsizes=4K,2M,1G\n"
				   "map iova=0x200000 paddr=0x40200000 size=2M prot=rw\n"
				   "unmap iova=0x201000 size=4K\n"
				   "dma iova=0x201000 access=r\n";
	struct ipf_run_stats st;
	struct ipf_verdict v;

	for (int p = 0; p < IPF_PROFILES; p++) {
		bool split = !ipf_profile_has((enum ipf_profile)p, IPF_CHANGE_NO_SPLIT);

		CHECK_EQ(run_as(prog, (enum ipf_profile)p, &st, &v), IPF_VERDICT_AGREE);
		/* the refusal is a WARN the caller provoked, on both engines */
		CHECK_EQ(st.known.n[IPF_KNOWN_CALLER_WARN] > 0, !split);
	}
}

/* 16K, IAS = OAS = 40: level 1 before v6.14, which the SMMU rejects (excused, counted). */
static void test_s2_start(void)
{
	static const char prog[] = "config fmt=lpae-s2 pgsizes=16K,32M ias=40 oas=40\n"
				   "map iova=0x0 paddr=0x0 size=32M prot=rw\n"
				   "unmap iova=0x0 size=32M\n";
	struct ipf_run_stats st;
	struct ipf_verdict v;

	for (int p = 0; p < IPF_PROFILES; p++) {
		bool old = !ipf_profile_has((enum ipf_profile)p, IPF_CHANGE_CONCAT_MANDATORY);

		CHECK_EQ(run_as(prog, (enum ipf_profile)p, &st, &v), IPF_VERDICT_AGREE);
		CHECK_EQ(st.known.n[IPF_KNOWN_S2_START_BEFORE_V6_14] > 0, old);
	}
}

/* 4K, IAS 44, OAS 40: 32 tables where concatenation is mandatory, refused from v6.14. */
static void test_s2_refused(void)
{
	static const char prog[] = "config fmt=lpae-s2 pgsizes=4K,2M,1G ias=44 oas=40\n"
				   "map iova=0x0 paddr=0x0 size=4K prot=rw\n";
	struct ipf_run_stats st;
	struct ipf_verdict v;

	for (int p = 0; p < IPF_PROFILES; p++) {
		bool refused = ipf_profile_has((enum ipf_profile)p, IPF_CHANGE_CONCAT_MANDATORY);

		CHECK_EQ(run_as(prog, (enum ipf_profile)p, &st, &v),
			 refused ? IPF_VERDICT_UNUSABLE : IPF_VERDICT_AGREE);
		if (refused)
			CHECK(strstr(v.detail, "more than 16 tables") != NULL);
		else
			CHECK(st.known.n[IPF_KNOWN_S2_START_BEFORE_V6_14] > 0);
	}
}

int main(void)
{
	runner = ipf_runner_create();
	if (!runner)
		return 1;
	RUN_TEST(test_names);
	RUN_TEST(test_releases);
	RUN_TEST(test_changes);
	RUN_TEST(test_split);
	RUN_TEST(test_s2_start);
	RUN_TEST(test_s2_refused);
	ipf_runner_destroy(runner);
	return check_summary("test_profiles");
}
