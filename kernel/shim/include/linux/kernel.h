/* SPDX-License-Identifier: GPL-2.0-only */
/* iopgfuzz's user-space stand-in for the kernel header of the same name. */
#ifndef _IPF_SHIM_LINUX_KERNEL_H
#define _IPF_SHIM_LINUX_KERNEL_H

#include <errno.h>

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>
#include <linux/bitops.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <asm/page.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member)	\
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)

#define min(x, y) ({ __typeof__(x) _x = (x); __typeof__(y) _y = (y); _x < _y ? _x : _y; })
#define max(x, y) ({ __typeof__(x) _x = (x); __typeof__(y) _y = (y); _x > _y ? _x : _y; })
#define min_t(t, x, y) ({ t _x = (x); t _y = (y); _x < _y ? _x : _y; })
#define max_t(t, x, y) ({ t _x = (x); t _y = (y); _x > _y ? _x : _y; })

#endif
