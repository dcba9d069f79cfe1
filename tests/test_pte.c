// SPDX-License-Identifier: GPL-2.0-only
/*
 * LPAE descriptor encodings (arm_lpae_prot_to_pte() (io-pgtable-arm.c)), read back from the tables the
 * engines build: leaf attributes for every prot combination on both stages
 * (a 4K page at level 3 and a 2M block at level 2), the NS / NSTABLE quirk
 * bits, table descriptors and the tables they point at, the 64K-granule
 * OA packing of PA bits 51:48, and the descriptors a block split writes.
 * The tables are walked here with the lpae.h macros, not with the engine's
 * own walker, and every leaf must be the same in both engines.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "iopgfuzz/domain.h"
#include "iopgfuzz/lpae.h"
#include "iopgfuzz/pgmem.h"

CHECK_MAIN_STATE;

#define BITMAP_4K (SZ_4K | SZ_2M | SZ_1G)
#define PA_4K 0x812345678000ULL /* OA bit 47 set, 4K aligned */
#define PA_2M 0x876543200000ULL /* 2M aligned */
#define IOVA_4K 0ULL
#define IOVA_2M SZ_2M

/* S1, S1 + ARM_NS quirk, S2 */
enum stage_cfg { CFG_S1, CFG_S1_NS, CFG_S2, NR_CFGS };

static const char *const cfg_names[NR_CFGS] = { "S1", "S1+NS", "S2" };

static enum io_pgtable_fmt cfg_fmt(enum stage_cfg c)
{
	return c == CFG_S2 ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
}

static bool cfg_ns(enum stage_cfg c)
{
	return c == CFG_S1_NS;
}

static char label[128];

static void set_label(const char *what, enum ipf_engine e, enum stage_cfg c, int prot)
{
	snprintf(label, sizeof(label), "%s [%s %s prot 0x%x]", what, ipf_engine_name(e),
		 cfg_names[c], prot);
	check_state.test = label;
}

/* Every domain reports its WARN events here; none of these cases should raise one. */
static struct ipf_events events;

static struct ipf_domain *alloc_domain(enum ipf_engine e, enum io_pgtable_fmt fmt,
				       unsigned long quirks, uint64_t bitmap, unsigned int oas)
{
	struct ipf_domain_cfg cfg = {
		.fmt = fmt, .pgsize_bitmap = bitmap, .ias = 48, .oas = oas, .quirks = quirks,
		.smmu = IPF_SMMU_V2, .host_page_size = bitmap & (~bitmap + 1),
	};
	int err = 0;
	struct ipf_domain *d = ipf_domain_alloc(e, &cfg, NULL, &events, NULL, &err);

	CHECK(d != NULL);
	CHECK_EQ(err, 0);
	if (d)
		CHECK_EQ(d->pgtbl_cfg.pgsize_bitmap, bitmap);
	return d;
}

static struct ipf_domain *alloc_cfg(enum ipf_engine e, enum stage_cfg c)
{
	return alloc_domain(e, cfg_fmt(c), cfg_ns(c) ? IO_PGTABLE_QUIRK_ARM_NS : 0, BITMAP_4K, 48);
}

/* ->map (ref) or ->map_pages with one page (opt). */
static int pt_map(struct ipf_domain *d, uint64_t iova, uint64_t pa, uint64_t size, int prot)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;
	uint64_t mapped = 0;
	int ret;

	if (!ops->map_pages)
		return ops->map(ops, iova, pa, size, prot);
	ret = ops->map_pages(ops, iova, pa, size, 1, prot, &mapped);
	if (!ret && mapped != size)
		return -EFAULT;
	return ret;
}

static uint64_t pt_unmap(struct ipf_domain *d, uint64_t iova, uint64_t size)
{
	struct io_pgtable_ops *ops = d->pgtbl_ops;

	if (ops->unmap_pages)
		return ops->unmap_pages(ops, iova, size, 1, NULL);
	return ops->unmap(ops, iova, size, NULL);
}

static uint64_t phys(struct ipf_domain *d, uint64_t iova)
{
	return d->pgtbl_ops->iova_to_phys(d->pgtbl_ops, iova);
}

/* ------------------------------------------------------------------ */
/* Walking the tables by hand                                          */

