// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>

#include "summary.h"
#include "rates.h"

size_t rates_compute(const struct totals_reading *r, size_t n,
		     unsigned int own_reads, struct interval_rate *out)
{
	size_t i;

	for (i = 1; i < n; i++) {
		uint32_t all = r[i].exits - r[i - 1].exits;	/* wraps once */
		uint64_t cycles = r[i].cycles - r[i - 1].cycles;
		struct interval_rate *o = &out[i - 1];

		o->seconds = r[i].seconds - r[i - 1].seconds;
		if (o->seconds <= 0 || r[i].cycles < r[i - 1].cycles)
			return 0;
		o->exits = all > own_reads ? all - own_reads : 0;
		o->exits_per_second = o->exits / o->seconds;
		o->cycles_per_exit = all ? (double)cycles / all : 0;
	}
	return n ? n - 1 : 0;
}

void rates_spread(const struct interval_rate *r, size_t n,
		  struct rate_spread *s)
{
	double *x = calloc(n ? n : 1, sizeof(*x)), sq = 0;
	size_t i;

	*s = (struct rate_spread){ .n = n };
	if (!n || !x) {
		free(x);
		return;
	}
	s->min = s->max = r[0].exits_per_second;
	for (i = 0; i < n; i++) {
		x[i] = r[i].exits_per_second;
		s->mean += x[i] / n;
		s->min = x[i] < s->min ? x[i] : s->min;
		s->max = x[i] > s->max ? x[i] : s->max;
	}
	for (i = 0; i < n; i++)
		sq += (x[i] - s->mean) * (x[i] - s->mean);
	if (n > 1 && s->mean > 0)
		s->cv = sqrt(sq / (n - 1)) / s->mean;
	s->median = median(x, n);
	free(x);
}
