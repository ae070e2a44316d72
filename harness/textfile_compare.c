// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "textfile_compare.h"

/* Does the series line @line (name{labels} value) have each label? */
static bool has_labels(const char *line, const char *end, const char *const *labels)
{
	for (; labels && *labels; labels++) {
		const char *p = line;
		bool found = false;

		/* A label is preceded by "{" or "," in the line. */
		while ((p = strstr(p, *labels)) && p < end) {
			if ((p[-1] == '{' || p[-1] == ',') &&
			    (p[strlen(*labels)] == ',' || p[strlen(*labels)] == '}')) {
				found = true;
				break;
			}
			p++;
		}
		if (!found)
			return false;
	}
	return true;
}

/* The next series line of @name from @p, or NULL; its end in @end. */
static const char *next_series(const char *p, const char *name, const char **end)
{
	size_t len = strlen(name);

	for (; p && *p; p = *end ? *end + 1 : NULL) {
		*end = strchr(p, '\n');
		if (!*end)
			*end = p + strlen(p);
		if (!strncmp(p, name, len) && (p[len] == '{' || p[len] == ' '))
			return p;
		if (!**end)
			break;
	}
	return NULL;
}

int scrape_value(const char *scrape, const char *name, const char *const *labels,
		 double *value)
{
	const char *line, *end, *p = scrape;

	while ((line = next_series(p, name, &end))) {
		const char *v = memrchr(line, ' ', end - line);

		if (has_labels(line, end, labels) && v) {
			*value = strtod(v + 1, NULL);
			return 0;
		}
		p = *end ? end + 1 : end;
	}
	return -1;
}

int scrape_series(const char *scrape, const char *name)
{
	const char *end, *p = scrape;
	int n = 0;

	while (next_series(p, name, &end)) {
		n++;
		p = *end ? end + 1 : end;
	}
	return n;
}

/* A number of the JSON, or -1 if it is missing (no series has that value). */
static double num(json_object *o, const char *key)
{
	return json_num_or(o, key, -1);
}

/* One series against the value JSON has for it; 1 if they differ. */
static int expect(FILE *out, const char *scrape, const char *name,
		  const char *const *labels, double want)
{
	char all[256] = "";
	size_t i;
	double got;

	for (i = 0; labels[i]; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
			 i ? "," : "", labels[i]);
	if (scrape_value(scrape, name, labels, &got)) {
		fprintf(out, "# %s{%s} is not in the scrape (want %.0f)\n", name, all,
			want);
		return 1;
	}
	if (got != want) {
		fprintf(out, "# %s{%s}: scraped %.0f, kvmexits -J said %.0f\n", name,
			all, got, want);
		return 1;
	}
	return 0;
}

int textfile_compare(const char *scrape, struct json_object *interval,
		     int drift_pid, FILE *out)
{
	struct json_object *types, *vms, *lost;
	char vendor[32], reason[64], vm[64], kind[64];
	const char *labels[4];
	int bad = 0, vm_series = 0;
	size_t i, j;

	if (!json_object_object_get_ex(interval, "types", &types) ||
	    !json_object_object_get_ex(interval, "lost", &lost) ||
	    !json_object_object_get_ex(interval, "vms", &vms)) {
		fprintf(out, "# the JSON has no types, lost or vms (was it kvmexits -J -V?)\n");
		return 1;
	}
	labels[0] = vendor;
	labels[1] = reason;
	labels[2] = NULL;
	for (i = 0; i < json_object_array_length(types); i++) {
		struct json_object *t = json_object_array_get_idx(types, i);

		snprintf(vendor, sizeof(vendor), "vendor=\"%s\"", json_str(t, "isa"));
		snprintf(reason, sizeof(reason), "reason=\"%s\"", json_str(t, "name"));
		bad += expect(out, scrape, "kvmexits_exits_total", labels, num(t, "exits"));
		bad += expect(out, scrape, "kvmexits_exit_to_entry_seconds_count", labels,
			      num(t, "timed"));
	}
	if (scrape_series(scrape, "kvmexits_exits_total") !=
	    (int)json_object_array_length(types)) {
		fprintf(out, "# %d series of kvmexits_exits_total, %zu types in the JSON\n",
			scrape_series(scrape, "kvmexits_exits_total"),
			json_object_array_length(types));
		bad++;
	}
	labels[0] = kind;
	labels[1] = NULL;
	json_object_object_foreach(lost, name, value) {
		snprintf(kind, sizeof(kind), "kind=\"%s\"", name);
		bad += expect(out, scrape, "kvmexits_lost_total", labels,
			      json_object_get_double(value));
	}
	labels[0] = vm;
	labels[1] = vendor;
	labels[2] = reason;
	labels[3] = NULL;
	for (i = 0; i < json_object_array_length(vms); i++) {
		struct json_object *v = json_object_array_get_idx(vms, i), *vtypes;

		const char *vm_only[] = { vm, NULL };
		struct json_object *gone;

		snprintf(vm, sizeof(vm), "vm=\"%s\"", json_str(v, "vm"));
		/* A VM gone by the end of the interval has ended its series. */
		if (json_object_object_get_ex(v, "gone", &gone) &&
		    json_object_get_boolean(gone))
			continue;
		bad += expect(out, scrape, "kvmexits_vm_info", vm_only, 1);
		if (!json_object_object_get_ex(v, "types", &vtypes))
			continue;
		for (j = 0; j < json_object_array_length(vtypes); j++) {
			struct json_object *t = json_object_array_get_idx(vtypes, j);

			snprintf(vendor, sizeof(vendor), "vendor=\"%s\"", json_str(t, "isa"));
			snprintf(reason, sizeof(reason), "reason=\"%s\"", json_str(t, "name"));
			bad += expect(out, scrape, "kvmexits_vm_exits_total", labels,
				      num(t, "exits"));
			vm_series++;
		}
		if (drift_pid && num(v, "pid") == drift_pid)
			bad += expect(out, scrape, "kvmexits_vm_drift_exits", vm_only, 0);
	}
	if (scrape_series(scrape, "kvmexits_vm_exits_total") != vm_series) {
		fprintf(out, "# %d series of kvmexits_vm_exits_total, %d (VM, type) "
			"counts of live VMs in the JSON\n",
			scrape_series(scrape, "kvmexits_vm_exits_total"), vm_series);
		bad++;
	}
	return bad;
}

