/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.json, read once into what the tables, the overhead plot, the model
 * and the scaling plot all use.
 */
#ifndef REPORT_BENCH_H
#define REPORT_BENCH_H

#include <json-c/json.h>

#define BENCH_MAX_NAMES		16	/* workloads, configurations, vCPU counts */
#define BENCH_MAX_SAMPLES	64

/* One vendor's bench results: samples per (workload, config), 1 vCPU. */
struct bench_table {
	int nw, nc;
	char workloads[BENCH_MAX_NAMES][32];
	char configs[BENCH_MAX_NAMES][32];
	int n[BENCH_MAX_NAMES][BENCH_MAX_NAMES];
	double s[BENCH_MAX_NAMES][BENCH_MAX_NAMES][BENCH_MAX_SAMPLES];
};

/* bench -s: one workload's samples per vCPU count and mode. */
struct bench_scaling {
	char workload[32];	/* "" when bench ran no scaling */
	int nv, nc;
	int vcpus[BENCH_MAX_NAMES];
	char configs[BENCH_MAX_NAMES][32];
	int n[BENCH_MAX_NAMES][BENCH_MAX_NAMES];
	double s[BENCH_MAX_NAMES][BENCH_MAX_NAMES][BENCH_MAX_SAMPLES];
};

/*
 * Add @root's samples to @t, and with @sc (if not NULL) the scaling's; 0,
 * or -1 with a message on stderr.  bench writes each configuration's
 * samples first, then its scaling's, whose one-vCPU rows name the same
 * workload and configuration: the first row of a pair is the table's, the
 * last the scaling's.
 */
int bench_read(json_object *root, struct bench_table *t, struct bench_scaling *sc);

/* The index of @name in @names, added if new; -1 if @max are taken. */
int name_index(char (*names)[32], int *n, int max, const char *name);

#endif
