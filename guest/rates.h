/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seed's question, "does the number of exits increase at a stable
 * rate?", answered with numbers: the exit rate of each interval between
 * readings of the totals, and the spread of those rates.
 */
#ifndef GUEST_RATES_H
#define GUEST_RATES_H

#include <stddef.h>
#include <stdint.h>

struct totals_reading {
	double seconds;		/* CLOCK_MONOTONIC */
	uint32_t exits;
	uint64_t cycles;
};

struct interval_rate {
	double seconds;
	uint64_t exits;		/* without the reader's own CPUID exits */
	double exits_per_second;
	double cycles_per_exit;	/* over every exit of the interval */
};

struct rate_spread {
	size_t n;
	double median, min, max, mean;
	double cv;		/* standard deviation / mean; 0 if mean is 0 */
};

/*
 * One rate per pair of consecutive readings, @own_reads exits subtracted
 * from each (the reads that fall inside an interval); exit counts are
 * 32-bit and may wrap once between readings.  Returns the number written
 * to @out (@n - 1), or 0 if a reading goes back in time.
 */
size_t rates_compute(const struct totals_reading *r, size_t n,
		     unsigned int own_reads, struct interval_rate *out);
void rates_spread(const struct interval_rate *r, size_t n,
		  struct rate_spread *s);

#endif
