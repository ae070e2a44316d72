/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line helpers shared by the argp parsers of the tools. */
#ifndef LIB_CLI_H
#define LIB_CLI_H

#include <argp.h>

/*
 * @arg as a number in @lo..@hi (strtol, errno checked); otherwise stops
 * the program through argp_error(), naming @what.
 */
long cli_parse_num(const char *arg, const char *what, long lo, long hi,
		   struct argp_state *state);

#endif