struct walk {
	int lvl;                     /* level of the leaf, or where the walk stopped */
	arm_lpae_iopte leaf;         /* 0: no leaf */
	int ntables;                 /* table descriptors passed on the way */
	arm_lpae_iopte table[ARM_LPAE_MAX_LEVELS];
	arm_lpae_iopte *next[ARM_LPAE_MAX_LEVELS]; /* the tables they point at */
	arm_lpae_iopte *leaf_table;  /* the table holding the leaf */
	int bad;                     /* a table descriptor led nowhere */
};

static void walk(struct ipf_domain *d, uint64_t iova, struct walk *w)
{
	struct arm_lpae_io_pgtable *data = io_pgtable_ops_to_data(d->pgtbl_ops);
	arm_lpae_iopte *table = data->pgd;

	memset(w, 0, sizeof(*w));
	for (int lvl = data->start_level; lvl < ARM_LPAE_MAX_LEVELS; lvl++) {
		arm_lpae_iopte pte = table[ARM_LPAE_LVL_IDX(iova, lvl, data)];

		w->lvl = lvl;
		if (!pte)
			return;
		if (lvl == ARM_LPAE_MAX_LEVELS - 1 || iopte_type(pte) != ARM_LPAE_PTE_TYPE_TABLE) {
			w->leaf = pte;
			w->leaf_table = table;
			return;
		}
		w->table[w->ntables] = pte;
		table = ipf_pgmem_deref(d->ctx.mem, iopte_to_paddr(pte, data));
		w->next[w->ntables++] = table;
		if (!table) {
			w->bad = 1;
			return;
		}
	}
}

/* A table descriptor: type 3, the PA of a live granule-sized table, NSTABLE iff NS. */
static void check_table_desc(struct ipf_domain *d, arm_lpae_iopte pte, const arm_lpae_iopte *next,
			     bool ns)
{
	struct arm_lpae_io_pgtable *data = io_pgtable_ops_to_data(d->pgtbl_ops);
	uint64_t pa = iopte_to_paddr(pte, data);
	const struct ipf_table_page *rec = ipf_pgmem_lookup(d->ctx.mem, pa);

	CHECK_EQ(iopte_type(pte), ARM_LPAE_PTE_TYPE_TABLE);
	CHECK_EQ(!!(pte & ARM_LPAE_PTE_NSTABLE), ns);
	/* nothing but the address, the type and NSTABLE */
	CHECK_EQ(pte & ~(ARM_LPAE_PTE_ADDR_MASK | ARM_LPAE_PTE_TYPE_MASK | ARM_LPAE_PTE_NSTABLE), 0);
	CHECK(rec != NULL);
	if (rec) {
		CHECK_EQ(rec->pa, pa);
		CHECK_EQ(rec->state, IPF_PAGE_LIVE);
		CHECK_EQ(rec->size, ARM_LPAE_GRANULE(data));
	}
	CHECK(next != NULL);
	CHECK(next == ipf_pgmem_host(d->ctx.mem, pa));
}

/* Every field of a leaf, as arm_lpae_prot_to_pte() and iopte_prot() lay it out. */
static void check_leaf(arm_lpae_iopte pte, int lvl, enum stage_cfg c, int prot, uint64_t pa)
{
	bool r = prot & IOMMU_READ, w = prot & IOMMU_WRITE, cache = prot & IOMMU_CACHE;
	bool mmio = prot & IOMMU_MMIO;

	/* type: page at level 3, block above */
	CHECK_EQ(pte & 3, lvl == 3 ? 3 : 1);
	CHECK_EQ(pte & ARM_LPAE_PTE_ADDR_MASK, pa);
	if (cfg_fmt(c) == ARM_64_LPAE_S1) {
		CHECK_EQ((pte >> 2) & 7, mmio ? 2 : cache ? 1 : 0);        /* AttrIndx */
		CHECK_EQ((pte >> 5) & 1, cfg_ns(c));                        /* NS */
		CHECK_EQ((pte >> 6) & 1, !(prot & IOMMU_PRIV));             /* AP[1] */
		CHECK_EQ((pte >> 7) & 1, r && !w);                          /* AP[2] */
		CHECK_EQ((pte >> 11) & 1, 1);                               /* nG */
	} else {
		CHECK_EQ((pte >> 2) & 0xf, mmio ? 0x1 : cache ? 0xf : 0x5); /* MemAttr */
		CHECK_EQ((pte >> 6) & 1, r);                                /* S2AP read */
		CHECK_EQ((pte >> 7) & 1, w);                                /* S2AP write */
		CHECK_EQ((pte >> 11) & 1, 0);
	}
	CHECK_EQ((pte >> 8) & 3, cache ? 3 : 2);                            /* SH */
	CHECK_EQ((pte >> 10) & 1, 1);                                       /* AF */
	CHECK_EQ((pte >> 53) & 3, (prot & IOMMU_NOEXEC) ? 3 : 0);           /* XN */
	/* bits 48-52 (incl. contiguous, DBM) and 55-63 are never set */
	CHECK_EQ(pte & (genmask64(63, 55) | genmask64(52, 48)), 0);
	/* what a split would carry over is exactly the attributes */
	CHECK_EQ(iopte_prot(pte), pte & ~(ARM_LPAE_PTE_ADDR_MASK | ARM_LPAE_PTE_TYPE_MASK));
}

