// SPDX-License-Identifier: GPL-2.0
/*
 * The result set's model of what the counting modes cost on a real CPU:
 * the instructions a mode adds per exit, counted exactly by an emulator
 * whose TSC counts instructions, combined with what the primitives those
 * instructions include cost on the build host's own CPU (primcost).  A
 * model, not a measurement: the other instructions are priced at one to
 * four a cycle, and the primitives at their cost back to back.
 */
#include <string.h>

#include "json_read.h"
#include "report_model.h"

#define MAX_KINDS 160
#define MAX_SAMPLES 128

/* What the series does per exit, besides plain instructions (patch 0002). */
static const struct mode_ops {
	const char *mode;
	int rdtsc;		/* one more than KVM's own: the window's end */
	int adds;		/* count and cycles, to the vCPU's own counters */
	int atomics;		/* count and cycles, to the VM's counters */
} mode_ops[MODEL_MODES] = {
	{ "atomic", 1, 0, 2 },
	{ "vcpu", 1, 2, 0 },
};

struct prim_cost {
	char name[32];
	int threads;
	struct interval c;
};

static struct prim_cost prims[MAX_KINDS];
static int nr_prims;

static int load_prims(json_object *primcost)
{
	json_object *kinds;
	size_t i, j, n = json_array(primcost, "kinds", &kinds);

	nr_prims = 0;
	for (i = 0; i < n && nr_prims < MAX_KINDS; i++) {
		json_object *k = json_object_array_get_idx(kinds, i), *s;
		size_t ns = json_array(k, "samples", &s);
		double x[MAX_SAMPLES];
		struct prim_cost *p = &prims[nr_prims];

		for (j = 0; j < ns && j < MAX_SAMPLES; j++)
			x[j] = json_object_get_double(json_object_array_get_idx(s, j));
		if (!j)
			continue;
		snprintf(p->name, sizeof(p->name), "%s", json_str(k, "primitive"));
		p->threads = json_object_get_int(json_get(k, "threads"));
		p->c = median_ci(x, j, 4);
		nr_prims++;
	}
	return nr_prims ? 0 : -1;
}

static const struct prim_cost *prim(const char *name, int threads)
{
	int i;

	for (i = 0; i < nr_prims; i++)
		if (!strcmp(prims[i].name, name) && prims[i].threads == threads)
			return &prims[i];
	return NULL;
}

static void primitives_table(FILE *md, json_object *primcost)
{
	int i;

	fprintf(md, "\n### Primitives on the build host's CPU, TSC cycles per operation\n\n"
		"`primcost` on %s (%d CPUs), %d samples of %.0f operations back to back "
		"on one counter, interleaved; median [95%% interval]. Measured on the "
		"real CPU, not emulated. `add` is a plain add's latency through memory; "
		"`atomic_shared` has every CPU adding to one line nonstop, the worst "
		"case; `atomic_private` a line each.\n\n"
		"| primitive | CPUs at once | cycles |\n|---|---|---|\n",
		json_str(primcost, "cpu"), json_object_get_int(json_get(primcost, "cpus")),
		json_object_get_int(json_get(primcost, "repeats")), json_num(primcost, "ops"));
	for (i = 0; i < nr_prims; i++)
		fprintf(md, "| %s | %d | %.1f [%.1f, %.1f] |\n", prims[i].name,
			prims[i].threads, prims[i].c.mid, prims[i].c.lo, prims[i].c.hi);
}

/* Cycles of @n primitives of one kind: sum of a median and its bounds. */
static void add_ops(struct interval *sum, const struct prim_cost *p, int n)
{
	sum->mid += n * p->c.mid;
	sum->lo += n * p->c.lo;
	sum->hi += n * p->c.hi;
}

