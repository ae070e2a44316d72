/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where leafstat's CPUID answers come from: the CPU, or (in the unit tests)
 * a model of a hypervisor.  Every read is one CPUID instruction, so one
 * CPUID exit when a hypervisor intercepts it.
 */
#ifndef GUEST_LEAF_SOURCE_H
#define GUEST_LEAF_SOURCE_H

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
