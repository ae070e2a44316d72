// SPDX-License-Identifier: GPL-2.0
/*
 * primcost: what the counting modes' primitives cost on this host's CPU, in
 * its own TSC cycles: an RDTSC, a plain add to a counter of one's own (what
 * mode vcpu does), a locked add to a line no other CPU touches (mode atomic
 * with one vCPU running), and locked adds by threads on K CPUs at once to
 * one shared line (mode atomic with K vCPUs exiting at once, nonstop: the
 * worst case) or to a line each.  Runs on the build host, never in an
 * emulator: the point is a real CPU's caches and TSC.  Each sample is OPS
 * operations back to back on one counter: for the plain add, its latency
 * through memory (store forwarding); a locked add among other work also
 * drains the store buffer, which back to back it finds empty.  The kinds
 * are interleaved, R samples each, and summarised by report as a median
 * with a 95% interval.  Two of the CPUs may be threads of one core.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <x86intrin.h>

#include "cli.h"
#include "json_write.h"
#include "outfile.h"
#include "summary.h"

#define MAX_CPUS	64
#define MAX_REPEATS	101
#define UNROLL		16
#define LINE		128	/* a line and its adjacent-line prefetch pair */

enum prim { PRIM_RDTSC, PRIM_ADD, PRIM_ATOMIC, PRIM_ATOMIC_SHARED,
	    PRIM_ATOMIC_PRIVATE };

static const char *const prim_names[] = {
	[PRIM_RDTSC] = "rdtsc",
	[PRIM_ADD] = "add",
	[PRIM_ATOMIC] = "atomic",
	[PRIM_ATOMIC_SHARED] = "atomic_shared",
	[PRIM_ATOMIC_PRIVATE] = "atomic_private",
};

/* One measurement: a primitive, on how many CPUs at once. */
struct kind {
	enum prim prim;
	int threads;
	double samples[MAX_REPEATS];
};

static struct {
	int repeats;
	long ops;
	const char *json;
} opt = { .repeats = 21, .ops = 1 << 20 };

static int cpus[MAX_CPUS], nr_cpus;
static uint64_t shared_line[LINE / 8] __attribute__((aligned(LINE)));
static struct { uint64_t v[LINE / 8]; } private_lines[MAX_CPUS]
	__attribute__((aligned(LINE)));

/*
 * One loop per primitive, so that no branch sits between the operations:
 * @ops of them on counter @p, in TSC cycles per operation.
 */
#define TIME_OPS(name, insn)						\
static double time_##name(uint64_t *p, long ops)			\
{									\
	uint64_t t0 = __rdtsc();					\
	long i;								\
									\
	for (i = 0; i < ops; i += UNROLL) {				\
		asm volatile(insn insn insn insn insn insn insn insn	\
			     insn insn insn insn insn insn insn insn	\
			     : "+m"(*p) : : "eax", "edx");		\
	}								\
	return (double)(__rdtsc() - t0) / ops;				\
}
TIME_OPS(rdtsc, "rdtsc\n\t")
TIME_OPS(add, "addq $1, %0\n\t")
TIME_OPS(locked_add, "lock addq $1, %0\n\t")

static double time_ops(enum prim prim, uint64_t *p, long ops)
{
	switch (prim) {
	case PRIM_RDTSC:	return time_rdtsc(p, ops);
	case PRIM_ADD:		return time_add(p, ops);
	default:		return time_locked_add(p, ops);
	}
}

struct worker {
	pthread_t thread;
	int index, cpu;
	enum prim prim;
	pthread_barrier_t *start;
	double cycles;
};

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "primcost: cannot run on CPU %d: %s\n", cpu, strerror(errno));
		exit(1);
	}
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	uint64_t *p = w->prim == PRIM_ATOMIC_SHARED ? shared_line :
		      private_lines[w->index].v;

	pin(w->cpu);
	pthread_barrier_wait(w->start);
	w->cycles = time_ops(w->prim, p, opt.ops);
	return NULL;
}

/* One sample of @k: the median of its threads' cycles per operation. */
static double sample(const struct kind *k)
{
	struct worker w[MAX_CPUS];
	double per[MAX_CPUS];
	pthread_barrier_t start;
	int i;

	if (k->threads == 1) {
		pin(cpus[0]);
		return time_ops(k->prim, private_lines[0].v, opt.ops);
	}
	pthread_barrier_init(&start, NULL, k->threads);
	for (i = 0; i < k->threads; i++) {
		w[i] = (struct worker){ .index = i, .cpu = cpus[i], .prim = k->prim,
					.start = &start };
		if (pthread_create(&w[i].thread, NULL, worker_run, &w[i])) {
			fprintf(stderr, "primcost: pthread_create failed\n");
			exit(1);
		}
	}
	for (i = 0; i < k->threads; i++) {
		pthread_join(w[i].thread, NULL);
		per[i] = w[i].cycles;
	}
	pthread_barrier_destroy(&start);
	return median(per, k->threads);
}

