/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing the project's JSON files, the one way every program does:
 * json-c objects, written on one line with spaces after separators (what
 * comes back over a serial console stays as small as the data).
 */
#ifndef LIB_JSON_WRITE_H
#define LIB_JSON_WRITE_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* @o to @f, then a newline; 0, or -1 if the write failed.  Keeps @o. */
int json_write(FILE *f, json_object *o);
/* An array of @n unsigned integers of @size bytes each (4 or 8) from @v. */
json_object *json_uints(const void *v, size_t n, size_t size);
#define json_u32_array(v, n) json_uints((const uint32_t *)(v), n, sizeof(uint32_t))
#define json_u64_array(v, n) json_uints((const uint64_t *)(v), n, sizeof(uint64_t))
/* A measurement written with @decimals decimals, as the text tables have it. */
json_object *json_fixed(double v, int decimals);
/* Measurements, written with one decimal: [2464.0, 2491.3]. */
json_object *json_tenths_array(const double *v, size_t n);
/* Add @value to @o under @key (json-c's add, named for the call sites). */
void json_set(json_object *o, const char *key, json_object *value);

#endif
