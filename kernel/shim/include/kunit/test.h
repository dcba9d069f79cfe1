/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name:
 * the part of KUnit a tree's io-pgtable tests use. A file's suites are
 * registered under one known name (as init.h does for an initcall), which
 * the adapter runs case by case. A failed expectation fails its case; a
 * failed assertion also ends it. Runtime half: kernel/shim/kunit.c.
 */
#ifndef _IPF_SHIM_KUNIT_TEST_H
#define _IPF_SHIM_KUNIT_TEST_H

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/types.h>

typedef void (kunit_action_t)(void *);

/* The case in progress, as the case sees it. */
struct kunit {
	const char *name;
	bool failed;
	bool skipped;                   /* kunit_skip: neither passed nor failed */
	void *abort;                    /* the runner's jmp_buf: where a failed assertion goes */
	struct kunit_action *actions;   /* run when the case ends, the last added first */
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	struct kunit_case *test_cases;  /* ends with an empty case */
};

#define KUNIT_CASE(fn)	{ .run_case = fn, .name = #fn }

/* The suites of the file, NULL-terminated: one kunit_test_suites per file. */
extern struct kunit_suite *ipf_kshim_kunit_suites[];
#define kunit_test_suites(...)	struct kunit_suite *ipf_kshim_kunit_suites[] = { __VA_ARGS__, NULL }
#define kunit_test_suite(suite)	kunit_test_suites(&suite)

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx);

__attribute__((__format__(__printf__, 4, 5)))
void ipf_kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...);
__attribute__((__noreturn__)) void ipf_kunit_abort(struct kunit *test);

/* For the adapter: run one case (a failed assertion comes back here), then its actions. */
void ipf_kunit_run_case(struct kunit *test, struct kunit_case *c);
void ipf_kunit_end_case(struct kunit *test);

