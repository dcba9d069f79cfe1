/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name: nothing is a module. */
#ifndef _IPF_SHIM_LINUX_MODULE_H
#define _IPF_SHIM_LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/init.h>

#define MODULE_LICENSE(s)
#define MODULE_DESCRIPTION(s)
#define MODULE_AUTHOR(s)
#define MODULE_IMPORT_NS(ns)

#endif
