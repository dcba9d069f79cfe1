/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iopgfuzz's user-space stand-in for the kernel header of the same name.
 * Tables are mapped one to one (the DMA address is the physical address);
 * mapping and syncing for the device tell the host which table bytes the
 * walker may now see.
 */
#ifndef _IPF_SHIM_LINUX_DMA_MAPPING_H
#define _IPF_SHIM_LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/device.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)

dma_addr_t ipf_kshim_dma_map_single(struct device *dev, void *virt, size_t size,
				    enum dma_data_direction dir);
void ipf_kshim_dma_sync_for_device(struct device *dev, dma_addr_t addr, size_t size,
				   enum dma_data_direction dir);

#define dma_map_single(dev, virt, size, dir)	ipf_kshim_dma_map_single((dev), (virt), (size), (dir))
#define dma_unmap_single(dev, addr, size, dir)	((void)(dev), (void)(addr), (void)(size), (void)(dir))
#define dma_mapping_error(dev, addr)		((addr) == DMA_MAPPING_ERROR)
#define dma_sync_single_for_device(dev, addr, size, dir) \
	ipf_kshim_dma_sync_for_device((dev), (addr), (size), (dir))

#endif
