/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name.
 * Nothing is discarded after boot; an initcall becomes the one the
 * adapter runs as the tree's selftest.
 */
#ifndef _IPF_SHIM_LINUX_INIT_H
#define _IPF_SHIM_LINUX_INIT_H

#define __init
#define __initdata
#define __initconst

#define subsys_initcall(fn)	int (*ipf_kshim_selftest_initcall)(void) = fn
#define late_initcall(fn)	subsys_initcall(fn)
#define module_init(fn)		subsys_initcall(fn)

#endif
