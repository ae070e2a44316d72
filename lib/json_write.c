// SPDX-License-Identifier: GPL-2.0
#include "json_write.h"

int json_write(FILE *f, json_object *o)
{
	const char *text = json_object_to_json_string_ext(o,
		JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!text || fputs(text, f) == EOF || fputc('\n', f) == EOF)
		return -1;
	return 0;
}

json_object *json_uints(const void *v, size_t n, size_t size)
{
	json_object *a = json_object_new_array_ext(n);
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_uint64(size == 4 ?
			((const uint32_t *)v)[i] : ((const uint64_t *)v)[i]));
	return a;
}

json_object *json_fixed(double v, int decimals)
{
	char text[64];

	snprintf(text, sizeof(text), "%.*f", decimals, v);
	return json_object_new_double_s(v, text);
}

json_object *json_tenths_array(const double *v, size_t n)
{
	json_object *a = json_object_new_array_ext(n);
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_fixed(v[i], 1));
	return a;
}

void json_set(json_object *o, const char *key, json_object *value)
{
	json_object_object_add(o, key, value);
}
