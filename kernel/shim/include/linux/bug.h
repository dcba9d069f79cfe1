/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name.
 * A WARN is reported to the host (an event with the function and line)
 * and execution goes on, as in the kernel; a BUG does not return.
 */
#ifndef _IPF_SHIM_LINUX_BUG_H
#define _IPF_SHIM_LINUX_BUG_H

#include <linux/compiler.h>

void ipf_kshim_warn(const char *func, int line);
__attribute__((__noreturn__)) void ipf_kshim_bug(const char *func, int line);

#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		ipf_kshim_warn(__func__, __LINE__);			\
	unlikely(__ret_warn_on);					\
})
#define WARN(cond, ...)		WARN_ON(cond)
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN_ONCE(cond, ...)	WARN_ON(cond)

#define BUG()		ipf_kshim_bug(__func__, __LINE__)
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)
#define VM_BUG_ON(cond)	BUG_ON(cond)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#endif
