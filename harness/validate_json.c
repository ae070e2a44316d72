// SPDX-License-Identifier: GPL-2.0
/*
 * validate's raw data of one measurement: written in the nested host, read
 * back on the build host, which compares the sources again from it.
 */
#include <string.h>

#include "json_read.h"
#include "json_write.h"
#include "validate.h"

/* Per VM, the counts before and after: {"before": [...], "after": [...]}. */
static json_object *before_after(json_object *before, json_object *after)
{
	json_object *o = json_object_new_object();

	json_set(o, "before", before);
	json_set(o, "after", after);
	return o;
}

json_object *validate_json(const struct measurement *m, bool ok)
{
	json_object *o = json_object_new_object();
	json_object *leaves = json_object_new_array(), *stats = json_object_new_array();
	json_object *bytype = json_object_new_array(), *bpf = json_object_new_array();
	int v;
	size_t s, t;

	json_set(o, "workload", json_object_new_string(m->w->name));
	json_set(o, "mode", json_object_new_string(m->cfg.mode));
	json_set(o, "scope", json_object_new_string(m->cfg.scope));
	json_set(o, "n", json_object_new_uint64(m->n));
	json_set(o, "vms", json_object_new_int(m->vms));
	json_set(o, "vcpus", json_object_new_int(m->vcpus));
	json_set(o, "tries", json_object_new_int(m->tries));
	json_set(o, "ok", json_object_new_boolean(ok));
	json_set(o, "types", json_u32_array(m->types, m->k));
	for (v = 0; v < m->vms; v++) {
		json_object *st = json_object_new_object();

		json_object_array_add(leaves, before_after(json_u32_array(m->snap0[v], m->k + 1),
							   json_u32_array(m->snap1[v], m->k + 1)));
		for (s = 0; s < NR_STATS; s++) {
			uint64_t pair[2] = { m->stats0[v][s], m->stats1[v][s] };

			json_set(st, stat_names[s], json_u64_array(pair, 2));
		}
		json_object_array_add(stats, st);
		json_object_array_add(bytype,
				      before_after(json_u64_array(m->bytype0[v], m->k + 1),
						   json_u64_array(m->bytype1[v], m->k + 1)));
	}
	json_set(o, "leaves", leaves);
	json_set(o, "stats", stats);
	json_set(o, "bytype", bytype);
	for (t = 0; t < m->bpf_delta.n; t++) {
		const struct exit_stat *st = &m->bpf_delta.e[t].stat;
		json_object *e = json_object_new_object();

		json_set(e, "type", json_object_new_uint64(m->bpf_delta.e[t].key.reason));
		json_set(e, "flags", json_object_new_uint64(m->bpf_delta.e[t].key.flags));
		json_set(e, "exits", json_object_new_uint64(st->exits));
		json_set(e, "handled", json_object_new_uint64(st->handled));
		json_set(e, "fastpath_handled", json_object_new_uint64(st->fastpath_handled));
		json_set(e, "fastpath_userspace",
			 json_object_new_uint64(st->fastpath_userspace));
		json_set(e, "timed", json_object_new_uint64(st->entries));
		json_set(e, "time_ns", json_object_new_uint64(st->time_ns));
		json_object_array_add(bpf, e);
	}
	json_set(o, "bpf", bpf);
	if (m->with_perf) {
		json_object *perf = json_object_new_object();

		json_set(perf, "total", json_object_new_uint64(m->perf_total));
		json_set(perf, "types", json_u64_array(m->perf, m->k));
		json_set(o, "perf", perf);
	}
	return o;
}

/* @n unsigned integers of @a into @to (4 or 8 bytes each); -1 if fewer. */
static int read_uints(json_object *a, void *to, size_t n, size_t size)
{
	size_t i;

	if (!a || json_object_array_length(a) < n)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t v = json_object_get_uint64(json_object_array_get_idx(a, i));

		if (size == 4)
			((uint32_t *)to)[i] = v;
		else
			((uint64_t *)to)[i] = v;
	}
	return 0;
}

static int read_before_after(json_object *o, void *before, void *after, size_t n,
			     size_t size)
{
	return read_uints(json_get(o, "before"), before, n, size) ||
	       read_uints(json_get(o, "after"), after, n, size) ? -1 : 0;
}

static int read_bpf(json_object *all, enum cpu_vendor vendor, struct exits_snapshot *d)
{
	size_t t, n = all ? json_object_array_length(all) : 0;

	if (n > EXITS_MAX_TYPES)
		return -1;
	memset(d, 0, sizeof(*d));
	for (t = 0; t < n; t++) {
		json_object *e = json_object_array_get_idx(all, t);
		struct exits_entry *x = &d->e[d->n++];

		x->key.isa = vendor == VENDOR_INTEL ? EXITS_ISA_VMX : EXITS_ISA_SVM;
		x->key.reason = json_object_get_uint64(json_get(e, "type"));
		x->key.flags = json_object_get_uint64(json_get(e, "flags"));
		x->stat.exits = json_object_get_uint64(json_get(e, "exits"));
		x->stat.handled = json_object_get_uint64(json_get(e, "handled"));
		x->stat.fastpath_handled =
			json_object_get_uint64(json_get(e, "fastpath_handled"));
		x->stat.fastpath_userspace =
			json_object_get_uint64(json_get(e, "fastpath_userspace"));
		x->stat.entries = json_object_get_uint64(json_get(e, "timed"));
		x->stat.time_ns = json_object_get_uint64(json_get(e, "time_ns"));
	}
	return 0;
}

int validate_from_json(json_object *o, enum cpu_vendor vendor, struct measurement *m)
{
	json_object *types = json_get(o, "types"), *perf = json_get(o, "perf");
	int v;
	size_t s;

	memset(m, 0, sizeof(*m));
	m->vendor = vendor;
	m->w = workload_find(json_str(o, "workload"));
	m->cfg = (struct config){ json_str(o, "mode"), json_str(o, "scope") };
	m->n = json_object_get_uint64(json_get(o, "n"));
	m->vms = json_object_get_int(json_get(o, "vms"));
	m->vcpus = json_object_get_int(json_get(o, "vcpus"));
	m->tries = json_object_get_int(json_get(o, "tries"));
	m->with_perf = perf != NULL;
	m->k = types ? json_object_array_length(types) : 0;
	if (!m->w || !m->w->expect || m->vms < 1 || m->vms > MAX_VMS || m->k > MAX_TYPES ||
	    read_uints(types, m->types, m->k, 4))
		return -1;
	for (v = 0; v < m->vms; v++) {
		json_object *st = json_object_array_get_idx(json_get(o, "stats"), v);

		if (read_before_after(json_object_array_get_idx(json_get(o, "leaves"), v),
				      m->snap0[v], m->snap1[v], m->k + 1, 4) ||
		    read_before_after(json_object_array_get_idx(json_get(o, "bytype"), v),
				      m->bytype0[v], m->bytype1[v], m->k + 1, 8))
			return -1;
		for (s = 0; s < NR_STATS; s++) {
			uint64_t pair[2];

			if (read_uints(json_get(st, stat_names[s]), pair, 2, 8))
				return -1;
			m->stats0[v][s] = pair[0];
			m->stats1[v][s] = pair[1];
		}
	}
	if (perf && (read_uints(json_get(perf, "types"), m->perf, m->k, 8)))
		return -1;
	m->perf_total = json_object_get_uint64(json_get(perf, "total"));
	return read_bpf(json_get(o, "bpf"), vendor, &m->bpf_delta);
}
