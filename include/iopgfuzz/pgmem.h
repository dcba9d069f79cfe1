// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table memory: the one way page-table pages are allocated and freed.
 *
 * Tables live in a private arena; a table's physical address is
 * IPF_TABLE_PA_BASE plus its offset in the arena, so table addresses are the
 * same in every build and every run, and PA <-> host pointer is arithmetic.
 * Every allocation gets a record (state, generation, sequence numbers) that
 * outlives the free, so an observer can tell a live table from a freed or
 * recycled one. Three free modes:
 *   QUARANTINE  the page is never reused and is poisoned (ASan reports any touch);
 *   REUSE       the page is recycled by the next allocation of its size (LIFO):
 *               only the generation tells a stale pointer from a live one;
 *   DELAYED     like libc free() under ASan: poisoned, and reused once
 *               `delay` later frees have been queued behind it (FIFO).
 */
#ifndef IOPGFUZZ_PGMEM_H
#define IOPGFUZZ_PGMEM_H

#include <stddef.h>
#include <stdint.h>

#define IPF_TABLE_PA_BASE 0x80000000ULL /* below 2^32: valid for every OAS */
#define IPF_PGMEM_FRAME_SHIFT 12
#define IPF_PGMEM_MAX_ORDER 24          /* largest single table: 16 MiB */

enum ipf_free_mode { IPF_FREE_QUARANTINE, IPF_FREE_REUSE, IPF_FREE_DELAYED, IPF_FREE_MODES };
enum ipf_page_state { IPF_PAGE_LIVE = 1, IPF_PAGE_FREED = 2 };

struct ipf_table_page {
	uint64_t pa;
	uint64_t size;       /* bytes asked for (PGD size or granule) */
	uint64_t alloc_size; /* bytes reserved: power of two, at least the host page */
	uint64_t gen;        /* 1, 2, 3...: unique per allocation */
	uint64_t alloc_seq;  /* value of the arena's sequence at alloc and free */
	uint64_t free_seq;
	enum ipf_page_state state;
};

/* An observer (the simulated SMMU) sees allocation, free and every PTE write. */
struct ipf_pgmem_watch {
	void (*alloc)(void *ctx, const struct ipf_table_page *pg);
	void (*free)(void *ctx, const struct ipf_table_page *pg); /* before the page is poisoned */
	void (*pte_write)(void *ctx, uint64_t pte_pa, uint64_t old, uint64_t val);
	void *ctx;
};

struct ipf_pgmem_cfg {
	uint64_t max_bytes;          /* arena capacity (0: default 256 MiB) */
	uint64_t host_page_size;     /* the kernel's PAGE_SIZE (0: 4K) */
	enum ipf_free_mode free_mode;
	uint32_t delay;              /* DELAYED: frees queued ahead of reuse (0: 64) */
	uint64_t fail_at;            /* the Nth allocation (1-based) fails; 0: never */
};

struct ipf_pgmem_list {
	uint64_t *off;
	uint32_t nr, cap, head;
};

struct ipf_pgmem {
	struct ipf_pgmem_cfg cfg;
	uint8_t *base;               /* host arena */
	uint64_t reserved;           /* host bytes reserved */
	uint64_t top;                /* bump offset */
	uint32_t *frame_rec;         /* per 4K frame: index+1 of its latest record, top bit: a live table starts here */
	uint64_t nr_frames;
	struct ipf_table_page *rec;
	uint32_t nr_rec, cap_rec;
	struct ipf_pgmem_list free_list[IPF_PGMEM_MAX_ORDER + 1];
	struct ipf_pgmem_list delayed;   /* DELAYED: offsets waiting, FIFO */
	uint64_t seq;                /* counts allocations and frees */
	uint64_t nr_allocs;
	uint64_t live_tables, live_bytes;
	struct ipf_pgmem_watch watch;
	uint8_t *shadow;             /* ipf_pgmem_shadow(): NULL until asked for */
};

/* 0 or -ENOMEM (the arena could not be reserved). */
int ipf_pgmem_init(struct ipf_pgmem *m, const struct ipf_pgmem_cfg *cfg);
void ipf_pgmem_destroy(struct ipf_pgmem *m);
/* Forget every table and record; keep the arena (cheap, for fuzz loops). */
void ipf_pgmem_reset(struct ipf_pgmem *m);

/*
 * A byte for every arena byte, mapped the first time it is asked for and kept
 * for the arena's life, across resets: its contents are the caller's (the
 * kernel engine's record of what the device has seen). NULL if it cannot be
 * mapped.
 */
uint8_t *ipf_pgmem_shadow(struct ipf_pgmem *m);

/* A zeroed table of `size` bytes, or NULL (capacity, fail_at). */
void *ipf_pgmem_alloc(struct ipf_pgmem *m, uint64_t size, uint64_t *pa);
/* 0, or -EINVAL when `table` is not the start of a live table (the page is left alone). */
int ipf_pgmem_free(struct ipf_pgmem *m, void *table);

/* The live table that starts exactly at `pa`, or NULL. */
void *ipf_pgmem_deref(const struct ipf_pgmem *m, uint64_t pa);
/* The latest record of the frame holding `pa` (live or freed), or NULL. */
const struct ipf_table_page *ipf_pgmem_lookup(const struct ipf_pgmem *m, uint64_t pa);
/* Host pointer for any address inside the arena (live or not), or NULL. */
void *ipf_pgmem_host(const struct ipf_pgmem *m, uint64_t pa);

static inline uint64_t ipf_pgmem_pa(const struct ipf_pgmem *m, const void *host)
{
	return IPF_TABLE_PA_BASE + (uint64_t)((const uint8_t *)host - m->base);
}

static inline void ipf_pgmem_write(struct ipf_pgmem *m, uint64_t *ptep, uint64_t val)
{
	uint64_t old = *ptep;

	*ptep = val;
	if (m->watch.pte_write)
		m->watch.pte_write(m->watch.ctx, ipf_pgmem_pa(m, ptep), old, val);
}

#endif
