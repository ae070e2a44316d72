/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Summaries of benchmark samples: medians, and 95% bootstrap intervals of a
 * median and of a ratio of medians.  The resampling uses a seeded PRNG, so
 * the same samples always give the same interval.
 */
#ifndef LIB_SUMMARY_H
#define LIB_SUMMARY_H

#include <stddef.h>

struct interval {
	double mid, lo, hi;
};

double median(const double *x, size_t n);
/* Samples beyond Tukey's fences (1.5 interquartile ranges past a quartile). */
size_t count_outliers(const double *x, size_t n);
/* 95% percentile-bootstrap interval of the median of @x. */
struct interval median_ci(const double *x, size_t n, unsigned long seed);
/* 95% interval of median(@a) - median(@b), resampling both. */
struct interval diff_ci(const double *a, size_t na, const double *b, size_t nb,
			unsigned long seed);
/* 95% interval of median(@a) / median(@b), resampling both. */
struct interval ratio_ci(const double *a, size_t na, const double *b, size_t nb,
			 unsigned long seed);

#endif
