/* SPDX-License-Identifier: GPL-2.0 */
/* A result file written whole or not at all: PATH.tmp, renamed on commit. */
#ifndef LIB_OUTFILE_H
#define LIB_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;
	char path[512];
	char tmp[520];
};

/* Open PATH.tmp for writing; exits with a message on failure. */
void outfile_open(struct outfile *o, const char *path);
/* Close it and rename it to PATH; exits with a message on failure. */
void outfile_commit(struct outfile *o);

#endif
