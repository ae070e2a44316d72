// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "census.h"

void census_read_totals(const struct leaf_source *src, struct census *c)
{
	struct leaf_answer a;

	a = leaf_read(src, LEAF_EXITS, 0);
	c->exits = a.eax;
	a = leaf_read(src, LEAF_CYCLES, 0);
	c->cycles = leaf_cycles(&a);
	c->reads = 2;
}

int census_read(const struct leaf_source *src, enum cpu_vendor vendor,
		struct census *c)
{
	const struct exit_type *table;
	size_t i, n = exit_types(vendor, &table);

	memset(c, 0, sizeof(*c));
	c->vendor = vendor;
	c->types = calloc(n, sizeof(*c->types));
	if (!c->types)
		return -1;
	census_read_totals(src, c);
	for (i = 0; i < n; i++) {
		struct type_count *t = &c->types[c->ntypes];
		struct leaf_answer a;

		if (!table[i].kvm_handles)
			continue;
		t->type = &table[i];
		t->exits = leaf_read(src, LEAF_TYPE_EXITS, table[i].code).eax;
		c->reads++;
		/* A type that never exited has no cycles: spare the read. */
		if (t->exits) {
			a = leaf_read(src, LEAF_TYPE_CYCLES, table[i].code);
			t->cycles = leaf_cycles(&a);
			c->reads++;
		}
		c->ntypes++;
	}
	return 0;
}

void census_free(struct census *c)
{
	free(c->types);
	c->types = NULL;
	c->ntypes = 0;
}

static int by_exits_desc(const void *a, const void *b)
{
	const struct type_count *x = *(const struct type_count *const *)a;
	const struct type_count *y = *(const struct type_count *const *)b;

	if (x->exits != y->exits)
		return x->exits < y->exits ? 1 : -1;
	return x->type->code < y->type->code ? -1 : x->type->code > y->type->code;
}

size_t census_top(const struct census *c, size_t n,
		  const struct type_count **out)
{
	size_t i, m = 0;

	for (i = 0; i < c->ntypes; i++)
		if (c->types[i].exits)
			out[m++] = &c->types[i];
	qsort(out, m, sizeof(*out), by_exits_desc);
	return m < n ? m : n;
}

double cycles_per_exit(uint64_t cycles, uint64_t exits)
{
	return exits ? (double)cycles / (double)exits : 0.0;
}
