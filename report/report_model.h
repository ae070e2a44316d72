/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result set's model of the counting modes' cost on the build host's
 * CPU: bench's exact instruction counts from the emulators combined with
 * primcost's measured cost of the primitives (report_model.c).
 */
#ifndef REPORT_MODEL_H
#define REPORT_MODEL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "summary.h"

#define MODEL_MODES 2

/* One vendor's bench: instructions its modes add per CPUID exit. */
struct model_input {
	char vendor[16];
	bool counts_instructions;	/* its engine's TSC counts instructions */
	bool has[MODEL_MODES];			/* bench has mode i and off */
	struct interval added[MODEL_MODES];	/* by model_mode(i) */
};

/* The name of the mode model_input.added[@i] is for; NULL past the last. */
const char *model_mode(int i);

/*
 * Write the primitives' table and the model into @md and its rows into
 * @csv; 0, or -1 with a message on stderr.
 */
int report_model(FILE *md, FILE *csv, json_object *primcost,
		 const struct model_input *inputs, int nr_inputs);

#endif
