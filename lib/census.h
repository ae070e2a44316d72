/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One reading of the leaves: the totals, then every exit type KVM has a
 * handler for (the others answer zero by the contract).  Reading is not
 * free: each leaf is a CPUID exit of its own, counted like any other, so a
 * census records how many reads it made.
 */
#ifndef LIB_CENSUS_H
#define LIB_CENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "exit_types.h"
#include "leaf_source.h"

struct type_count {
	const struct exit_type *type;
	uint32_t exits;		/* the leaf's low 32 bits */
	uint64_t cycles;
};

struct census {
	enum cpu_vendor vendor;
	uint32_t exits;		/* 0x4ffffffc, read first */
	uint64_t cycles;	/* 0x4ffffffd, read second */
	size_t ntypes;
	struct type_count *types;	/* table order */
	unsigned int reads;	/* CPUID instructions the census executed */
};

/* Read the totals and every handled type; -1 with errno if out of memory. */
int census_read(const struct leaf_source *src, enum cpu_vendor vendor,
		struct census *c);
/* Only the totals: two reads. */
void census_read_totals(const struct leaf_source *src, struct census *c);
void census_free(struct census *c);

/* Up to @n types with exits, most exits first, into @out; returns how many. */
size_t census_top(const struct census *c, size_t n,
		  const struct type_count **out);

/* Cycles per exit, 0 when there were no exits. */
double cycles_per_exit(uint64_t cycles, uint64_t exits);

#endif
