// SPDX-License-Identifier: GPL-2.0
#include "leaf_source.h"

static struct leaf_answer cpuid_read(void *ctx, uint32_t leaf, uint32_t subleaf)
{
	struct leaf_answer a;

	(void)ctx;
	/* ecx is an input of every leaf here: never leave it undefined. */
	__asm__ volatile("cpuid"
			 : "=a"(a.eax), "=b"(a.ebx), "=c"(a.ecx), "=d"(a.edx)
			 : "a"(leaf), "c"(subleaf));
	return a;
}

const struct leaf_source leaf_source_cpuid = { cpuid_read, 0 };
