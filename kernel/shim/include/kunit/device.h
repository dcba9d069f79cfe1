/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name: a
 * device that lives as long as the test case, released when it ends.
 */
#ifndef _IPF_SHIM_KUNIT_DEVICE_H
#define _IPF_SHIM_KUNIT_DEVICE_H

#include <linux/device.h>

struct kunit;

/* A ERR_PTR when it cannot be made. */
struct device *kunit_device_register(struct kunit *test, const char *name);
void kunit_device_unregister(struct kunit *test, struct device *dev);

#endif
