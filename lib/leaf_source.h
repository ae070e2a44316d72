/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a census of the leaves gets its CPUID answers: the CPU (leafstat in
 * a guest), a vCPU the VMM runs (showleaves), or a model of a hypervisor
 * (the unit tests).  Every read is one CPUID instruction, so one CPUID exit
 * when a hypervisor intercepts it.
 */
#ifndef LIB_LEAF_SOURCE_H
#define LIB_LEAF_SOURCE_H

#include <stdint.h>

#include "leaves.h"

struct leaf_source {
	struct leaf_answer (*read)(void *ctx, uint32_t leaf, uint32_t subleaf);
	void *ctx;
};

/* The CPUID instruction of the CPU this runs on. */
extern const struct leaf_source leaf_source_cpuid;

static inline struct leaf_answer leaf_read(const struct leaf_source *src,
					   uint32_t leaf, uint32_t subleaf)
{
	return src->read(src->ctx, leaf, subleaf);
}

#endif