static void find_cpus(void)
{
	cpu_set_t set;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "primcost: sched_getaffinity: %s\n", strerror(errno));
		exit(1);
	}
	for (c = 0; c < CPU_SETSIZE && nr_cpus < MAX_CPUS; c++)
		if (CPU_ISSET(c, &set))
			cpus[nr_cpus++] = c;
}

/* The host's CPU model, for the report's label. */
static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(buf, len, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(buf, len, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
}

static void write_json(const struct kind *kinds, int nr)
{
	struct json_object *root = json_object_new_object(), *list = json_object_new_array();
	struct outfile out;
	char model[256];
	int i, r;

	cpu_model(model, sizeof(model));
	json_set(root, "cpu", json_object_new_string(model));
	json_set(root, "cpus", json_object_new_int(nr_cpus));
	json_set(root, "ops", json_object_new_int64(opt.ops));
	json_set(root, "repeats", json_object_new_int(opt.repeats));
	for (i = 0; i < nr; i++) {
		struct json_object *k = json_object_new_object(), *s = json_object_new_array();

		json_set(k, "primitive", json_object_new_string(prim_names[kinds[i].prim]));
		json_set(k, "threads", json_object_new_int(kinds[i].threads));
		for (r = 0; r < opt.repeats; r++)
			json_object_array_add(s, json_object_new_double(kinds[i].samples[r]));
		json_set(k, "samples", s);
		json_object_array_add(list, k);
	}
	json_set(root, "kinds", list);
	outfile_open(&out, opt.json);
	if (json_write(out.f, root)) {
		fprintf(stderr, "primcost: writing %s failed\n", opt.json);
		exit(1);
	}
	outfile_commit(&out);
	json_object_put(root);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'r':
		opt.repeats = cli_parse_num(arg, "repeats", 3, MAX_REPEATS, state);
		break;
	case 'n':
		opt.ops = cli_parse_num(arg, "operations", UNROLL, 1L << 30, state);
		opt.ops -= opt.ops % UNROLL;
		break;
	case 'o':
		opt.json = arg;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp_option options[] = {
	{ "repeats", 'r', "R", 0, "Samples of each kind (default 21)", 0 },
	{ "ops", 'n', "N", 0, "Operations a sample (default 1048576)", 0 },
	{ "output", 'o', "FILE", 0, "Write the samples as JSON to FILE", 0 },
	{ 0 },
};

static const struct argp argp = {
	options, parse_opt, NULL,
	"Measure what an RDTSC, a plain add and locked adds (alone, and from "
	"every CPU at once on one line or a line each) cost on this CPU, in TSC "
	"cycles.", NULL, NULL, NULL,
};

int main(int argc, char **argv)
{
	struct kind kinds[3 + 2 * MAX_CPUS];
	int nr = 0, i, r, t;

	argp_parse(&argp, argc, argv, 0, NULL, NULL);
	find_cpus();
	kinds[nr++] = (struct kind){ PRIM_RDTSC, 1, { 0 } };
	kinds[nr++] = (struct kind){ PRIM_ADD, 1, { 0 } };
	kinds[nr++] = (struct kind){ PRIM_ATOMIC, 1, { 0 } };
	/* Every count of CPUs up to all of them: a scaling row each. */
	for (t = 2; t <= nr_cpus; t++) {
		kinds[nr++] = (struct kind){ PRIM_ATOMIC_SHARED, t, { 0 } };
		kinds[nr++] = (struct kind){ PRIM_ATOMIC_PRIVATE, t, { 0 } };
	}
	/* Interleaved, so that a slow moment of the host hits every kind. */
	for (r = 0; r < opt.repeats; r++)
		for (i = 0; i < nr; i++)
			kinds[i].samples[r] = sample(&kinds[i]);

	printf("# primcost: TSC cycles per operation on %d CPU(s), %ld operations "
	       "a sample, %d samples, median [95%% interval]\n", nr_cpus, opt.ops,
	       opt.repeats);
	for (i = 0; i < nr; i++) {
		struct interval ci = median_ci(kinds[i].samples, opt.repeats, 1);

		printf("%-15s %2d CPU(s) %8.2f [%.2f, %.2f]\n", prim_names[kinds[i].prim],
		       kinds[i].threads, ci.mid, ci.lo, ci.hi);
	}
	if (opt.json)
		write_json(kinds, nr);
	return 0;
}
