// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "outfile.h"
#include "test_util.h"

void outfile_open(struct outfile *o, const char *path)
{
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", path);
	o->f = fopen(o->tmp, "w");
	TEST_ASSERT(o->f, "%s: %s", o->tmp, strerror(errno));
}

void outfile_commit(struct outfile *o)
{
	TEST_ASSERT(!fclose(o->f) && !rename(o->tmp, o->path),
		    "writing %s: %s", o->path, strerror(errno));
	o->f = NULL;
}
