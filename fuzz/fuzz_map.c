// SPDX-License-Identifier: GPL-2.0-only
/* The map differential: map and strict unmap only, the per-page path against map_pages. */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ipf_fuzz_one(data, size, "fuzz_map");
}
