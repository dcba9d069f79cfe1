/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_LINUX_DEVICE_H
#define _IPF_SHIM_LINUX_DEVICE_H

#include <linux/printk.h>

#define NUMA_NO_NODE	(-1)

struct device {
	int numa_node;
};

static inline int dev_to_node(struct device *dev) { return dev ? dev->numa_node : NUMA_NO_NODE; }
static inline void set_dev_node(struct device *dev, int node) { dev->numa_node = node; }

#define dev_err(dev, fmt, ...)	ipf_kshim_printk(fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	ipf_kshim_printk(fmt, ##__VA_ARGS__)

#endif
