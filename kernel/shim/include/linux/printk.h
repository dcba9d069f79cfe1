/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name: lines go to the host. */
#ifndef _IPF_SHIM_LINUX_PRINTK_H
#define _IPF_SHIM_LINUX_PRINTK_H

__attribute__((__format__(__printf__, 1, 2))) int ipf_kshim_printk(const char *fmt, ...);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define printk(fmt, ...)	ipf_kshim_printk(fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	ipf_kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	ipf_kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	ipf_kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	({ if (0) ipf_kshim_printk(pr_fmt(fmt), ##__VA_ARGS__); 0; })

#endif
