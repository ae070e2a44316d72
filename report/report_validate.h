/* SPDX-License-Identifier: GPL-2.0 */
/*
 * validate.json's verdicts, read once into what the report's table and its
 * matrix plot both use.
 */
#ifndef REPORT_VALIDATE_H
#define REPORT_VALIDATE_H

#include <json-c/json.h>
#include <stdbool.h>

#define VALIDATE_MAX_ROWS	256

/* One measurement: a workload under one mode and scope. */
struct validate_row {
	char workload[32];
	char mode[16];
	char scope[16];
	int tries;
	bool ok;		/* the nested host's verdict: the sources agree */
	bool witnessed;		/* perf stat was one of the sources */
};

struct validate_verdicts {
	int n;
	struct validate_row r[VALIDATE_MAX_ROWS];
};

/* Read @root's measurements into @v; 0, or -1 with a message on stderr. */
int validate_read(json_object *root, struct validate_verdicts *v);

#endif
