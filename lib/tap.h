/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest's TAP, for every test program of the project: "TAP version
 * 13", numbered results, skips, and at the end the plan, kselftest's
 * totals line and the "N passed, N failed" line that make test adds up.
 * Details go on "#" lines around a result.  One struct tap per stream.
 */
#ifndef LIB_TAP_H
#define LIB_TAP_H

#include <stdbool.h>

#include <stdio.h>

struct tap {
	FILE *out;		/* NULL: stdout */
	int results, passed, failed, skipped;
	bool started;
};

void tap_result(struct tap *t, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A test that did not run, and why: neither passed nor failed. */
void tap_skip(struct tap *t, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The plan, the totals and the closing count; 0 if none failed, else 1. */
int tap_finish(struct tap *t);

#endif
