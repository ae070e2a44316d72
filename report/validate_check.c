// SPDX-License-Identifier: GPL-2.0
/*
 * validate_check: on the build host, compare the sources again from the
 * raw counts validate wrote in the nested host (validate -o FILE), with the
 * same pure comparison (harness/validate_compare.c).  Each measurement's
 * verdict here must be "agree", and the same as the one validate printed
 * there: the nested host measures, the build host judges.
 * usage: validate_check FILE...
 */
#include <stdio.h>
#include <string.h>

#include "validate.h"
#include "json_read.h"
#include "tap.h"

static void check_file(struct tap *t, const char *path)
{
	json_object *root = json_object_from_file(path), *all = NULL;
	enum cpu_vendor vendor;
	size_t i, n = json_array(root, "measurements", &all);

	if (!root || vendor_parse(json_str(root, "vendor"), &vendor) || !n) {
		tap_result(t, false, "%s: validate's measurements (%s)", path,
			   root ? "no vendor or no measurement" : json_util_get_last_err());
		json_object_put(root);
		return;
	}
	for (i = 0; i < n; i++) {
		static struct measurement m;
		json_object *o = json_object_array_get_idx(all, i);
		bool there = json_object_get_boolean(json_get(o, "ok")), here;

		if (validate_from_json(o, vendor, &m)) {
			tap_result(t, false, "%s: measurement %zu reads back", path, i);
			continue;
		}
		/* The table only where the build host does not agree. */
		here = validate_compare(&m, NULL);
		if (!here)
			validate_compare(&m, stdout);
		tap_result(t, here && there, "%s %s %s/%s: the build host's comparison agrees, "
			   "as the nested host's did (here: %s, there: %s)", vendor_name(vendor),
			   m.w->name, m.cfg.mode, m.cfg.scope, here ? "agree" : "differ",
			   there ? "agree" : "differ");
	}
	json_object_put(root);
}

int main(int argc, char **argv)
{
	struct tap t = {};
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: validate_check FILE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		check_file(&t, argv[i]);
	return tap_finish(&t);
}
