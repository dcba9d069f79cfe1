// SPDX-License-Identifier: GPL-2.0-only
/* The differential fuzz targets: what each keeps of a program, and whom it runs. */
#include <stdlib.h>
#include <string.h>

#include "iopgfuzz/kernel.h"
#include "iopgfuzz/targets.h"

#define UNMAP_KINDS                                                                    \
	(IPF_OP_BIT(IPF_OP_MAP) | IPF_OP_BIT(IPF_OP_UNMAP) | IPF_OP_BIT(IPF_OP_UNMAP_LAZY) | \
	 IPF_OP_BIT(IPF_OP_FLUSH_ALL))
#define MAP_KINDS (IPF_OP_BIT(IPF_OP_MAP) | IPF_OP_BIT(IPF_OP_UNMAP))
#define ALL_KINDS ((1u << IPF_OP_KINDS) - 1)

const struct ipf_target ipf_targets[] = {
	{ "fuzz_unmap", UNMAP_KINDS, false },
	{ "fuzz_map", MAP_KINDS, false },
	{ "fuzz_smmu", ALL_KINDS, false },
	{ "fuzz_kernel_unmap", UNMAP_KINDS, true },
	{ "fuzz_kernel_map", MAP_KINDS, true },
};
const unsigned int ipf_nr_targets = sizeof(ipf_targets) / sizeof(ipf_targets[0]);

const struct ipf_target *ipf_target_find(const char *name)
{
	for (unsigned int i = 0; i < ipf_nr_targets; i++)
		if (!strcmp(ipf_targets[i].name, name))
			return &ipf_targets[i];
	return NULL;
}

/* "6.12.117" against "6.9": numerically, field by field. */
static int release_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a || eb == b)
			return strcmp(ea, eb);
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return 0;
}

const char *ipf_kernel_newest(void)
{
	const struct ipf_kernel_variant *best = NULL;

	for (unsigned int i = 0; i < ipf_kernel_nr_variants; i++)
		if (!best || release_cmp(ipf_kernel_variants[i]->release, best->release) > 0)
			best = ipf_kernel_variants[i];
	return best ? best->name : NULL;
}

bool ipf_target_apply(const struct ipf_target *t, struct ipf_program *p, const char *tree)
{
	const struct ipf_kernel_variant *v;
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->nr_ops; i++)
		if (t->kinds & IPF_OP_BIT(p->ops[i].kind))
			p->ops[n++] = p->ops[i];
	p->nr_ops = n;
	if (!t->kernel)
		return true;
	if (!tree)
		tree = ipf_kernel_newest();
	v = tree ? ipf_kernel_variant_find(tree) : NULL;
	if (!v || strlen(tree) >= IPF_KERNEL_NAME_MAX)
		return false;
	p->cfg.engines[0] = IPF_ENGINE_OPT;
	p->cfg.engines[1] = v->core ? IPF_ENGINE_KERNEL_CORE : IPF_ENGINE_KERNEL;
	memset(p->cfg.kernel, 0, sizeof(p->cfg.kernel));
	strcpy(p->cfg.kernel[1], tree);
	return ipf_config_follow_tree(&p->cfg);
}

bool ipf_config_follow_tree(struct ipf_config *cfg)
{
	for (int e = 0; e < IPF_ENGINES; e++) {
		const struct ipf_kernel_variant *v;

		if (!ipf_engine_is_kernel(cfg->engines[e]))
			continue;
		v = ipf_kernel_variant_find(cfg->kernel[e]);
		if (!v)
			return false;
		cfg->domain.profile = ipf_profile_of_release(v->release);
		return true;
	}
	return false;
}
