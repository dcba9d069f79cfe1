// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocating an LPAE io-pgtable: which configurations the kernel accepts
 * (v5.15 rules), the geometry it derives, the stage-2 concatenated pgd (as
 * the profile's kernel decides it), and the final teardown.
 */
#include <errno.h>
#include <stdlib.h>

#include "iopgfuzz/lpae.h"

/*
 * Pick the granule from the bitmap (the host page size if supported, else
 * the largest smaller size, else the smallest larger one), then keep only
 * the block sizes that granule can express.
 */
void arm_lpae_restrict_pgsizes(struct io_pgtable_cfg *cfg)
{
	uint64_t page_size = cfg->host_page_size;
	uint64_t page_mask = ~(page_size - 1);
	uint64_t granule, page_sizes;
	unsigned int max_addr_bits = 48;

	if (cfg->pgsize_bitmap & page_size)
		granule = page_size;
	else if (cfg->pgsize_bitmap & ~page_mask)
		granule = 1ULL << fls64(cfg->pgsize_bitmap & ~page_mask);
	else if (cfg->pgsize_bitmap & page_mask)
		granule = 1ULL << ffs64(cfg->pgsize_bitmap & page_mask);
	else
		granule = 0;

	switch (granule) {
	case SZ_4K:
		page_sizes = SZ_4K | SZ_2M | SZ_1G;
		break;
	case SZ_16K:
		page_sizes = SZ_16K | SZ_32M;
		break;
	case SZ_64K:
		max_addr_bits = 52;
		page_sizes = SZ_64K | SZ_512M;
		if (cfg->oas > 48)
			page_sizes |= SZ_4T;
		break;
	default:
		page_sizes = 0;
	}

	cfg->pgsize_bitmap &= page_sizes;
	if (cfg->ias > max_addr_bits)
		cfg->ias = max_addr_bits;
	if (cfg->oas > max_addr_bits)
		cfg->oas = max_addr_bits;
}

static int valid_pa_size(unsigned int oas)
{
	switch (oas) {
	case 32: case 36: case 40: case 42: case 44: case 48: case 52:
		return 1;
	default:
		return 0;
	}
}

/*
 * Stage-2 pgds the architecture requires concatenated (Arm DDI0487 K.a
 * R_DXBSH and R_SRKBC, as 4dcac8407fe1 reads them): the start level the
 * formula gives is not a valid initial lookup for this granule and PA size.
 */
static bool arm_lpae_concat_mandatory(uint64_t granule, int start_level, unsigned int ias,
				      unsigned int oas)
{
	if (granule == SZ_16K && start_level == 0)
		return oas == 48 || ias == 48;
	if (granule == SZ_4K && start_level == 0)
		return oas == 40 || oas == 42;
	return granule == SZ_16K && start_level == 1 && oas == 40;
}

/* The walk before any concatenation. */
static int arm_lpae_walk_plain(const struct io_pgtable_cfg *cfg, struct arm_lpae_walk *w)
{
	unsigned int pg_shift = ffs64(cfg->pgsize_bitmap);
	int va_bits, levels;

	w->bits_per_level = (int)pg_shift - 3;
	va_bits = (int)cfg->ias - (int)pg_shift;
	if (va_bits <= 0)
		return -EINVAL;
	levels = (va_bits + w->bits_per_level - 1) / w->bits_per_level;
	if (levels > ARM_LPAE_MAX_LEVELS)
		return -EINVAL;
	w->start_level = ARM_LPAE_MAX_LEVELS - levels;
	w->pgd_bits = va_bits - w->bits_per_level * (levels - 1);
	return 0;
}

static void arm_lpae_concat(struct arm_lpae_walk *w)
{
	w->pgd_bits += w->bits_per_level;
	w->start_level++;
}

int arm_lpae_walk_geometry(enum io_pgtable_fmt fmt, const struct io_pgtable_cfg *cfg,
			   enum ipf_profile profile, struct arm_lpae_walk *w)
{
	int ret = arm_lpae_walk_plain(cfg, w);

	if (ret || fmt != ARM_64_LPAE_S2)
		return ret;
	if (ipf_profile_has(profile, IPF_CHANGE_CONCAT_MANDATORY)) {
		if (!arm_lpae_concat_mandatory(ARM_LPAE_GRANULE(w), w->start_level, cfg->ias,
					       cfg->oas))
			return 0;
		if ((1ULL << w->pgd_bits) > ARM_LPAE_S2_MAX_CONCAT_PAGES)
			return -E2BIG; /* the kernel WARNs and fails the allocation */
	} else if (w->start_level != 0 ||
		   (1ULL << w->pgd_bits) > ARM_LPAE_S2_MAX_CONCAT_PAGES) {
		return 0; /* before v6.14: fold any small level-0 table into level 1 */
	}
	arm_lpae_concat(w);
	return 0;
}

/* The planted mistakes of v6.14's stage-2 rule (include/iopgfuzz/bugs.h). */
static int arm_lpae_concat_bugs(struct ipf_ctx *ctx, const struct io_pgtable_cfg *cfg, int ret,
				struct arm_lpae_walk *w)
{
	struct arm_lpae_walk plain;
	bool concatenated;

	if (arm_lpae_walk_plain(cfg, &plain))
		return ret;
	concatenated = ret == -E2BIG || (!ret && w->start_level != plain.start_level);
	if (ipf_bug_site(ctx, IPF_BUG_CONCAT_CFG_UNREAD, concatenated)) {
		*w = plain;
		return 0;
	}
	if (ipf_bug_site(ctx, IPF_BUG_CONCAT_LIMIT_MISSED, ret == -E2BIG)) {
		*w = plain;
		arm_lpae_concat(w);
		return 0;
	}
	return ret;
}

/* NULL when the format takes cfg (restricting its page sizes), else why not. */
static const char *arm_lpae_refusal(enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg)
{
	unsigned long allowed = fmt == ARM_64_LPAE_S1 ?
		IO_PGTABLE_QUIRK_ARM_NS : 0;

	if (fmt >= IO_PGTABLE_NUM_FMTS || (cfg->quirks & ~allowed))
		return "a quirk the format does not take";
	if (!(cfg->pgsize_bitmap & (SZ_4K | SZ_16K | SZ_64K)))
		return "no 4K, 16K or 64K granule among the page sizes";
	if (cfg->ias > ARM_LPAE_MAX_ADDR_BITS || cfg->oas > ARM_LPAE_MAX_ADDR_BITS)
		return "an IAS or OAS above 52 bits";
	arm_lpae_restrict_pgsizes(cfg);
	if (!cfg->pgsize_bitmap)
		return "no page size left once the granule and PAGE_SIZE restrict them";
	/* The TCR/VTCR (I)PS field has no encoding for other sizes. */
	if (!valid_pa_size(cfg->oas))
		return "an OAS the (I)PS field cannot encode (32, 36, 40, 42, 44, 48 or 52)";
	return NULL;
}

static int arm_lpae_check_cfg(enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg)
{
	return arm_lpae_refusal(fmt, cfg) ? -EINVAL : 0;
}

const char *io_pgtable_refusal(enum io_pgtable_fmt fmt, const struct io_pgtable_cfg *cfg,
			       enum ipf_profile profile)
{
	struct io_pgtable_cfg c = *cfg;
	struct arm_lpae_walk w;
	const char *why;
	int ret;

	if (!c.host_page_size)
		c.host_page_size = SZ_4K;
	why = arm_lpae_refusal(fmt, &c);
	if (why)
		return why;
	ret = arm_lpae_walk_geometry(fmt, &c, profile, &w);
	if (ret == -E2BIG)
		return "a stage-2 pgd the architecture requires concatenated, of more than "
		       "16 tables (v6.14, 4dcac8407fe1)";
	if (ret)
		return "an IAS no walk of this granule can translate";
	return NULL;
}

/* The registers a driver programs (arm_64_lpae_alloc_pgtable_s1/_s2's TCR, VTCR, TTBR). */
static void arm_lpae_set_regs(struct arm_lpae_io_pgtable *d)
{
	uint64_t granule = ARM_LPAE_GRANULE(d);

	d->iop.cfg.arm_lpae_regs.ttbr = d->pgd_pa;
	d->iop.cfg.arm_lpae_regs.tsz = 64 - d->iop.cfg.ias;
	d->iop.cfg.arm_lpae_regs.tg = granule == SZ_4K ? 0 : granule == SZ_64K ? 1 : 2;
	if (d->iop.fmt == ARM_64_LPAE_S2)
		d->iop.cfg.arm_lpae_regs.sl = (unsigned int)((granule == SZ_4K ? 2 : 3) -
							     d->start_level);
}

struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt, enum ipf_pgtable_algo algo,
					    struct io_pgtable_cfg *cfg, void *cookie,
					    struct ipf_ctx *ctx, int *err)
{
	struct arm_lpae_io_pgtable *d;
	struct arm_lpae_walk w;
	int ret;