/* ------------------------------------------------------------------ */

static arm_lpae_iopte leaves[IPF_ENGINES][NR_CFGS][IOMMU_PROT_MASK + 1][2];
static arm_lpae_iopte tables[IPF_ENGINES][NR_CFGS][2][ARM_LPAE_MAX_LEVELS];

static void leaf_case(struct ipf_domain *d, enum ipf_engine e, enum stage_cfg c, int prot)
{
	static const uint64_t iovas[2] = { IOVA_4K, IOVA_2M };
	static const uint64_t pas[2] = { PA_4K, PA_2M };
	static const uint64_t sizes[2] = { SZ_4K, SZ_2M };
	struct walk w;

	set_label("leaf", e, c, prot);
	for (int k = 0; k < 2; k++) {
		CHECK_EQ(pt_map(d, iovas[k], pas[k], sizes[k], prot), 0);
		walk(d, iovas[k], &w);
		CHECK_EQ(w.bad, 0);
		CHECK_EQ(w.lvl, k == 0 ? 3 : 2);
		/* S1/S2 48-bit 4K: the pgd is level 0, so 3 or 2 tables on the way */
		CHECK_EQ(w.ntables, k == 0 ? 3 : 2);
		for (int t = 0; t < w.ntables; t++) {
			check_table_desc(d, w.table[t], w.next[t], cfg_ns(c));
			tables[e][c][k][t] = w.table[t] & ~ARM_LPAE_PTE_ADDR_MASK;
		}
		check_leaf(w.leaf, w.lvl, c, prot, pas[k]);
		leaves[e][c][prot][k] = w.leaf;
		CHECK_EQ(phys(d, iovas[k] + sizes[k] - 8), pas[k] + sizes[k] - 8);
	}
	CHECK_EQ(pt_unmap(d, IOVA_4K, SZ_4K), SZ_4K);
	CHECK_EQ(pt_unmap(d, IOVA_2M, SZ_2M), SZ_2M);
	walk(d, IOVA_4K, &w);
	CHECK_EQ(w.leaf, 0);
	walk(d, IOVA_2M, &w);
	CHECK_EQ(w.leaf, 0);
}

/* No READ and no WRITE: nothing is written (ref: v5.12 success; opt: -EINVAL). */
static void no_access_case(struct ipf_domain *d, enum ipf_engine e, enum stage_cfg c, int prot)
{
	struct walk w;

	set_label("no access", e, c, prot);
	CHECK_EQ(pt_map(d, IOVA_4K, PA_4K, SZ_4K, prot), e == IPF_ENGINE_REF ? 0 : -EINVAL);
	CHECK_EQ(pt_map(d, IOVA_2M, PA_2M, SZ_2M, prot), e == IPF_ENGINE_REF ? 0 : -EINVAL);
	walk(d, IOVA_4K, &w);
	CHECK_EQ(w.leaf, 0);
	walk(d, IOVA_2M, &w);
	CHECK_EQ(w.leaf, 0);
	CHECK_EQ(phys(d, IOVA_4K), 0);
	CHECK_EQ(phys(d, IOVA_2M), 0);
}

