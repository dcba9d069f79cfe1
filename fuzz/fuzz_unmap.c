// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unmap differential: maps build state, then strict and lazy unmaps
 * compare the per-page path with unmap_pages (with the caches prefilled
 * around every unmap unless the configuration says otherwise).
 */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ipf_fuzz_one(data, size, "fuzz_unmap");
}