	if (!cfg->host_page_size)
		cfg->host_page_size = SZ_4K;
	if (algo == IPF_PGTABLE_KERNEL)
		return kernel_io_pgtable_alloc(fmt, cfg, cookie, ctx, err);
	ret = arm_lpae_check_cfg(fmt, cfg);
	if (ret)
		goto fail;

	ret = -ENOMEM;
	d = calloc(1, sizeof(*d));
	if (!d)
		goto fail;
	d->iop.fmt = fmt;
	d->iop.cookie = cookie;
	d->iop.cfg = *cfg;
	d->iop.ctx = ctx;
	d->algo = algo;

	ret = arm_lpae_walk_geometry(fmt, &d->iop.cfg, ctx->profile, &w);
	if (fmt == ARM_64_LPAE_S2 && ipf_since(ctx, IPF_CHANGE_CONCAT_MANDATORY))
		ret = arm_lpae_concat_bugs(ctx, &d->iop.cfg, ret, &w);
	if (ret == -E2BIG)
		ipf_warn(ctx, IPF_EV_ALLOC_CONCAT_REFUSED, 0, 1ULL << w.pgd_bits);
	if (ret) {
		ret = -EINVAL;
		goto fail_free;
	}
	d->bits_per_level = w.bits_per_level;
	d->start_level = w.start_level;
	d->pgd_bits = w.pgd_bits;

	ret = -ENOMEM;
	d->pgd = arm_lpae_alloc_table(d, ARM_LPAE_PGD_SIZE(d));
	if (!d->pgd)
		goto fail_free;
	d->pgd_pa = ipf_pgmem_pa(ctx->mem, d->pgd);
	arm_lpae_set_regs(d);

	if (algo == IPF_PGTABLE_PER_PAGE)
		arm_lpae_per_page_ops(&d->iop.ops);
	else
		arm_lpae_pages_ops(&d->iop.ops);
	d->iop.ops.iova_to_phys = arm_lpae_iova_to_phys;
	*cfg = d->iop.cfg;
	return &d->iop.ops;

fail_free:
	free(d);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct arm_lpae_io_pgtable *d;

	if (!ops)
		return;
	d = io_pgtable_ops_to_data(ops);
	if (d->algo == IPF_PGTABLE_KERNEL) {
		kernel_io_pgtable_free(ops);
		return;
	}
	io_pgtable_tlb_flush_all(&d->iop);
	__arm_lpae_free_pgtable(d, d->start_level, d->pgd);
	free(d);
}
