// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* program_invocation_short_name */
#include <errno.h>
#include <stdio.h>

#include "json_read.h"

json_object *json_load(const char *dir, const char *name)
{
	char path[1024];
	json_object *o;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o = json_object_from_file(path);
	if (!o)
		fprintf(stderr, "%s: cannot read %s: %s\n", program_invocation_short_name,
			path, json_util_get_last_err());
	return o;
}

json_object *json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o)
		json_object_object_get_ex(o, key, &v);
	return v;
}

const char *json_str(json_object *o, const char *key)
{
	json_object *v = json_get(o, key);

	return v ? json_object_get_string(v) : "";
}

double json_num(json_object *o, const char *key)
{
	return json_object_get_double(json_get(o, key));
}

double json_num_or(json_object *o, const char *key, double missing)
{
	json_object *v = json_get(o, key);

	return v ? json_object_get_double(v) : missing;
}

size_t json_array(json_object *o, const char *key, json_object **array)
{
	*array = json_get(o, key);
	if (!*array || !json_object_is_type(*array, json_type_array)) {
		*array = NULL;
		return 0;
	}
	return json_object_array_length(*array);
}