/* The element of array @arr whose @k1 and @k2 equal @item's, or NULL. */
static struct json_object *find_like(struct json_object *arr, struct json_object *item,
				     const char *k1, const char *k2)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);

		if (!strcmp(json_str(e, k1), json_str(item, k1)) &&
		    (!k2 || !strcmp(json_str(e, k2), json_str(item, k2))))
			return e;
	}
	return NULL;
}

/* @into.@key += @from.@key, for counts. */
static void add_count(struct json_object *into, struct json_object *from, const char *key)
{
	struct json_object *a, *b;

	if (json_object_object_get_ex(into, key, &a) &&
	    json_object_object_get_ex(from, key, &b))
		json_object_set_int64(a, json_object_get_int64(a) + json_object_get_int64(b));
}

static struct json_object *copy(struct json_object *o)
{
	struct json_object *c = NULL;

	return json_object_deep_copy(o, &c, NULL) ? NULL : c;
}

/* Add the types of @from into the array @into, by vendor and name. */
static void add_types(struct json_object *into, struct json_object *from)
{
	size_t i;

	for (i = 0; i < json_object_array_length(from); i++) {
		struct json_object *t = json_object_array_get_idx(from, i);
		struct json_object *have = find_like(into, t, "isa", "name");

		if (!have) {
			json_object_array_add(into, copy(t));
			continue;
		}
		add_count(have, t, "exits");
		add_count(have, t, "timed");
	}
}

struct json_object *textfile_sum_intervals(struct json_object *const *intervals,
					   size_t n)
{
	struct json_object *sum, *types, *vms, *lost;
	size_t i, j;

	if (!n)
		return NULL;
	/* A copy of the first, and the others added into it. */
	sum = copy(intervals[0]);
	if (!sum)
		return NULL;
	if (!json_object_object_get_ex(sum, "types", &types) ||
	    !json_object_object_get_ex(sum, "lost", &lost) ||
	    !json_object_object_get_ex(sum, "vms", &vms))
		return sum;
	for (i = 1; i < n; i++) {
		struct json_object *t, *l, *v;

		if (json_object_object_get_ex(intervals[i], "types", &t))
			add_types(types, t);
		if (json_object_object_get_ex(intervals[i], "lost", &l)) {
			json_object_object_foreach(l, kind, value) {
				(void)value;
				add_count(lost, l, kind);
			}
		}
		if (!json_object_object_get_ex(intervals[i], "vms", &v))
			continue;
		for (j = 0; j < json_object_array_length(v); j++) {
			struct json_object *vm = json_object_array_get_idx(v, j);
			struct json_object *have = find_like(vms, vm, "vm", NULL);
			struct json_object *a, *b;

			if (!have) {
				json_object_array_add(vms, copy(vm));
				continue;
			}
			add_count(have, vm, "exits");
			/* Whether it is gone: as the last interval it had exits in says. */
			if (json_object_object_get_ex(vm, "gone", &b))
				json_object_object_add(have, "gone", json_object_get(b));
			if (json_object_object_get_ex(have, "types", &a) &&
			    json_object_object_get_ex(vm, "types", &b))
				add_types(a, b);
		}
	}
	return sum;
}
