// SPDX-License-Identifier: GPL-2.0-only
/*
 * The byte layout of a binary program and the names of the text form, shared
 * by the decoder, the encoder, the parser and the printer (docs/format.md).
 */
#ifndef IOPGFUZZ_PROGRAM_INTERNAL_H
#define IOPGFUZZ_PROGRAM_INTERNAL_H

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/bugs.h"
#include "iopgfuzz/program.h"

/* The configuration block: bytes 0..31. */
#define CFG_BYTES      32
#define CFG_FLAGS      0
#define CFG_PGSIZES    1
#define CFG_IAS        2
#define CFG_OAS        3
#define CFG_CACHES     4
#define CFG_BUGS       5   /* u64 LE */
#define CFG_TLB        13  /* u16 LE */
#define CFG_WC         15  /* u16 LE */
#define CFG_PAGE       17
#define CFG_PROFILE    18  /* value % 8 into ipf_prog_profile */
#define CFG_BITMAP     24  /* u64 LE */

/* CFG_FLAGS bits */
#define CFG_F_STAGE2     0x01
#define CFG_F_SMMU_V2    0x02
#define CFG_F_NO_RIL     0x04
#define CFG_F_NON_STRICT 0x08
#define CFG_F_NS         0x10
#define CFG_F_TTL_STRICT 0x20
#define CFG_F_NO_PREFILL 0x40
#define CFG_F_LAX        0x80

/* CFG_PGSIZES bits */
#define CFG_P_GRANULE    0x03  /* value % 3: 4K, 16K, 64K */
#define CFG_P_NO_BLOCK1  0x04
#define CFG_P_NO_BLOCK2  0x08
#define CFG_P_REACH      0x10  /* layout 2: prot also in the kind byte, windows one granule below */
#define CFG_P_LITERAL    0x80  /* the bitmap is at CFG_BITMAP */

/* CFG_IAS / CFG_OAS: a table index, or a literal number of bits. */
#define CFG_BITS_LITERAL 0x80

/* CFG_CACHES fields */
#define CFG_C_ROUND_ROBIN 0x01
#define CFG_C_TLB_SHIFT   1
#define CFG_C_WC_SHIFT    3
#define CFG_C_FREE_SHIFT  5

/* An operation: its bytes between separators. */
#define OP_KIND   0
#define OP_IOVA   1   /* selector, then 8 literal bytes */
#define OP_SIZE   10  /* selector, then 8 literal bytes */
#define OP_PADDR  19  /* selector, then 8 literal bytes */
#define OP_PROT   28
#define OP_BYTES  29
#define OP_SEP0   0xa5
#define OP_SEP1   0x5a

/* A selector with this bit is followed by a literal u64, XORed with the key in its low bits. */
#define SEL_LITERAL 0x80
#define SEL_BELOW   0x08  /* layout 2, IOVA window: one granule below it */
#define SEL_KEY     0x7f

#define PGSIZES_GRANULES (SZ_4K | SZ_16K | SZ_64K)
/* Every size io-pgtable-arm can keep: the rest of a bitmap only steers the granule. */
#define PGSIZES_KNOWN (PGSIZES_GRANULES | SZ_2M | SZ_32M | SZ_512M | SZ_1G | SZ_4T)

#define PROFILE_SLOTS 8
#define IAS_CHOICES 7
#define OAS_CHOICES 6
#define CACHE_CLASSES 4
#define NR_GRANULES 3
#define BITS_MIN 32u
#define BITS_MAX 52u
/* Slots past the last profile read as v5.15; the encoder writes the profile's own slot. */
extern const enum ipf_profile ipf_prog_profile[PROFILE_SLOTS];
extern const unsigned int ipf_prog_ias[IAS_CHOICES];
extern const unsigned int ipf_prog_oas[OAS_CHOICES];
extern const uint32_t ipf_prog_tlb_class[CACHE_CLASSES];
extern const uint32_t ipf_prog_wc_class[CACHE_CLASSES];
/* Per granule (4K, 16K, 64K): the granule and the blocks the non-literal form may add. */
extern const uint64_t ipf_prog_granule[NR_GRANULES];
extern const uint64_t ipf_prog_block1[NR_GRANULES];
extern const uint64_t ipf_prog_block2[NR_GRANULES];

/* Text names, indexed by the enum they spell. */
extern const char *const ipf_prog_fmt_name[IO_PGTABLE_NUM_FMTS];
extern const char *const ipf_prog_smmu_name[IPF_SMMU_MODELS];
extern const char *const ipf_prog_policy_name[IPF_CACHE_POLICIES];
extern const char *const ipf_prog_free_name[IPF_FREE_MODES];
/* Prot letters: letter i is bit i (READ, WRITE, CACHE, NOEXEC, MMIO, PRIV). */
#define PROT_LETTERS "rwcxmp"

/* The host page size a non-literal choice of 0 means: the smallest granule of the bitmap. */
static inline uint64_t pgsizes_smallest_granule(uint64_t bitmap)
{
	uint64_t g = bitmap & PGSIZES_GRANULES;

	return g ? 1ULL << ffs64(g) : SZ_4K;
}

#endif
