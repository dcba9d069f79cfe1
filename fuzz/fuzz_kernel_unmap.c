// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unmap differential against a real kernel tree: the tree's
 * io-pgtable-arm.c under our v5.15 core and driver models, beside the
 * optimised model, with the SMMU watching every descriptor the tree writes.
 */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ipf_fuzz_one(data, size, "fuzz_kernel_unmap");
}
