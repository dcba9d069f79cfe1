// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMU coherence: every operation, device accesses and prefetches between
 * maps and unmaps, with the cache sizes, policies and free modes the input
 * chooses: what a device can still reach after an unmap.
 */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ipf_fuzz_one(data, size, "fuzz_smmu");
}
