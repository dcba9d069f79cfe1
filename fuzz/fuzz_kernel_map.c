// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map differential against a real kernel tree: map and strict unmap
 * through the tree's io-pgtable-arm.c, beside the optimised model.
 */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ipf_fuzz_one(data, size, "fuzz_kernel_map");
}
