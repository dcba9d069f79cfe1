// SPDX-License-Identifier: GPL-2.0-only
/* Private to iopgfuzz-bench: its parts. */
#ifndef IOPGFUZZ_TOOLS_BENCH_H
#define IOPGFUZZ_TOOLS_BENCH_H

/* iopgfuzz-bench --replay ARGS...: argv holds what follows --replay. */
int bench_replay(int argc, char **argv);

#endif
