// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "iopgfuzz/bitops.h"
#include "iopgfuzz/pgmem.h"

#if defined(__SANITIZE_ADDRESS__)
#define IPF_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IPF_HAVE_ASAN 1
#endif
#endif

#ifdef IPF_HAVE_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define poison(p, n) ((void)(p), (void)(n))
#define unpoison(p, n) ((void)(p), (void)(n))
#endif

/* In frame_rec: this frame starts a live table (deref's answer, in one read). */
#define FRAME_LIVE_HEAD 0x80000000u

#define DEFAULT_MAX_BYTES (256ULL << 20)
#define MAX_MAX_BYTES (1ULL << 30)
#define DEFAULT_DELAY 64

static int list_push(struct ipf_pgmem_list *l, uint64_t off)
{
	if (l->nr == l->cap) {
		uint32_t cap = l->cap ? 2 * l->cap : 64;
		uint64_t *p = realloc(l->off, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->off = p;
		l->cap = cap;
	}
	l->off[l->nr++] = off;
	return 0;
}

static void list_clear(struct ipf_pgmem_list *l)
{
	l->nr = 0;
	l->head = 0;
}

int ipf_pgmem_init(struct ipf_pgmem *m, const struct ipf_pgmem_cfg *cfg)
{
	memset(m, 0, sizeof(*m));
	if (cfg)
		m->cfg = *cfg;
	if (!m->cfg.max_bytes)
		m->cfg.max_bytes = DEFAULT_MAX_BYTES;
	if (m->cfg.max_bytes > MAX_MAX_BYTES)
		m->cfg.max_bytes = MAX_MAX_BYTES;
	m->cfg.max_bytes = align_up64(m->cfg.max_bytes, SZ_4K);
	if (!m->cfg.host_page_size)
		m->cfg.host_page_size = SZ_4K;
	if (!m->cfg.delay)
		m->cfg.delay = DEFAULT_DELAY;
	if (m->cfg.free_mode >= IPF_FREE_MODES)
		m->cfg.free_mode = IPF_FREE_QUARANTINE;

	m->reserved = m->cfg.max_bytes;
	m->base = mmap(NULL, m->reserved, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->base == MAP_FAILED) {
		m->base = NULL;
		return -ENOMEM;
	}
	m->nr_frames = m->reserved >> IPF_PGMEM_FRAME_SHIFT;
	m->frame_rec = calloc(m->nr_frames, sizeof(*m->frame_rec));
	if (!m->frame_rec) {
		ipf_pgmem_destroy(m);
		return -ENOMEM;
	}
	poison(m->base, m->reserved);
	return 0;
}

void ipf_pgmem_destroy(struct ipf_pgmem *m)
{
	if (m->base) {
		unpoison(m->base, m->reserved);
		munmap(m->base, m->reserved);
	}
	if (m->shadow)
		munmap(m->shadow, m->reserved);
	free(m->frame_rec);
	free(m->rec);
	for (unsigned int i = 0; i <= IPF_PGMEM_MAX_ORDER; i++)
		free(m->free_list[i].off);
	free(m->delayed.off);
	memset(m, 0, sizeof(*m));
}

uint8_t *ipf_pgmem_shadow(struct ipf_pgmem *m)
{
	void *p;

	if (m->shadow || !m->reserved)
		return m->shadow;
	p = mmap(NULL, m->reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	m->shadow = p == MAP_FAILED ? NULL : p;
	return m->shadow;
}

void ipf_pgmem_reset(struct ipf_pgmem *m)
{
	uint64_t used = m->top;

	if (used) {
		memset(m->frame_rec, 0, (used >> IPF_PGMEM_FRAME_SHIFT) * sizeof(*m->frame_rec));
		poison(m->base, used);
	}
	m->top = 0;
	m->nr_rec = 0;
	for (unsigned int i = 0; i <= IPF_PGMEM_MAX_ORDER; i++)
		list_clear(&m->free_list[i]);
	list_clear(&m->delayed);
	m->seq = m->nr_allocs = 0;
	m->live_tables = m->live_bytes = 0;
}

static uint64_t alloc_size_of(const struct ipf_pgmem *m, uint64_t size)
{
	uint64_t s = size < m->cfg.host_page_size ? m->cfg.host_page_size : size;

	return is_pow2_64(s) ? s : 1ULL << (fls64(s) + 1);
}

/* Find room for `asize` bytes: a recycled page of that size, or fresh arena. */
static int take_offset(struct ipf_pgmem *m, unsigned int order, uint64_t *off)
{
	struct ipf_pgmem_list *l = &m->free_list[order];
	uint64_t asize = 1ULL << order;
	uint64_t o;

	if (l->nr) {
		*off = l->off[--l->nr];
		return 0;
	}
	o = align_up64(m->top, asize);
	if (o + asize > m->reserved || o + asize < o)
		return -ENOMEM;
	m->top = o + asize;
	*off = o;
	return 0;
}

static struct ipf_table_page *new_record(struct ipf_pgmem *m)
{
	if (m->nr_rec == m->cap_rec) {
		uint32_t cap = m->cap_rec ? 2 * m->cap_rec : 256;
		struct ipf_table_page *p = realloc(m->rec, cap * sizeof(*p));

		if (!p)
			return NULL;
		m->rec = p;
		m->cap_rec = cap;
	}
	return &m->rec[m->nr_rec++];
}

void *ipf_pgmem_alloc(struct ipf_pgmem *m, uint64_t size, uint64_t *pa)
{
	uint64_t asize, off;
	unsigned int order;
	struct ipf_table_page *pg;
	uint8_t *host;

	m->nr_allocs++;
	if (!size || size > (1ULL << IPF_PGMEM_MAX_ORDER) || m->nr_allocs == m->cfg.fail_at)
		return NULL;
	asize = alloc_size_of(m, size);
	order = ffs64(asize);
	if (order > IPF_PGMEM_MAX_ORDER || take_offset(m, order, &off))
		return NULL;
	pg = new_record(m);
	if (!pg)
		return NULL;

	*pg = (struct ipf_table_page){
		.pa = IPF_TABLE_PA_BASE + off, .size = size, .alloc_size = asize,
		.gen = m->nr_rec, .alloc_seq = ++m->seq, .state = IPF_PAGE_LIVE,
	};
	for (uint64_t f = off >> IPF_PGMEM_FRAME_SHIFT;
	     f < (off + asize) >> IPF_PGMEM_FRAME_SHIFT; f++)
		m->frame_rec[f] = m->nr_rec;
	m->frame_rec[off >> IPF_PGMEM_FRAME_SHIFT] |= FRAME_LIVE_HEAD;

	host = m->base + off;
	unpoison(host, asize);
	memset(host, 0, asize);
	m->live_tables++;
	m->live_bytes += asize;
	if (m->watch.alloc)
		m->watch.alloc(m->watch.ctx, pg);
	*pa = pg->pa;
	return host;
}

static struct ipf_table_page *record_of(const struct ipf_pgmem *m, uint64_t pa)
{
	uint64_t off = pa - IPF_TABLE_PA_BASE;
	uint32_t idx;

	if (pa < IPF_TABLE_PA_BASE || off >= m->top)
		return NULL;
	idx = m->frame_rec[off >> IPF_PGMEM_FRAME_SHIFT] & ~FRAME_LIVE_HEAD;
	return idx ? &m->rec[idx - 1] : NULL;
}

/* DELAYED mode: the oldest queued page becomes reusable once enough frees follow it. */
static void release_delayed(struct ipf_pgmem *m)
{
	while (m->delayed.nr - m->delayed.head > m->cfg.delay) {
		uint64_t off = m->delayed.off[m->delayed.head++];
		const struct ipf_table_page *pg = record_of(m, IPF_TABLE_PA_BASE + off);

		list_push(&m->free_list[ffs64(pg->alloc_size)], off);
	}
	if (m->delayed.head == m->delayed.nr)
		list_clear(&m->delayed);
}

int ipf_pgmem_free(struct ipf_pgmem *m, void *table)
{
	uint64_t pa = ipf_pgmem_pa(m, table);
	struct ipf_table_page *pg = record_of(m, pa);
	uint64_t off = pa - IPF_TABLE_PA_BASE;

	if (!pg || pg->pa != pa || pg->state != IPF_PAGE_LIVE)
		return -EINVAL;

	if (m->watch.free)
		m->watch.free(m->watch.ctx, pg);
	pg->state = IPF_PAGE_FREED;
	m->frame_rec[off >> IPF_PGMEM_FRAME_SHIFT] &= ~FRAME_LIVE_HEAD;
	pg->free_seq = ++m->seq;
	m->live_tables--;
	m->live_bytes -= pg->alloc_size;

	switch (m->cfg.free_mode) {
	case IPF_FREE_REUSE:
		list_push(&m->free_list[ffs64(pg->alloc_size)], off);
		break;
	case IPF_FREE_DELAYED:
		poison(table, pg->alloc_size);
		list_push(&m->delayed, off);
		release_delayed(m);
		break;
	default:
		poison(table, pg->alloc_size);
		break;
	}
	return 0;
}

void *ipf_pgmem_deref(const struct ipf_pgmem *m, uint64_t pa)
{
	uint64_t off = pa - IPF_TABLE_PA_BASE;

	/* Live tables start on a frame: that frame's mark says it all. */
	if (pa < IPF_TABLE_PA_BASE || off >= m->top || (off & ((1ULL << IPF_PGMEM_FRAME_SHIFT) - 1)) ||
	    !(m->frame_rec[off >> IPF_PGMEM_FRAME_SHIFT] & FRAME_LIVE_HEAD))
		return NULL;
	return m->base + off;
}

const struct ipf_table_page *ipf_pgmem_lookup(const struct ipf_pgmem *m, uint64_t pa)
{
	return record_of(m, pa);
}

void *ipf_pgmem_host(const struct ipf_pgmem *m, uint64_t pa)
{
	if (pa < IPF_TABLE_PA_BASE || pa - IPF_TABLE_PA_BASE >= m->top)
		return NULL;
	return m->base + (pa - IPF_TABLE_PA_BASE);
}
