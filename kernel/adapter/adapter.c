// SPDX-License-Identifier: GPL-2.0-only
/*
 * One kernel tree's io-pgtable behind struct ipf_kernel_variant: built once
 * per tree, against the tree's <linux/io-pgtable.h> and our shim, and
 * linked with that tree's io-pgtable-arm.c and io-pgtable.c. Each entry
 * installs the caller's host for the duration of the call, as the kernel's
 * code reaches its environment through globals (alloc_pages, dma_sync...).
 *
 * The build defines IPF_KVARIANT (a C identifier), IPF_KVARIANT_NAME and
 * IPF_KVARIANT_RELEASE; and IPF_KVARIANT_KUNIT when the tree's selftest is
 * a KUnit suite (io-pgtable-arm-selftests.c, v6.19 on) rather than an initcall.
 */
/* The C library first: the shim's names (ffs, min...) are the kernel's from here on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/device.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#ifdef IPF_KVARIANT_KUNIT
#include <kunit/test.h>
#endif

#include "kshim.h"

#define VARIANT_SYM_(id) ipf_kvariant_##id
#define VARIANT_SYM(id) VARIANT_SYM_(id)

struct ipf_kernel_pgtable {
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	struct device dev;
	struct ipf_kernel_host host;
};

/* The kernel's gather, carrying the host's through the flush callbacks. */
struct adapter_gather {
	struct iommu_iotlb_gather g;
	void *host_gather;
};

/* Arm-smmu's tlb ops: the cookie is the pgtable, the host is the driver. */
static void adapter_tlb_flush_all(void *cookie)
{
	struct ipf_kernel_pgtable *kp = cookie;

	kp->host.tlb_flush_all(kp->host.ctx);
}

static void adapter_tlb_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	struct ipf_kernel_pgtable *kp = cookie;

	kp->host.tlb_flush_walk(kp->host.ctx, iova, size, granule);
}

static void adapter_tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
				 size_t granule, void *cookie)
{
	struct ipf_kernel_pgtable *kp = cookie;
	void *hg = gather ? container_of(gather, struct adapter_gather, g)->host_gather : NULL;

	kp->host.tlb_add_page(kp->host.ctx, hg, iova, granule);
}

static const struct iommu_flush_ops adapter_flush_ops = {
	.tlb_flush_all = adapter_tlb_flush_all,
	.tlb_flush_walk = adapter_tlb_flush_walk,
	.tlb_add_page = adapter_tlb_add_page,
};

/*
 * Every call into the tree goes through here: the host is installed for
 * its duration, and a BUG() inside comes back as false.
 */
static bool guarded(const struct ipf_kernel_host *h, void (*fn)(void *), void *arg)
{
	jmp_buf on_bug, *prev_jmp;
	const struct ipf_kernel_host *prev = ipf_kshim_enter(h, &on_bug, &prev_jmp);
	volatile bool ok = false;

	if (!setjmp(on_bug)) {
		fn(arg);
		ok = true;
	}
	ipf_kshim_leave(prev, prev_jmp);
	return ok;
}

struct call {
	struct ipf_kernel_pgtable *kp;
	enum io_pgtable_fmt fmt;
	unsigned long iova;
	phys_addr_t paddr;
	size_t pgsize, pgcount, mapped, unmapped;
	int prot, ret;
	struct iommu_iotlb_gather *gather;
};

static void call_alloc(void *arg)
{
	struct call *c = arg;

	c->kp->ops = alloc_io_pgtable_ops(c->fmt, &c->kp->cfg, c->kp);
}

static void call_free(void *arg)
{
	struct call *c = arg;

	free_io_pgtable_ops(c->kp->ops);
}

static void call_map_pages(void *arg)
{
	struct call *c = arg;
	struct io_pgtable_ops *ops = c->kp->ops;

	c->ret = ops->map_pages(ops, c->iova, c->paddr, c->pgsize, c->pgcount, c->prot,
				GFP_ATOMIC, &c->mapped);
}

static void call_unmap_pages(void *arg)
{
	struct call *c = arg;
	struct io_pgtable_ops *ops = c->kp->ops;

	c->unmapped = ops->unmap_pages(ops, c->iova, c->pgsize, c->pgcount, c->gather);
}

static void call_iova_to_phys(void *arg)
{
	struct call *c = arg;

	c->paddr = c->kp->ops->iova_to_phys(c->kp->ops, c->iova);
}

