// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "json_read.h"
#include "report_validate.h"

int validate_read(json_object *root, struct validate_verdicts *v)
{
	json_object *ms;
	size_t i, n = json_array(root, "measurements", &ms);

	memset(v, 0, sizeof(*v));
	if (!n) {
		fprintf(stderr, "report: validate file without measurements\n");
		return -1;
	}
	if (n > VALIDATE_MAX_ROWS) {
		fprintf(stderr, "report: validate file with %zu measurements, more than %d\n",
			n, VALIDATE_MAX_ROWS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(ms, i);
		struct validate_row *r = &v->r[v->n++];

		snprintf(r->workload, sizeof(r->workload), "%s", json_str(m, "workload"));
		snprintf(r->mode, sizeof(r->mode), "%s", json_str(m, "mode"));
		snprintf(r->scope, sizeof(r->scope), "%s", json_str(m, "scope"));
		r->tries = json_object_get_int(json_get(m, "tries"));
		r->ok = json_object_get_boolean(json_get(m, "ok"));
		r->witnessed = json_get(m, "perf") != NULL;
	}
	return 0;
}