static void test_leaf_encodings(void)
{
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		for (unsigned int c = 0; c < NR_CFGS; c++) {
			struct ipf_domain *d = alloc_cfg((enum ipf_engine)e, (enum stage_cfg)c);

			if (!d)
				continue;
			for (int prot = 0; prot <= IOMMU_PROT_MASK; prot++) {
				if (prot & (IOMMU_READ | IOMMU_WRITE))
					leaf_case(d, (enum ipf_engine)e, (enum stage_cfg)c, prot);
				else
					no_access_case(d, (enum ipf_engine)e, (enum stage_cfg)c, prot);
			}
			CHECK_EQ(ipf_domain_free(d), 0);
		}
	}

	/* both engines wrote the same descriptors */
	check_state.test = "test_leaf_encodings: ref == opt";
	for (unsigned int c = 0; c < NR_CFGS; c++) {
		unsigned int diff = 0;

		for (int prot = 0; prot <= IOMMU_PROT_MASK; prot++)
			for (int k = 0; k < 2; k++)
				diff += leaves[IPF_ENGINE_REF][c][prot][k] !=
					leaves[IPF_ENGINE_OPT][c][prot][k];
		CHECK_EQ(diff, 0);
		CHECK(memcmp(tables[IPF_ENGINE_REF][c], tables[IPF_ENGINE_OPT][c],
			     sizeof(tables[0][0])) == 0);
	}
}

/* Hand-picked combinations, checked against whole expected descriptors. */
static void test_leaf_examples(void)
{
	static const struct {
		enum stage_cfg c;
		int prot;
		arm_lpae_iopte attrs; /* everything but type and OA */
	} ex[] = {
		/* S1: nG | AF | SH | AP | AttrIndx (| XN, NS) */
		{ CFG_S1, IOMMU_READ | IOMMU_WRITE, 0x800 | 0x400 | 0x200 | 0x40 },
		{ CFG_S1, IOMMU_READ, 0x800 | 0x400 | 0x200 | 0xc0 },
		{ CFG_S1, IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC,
		  (3ULL << 53) | 0x800 | 0x400 | 0x300 | 0x40 | 0x4 },
		{ CFG_S1, IOMMU_WRITE | IOMMU_MMIO | IOMMU_PRIV, 0x800 | 0x400 | 0x200 | 0x8 },
		{ CFG_S1, IOMMU_READ | IOMMU_MMIO | IOMMU_CACHE | IOMMU_PRIV,
		  0x800 | 0x400 | 0x300 | 0x80 | 0x8 },
		{ CFG_S1_NS, IOMMU_READ | IOMMU_WRITE, 0x800 | 0x400 | 0x200 | 0x40 | 0x20 },
		/* S2: AF | SH | S2AP | MemAttr (| XN) */
		{ CFG_S2, IOMMU_READ | IOMMU_WRITE, 0x400 | 0x200 | 0xc0 | 0x14 },
		{ CFG_S2, IOMMU_READ | IOMMU_CACHE, 0x400 | 0x300 | 0x40 | 0x3c },
		{ CFG_S2, IOMMU_WRITE | IOMMU_MMIO | IOMMU_NOEXEC,
		  (3ULL << 53) | 0x400 | 0x200 | 0x80 | 0x4 },
		{ CFG_S2, IOMMU_READ | IOMMU_PRIV, 0x400 | 0x200 | 0x40 | 0x14 },
	};

	for (unsigned int i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		for (unsigned int e = 0; e < IPF_ENGINES; e++) {
			struct ipf_domain *d = alloc_cfg((enum ipf_engine)e, ex[i].c);
			struct walk w;

			if (!d)
				continue;
			set_label("example", (enum ipf_engine)e, ex[i].c, ex[i].prot);
			CHECK_EQ(pt_map(d, IOVA_4K, PA_4K, SZ_4K, ex[i].prot), 0);
			CHECK_EQ(pt_map(d, IOVA_2M, PA_2M, SZ_2M, ex[i].prot), 0);
			walk(d, IOVA_4K, &w);
			CHECK_EQ(w.leaf, ex[i].attrs | PA_4K | 3);
			walk(d, IOVA_2M, &w);
			CHECK_EQ(w.leaf, ex[i].attrs | PA_2M | 1);
			CHECK_EQ(ipf_domain_free(d), 0);
		}
	}
}

/* The NS quirk is stage-1 only: a stage-2 table with it is refused. */
static void test_ns_quirk_s2(void)
{
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		struct ipf_domain_cfg cfg = {
			.fmt = ARM_64_LPAE_S2, .pgsize_bitmap = BITMAP_4K, .ias = 48, .oas = 48,
			.quirks = IO_PGTABLE_QUIRK_ARM_NS, .smmu = IPF_SMMU_V2,
		};
		int err = 0;
		struct ipf_domain *d = ipf_domain_alloc((enum ipf_engine)e, &cfg, NULL, NULL, NULL,
							&err);

		CHECK(d == NULL);
		CHECK_EQ(err, -EINVAL);
		if (d)
			ipf_domain_free(d);
	}
}

