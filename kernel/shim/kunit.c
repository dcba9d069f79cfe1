// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run-time half of the shim's KUnit (include/kunit/): verdicts, the
 * abort of a failed assertion, and what a case leaves to be undone when it
 * ends. Lines go through printk, so to the host of the call in progress.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/slab.h>

struct kunit_action {
	kunit_action_t *fn;
	void *ctx;
	struct kunit_action *next;
};

void ipf_kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test->failed = true;
	ipf_kshim_printk("    # %s: EXPECTATION FAILED at %s:%d", test->name, file, line);
	ipf_kshim_printk("    %s", msg);
}

void ipf_kunit_skip(struct kunit *test, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test->skipped = true;
	ipf_kshim_printk("    # %s: SKIP %s", test->name, msg);
}

static void kunit_kfree_action(void *p)
{
	kfree(p);
}

void *ipf_kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (p && kunit_add_action(test, kunit_kfree_action, p)) {
		kfree(p);
		return NULL;
	}
	return p;
}

void ipf_kunit_abort(struct kunit *test)
{
	longjmp(*(jmp_buf *)test->abort, 1);
}

void ipf_kunit_run_case(struct kunit *test, struct kunit_case *c)
{
	jmp_buf on_assert;

	test->abort = &on_assert;
	if (!setjmp(on_assert))
		c->run_case(test);
	test->abort = NULL;
}

void ipf_kunit_end_case(struct kunit *test)
{
	while (test->actions)
		kunit_release_action(test, test->actions->fn, test->actions->ctx);
	test->abort = NULL;
}

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_action *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	*a = (struct kunit_action){ .fn = action, .ctx = ctx, .next = test->actions };
	test->actions = a;
	return 0;
}

void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	for (struct kunit_action **p = &test->actions; *p; p = &(*p)->next) {
		struct kunit_action *a = *p;

		if (a->fn == action && a->ctx == ctx) {
			*p = a->next;
			kfree(a);
			action(ctx);
			return;
		}
	}
}

static void device_release(void *dev)
{
	kfree(dev);
}

struct device *kunit_device_register(struct kunit *test, const char *name)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	(void)name;
	if (!dev)
		return ERR_PTR(-ENOMEM);
	set_dev_node(dev, NUMA_NO_NODE);
	if (kunit_add_action(test, device_release, dev)) {
		kfree(dev);
		return ERR_PTR(-ENOMEM);
	}
	return dev;
}

void kunit_device_unregister(struct kunit *test, struct device *dev)
{
	kunit_release_action(test, device_release, dev);
}
