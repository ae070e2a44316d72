// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "tap.h"

static int failures_in_test;

void check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	failures_in_test++;
	printf("#   ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int run_tests(const struct test_case *tests, int ntests, const char *prefix,
	      int argc, char **argv)
{
	struct tap t = {};
	int i;

	for (i = 0; i < ntests; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name))
			continue;
		failures_in_test = 0;
		tests[i].fn();
		tap_result(&t, !failures_in_test, "%s %s", prefix, tests[i].name);
	}
	return tap_finish(&t);
}
