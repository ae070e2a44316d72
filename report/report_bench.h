/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.json, read once into what the tables, the overhead plot, the model
 * and the scaling plot all use.
 */
#ifndef REPORT_BENCH_H
#define REPORT_BENCH_H

#include <json-c/json.h>
#include <stdbool.h>

#define BENCH_MAX_NAMES		16	/* workloads, configurations, vCPU counts */
#define BENCH_MAX_SAMPLES	64
#define BENCH_MAX_READ_COSTS	32

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

/* bench --read-cost: one setup's leaf reads, or the plain CPUID before them. */
struct bench_read_cost {
	int vms, vcpus;
	char scope[16];
	char leaf[16];		/* "cpuid": the plain exit the setup's leaves are against */
	int n;
	double s[BENCH_MAX_SAMPLES];	/* cycles per read */
};

/* What a leaf read costs, and the counters' memory, if bench measured them. */
struct bench_costs {
	bool has_memory;
	double vcpu_bytes, vm_bytes;
	int nr;
	struct bench_read_cost r[BENCH_MAX_READ_COSTS];
};

/*
 * Add @root's samples to @t, and with @sc (if not NULL) the scaling's; 0,
 * or -1 with a message on stderr.  bench writes each configuration's
 * samples first, then its scaling's, whose one-vCPU rows name the same
 * workload and configuration: the first row of a pair is the table's, the
 * last the scaling's.
 */
int bench_read(json_object *root, struct bench_table *t, struct bench_scaling *sc);
/* Read @root's read costs and memory into @c; 0, or -1 with a message. */
int bench_read_costs(json_object *root, struct bench_costs *c);

/* The index of @name among @n @names, or -1. */
int name_find(const char (*names)[32], int n, const char *name);
/* The index of @name in @names, added if new; -1 if @max are taken. */
int name_index(char (*names)[32], int *n, int max, const char *name);

#endif
