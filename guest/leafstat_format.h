/* SPDX-License-Identifier: GPL-2.0 */
/* leafstat's output: a table for people, CSV and JSON for programs. */
#ifndef GUEST_LEAFSTAT_FORMAT_H
#define GUEST_LEAFSTAT_FORMAT_H

#include <stdio.h>

#include "census.h"
#include "probe.h"
#include "rates.h"

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };

/* The totals and up to @top types with exits (all of them if @top is 0). */
int print_census(FILE *out, enum out_format fmt, const struct probe *p,
		 const struct census *c, size_t top);
void print_rates(FILE *out, enum out_format fmt, const struct interval_rate *r,
		 size_t n, const struct rate_spread *s);

#endif
