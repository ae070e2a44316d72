// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

#define RESAMPLES 2000
#define MAX_SAMPLES 4096

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(const double *x, size_t n)
{
	double buf[MAX_SAMPLES];

	if (!n)
		return 0;
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	memcpy(buf, x, n * sizeof(*x));
	qsort(buf, n, sizeof(*buf), cmp_double);
	return n % 2 ? buf[n / 2] : (buf[n / 2 - 1] + buf[n / 2]) / 2;
}

/* The q-quantile of sorted @x, interpolating between neighbours. */
static double quantile(const double *x, size_t n, double q)
{
	double pos = q * (n - 1);
	size_t i = (size_t)pos;

	return i + 1 < n ? x[i] + (pos - i) * (x[i + 1] - x[i]) : x[n - 1];
}

size_t count_outliers(const double *x, size_t n)
{
	double buf[MAX_SAMPLES], q1, q3, iqr;
	size_t i, out = 0;

	if (n < 4)
		return 0;
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	memcpy(buf, x, n * sizeof(*x));
	qsort(buf, n, sizeof(*buf), cmp_double);
	q1 = quantile(buf, n, 0.25);
	q3 = quantile(buf, n, 0.75);
	iqr = q3 - q1;
	for (i = 0; i < n; i++)
		out += buf[i] < q1 - 1.5 * iqr || buf[i] > q3 + 1.5 * iqr;
	return out;
}

/* xorshift64*: small, seeded, good enough to resample. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static double resampled_median(const double *x, size_t n, uint64_t *s)
{
	double buf[MAX_SAMPLES];
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = x[next(s) % n];
	return median(buf, n);
}

static struct interval percentiles(double mid, double *est, size_t n)
{
	qsort(est, n, sizeof(*est), cmp_double);
	return (struct interval){ mid, est[(size_t)(n * 0.025)],
				  est[(size_t)(n * 0.975) - 1] };
}

struct interval median_ci(const double *x, size_t n, unsigned long seed)
{
	static double est[RESAMPLES];
	uint64_t s = seed | 1;
	int r;

	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	if (n < 2)
		return (struct interval){ median(x, n), median(x, n), median(x, n) };
	for (r = 0; r < RESAMPLES; r++)
		est[r] = resampled_median(x, n, &s);
	return percentiles(median(x, n), est, RESAMPLES);
}

/* Resample both sample sets and combine their medians with @op. */
static struct interval two_sample_ci(const double *a, size_t na, const double *b,
				     size_t nb, unsigned long seed, bool ratio)
{
	static double est[RESAMPLES];
	uint64_t s = seed | 1;
	double ma, mb;
	int r;

	if (na > MAX_SAMPLES)
		na = MAX_SAMPLES;
	if (nb > MAX_SAMPLES)
		nb = MAX_SAMPLES;
	ma = median(a, na);
	mb = median(b, nb);
	if (ratio && !mb)
		return (struct interval){ 0, 0, 0 };
	for (r = 0; r < RESAMPLES; r++) {
		double rb = resampled_median(b, nb, &s);
		double ra = resampled_median(a, na, &s);

		est[r] = ratio ? (rb ? ra / rb : 0) : ra - rb;
	}
	return percentiles(ratio ? ma / mb : ma - mb, est, RESAMPLES);
}

struct interval diff_ci(const double *a, size_t na, const double *b, size_t nb,
			unsigned long seed)
{
	return two_sample_ci(a, na, b, nb, seed, false);
}

struct interval ratio_ci(const double *a, size_t na, const double *b, size_t nb,
			 unsigned long seed)
{
	return two_sample_ci(a, na, b, nb, seed, true);
}