static struct ipf_kernel_pgtable *adapter_alloc(const struct ipf_kernel_host *host,
						const struct ipf_kernel_cfg *cfg,
						struct ipf_kernel_pgtable_info *info, int *err)
{
	struct call c = { .fmt = cfg->stage == 2 ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1 };
	struct ipf_kernel_pgtable *kp = calloc(1, sizeof(*kp));

	if (!kp) {
		*err = -ENOMEM;
		return NULL;
	}
	c.kp = kp;
	kp->host = *host;
	set_dev_node(&kp->dev, NUMA_NO_NODE);
	kp->cfg = (struct io_pgtable_cfg){
		.quirks = cfg->quirk_arm_ns ? IO_PGTABLE_QUIRK_ARM_NS : 0,
		.pgsize_bitmap = cfg->pgsize_bitmap,
		.ias = cfg->ias,
		.oas = cfg->oas,
		.coherent_walk = cfg->coherent_walk,
		.tlb = &adapter_flush_ops,
		.iommu_dev = &kp->dev,
	};
	if (!guarded(&kp->host, call_alloc, &c) || !kp->ops) {
		/* The tree says NULL and no more: the driver's -EINVAL for a cfg it cannot use. */
		free(kp);
		*err = -EINVAL;
		return NULL;
	}
	*info = (struct ipf_kernel_pgtable_info){
		.pgsize_bitmap = kp->cfg.pgsize_bitmap, .ias = kp->cfg.ias, .oas = kp->cfg.oas,
	};
	if (c.fmt == ARM_64_LPAE_S1) {
		info->ttbr = kp->cfg.arm_lpae_s1_cfg.ttbr;
		info->tsz = kp->cfg.arm_lpae_s1_cfg.tcr.tsz;
		info->tg = kp->cfg.arm_lpae_s1_cfg.tcr.tg;
	} else {
		info->ttbr = kp->cfg.arm_lpae_s2_cfg.vttbr;
		info->tsz = kp->cfg.arm_lpae_s2_cfg.vtcr.tsz;
		info->tg = kp->cfg.arm_lpae_s2_cfg.vtcr.tg;
		info->sl = kp->cfg.arm_lpae_s2_cfg.vtcr.sl;
	}
	return kp;
}

static void adapter_free(struct ipf_kernel_pgtable *kp)
{
	struct call c = { .kp = kp };

	if (!kp)
		return;
	guarded(&kp->host, call_free, &c);
	free(kp);
}

static int adapter_map_pages(struct ipf_kernel_pgtable *kp, uint64_t iova, uint64_t paddr,
			     uint64_t pgsize, uint64_t pgcount, int prot, uint64_t *mapped)
{
	struct call c = { .kp = kp, .iova = iova, .paddr = paddr, .pgsize = pgsize,
			  .pgcount = pgcount, .prot = prot, .ret = -EFAULT };

	guarded(&kp->host, call_map_pages, &c);
	*mapped += c.mapped;
	return c.ret;
}

static uint64_t adapter_unmap_pages(struct ipf_kernel_pgtable *kp, uint64_t iova, uint64_t pgsize,
				    uint64_t pgcount, void *gather, bool queued)
{
	struct adapter_gather ag = {
		.g = { .start = ~0UL, .queued = queued }, .host_gather = gather,
	};
	struct call c = { .kp = kp, .iova = iova, .pgsize = pgsize, .pgcount = pgcount,
			  .gather = &ag.g };

	ag.g.freelist.next = ag.g.freelist.prev = &ag.g.freelist;
	guarded(&kp->host, call_unmap_pages, &c);
	return c.unmapped;
}

static uint64_t adapter_iova_to_phys(struct ipf_kernel_pgtable *kp, uint64_t iova)
{
	struct call c = { .kp = kp, .iova = iova };

	guarded(&kp->host, call_iova_to_phys, &c);
	return c.paddr;
}

/*
 * The selftests report through printk; a line "completed with N PASS M
 * FAIL" is the verdict of the initcall, and of a KUnit case that counts
 * its own configurations (v6.19's arm_lpae_do_selftests).
 */
static struct selftest_log {
	const struct ipf_kernel_host *outer;
	unsigned int passed, failed;
	bool summary;
} selftest_log;

static void selftest_log_line(void *ctx, const char *line)
{
	struct selftest_log *sl = &selftest_log;
	const char *s = strstr(line, "completed with ");

	if (s && sscanf(s, "completed with %u PASS %u FAIL", &sl->passed, &sl->failed) == 2)
		sl->summary = true;
	if (sl->outer->log)
		sl->outer->log(ctx, line);
}

