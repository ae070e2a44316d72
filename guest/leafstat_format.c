// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "json_write.h"
#include "leafstat_format.h"

static void table_census(FILE *out, const struct probe *p,
			 const struct census *c,
			 const struct type_count **t, size_t n)
{
	size_t i;

	fprintf(out, "cpu %s (%s), hypervisor KVM\n", p->cpu_vendor,
		vendor_name(c->vendor));
	fprintf(out, "exits %u, cycles %llu, cycles/exit %.1f\n", c->exits,
		(unsigned long long)c->cycles,
		cycles_per_exit(c->cycles, c->exits));
	fprintf(out, "(reading the leaves took %u CPUID exits, counted after the totals)\n\n",
		c->reads);
	/* 77 columns: cycles fit 14 digits, a day at 1 GHz. */
	fprintf(out, "%-8s %-22s %10s %7s %14s %11s\n", "type", "name", "exits",
		"%", "cycles", "cycles/exit");
	for (i = 0; i < n; i++)
		fprintf(out, "%#-8x %-22.22s %10u %6.2f%% %14llu %11.1f\n",
			t[i]->type->code, t[i]->type->name, t[i]->exits,
			c->exits ? 100.0 * t[i]->exits / c->exits : 0.0,
			(unsigned long long)t[i]->cycles,
			cycles_per_exit(t[i]->cycles, t[i]->exits));
}

static void csv_census(FILE *out, const struct census *c,
		       const struct type_count **t, size_t n)
{
	size_t i;

	fprintf(out, "code,name,exits,cycles,cycles_per_exit\n");
	fprintf(out, "all,total,%u,%llu,%.1f\n", c->exits,
		(unsigned long long)c->cycles,
		cycles_per_exit(c->cycles, c->exits));
	for (i = 0; i < n; i++)
		fprintf(out, "%u,%s,%u,%llu,%.1f\n", t[i]->type->code,
			t[i]->type->name, t[i]->exits,
			(unsigned long long)t[i]->cycles,
			cycles_per_exit(t[i]->cycles, t[i]->exits));
}

static void json_census(FILE *out, const struct census *c,
			const struct type_count **t, size_t n)
{
	json_object *o = json_object_new_object(), *types = json_object_new_array();
	size_t i;

	json_set(o, "vendor", json_object_new_string(vendor_name(c->vendor)));
	json_set(o, "exits", json_object_new_uint64(c->exits));
	json_set(o, "cycles", json_object_new_uint64(c->cycles));
	json_set(o, "reads", json_object_new_uint64(c->reads));
	for (i = 0; i < n; i++) {
		json_object *e = json_object_new_object();

		json_set(e, "code", json_object_new_uint64(t[i]->type->code));
		json_set(e, "name", json_object_new_string(t[i]->type->name));
		json_set(e, "exits", json_object_new_uint64(t[i]->exits));
		json_set(e, "cycles", json_object_new_uint64(t[i]->cycles));
		json_object_array_add(types, e);
	}
	json_set(o, "types", types);
	json_write(out, o);
	json_object_put(o);
}

static void json_rates(FILE *out, const struct interval_rate *r, size_t n,
		       const struct rate_spread *s)
{
	json_object *o = json_object_new_object(), *all = json_object_new_array();
	json_object *rate = json_object_new_object();
	size_t i;

	for (i = 0; i < n; i++) {
		json_object *e = json_object_new_object();

		json_set(e, "interval", json_object_new_uint64(i + 1));
		json_set(e, "seconds", json_fixed(r[i].seconds, 6));
		json_set(e, "exits", json_object_new_uint64(r[i].exits));
		json_set(e, "exits_per_second", json_fixed(r[i].exits_per_second, 3));
		json_set(e, "cycles_per_exit", json_fixed(r[i].cycles_per_exit, 1));
		json_object_array_add(all, e);
	}
	json_set(o, "intervals", all);
	json_set(rate, "n", json_object_new_uint64(s->n));
	json_set(rate, "median", json_fixed(s->median, 3));
	json_set(rate, "min", json_fixed(s->min, 3));
	json_set(rate, "max", json_fixed(s->max, 3));
	json_set(rate, "mean", json_fixed(s->mean, 3));
	json_set(rate, "cv", json_fixed(s->cv, 6));
	json_set(o, "rate", rate);
	json_write(out, o);
	json_object_put(o);
}

int print_census(FILE *out, enum out_format fmt, const struct probe *p,
		 const struct census *c, size_t top)
{
	const struct type_count **t = calloc(c->ntypes + 1, sizeof(*t));
	size_t n;

	if (!t)
		return -1;
	n = census_top(c, top ? top : c->ntypes, t);
	if (fmt == OUT_CSV)
		csv_census(out, c, t, n);
	else if (fmt == OUT_JSON)
		json_census(out, c, t, n);
	else
		table_census(out, p, c, t, n);
	free(t);
	return 0;
}

void print_rates(FILE *out, enum out_format fmt, const struct interval_rate *r,
		 size_t n, const struct rate_spread *s)
{
	size_t i;

	if (fmt == OUT_JSON) {
		json_rates(out, r, n, s);
		return;
	}
	if (fmt == OUT_TABLE)
		fprintf(out, "%8s %10s %12s %14s %12s\n", "interval", "seconds",
			"exits", "exits/s", "cycles/exit");
	else
		fprintf(out, "interval,seconds,exits,exits_per_second,cycles_per_exit\n");
	for (i = 0; i < n; i++) {
		const struct interval_rate *x = &r[i];
		unsigned long long exits = x->exits;

		if (fmt == OUT_TABLE)
			fprintf(out, "%8zu %10.3f %12llu %14.1f %12.1f\n", i + 1,
				x->seconds, exits, x->exits_per_second,
				x->cycles_per_exit);
		else
			fprintf(out, "%zu,%.6f,%llu,%.3f,%.1f\n", i + 1, x->seconds,
				exits, x->exits_per_second, x->cycles_per_exit);
	}
	if (fmt == OUT_TABLE)
		fprintf(out, "exits/s over %zu intervals: median %.1f, min %.1f, max %.1f, cv %.1f%%\n",
			s->n, s->median, s->min, s->max, 100 * s->cv);
}
