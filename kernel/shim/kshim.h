/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the adapter and the shim's run-time half: whose call is in progress. */
#ifndef _IPF_KSHIM_H
#define _IPF_KSHIM_H

#include <setjmp.h>

#include "iopgfuzz/kernel.h"

/*
 * Make h the host of the calls that follow; a BUG in them longjmps to
 * on_bug (abort() without one). Returns the previous host, to restore.
 */
const struct ipf_kernel_host *ipf_kshim_enter(const struct ipf_kernel_host *h, jmp_buf *on_bug,
					      jmp_buf **prev_jmp);
void ipf_kshim_leave(const struct ipf_kernel_host *prev, jmp_buf *prev_jmp);
/* Leave the call in progress as a BUG would, without reporting one. */
__attribute__((noreturn)) void ipf_kshim_abandon(void);

#endif
