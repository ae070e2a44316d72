// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "read_all.h"

#define CHUNK	65536

char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *more;
	size_t len = 0, n;
	int err;

	if (!f)
		return NULL;
	/* In chunks, not by the file's size: a pipe or /proc has none. */
	do {
		more = realloc(buf, len + CHUNK + 1);
		if (!more) {
			err = ENOMEM;
			goto fail;
		}
		buf = more;
		n = fread(buf + len, 1, CHUNK, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		err = EIO;
		goto fail;
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
fail:
	free(buf);
	fclose(f);
	errno = err;
	return NULL;
}

char *read_all_in(const char *dir, const char *name)
{
	char path[1024];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return read_all(path);
}
