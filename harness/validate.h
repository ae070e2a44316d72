/* SPDX-License-Identifier: GPL-2.0 */
/*
 * validate's measurement: what one window read from every source, with
 * what ran; and what is done with it afterwards, as pure functions of it:
 * the comparison of the sources (validate_compare.c, which the unit tests
 * run on made-up measurements) and its JSON (validate_json.c).
 */
#ifndef HARNESS_VALIDATE_H
#define HARNESS_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "exits_lib.h"
#include "exit_types.h"
#include "workloads.h"

#define MAX_VMS		8
#define MAX_VCPUS	8
#define MAX_TYPES	64

/* KVM statistics compared with exit types, where the kind is one type. */
#define NR_STATS	6
extern const char *const stat_names[NR_STATS];

struct config {
	const char *mode, *scope;
};

/* One measurement's raw data, as it goes to the JSON. */
struct measurement {
	enum cpu_vendor vendor;
	const struct workload *w;
	struct config cfg;
	uint32_t n;			/* iterations */
	int vms, vcpus;
	bool with_perf;			/* perf stat counted too */
	int tries;
	int k;				/* types swept */
	uint32_t types[MAX_TYPES];
	uint32_t snap0[MAX_VMS][MAX_TYPES + 1];	/* [0]: the total */
	uint32_t snap1[MAX_VMS][MAX_TYPES + 1];
	uint64_t stats0[MAX_VMS][NR_STATS], stats1[MAX_VMS][NR_STATS];
	/* exit_type_count: [0] all slots, then each swept type's. */
	uint64_t bytype0[MAX_VMS][MAX_TYPES + 1], bytype1[MAX_VMS][MAX_TYPES + 1];
	struct exits_snapshot bpf0, bpf1, bpf_delta;
	uint64_t perf_total, perf[MAX_TYPES];	/* with perf */
};

/* The exit type KVM's statistic @name counts, or UINT32_MAX if several. */
uint32_t type_of_stat(enum cpu_vendor vendor, const char *name);
/*
 * Compare the sources per type, printing them side by side to @table (NULL:
 * no table); returns whether all agree.
 */
bool validate_compare(const struct measurement *m, FILE *table);
/* @m as one element of the JSON's "measurements" array. */
json_object *validate_json(const struct measurement *m, bool ok);
/*
 * An element of that array read back into @m, for @vendor; 0, or -1 if it
 * is not one (an unknown workload, a count missing).  @m points into @o.
 */
int validate_from_json(json_object *o, enum cpu_vendor vendor, struct measurement *m);

#endif
