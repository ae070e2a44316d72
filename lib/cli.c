// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

long cli_parse_num(const char *arg, const char *what, long lo, long hi,
		   struct argp_state *state)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi)
		argp_error(state, "invalid %s: %s (%ld..%ld)", what, arg, lo, hi);
	return v;
}
