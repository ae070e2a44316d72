// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "summary.h"
#include "unit.h"

static void test_median(void)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };

	CHECK(median(odd, 3) == 3, "odd");
	CHECK(median(even, 4) == 2.5, "even");
	CHECK(median(one, 1) == 7, "one");
	CHECK(odd[0] == 5, "the input is not reordered");
}

static void test_median_ci(void)
{
	double x[40];
	struct interval a, b;
	int i;

	for (i = 0; i < 40; i++)
		x[i] = 100 + i % 10;	/* 100..109 four times: median 104.5 */
	a = median_ci(x, 40, 7);
	b = median_ci(x, 40, 7);
	CHECK(a.mid == 104.5, "median %f", a.mid);
	CHECK(a.lo <= a.mid && a.mid <= a.hi, "[%f, %f]", a.lo, a.hi);
	CHECK(a.lo >= 100 && a.hi <= 109, "inside the data: [%f, %f]", a.lo, a.hi);
	CHECK(a.lo == b.lo && a.hi == b.hi, "same seed, same interval");
	for (i = 0; i < 40; i++)
		x[i] = 50;
	a = median_ci(x, 40, 1);
	CHECK(a.lo == 50 && a.hi == 50, "no spread, no width");
}

static void test_ratio_ci(void)
{
	double slow[30], fast[30];
	struct interval r;
	int i;

	for (i = 0; i < 30; i++) {
		fast[i] = 1000 + (i % 5);
		slow[i] = 1500 + (i % 5);
	}
	r = ratio_ci(slow, 30, fast, 30, 3);
	CHECK(fabs(r.mid - 1502.0 / 1002.0) < 1e-9, "ratio %f", r.mid);
	CHECK(r.lo > 1.45 && r.hi < 1.55 && r.lo <= r.mid && r.mid <= r.hi,
	      "[%f, %f]", r.lo, r.hi);
	r = diff_ci(slow, 30, fast, 30, 3);
	CHECK(r.mid == 500, "difference %f", r.mid);
	CHECK(r.lo >= 496 && r.hi <= 504 && r.lo <= r.mid && r.mid <= r.hi,
	      "[%f, %f]", r.lo, r.hi);
}

static void test_outliers(void)
{
	double x[] = { 10, 11, 12, 11, 10, 12, 11, 95 }, y[] = { 1, 2, 3, 4, 5 };

	CHECK(count_outliers(x, 8) == 1, "one far sample: %zu", count_outliers(x, 8));
	CHECK(count_outliers(y, 5) == 0, "an even spread has none");
	CHECK(count_outliers(x, 3) == 0, "too few samples to say");
}

UNIT_TESTS(summary_tests) = {
	{ "summary: median", test_median },
	{ "summary: bootstrap interval of a median", test_median_ci },
	{ "summary: bootstrap interval of a ratio", test_ratio_ci },
	{ "summary: outliers by Tukey's fences", test_outliers },
	UNIT_END
};
