// SPDX-License-Identifier: GPL-2.0-only
/* Private to the iopgfuzz command: its subcommands and shared helpers. */
#ifndef IOPGFUZZ_CLI_H
#define IOPGFUZZ_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iopgfuzz/program.h"
#include "iopgfuzz/runner.h"
#include "iopgfuzz/targets.h"

/* Exit statuses, the same for every subcommand. */
#define EXIT_AGREE 0
#define EXIT_FINDING 1
#define EXIT_UNUSABLE 2

enum input_format { FORMAT_AUTO, FORMAT_TEXT, FORMAT_BINARY };

struct input_opts {
	enum input_format format;
	uint64_t bugs;          /* --bugs=LIST: switched on in every program read */
	bool input_bugs;        /* --bugs=input: a binary program's own bug bytes count */
	bool no_bugs;           /* --bugs=none: every bug off, whatever the program says */
	bool engines_given;     /* --engines=A,B or --kernel=TREE: who runs every program */
	struct ipf_config engines; /* .engines and .kernel only */
	const struct ipf_target *target; /* --target=NAME: run as that fuzz target runs it */
	uint32_t max_leaves;    /* --max-leaves=N: every program's leaf budget (known.h) */
	enum profile_choice { PROFILE_OWN, PROFILE_GIVEN, PROFILE_TREE } profile_choice;
	enum ipf_profile profile; /* --profile=NAME; --profile=tree: the kernel participant's */
};

/*
 * Read a program; on failure print "FILE[:LINE]: what" and return -1.
 * expect (may be NULL) receives a text program's "# expect: ..." line.
 */
int load_program(const char *path, const struct input_opts *o, struct ipf_program *p,
		 char *expect, size_t expect_cap);
/* One of the options every reading subcommand shares (--text, --binary, --bugs=LIST)? */
bool input_opt(const char *cmd, const char *arg, struct input_opts *o);
bool wants_help(int argc, char **argv);
/* Two names of one file (device and inode), when both exist. */
bool same_file(const char *a, const char *b);
/* An option ("-x", "--x"), not a file ("-" alone is stdin's name, a file). */
bool is_option(const char *arg);
/* A whole file (at most 1 MiB) into *data (malloc'd); 0 or -errno (-EISDIR for a directory). */
int read_all(const char *path, uint8_t **data, size_t *len);
/*
 * Page-size vectors (iopgfuzz pgsize): a text file of 'bitmap iova paddr size
 * [32]' lines, or fuzz_pgsize's binary input; findings, or -1 if unusable
 * (reported). expect receives a text file's '# expect:' line.
 */
int pgsize_judge_file(const char *path, enum input_format format, uint64_t bugs, bool no_bugs,
		      char *expect, size_t cap);
/* Does this text look like page-size vectors rather than a program? */
bool pgsize_looks_like_vectors(const uint8_t *d, size_t n);
/* Write bytes to path atomically (a new file renamed into place). */
int write_file(const char *path, const void *data, size_t len);
void die_usage(const char *cmd, const char *fmt, const char *arg);

int cmd_run(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_bugs(int argc, char **argv);
int cmd_known(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_pgsize(int argc, char **argv);
int cmd_kernels(int argc, char **argv);
int cmd_kunit(int argc, char **argv);

#endif
