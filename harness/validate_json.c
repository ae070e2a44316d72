// SPDX-License-Identifier: GPL-2.0
/* validate's raw data of one measurement, as the report reads it. */
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
		json_set(e, "exits", json_object_new_uint64(st->exits));
		json_set(e, "handled", json_object_new_uint64(st->handled));
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
