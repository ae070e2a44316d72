// SPDX-License-Identifier: GPL-2.0
/* validate's raw data of one measurement, as the report reads it. */
#include <stdio.h>

#include "validate.h"

void validate_json(FILE *json, const struct measurement *m, bool ok, bool first)
{
	int v, i;
	size_t s, t;

	fprintf(json, "%s\n  {\"workload\": \"%s\", \"mode\": \"%s\", \"scope\": \"%s\", "
		"\"n\": %u, \"vms\": %d, \"vcpus\": %d, \"tries\": %d, \"ok\": %s,\n"
		"   \"types\": [", first ? "" : ",", m->w->name, m->cfg.mode, m->cfg.scope,
		m->n, m->vms, m->vcpus, m->tries, ok ? "true" : "false");
	for (i = 0; i < m->k; i++)
		fprintf(json, "%s%u", i ? ", " : "", m->types[i]);
	fprintf(json, "],\n   \"leaves\": [");
	for (v = 0; v < m->vms; v++) {
		fprintf(json, "%s{\"before\": [", v ? ", " : "");
		for (i = 0; i <= m->k; i++)
			fprintf(json, "%s%u", i ? ", " : "", m->snap0[v][i]);
		fprintf(json, "], \"after\": [");
		for (i = 0; i <= m->k; i++)
			fprintf(json, "%s%u", i ? ", " : "", m->snap1[v][i]);
		fprintf(json, "]}");
	}
	fprintf(json, "],\n   \"stats\": [");
	for (v = 0; v < m->vms; v++) {
		fprintf(json, "%s{", v ? ", " : "");
		for (s = 0; s < NR_STATS; s++)
			fprintf(json, "%s\"%s\": [%llu, %llu]", s ? ", " : "",
				stat_names[s], (unsigned long long)m->stats0[v][s],
				(unsigned long long)m->stats1[v][s]);
		fprintf(json, "}");
	}
	fprintf(json, "],\n   \"bytype\": [");
	for (v = 0; v < m->vms; v++) {
		fprintf(json, "%s{\"before\": [", v ? ", " : "");
		for (i = 0; i <= m->k; i++)
			fprintf(json, "%s%llu", i ? ", " : "",
				(unsigned long long)m->bytype0[v][i]);
		fprintf(json, "], \"after\": [");
		for (i = 0; i <= m->k; i++)
			fprintf(json, "%s%llu", i ? ", " : "",
				(unsigned long long)m->bytype1[v][i]);
		fprintf(json, "]}");
	}
	fprintf(json, "],\n   \"bpf\": [");
	for (t = 0; t < m->bpf_delta.n; t++) {
		const struct exit_stat *st = &m->bpf_delta.e[t].stat;

		fprintf(json, "%s{\"type\": %u, \"exits\": %llu, \"handled\": %llu, "
			"\"timed\": %llu, \"time_ns\": %llu}", t ? ", " : "",
			m->bpf_delta.e[t].key.reason, (unsigned long long)st->exits,
			(unsigned long long)st->handled, (unsigned long long)st->entries,
			(unsigned long long)st->time_ns);
	}
	fprintf(json, "]");
	if (m->with_perf) {
		fprintf(json, ",\n   \"perf\": {\"total\": %llu, \"types\": [",
			(unsigned long long)m->perf_total);
		for (i = 0; i < m->k; i++)
			fprintf(json, "%s%llu", i ? ", " : "",
				(unsigned long long)m->perf[i]);
		fprintf(json, "]}");
	}
	fprintf(json, "}");
}