/* ------------------------------------------------------------------ */
/* OA packing                                                          */

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 11;
}

static void test_oa_packing(void)
{
	struct ipf_domain *d64 = alloc_domain(IPF_ENGINE_REF, ARM_64_LPAE_S1, 0, SZ_64K | SZ_512M, 52);
	struct ipf_domain *d4 = alloc_domain(IPF_ENGINE_REF, ARM_64_LPAE_S1, 0, BITMAP_4K, 48);
	uint64_t pas[64 + 1000], seed = 0x1234;
	unsigned int npas = 0;
	uint64_t bad_rt = 0, bad_hi = 0, bad_mid = 0, bad_low = 0, bad_rt4 = 0;
	struct arm_lpae_io_pgtable *data64, *data4;

	if (!d64 || !d4)
		goto out;
	data64 = io_pgtable_ops_to_data(d64->pgtbl_ops);
	data4 = io_pgtable_ops_to_data(d4->pgtbl_ops);
	CHECK_EQ(ARM_LPAE_GRANULE(data64), SZ_64K);
	CHECK_EQ(d64->pgtbl_cfg.oas, 52);

	pas[npas++] = 0;
	pas[npas++] = (1ULL << 52) - SZ_64K;
	for (unsigned int b = 16; b < 52; b++)
		pas[npas++] = 1ULL << b;
	while (npas < sizeof(pas) / sizeof(pas[0]))
		pas[npas++] = lcg(&seed) & genmask64(51, 16);

	for (unsigned int i = 0; i < npas; i++) {
		uint64_t pa = pas[i];
		arm_lpae_iopte pte = paddr_to_iopte(pa, data64);

		bad_rt += iopte_to_paddr(pte, data64) != pa;
		/* PA[51:48] in descriptor bits [15:12] */
		bad_hi += ((pte >> 12) & 0xf) != ((pa >> 48) & 0xf);
		/* PA[47:16] in place */
		bad_mid += (pte & genmask64(47, 16)) != (pa & genmask64(47, 16));
		/* nothing outside the address field */
		bad_low += (pte & ~ARM_LPAE_PTE_ADDR_MASK) != 0;
		/* 4K granule, PA below 2^48: the address field is the PA */
		if (pa < (1ULL << 48))
			bad_rt4 += iopte_to_paddr(paddr_to_iopte(pa | 0x5000, data4), data4) !=
				   (pa | 0x5000);
	}
	check_state.test = "test_oa_packing";
	CHECK_EQ(bad_rt, 0);
	CHECK_EQ(bad_hi, 0);
	CHECK_EQ(bad_mid, 0);
	CHECK_EQ(bad_low, 0);
	CHECK_EQ(bad_rt4, 0);
	/* one worked example */
	CHECK_EQ(paddr_to_iopte(0xf123456780000ULL, data64), 0x000012345678f000ULL);
	CHECK_EQ(iopte_to_paddr(0x000012345678f000ULL, data64), 0xf123456780000ULL);
out:
	if (d64)
		CHECK_EQ(ipf_domain_free(d64), 0);
	if (d4)
		CHECK_EQ(ipf_domain_free(d4), 0);
}