/* One row: @mode of @in on @cpus CPUs exiting at once. */
static int model_row(FILE *md, FILE *csv, const struct model_input *in,
		     const struct mode_ops *m, const struct interval *added, int cpus)
{
	const struct prim_cost *rdtsc = prim("rdtsc", 1), *op;
	struct interval ops = { 0, 0, 0 };
	int nops = m->rdtsc + m->adds + m->atomics;
	double other = added->mid - nops, low, high;

	if (m->atomics)
		op = cpus == 1 ? prim("atomic", 1) : prim("atomic_shared", cpus);
	else
		op = prim("add", 1);
	if (!rdtsc || !op)
		return -1;
	add_ops(&ops, rdtsc, m->rdtsc);
	add_ops(&ops, op, m->adds + m->atomics);
	if (other < 0)
		other = 0;
	/* Plain instructions at four a cycle, then at one a cycle. */
	low = ops.lo + other / 4;
	high = ops.hi + other;
	fprintf(md, "| %s | %s | %d | %+.0f [%+.0f, %+.0f] | %d rdtsc, %d %s | %.0f [%.0f, "
		"%.0f] | %.0f | %.0f to %.0f |\n", in->vendor, m->mode, cpus, added->mid,
		added->lo, added->hi, m->rdtsc, m->adds + m->atomics, op->name, ops.mid,
		ops.lo, ops.hi, other, low, high);
	fprintf(csv, "%s,%s,%d,%.0f,%.1f,%.1f,%.1f,%.0f,%.1f,%.1f\n", in->vendor,
		m->mode, cpus, added->mid, ops.mid, ops.lo, ops.hi, other, low, high);
	return 0;
}

int report_model(FILE *md, FILE *csv, json_object *primcost,
		 const struct model_input *inputs, int nr_inputs)
{
	int i, k, cpus;

	if (load_prims(primcost)) {
		fprintf(stderr, "report: primcost.json has no samples\n");
		return -1;
	}
	cpus = json_object_get_int(json_get(primcost, "cpus"));
	fprintf(md, "\n## Modelled cost on the build host's CPU\n");
	primitives_table(md, primcost);
	fprintf(md, "\n### Cycles each mode adds per exit: a model\n\n"
		"The instructions a mode adds per CPUID exit are counted by an engine "
		"whose TSC counts instructions (bench, median difference against `off`, "
		"with its 95%% interval: exact where the interval is one number). Of "
		"them, the primitives are priced as measured above: the series adds one "
		"RDTSC to a CPUID exit, KVM's own read after the exit doubling as the "
		"window's start (a fastpath exit that re-enters at once reads twice), "
		"and two adds, to the vCPU's counters in mode vcpu, locked to the VM's "
		"in mode atomic, priced as contended nonstop when several vCPUs exit "
		"at once (the worst case). The other instructions are priced at four "
		"to one a cycle. The emulators have no caches: contention appears only "
		"here.\n\n"
		"| vendor | mode | vCPUs exiting at once | instructions added "
		"(emulated) | of which primitives | primitives' cycles | other "
		"instructions | modelled cycles added |\n|---|---|---|---|---|---|---|---|\n");
	fprintf(csv, "vendor,mode,cpus,instructions,primitive_cycles,primitive_lo95,"
		"primitive_hi95,other_instructions,model_low,model_high\n");
	for (i = 0; i < nr_inputs; i++) {
		if (!inputs[i].counts_instructions)
			continue;
		for (k = 0; k < MODEL_MODES; k++) {
			int c;

			for (c = 1; c <= cpus && inputs[i].has[k]; c++)
				if (model_row(md, csv, &inputs[i], &mode_ops[k],
					      &inputs[i].added[k], c))
					return -1;
		}
	}
	for (i = 0; i < nr_inputs; i++)
		if (!inputs[i].counts_instructions)
			fprintf(md, "\n%s is not modelled: its engine's TSC does not count "
				"instructions.\n", inputs[i].vendor);
	fprintf(md, "\nReproduce: `make run` (primcost runs on the build host, "
		"bench in the emulators).\n");
	return 0;
}

const char *model_mode(int i)
{
	return i < MODEL_MODES ? mode_ops[i].mode : NULL;
}