/* host, with its printk lines read by selftest_log_line first. */
static struct ipf_kernel_host selftest_host(const struct ipf_kernel_host *host)
{
	struct ipf_kernel_host h = *host;

	selftest_log = (struct selftest_log){ .outer = host };
	h.log = selftest_log_line;
	return h;
}

#ifdef IPF_KVARIANT_KUNIT
/*
 * From v6.19: the tree's KUnit suites (io-pgtable-arm-selftests.c). Each
 * case runs under its own guard, as KUnit runs it in a thread of its own: a
 * BUG fails the case, and what the case registered is released either way.
 */
struct kunit_call {
	struct kunit test;
	struct kunit_case *c;
};

static void call_kunit_case(void *arg)
{
	struct kunit_call *kc = arg;

	ipf_kunit_run_case(&kc->test, kc->c);
}

static __attribute__((__format__(__printf__, 2, 3)))
void selftest_say(const struct ipf_kernel_host *host, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!host->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	host->log(host->ctx, line);
}

/*
 * KUnit's verdict, and one stricter: a case whose own summary counts a
 * FAIL fails here too. arm_lpae_do_selftests reports a refused
 * alloc_io_pgtable_ops with kunit_err only, which KUnit does not count.
 */
static bool run_kunit_case(const struct ipf_kernel_host *host, struct kunit_case *c)
{
	struct ipf_kernel_host h = selftest_host(host);
	struct kunit_call kc = { .test = { .name = c->name }, .c = c };
	bool ok = guarded(&h, call_kunit_case, &kc);

	ipf_kunit_end_case(&kc.test);
	if (!ok)
		selftest_say(host, "    # %s: BUG: the case did not return", c->name);
	if (selftest_log.summary && selftest_log.failed) {
		selftest_say(host, "    # %s: its summary counts %u FAIL", c->name,
			     selftest_log.failed);
		ok = false;
	}
	return ok && !kc.test.failed;
}

static int adapter_selftest(const struct ipf_kernel_host *host, unsigned int *passed,
			    unsigned int *failed)
{
	*passed = *failed = 0;
	for (struct kunit_suite **s = ipf_kshim_kunit_suites; *s; s++) {
		unsigned int n = 0;

		selftest_say(host, "# Subtest: %s", (*s)->name);
		for (struct kunit_case *c = (*s)->test_cases; c->run_case; c++) {
			bool ok = run_kunit_case(host, c);

			selftest_say(host, "    %s %u %s", ok ? "ok" : "not ok", ++n, c->name);
			if (ok)
				(*passed)++;
			else
				(*failed)++;
		}
	}
	return *failed ? -EFAULT : 0;
}
#else
/* The initcall of the tree's selftest, when its io-pgtable-arm.c has one (up to v6.18). */
extern int (*ipf_kshim_selftest_initcall)(void) __attribute__((weak));

static void call_selftest(void *arg)
{
	*(int *)arg = ipf_kshim_selftest_initcall();
}

static int adapter_selftest(const struct ipf_kernel_host *host, unsigned int *passed,
			    unsigned int *failed)
{
	struct ipf_kernel_host h;
	int ret = -ENOSYS;

	if (!&ipf_kshim_selftest_initcall)
		return ret;
	h = selftest_host(host);
	if (!guarded(&h, call_selftest, &ret))
		ret = -EFAULT;
	*passed = selftest_log.passed;
	*failed = selftest_log.failed;
	if (!selftest_log.summary && !ret)
		ret = -EPROTO; /* passed without saying so: not a pass we can count */
	return ret;
}
#endif

#ifdef IPF_KVARIANT_CORE
#define CORE_SYM_(id) ipf_kcore_##id
#define CORE_SYM(id) CORE_SYM_(id)
extern const struct ipf_kernel_core CORE_SYM(IPF_KVARIANT);
#endif

const struct ipf_kernel_variant VARIANT_SYM(IPF_KVARIANT) = {
	.name = IPF_KVARIANT_NAME,
	.release = IPF_KVARIANT_RELEASE,
#ifdef IPF_KVARIANT_KUNIT
	.selftest_kind = "kunit",
#else
	.selftest_kind = "initcall",
#endif
	.selftest = adapter_selftest,
	.alloc = adapter_alloc,
	.free = adapter_free,
	.map_pages = adapter_map_pages,
	.unmap_pages = adapter_unmap_pages,
	.iova_to_phys = adapter_iova_to_phys,
#ifdef IPF_KVARIANT_CORE
	.core = &CORE_SYM(IPF_KVARIANT),
#endif
};
