// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "json_read.h"
#include "report_bench.h"

int name_find(const char (*names)[32], int n, const char *name)
{
	int i;

	for (i = 0; i < n && strcmp(names[i], name); i++)
		;
	return i < n ? i : -1;
}

int name_index(char (*names)[32], int *n, int max, const char *name)
{
	int i = name_find((const char (*)[32])names, *n, name);

	if (i >= 0)
		return i;
	if (*n == max)
		return -1;
	snprintf(names[*n], sizeof(names[*n]), "%s", name);
	return (*n)++;
}

/* Copy a sample array into @to; returns how many. */
static int samples(json_object *x, double *to)
{
	size_t j;

	for (j = 0; j < json_object_array_length(x) && j < BENCH_MAX_SAMPLES; j++)
		to[j] = json_object_get_double(json_object_array_get_idx(x, j));
	return j;
}

/* The index of vCPU count @vcpus in @sc, added if new; -1 if full. */
static int vcpus_index(struct bench_scaling *sc, int vcpus)
{
	int v;

	for (v = 0; v < sc->nv && sc->vcpus[v] != vcpus; v++)
		;
	if (v == sc->nv) {
		if (sc->nv == BENCH_MAX_NAMES)
			return -1;
		sc->vcpus[sc->nv++] = vcpus;
	}
	return v;
}

int bench_read(json_object *root, struct bench_table *t, struct bench_scaling *sc)
{
	json_object *all = json_get(root, "samples");
	size_t i, n;

	if (!all || !json_object_is_type(all, json_type_array)) {
		fprintf(stderr, "report: bench file without samples\n");
		return -1;
	}
	n = json_object_array_length(all);
	/* The scaling's workload: the one with rows of several vCPUs. */
	for (i = 0; sc && i < n && !sc->workload[0]; i++) {
		json_object *e = json_object_array_get_idx(all, i);

		if (json_num(e, "vcpus") > 1)
			snprintf(sc->workload, sizeof(sc->workload), "%s",
				 json_str(e, "workload"));
	}
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(all, i);
		json_object *x = json_get(e, "cycles_per_exit");
		int vcpus = json_object_get_int(json_get(e, "vcpus")), w, c, v;

		if (!x)
			continue;
		if (sc && sc->workload[0] && !strcmp(json_str(e, "workload"), sc->workload)) {
			v = vcpus_index(sc, vcpus);
			c = name_index(sc->configs, &sc->nc, BENCH_MAX_NAMES,
				       json_str(e, "config"));
			if (v >= 0 && c >= 0)
				sc->n[v][c] = samples(x, sc->s[v][c]);
		}
		if (vcpus != 1)
			continue;
		w = name_index(t->workloads, &t->nw, BENCH_MAX_NAMES, json_str(e, "workload"));
		c = name_index(t->configs, &t->nc, BENCH_MAX_NAMES, json_str(e, "config"));
		if (w < 0 || c < 0)
			return -1;
		if (!t->n[w][c])
			t->n[w][c] = samples(x, t->s[w][c]);
	}
	return 0;
}

int bench_read_costs(json_object *root, struct bench_costs *c)
{
	json_object *rc = json_get(root, "read_cost"), *mem = json_get(root, "memory");
	size_t i;

	memset(c, 0, sizeof(*c));
	if (mem) {
		c->has_memory = true;
		c->vcpu_bytes = json_num(mem, "vcpu_bytes");
		c->vm_bytes = json_num(mem, "vm_bytes");
	}
	if (!rc || !json_object_is_type(rc, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(rc); i++) {
		json_object *e = json_object_array_get_idx(rc, i);
		json_object *x = json_get(e, "cycles_per_read");
		struct bench_read_cost *r = &c->r[c->nr];

		if (c->nr == BENCH_MAX_READ_COSTS) {
			fprintf(stderr, "report: more than %d read costs\n",
				BENCH_MAX_READ_COSTS);
			return -1;
		}
		r->vms = json_object_get_int(json_get(e, "vms"));
		r->vcpus = json_object_get_int(json_get(e, "vcpus"));
		snprintf(r->scope, sizeof(r->scope), "%s", json_str(e, "scope"));
		snprintf(r->leaf, sizeof(r->leaf), "%s", json_str(e, "leaf"));
		r->n = x ? samples(x, r->s) : 0;
		c->nr++;
	}
	return 0;
}
