// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program: a configuration and a sequence of operations, the unit of work
 * of the harness. Fuzzers make it from bytes (ipf_program_decode: total,
 * every byte string is a program), people write it as text
 * (ipf_program_parse), and both print back (ipf_program_print,
 * ipf_program_encode). Nothing else knows either layout.
 *
 * The binary form (docs/format.md has the full table):
 *   bytes 0..31   configuration, fixed offsets, missing bytes read as 0;
 *                 all zero is the series' example configuration (stage 1,
 *                 4K|2M|1G, IAS/OAS 48, SMMUv3 with range invalidation,
 *                 prefill, sticky caches, quarantined table memory);
 *   bytes 32..    operations, separated by the two bytes A5 5A, so that
 *                 inserting or deleting bytes disturbs one operation only.
 *                 An operation's bytes sit at fixed offsets within it;
 *                 missing bytes read as 0; empty pieces are skipped.
 * Addresses are drawn so that operations collide: an IOVA is a window (0,
 * a block boundary, the top of the IAS, ...) plus a signed number of
 * granules, unless given literally; a size is a page size from the bitmap
 * times a count from a table of table-boundary and NUM/SCALE edges, bounded
 * to IPF_MAX_LEAVES leaves, unless literal. A literal value is XORed with
 * its selector's low seven bits repeated in every byte, so that
 * ipf_program_encode can always avoid writing A5 5A inside an operation: it
 * writes every value literally, and decode(encode(p)) == p for every
 * program decode or parse makes.
 */
#ifndef IOPGFUZZ_PROGRAM_H
#define IOPGFUZZ_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iopgfuzz/domain.h"
#include "iopgfuzz/smmu.h"

#define IPF_MAX_OPS 64
/* A decoded size (not a literal one) maps or unmaps at most this many leaves. */
#define IPF_MAX_LEAVES 4096

enum ipf_op_kind {
	IPF_OP_MAP,        /* iommu_map(iova, paddr, size, prot) */
	IPF_OP_UNMAP,      /* iommu_unmap(iova, size): strict, synced */
	IPF_OP_UNMAP_LAZY, /* iommu_unmap_fast with a queued gather, no sync (dma-iommu flush queue) */
	IPF_OP_FLUSH_ALL,  /* iommu_flush_iotlb_all: the flush queue drains */
	IPF_OP_DMA,        /* a device access at iova (write or read) */
	IPF_OP_PREFETCH,   /* the SMMU caches the translation of iova */
	IPF_OP_KINDS
};

/* Fields a kind does not use are zero, so equal programs compare equal. */
struct ipf_op {
	enum ipf_op_kind kind;
	uint64_t iova;   /* all but FLUSH_ALL */
	uint64_t size;   /* MAP, UNMAP, UNMAP_LAZY */
	uint64_t paddr;  /* MAP */
	int prot;        /* MAP: IOMMU_* flags */
	bool write;      /* DMA */
};

#define IPF_KERNEL_NAME_MAX 24

struct ipf_config {
	struct ipf_domain_cfg domain;   /* fmt, pgsize_bitmap, ias, oas, quirks, smmu, non_strict, bugs */
	struct ipf_smmu_cfg smmu;       /* range_inv, ttl_strict, cache sizes and policy */
	enum ipf_free_mode free_mode;
	bool prefill;                   /* cache everything around an unmap before it runs */
	/*
	 * The participants: slot 0 (the baseline) and slot 1, ref,opt unless
	 * the text says engines=; a kernel engine names its tree (kernel:6.12).
	 * Not in the binary form: fuzz targets and the CLI choose for bytes.
	 */
	enum ipf_engine engines[IPF_ENGINES];
	char kernel[IPF_ENGINES][IPF_KERNEL_NAME_MAX];
	/*
	 * The leaf budget of an operation (a program: 4 times it); 0 for the
	 * default (IPF_LEAF_BUDGET_DEFAULT). Text leaves=N, the CLI --max-leaves=N;
	 * not in the binary form: fuzz targets keep the default.
	 */
	uint32_t max_leaves;
};

struct ipf_program {
	struct ipf_config cfg;
	uint32_t nr_ops;
	struct ipf_op ops[IPF_MAX_OPS];
	/* IPF_KNOWN_* rules (bits) that restricted what the bytes asked for, when decoded. */
	uint32_t decode_rules;
};

/*
 * What io-pgtable-arm keeps of a configuration (arm_lpae_restrict_pgsizes:
 * the granule picked with the host page size, the block sizes it can
 * express, IAS/OAS clamped to the granule's limit): the space decoded
 * operations are drawn in.
 */
struct ipf_geometry {
	uint64_t pgsize_bitmap;
	uint64_t granule;
	unsigned int ias, oas;
};

/* The configuration of an all-zero input. */
void ipf_config_default(struct ipf_config *cfg);
void ipf_config_geometry(const struct ipf_config *cfg, struct ipf_geometry *geo);

/*
 * Any bytes, a program. `bugs_allowed` masks the bug switches the bytes may
 * turn on (0 for a correct-engine campaign). Never fails. The configuration
 * is accepted by ipf_domain_alloc unless it holds a literal OAS that the
 * (I)PS field cannot encode (33, 45, ...: the kernel's -EINVAL).
 */
void ipf_program_decode(struct ipf_program *p, const uint8_t *data, size_t size,
			uint64_t bugs_allowed);
/* Canonical bytes of p into buf (at most cap bytes); returns the length needed. */
size_t ipf_program_encode(const struct ipf_program *p, uint8_t *buf, size_t cap);
/* Upper bound on ipf_program_encode's length: the configuration, then per
 * operation 29 bytes and a separator. */
#define IPF_PROGRAM_MAX_BYTES (32 + IPF_MAX_OPS * 31)

/*
 * Text form: `#` comments, at most one `config` line before the operations,
 * then one line per operation; numbers in decimal or 0x hex with K/M/G/T
 * suffixes. 0 on success; else -1 with `err` holding "LINE: expected ...,
 * found ..." on one line (the caller adds the file).
 */
int ipf_program_parse(struct ipf_program *p, const char *text, size_t len, char *err,
		      size_t err_cap);
/* "A,B" of ref|opt|kernel:TREE into cfg->engines and cfg->kernel; 0, or -1 if malformed. */
int ipf_engines_parse(const char *list, struct ipf_config *cfg);
/* A comment line, the full config line, one line per operation. */
void ipf_program_print(const struct ipf_program *p, FILE *out);
/* The config line, every key in canonical spelling (no newline) into buf. */
#define IPF_CONFIG_LINE_MAX 1024
void ipf_config_format(const struct ipf_config *cfg, char *buf, size_t cap);
/* One operation as its text line (no newline) into buf. */
#define IPF_OP_LINE_MAX 96
void ipf_op_format(const struct ipf_op *op, char *buf, size_t cap);

bool ipf_program_equal(const struct ipf_program *a, const struct ipf_program *b);
const char *ipf_op_kind_name(enum ipf_op_kind kind);

#endif
