/* SPDX-License-Identifier: GPL-2.0 */
/* The CPUID leaves of the exit-statistics contract (kernel-patch/README.md). */
#ifndef LIB_LEAVES_H
#define LIB_LEAVES_H

#include <stdint.h>

#define LEAF_EXITS		0x4ffffffcu	/* eax: exits, all types */
#define LEAF_CYCLES		0x4ffffffdu	/* ebx:ecx: cycles, all types */
#define LEAF_TYPE_EXITS		0x4ffffffeu	/* eax: exits of type ecx */
#define LEAF_TYPE_CYCLES	0x4fffffffu	/* ebx:ecx: cycles of type ecx */

struct leaf_answer {
	uint32_t eax, ebx, ecx, edx;
};

enum leaf_kind {
	LEAF_COUNT,		/* a value in eax, zeroes elsewhere */
	LEAF_CYCLE_COUNT,	/* a value in ebx:ecx, zeroes elsewhere */
	LEAF_UNDEFINED_TYPE,	/* edx = 0xffffffff, zeroes elsewhere */
	LEAF_NO_HANDLER,	/* zeroes everywhere */
	LEAF_MALFORMED,		/* anything else: not this contract */
};

/* The 64-bit cycle value of a cycles leaf: ebx is bits 63..32. */
static inline uint64_t leaf_cycles(const struct leaf_answer *a)
{
	return (uint64_t)a->ebx << 32 | a->ecx;
}

/*
 * What an answer to @leaf says.  All zeroes from a per-type leaf is a
 * type without a handler; from a total leaf it is a count of zero.
 */
static inline enum leaf_kind leaf_classify(uint32_t leaf,
					   const struct leaf_answer *a)
{
	int cycles = leaf & 1, per_type = leaf >= LEAF_TYPE_EXITS;

	if (per_type && !a->eax && !a->ebx && !a->ecx && a->edx == 0xffffffffu)
		return LEAF_UNDEFINED_TYPE;
	if (a->edx)
		return LEAF_MALFORMED;
	if (per_type && !a->eax && !a->ebx && !a->ecx)
		return LEAF_NO_HANDLER;
	if (cycles)
		return a->eax ? LEAF_MALFORMED : LEAF_CYCLE_COUNT;
	return (a->ebx || a->ecx) ? LEAF_MALFORMED : LEAF_COUNT;
}

#endif