/* A 52-bit OA through a real mapping, both engines, both stages. */
static void test_oa_52bit_mapping(void)
{
	const uint64_t pa_page = 0xf123456780000ULL;   /* 64K aligned, PA[51:48] = 0xf */
	const uint64_t pa_blk = 0xa000060000000ULL;    /* 512M aligned, PA[51:48] = 0xa */
	const int prot = IOMMU_READ | IOMMU_WRITE;

	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		for (unsigned int f = 0; f < 2; f++) {
			enum io_pgtable_fmt fmt = f ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
			struct ipf_domain *d = alloc_domain((enum ipf_engine)e, fmt, 0,
							    SZ_64K | SZ_512M, 52);
			struct walk w;

			if (!d)
				continue;
			set_label("oa52", (enum ipf_engine)e, f ? CFG_S2 : CFG_S1, prot);
			CHECK_EQ(pt_map(d, SZ_64K, pa_page, SZ_64K, prot), 0);
			CHECK_EQ(pt_map(d, SZ_512M, pa_blk, SZ_512M, prot), 0);
			walk(d, SZ_64K, &w);
			CHECK_EQ(w.lvl, 3);
			CHECK_EQ(w.leaf & 3, 3);
			CHECK_EQ((w.leaf >> 12) & 0xf, 0xf);
			CHECK_EQ(w.leaf & genmask64(47, 16), pa_page & genmask64(47, 16));
			CHECK_EQ(phys(d, SZ_64K + 42), pa_page + 42);
			walk(d, SZ_512M, &w);
			CHECK_EQ(w.lvl, 2);
			CHECK_EQ(w.leaf & 3, 1);
			CHECK_EQ((w.leaf >> 12) & 0xf, 0xa);
			CHECK_EQ(phys(d, SZ_512M + SZ_64K + 42), pa_blk + SZ_64K + 42);
			CHECK_EQ(ipf_domain_free(d), 0);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Block split                                                         */

static void test_block_split(void)
{
	static const int prots[] = {
		IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC,
		IOMMU_READ | IOMMU_MMIO | IOMMU_PRIV,
		IOMMU_WRITE,
	};
	static arm_lpae_iopte split[IPF_ENGINES][NR_CFGS][3][512];

	memset(split, 0, sizeof(split));
	for (unsigned int e = 0; e < IPF_ENGINES; e++) {
		for (unsigned int c = 0; c < NR_CFGS; c++) {
			for (unsigned int p = 0; p < sizeof(prots) / sizeof(prots[0]); p++) {
				struct ipf_domain *d = alloc_cfg((enum ipf_engine)e, (enum stage_cfg)c);
				arm_lpae_iopte blk, attrs;
				struct walk w;
				uint64_t bad = 0, nonzero = 0;

				if (!d)
					continue;
				set_label("split", (enum ipf_engine)e, (enum stage_cfg)c, prots[p]);
				CHECK_EQ(pt_map(d, IOVA_2M, PA_2M, SZ_2M, prots[p]), 0);
				walk(d, IOVA_2M, &w);
				blk = w.leaf;
				CHECK_EQ(w.lvl, 2);
				CHECK_EQ(blk & 3, 1);
				attrs = iopte_prot(blk);
				CHECK(attrs != 0);

				/* unmap 4K at 2M + 4K: the block becomes a table */
				CHECK_EQ(pt_unmap(d, IOVA_2M + SZ_4K, SZ_4K), SZ_4K);
				walk(d, IOVA_2M, &w);
				CHECK_EQ(w.bad, 0);
				CHECK_EQ(w.lvl, 3);
				CHECK_EQ(w.ntables, 3);
				if (w.ntables != 3 || !w.leaf_table) {
					ipf_domain_free(d);
					continue;
				}
				/* the new level-2 descriptor is a table descriptor */
				check_table_desc(d, w.table[2], w.next[2], cfg_ns((enum stage_cfg)c));
				CHECK(w.leaf_table == w.next[2]);
				for (unsigned int i = 0; i < 512; i++) {
					arm_lpae_iopte pte = w.leaf_table[i];

					split[e][c][p][i] = pte;
					if (i == 1) {
						CHECK_EQ(pte, 0);
						continue;
					}
					nonzero += pte != 0;
					bad += pte != (attrs | ARM_LPAE_PTE_TYPE_PAGE |
						       (PA_2M + (uint64_t)i * SZ_4K));
				}
				CHECK_EQ(nonzero, 511);
				CHECK_EQ(bad, 0);
				/* every remaining page is a leaf checked field by field too */
				check_leaf(w.leaf_table[0], 3, (enum stage_cfg)c, prots[p], PA_2M);
				check_leaf(w.leaf_table[511], 3, (enum stage_cfg)c, prots[p],
					   PA_2M + 511 * SZ_4K);
				CHECK_EQ(phys(d, IOVA_2M + SZ_4K), 0);
				CHECK_EQ(phys(d, IOVA_2M + 2 * SZ_4K + 42), PA_2M + 2 * SZ_4K + 42);
				CHECK_EQ(ipf_domain_free(d), 0);
			}
		}
	}
	check_state.test = "test_block_split: ref == opt";
	CHECK(memcmp(split[IPF_ENGINE_REF], split[IPF_ENGINE_OPT], sizeof(split[0])) == 0);
}

int main(void)
{
	ipf_events_reset(&events);
	RUN_TEST(test_leaf_encodings);
	RUN_TEST(test_leaf_examples);
	RUN_TEST(test_ns_quirk_s2);
	RUN_TEST(test_oa_packing);
	RUN_TEST(test_oa_52bit_mapping);
	RUN_TEST(test_block_split);
	check_state.test = "events";
	CHECK_EQ(events.total, 0);
	return check_summary("test_pte");
}
