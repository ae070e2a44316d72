/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the project's JSON files: missing keys read as empty. */
#ifndef LIB_JSON_READ_H
#define LIB_JSON_READ_H

#include <json-c/json.h>
#include <stddef.h>

/* @dir/@name parsed, or NULL with a message on stderr. */
json_object *json_load(const char *dir, const char *name);
json_object *json_get(json_object *o, const char *key);
const char *json_str(json_object *o, const char *key);
double json_num(json_object *o, const char *key);
/* The number under @key, or @missing if there is none (when 0 is a value). */
double json_num_or(json_object *o, const char *key, double missing);
/* The array under @key, and its length (0 if there is none). */
size_t json_array(json_object *o, const char *key, json_object **array);

#endif
