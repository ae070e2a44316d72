// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static void start(struct tap *t)
{
	if (!t->out)
		t->out = stdout;
	if (!t->started)
		fprintf(t->out, "TAP version 13\n");
	t->started = true;
}

static void print_result(struct tap *t, const char *status, const char *fmt,
			 va_list ap)
{
	start(t);
	fprintf(t->out, "%s %d - ", status, ++t->results);
	vfprintf(t->out, fmt, ap);
}

void tap_result(struct tap *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_result(t, ok ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	fprintf(t->out, "\n");
	if (ok)
		t->passed++;
	else
		t->failed++;
}

void tap_skip(struct tap *t, const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_result(t, "ok", fmt, ap);
	va_end(ap);
	fprintf(t->out, " # SKIP %s\n", why);
	t->skipped++;
}

int tap_finish(struct tap *t)
{
	start(t);
	fprintf(t->out, "1..%d\n", t->results);
	fprintf(t->out, "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
		t->passed, t->failed, t->skipped);
	fprintf(t->out, "%d passed, %d failed\n", t->passed, t->failed);
	fflush(t->out);
	return t->failed ? 1 : 0;
}
