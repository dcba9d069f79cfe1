/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_LINUX_MM_H
#define _IPF_SHIM_LINUX_MM_H

#include <linux/gfp.h>

#endif