#define kunit_printk(test, fmt, ...) \
	ipf_kshim_printk("    # %s: " fmt, (test)->name, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...)	kunit_printk(test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	kunit_printk(test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	kunit_printk(test, fmt, ##__VA_ARGS__)
#define kunit_log(lvl, test, fmt, ...)	kunit_printk(test, fmt, ##__VA_ARGS__)

#define KUNIT_FAIL(test, fmt, ...) \
	ipf_kunit_fail(test, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* Skip the case: kunit_mark_skipped goes on, kunit_skip ends it. */
__attribute__((__format__(__printf__, 2, 3)))
void ipf_kunit_skip(struct kunit *test, const char *fmt, ...);
#define kunit_mark_skipped(test, fmt, ...)	ipf_kunit_skip(test, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...) do {						\
	ipf_kunit_skip(test, fmt, ##__VA_ARGS__);				\
	ipf_kunit_abort(test);							\
} while (0)

/* Memory that lives as long as the case. */
void *ipf_kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
#define kunit_kmalloc(test, size, gfp)	ipf_kunit_kmalloc(test, size, gfp)
#define kunit_kzalloc(test, size, gfp)	ipf_kunit_kmalloc(test, size, (gfp) | __GFP_ZERO)
#define kunit_kcalloc(test, n, size, gfp) ipf_kunit_kmalloc(test, (n) * (size), (gfp) | __GFP_ZERO)
#define kunit_kmalloc_array(test, n, size, gfp) ipf_kunit_kmalloc(test, (n) * (size), gfp)

#define IPF_KUNIT_CHECK(test, assert, ok, fmt, ...) do {			\
	if (!(ok)) {								\
		KUNIT_FAIL(test, fmt, ##__VA_ARGS__);				\
		if (assert)							\
			ipf_kunit_abort(test);					\
	}									\
} while (0)

#define IPF_KUNIT_TRUE(test, assert, c) \
	IPF_KUNIT_CHECK(test, assert, c, "Expected %s to be true", #c)
#define IPF_KUNIT_FALSE(test, assert, c) \
	IPF_KUNIT_CHECK(test, assert, !(c), "Expected %s to be false", #c)
#define IPF_KUNIT_CMP(test, assert, l, op, r) do {				\
	__typeof__(l) _l = (l);							\
	__typeof__(r) _r = (r);							\
	IPF_KUNIT_CHECK(test, assert, _l op _r, "Expected %s %s %s, but %lld vs %lld",	\
			#l, #op, #r, (long long)_l, (long long)_r);		\
} while (0)
#define IPF_KUNIT_PTR(test, assert, l, op, r)	\
	IPF_KUNIT_CHECK(test, assert, (const void *)(l) op (const void *)(r), \
			"Expected %s %s %s", #l, #op, #r)
#define IPF_KUNIT_NOT_ERR_OR_NULL(test, assert, p) do {				\
	const void *_p = (p);							\
	IPF_KUNIT_CHECK(test, assert, !IS_ERR_OR_NULL(_p),			\
			"Expected %s is not error nor NULL, but is %p", #p, _p);	\
} while (0)

/* The _MSG forms: the same check, then the caller's line. */
#define IPF_KUNIT_CMP_MSG(test, assert, l, op, r, fmt, ...) do {		\
	__typeof__(l) _l = (l);							\
	__typeof__(r) _r = (r);							\
	if (!(_l op _r)) {							\
		KUNIT_FAIL(test, "Expected %s %s %s, but %lld (0x%llx) vs %lld (0x%llx)", \
			   #l, #op, #r, (long long)_l, (unsigned long long)_l,	\
			   (long long)_r, (unsigned long long)_r);		\
		kunit_printk(test, "    " fmt, ##__VA_ARGS__);			\
		if (assert)							\
			ipf_kunit_abort(test);					\
	}									\
} while (0)
#define IPF_KUNIT_BOOL_MSG(test, assert, c, fmt, ...) do {			\
	if (!(c)) {								\
		KUNIT_FAIL(test, "Expected %s to be true, but is false", #c);	\
		kunit_printk(test, "    " fmt, ##__VA_ARGS__);			\
		if (assert)							\
			ipf_kunit_abort(test);					\
	}									\
} while (0)

#define KUNIT_EXPECT_TRUE_MSG(test, c, fmt, ...)	IPF_KUNIT_BOOL_MSG(test, false, c, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(test, c, fmt, ...)	IPF_KUNIT_BOOL_MSG(test, false, !(c), fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ_MSG(test, l, r, fmt, ...)	IPF_KUNIT_CMP_MSG(test, false, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(test, l, r, fmt, ...)	IPF_KUNIT_CMP_MSG(test, false, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE_MSG(test, c, fmt, ...)	IPF_KUNIT_BOOL_MSG(test, true, c, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(test, l, r, fmt, ...)	IPF_KUNIT_CMP_MSG(test, true, l, ==, r, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_TRUE(test, c)		IPF_KUNIT_TRUE(test, false, c)
#define KUNIT_EXPECT_FALSE(test, c)		IPF_KUNIT_FALSE(test, false, c)
#define KUNIT_EXPECT_EQ(test, l, r)		IPF_KUNIT_CMP(test, false, l, ==, r)
#define KUNIT_EXPECT_NE(test, l, r)		IPF_KUNIT_CMP(test, false, l, !=, r)
#define KUNIT_EXPECT_LT(test, l, r)		IPF_KUNIT_CMP(test, false, l, <, r)
#define KUNIT_EXPECT_LE(test, l, r)		IPF_KUNIT_CMP(test, false, l, <=, r)
#define KUNIT_EXPECT_GT(test, l, r)		IPF_KUNIT_CMP(test, false, l, >, r)
#define KUNIT_EXPECT_GE(test, l, r)		IPF_KUNIT_CMP(test, false, l, >=, r)
#define KUNIT_EXPECT_PTR_EQ(test, l, r)		IPF_KUNIT_PTR(test, false, l, ==, r)
#define KUNIT_EXPECT_PTR_NE(test, l, r)		IPF_KUNIT_PTR(test, false, l, !=, r)
#define KUNIT_EXPECT_NULL(test, p)		IPF_KUNIT_PTR(test, false, p, ==, NULL)
#define KUNIT_EXPECT_NOT_NULL(test, p)		IPF_KUNIT_PTR(test, false, p, !=, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p)	IPF_KUNIT_NOT_ERR_OR_NULL(test, false, p)

#define KUNIT_ASSERT_TRUE(test, c)		IPF_KUNIT_TRUE(test, true, c)
#define KUNIT_ASSERT_FALSE(test, c)		IPF_KUNIT_FALSE(test, true, c)
#define KUNIT_ASSERT_EQ(test, l, r)		IPF_KUNIT_CMP(test, true, l, ==, r)
#define KUNIT_ASSERT_NE(test, l, r)		IPF_KUNIT_CMP(test, true, l, !=, r)
#define KUNIT_ASSERT_LT(test, l, r)		IPF_KUNIT_CMP(test, true, l, <, r)
#define KUNIT_ASSERT_LE(test, l, r)		IPF_KUNIT_CMP(test, true, l, <=, r)
#define KUNIT_ASSERT_GT(test, l, r)		IPF_KUNIT_CMP(test, true, l, >, r)
#define KUNIT_ASSERT_GE(test, l, r)		IPF_KUNIT_CMP(test, true, l, >=, r)
#define KUNIT_ASSERT_PTR_EQ(test, l, r)		IPF_KUNIT_PTR(test, true, l, ==, r)
#define KUNIT_ASSERT_PTR_NE(test, l, r)		IPF_KUNIT_PTR(test, true, l, !=, r)
#define KUNIT_ASSERT_NULL(test, p)		IPF_KUNIT_PTR(test, true, p, ==, NULL)
#define KUNIT_ASSERT_NOT_NULL(test, p)		IPF_KUNIT_PTR(test, true, p, !=, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p)	IPF_KUNIT_NOT_ERR_OR_NULL(test, true, p)

#endif
