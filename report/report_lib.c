// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "report.h"
#include "json_read.h"
#include "report_bench.h"
#include "report_model.h"
#include "report_plots.h"

/*
 * Each configuration against off, in the same boot, per workload: as a
 * ratio, or as the cycles it adds (under Bochs, whose TSC counts
 * instructions: the instructions it adds).
 */
static void against_off(FILE *md, const struct bench_table *t, int off,
			bool ratio)
{
	int w, c;

	fprintf(md, ratio ? "\nOverhead against `off`, median ratio [95%% interval]:\n\n" :
		"\nCycles added per exit against `off`, median difference [95%% "
		"interval] (instructions where the engine's TSC counts them):\n\n");
	fprintf(md, "| workload |");
	for (c = 0; c < t->nc; c++)
		if (c != off)
			fprintf(md, " %s |", t->configs[c]);
	fprintf(md, "\n|---|");
	for (c = 0; c < t->nc; c++)
		if (c != off)
			fprintf(md, "---|");
	fprintf(md, "\n");
	for (w = 0; w < t->nw; w++) {
		fprintf(md, "| %s |", t->workloads[w]);
		for (c = 0; c < t->nc; c++) {
			const double *a = t->s[w][c], *b = t->s[w][off];
			int na = t->n[w][c], nb = t->n[w][off];
			struct interval r;

			if (c == off)
				continue;
			if (!na || !nb) {
				fprintf(md, " - |");
			} else if (ratio) {
				r = ratio_ci(a, na, b, nb, 2);
				fprintf(md, " %+.1f%% [%+.1f, %+.1f] |", (r.mid - 1) * 100,
					(r.lo - 1) * 100, (r.hi - 1) * 100);
			} else {
				r = diff_ci(a, na, b, nb, 2);
				fprintf(md, " %+.0f [%+.0f, %+.0f] |", r.mid, r.lo, r.hi);
			}
		}
		fprintf(md, "\n");
	}
}

/*
 * What a leaf read costs above a plain CPUID exit (bench --read-cost), if
 * bench measured it.
 */
static void read_cost_table(FILE *md, const char *vendor, const struct bench_costs *c)
{
	const struct bench_read_cost *plain = NULL;
	int i;

	if (c->has_memory)
		fprintf(md, "\nCounter memory, %s, from the descriptors of KVM's binary "
			"statistics: %.0f bytes per vCPU (mode vcpu), %.0f per VM (mode "
			"atomic); nothing per host CPU.\n", vendor, c->vcpu_bytes, c->vm_bytes);
	if (!c->nr)
		return;
	fprintf(md, "\n### Leaf reads, %s: cycles above a plain CPUID exit, median "
		"difference [95%% interval]\n\n| VMs x vCPUs | scope | leaf | cost |\n"
		"|---|---|---|---|\n", vendor);
	for (i = 0; i < c->nr; i++) {
		const struct bench_read_cost *r = &c->r[i];
		struct interval d;

		/* Each setup's plain CPUID comes first, its leaves after it. */
		if (!strcmp(r->leaf, "cpuid")) {
			plain = r;
			continue;
		}
		if (!r->n || !plain || !plain->n)
			continue;
		d = diff_ci(r->s, r->n, plain->s, plain->n, 3);
		fprintf(md, "| %d x %d | %s | %s | %+.0f [%+.0f, %+.0f] |\n", r->vms,
			r->vcpus, r->scope, r->leaf, d.mid, d.lo, d.hi);
	}
}

static void bench_tables(FILE *md, FILE *csv, const char *vendor,
			 const struct bench_table *t)
{
	int w, c, off = name_find(t->configs, t->nc, "off");

	fprintf(md, "\n### bench, %s: cycles per exit, median [95%% interval]\n\n"
		"tsc_deadline and ipi_halt are timed per iteration: the deadline's "
		"WRMSR and its handler's EOI; an IPI to a halted vCPU and its answer, "
		"with two EOIs (fewer exits where KVM virtualizes the EOI).\n\n",
		vendor);
	fprintf(md, "| workload |");
	for (c = 0; c < t->nc; c++)
		fprintf(md, " %s |", t->configs[c]);
	fprintf(md, "\n|---|");
	for (c = 0; c < t->nc; c++)
		fprintf(md, "---|");
	fprintf(md, "\n");
	for (w = 0; w < t->nw; w++) {
		fprintf(md, "| %s |", t->workloads[w]);
		for (c = 0; c < t->nc; c++) {
			struct interval ci = median_ci(t->s[w][c], t->n[w][c], 1);

			if (!t->n[w][c]) {
				fprintf(md, " - |");
				continue;
			}
			fprintf(md, " %.0f [%.0f, %.0f] |", ci.mid, ci.lo, ci.hi);
			fprintf(csv, "%s,%s,%s,%.1f,%.1f,%.1f,%d\n", vendor,
				t->workloads[w], t->configs[c], ci.mid, ci.lo, ci.hi,
				t->n[w][c]);
		}
		fprintf(md, "\n");
	}
	if (off < 0)
		return;
	against_off(md, t, off, true);
	against_off(md, t, off, false);
}

static void validate_tables(FILE *md, FILE *csv, const char *vendor,
			    const struct validate_verdicts *v)
{
	int i, ok = 0, witnessed = 0;

	fprintf(md, "\n### validate, %s\n\n| workload | mode | scope | tries | verdict |\n"
		"|---|---|---|---|---|\n", vendor);
	for (i = 0; i < v->n; i++) {
		const struct validate_row *r = &v->r[i];

		ok += r->ok;
		witnessed += r->witnessed;
		fprintf(md, "| %s | %s | %s | %d | %s |\n", r->workload, r->mode, r->scope,
			r->tries, r->ok ? "agree" : "**differ**");
		fprintf(csv, "%s,%s,%s,%s,%d,%s\n", vendor, r->workload, r->mode, r->scope,
			r->tries, r->ok ? "ok" : "fail");
	}
	fprintf(md, "\n%d of %d configurations agree.  Sources compared: the "
		"workload's expected count, the leaves, BPF, KVM's statistics, the "
		"series' binary statistics per type", ok, v->n);
	if (witnessed)
		fprintf(md, ", and perf stat on kvm:kvm_exit (in %d of them)", witnessed);
	fprintf(md, ".\n");
}

/* The seed's question: does an idle guest exit at a stable rate? */
static void rates_line(FILE *md, const char *vendor, json_object *rates)
{
	json_object *r = json_get(rates, "rate");

	fprintf(md, "\nAfter its boot, the idle guest (%s) exited at a median %.0f exits/s "
		"over %.0f intervals of 0.2 s (min %.0f, max %.0f, coefficient of "
		"variation %.1f%%), leafstat's own reads left out.\n", vendor,
		json_num(r, "median"), json_num(r, "n"), json_num(r, "min"),
		json_num(r, "max"), 100 * json_num(r, "cv"));
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		perror(path);
	return f;
}

/* Whether @dir's engine.txt (boot.sh) says its TSC counts instructions. */
static bool counts_instructions(const char *dir)
{
	char path[1024], line[512] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/engine.txt", dir);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	return strstr(line, "the TSC counts instructions") != NULL;
}

/* The instructions each modelled mode adds to a CPUID exit, for the model. */
static void model_input(struct model_input *in, const char *vendor,
			const char *dir, const struct bench_table *t)
{
	int k, c, off = name_find(t->configs, t->nc, "off");
	int cpuid = name_find(t->workloads, t->nw, "cpuid");

	snprintf(in->vendor, sizeof(in->vendor), "%s", vendor);
	in->counts_instructions = counts_instructions(dir);
	for (k = 0; k < MODEL_MODES; k++) {
		c = name_find(t->configs, t->nc, model_mode(k));
		in->has[k] = cpuid >= 0 && off >= 0 && c >= 0 && t->n[cpuid][c] &&
			     t->n[cpuid][off];
		if (in->has[k])
			in->added[k] = diff_ci(t->s[cpuid][c], t->n[cpuid][c],
					       t->s[cpuid][off], t->n[cpuid][off], 2);
	}
}

/* One vendor's run on the test kernel: validate, bench, census, latency. */
static int vendor_section(FILE *md, FILE *vcsv, FILE *bcsv, const char *out,
			  const struct run_dir *run, struct bench_table *t)
{
	json_object *v = json_load(run->path, "validate.json");
	json_object *b = json_load(run->path, "bench.json");
	json_object *base = json_load(run->path, "bench-baseline.json");
	json_object *census = json_load(run->path, "boot-census.json");
	json_object *bpf = json_load(run->path, "bpf.json");
	json_object *rates = json_load(run->path, "rates.json");
	static struct bench_scaling sc;
	static struct bench_costs costs;
	static struct validate_verdicts verdicts;
	const char *vendor = run->vendor;
	int ret;

	memset(&sc, 0, sizeof(sc));
	fprintf(md, "\n## %s\n", vendor);
	ret = !v || !b || !base || !census || !bpf || !rates ||
	      validate_read(v, &verdicts) || bench_read(b, t, &sc) || bench_read(base, t, NULL) ||
	      bench_read_costs(b, &costs);
	if (!ret) {
		validate_tables(md, vcsv, vendor, &verdicts);
		ret = report_validate_matrix(md, out, vendor, &verdicts);
	}
	if (!ret) {
		bench_tables(md, bcsv, vendor, t);
		read_cost_table(md, vendor, &costs);
		fprintf(md, "\n![overhead](overhead-%s.svg)\n", vendor);
		ret = report_overhead(out, vendor, t) ||
		      report_scaling(md, out, vendor, &sc) ||
		      report_census(md, out, vendor, census) ||
		      report_latency(md, out, vendor, bpf);
		rates_line(md, vendor, rates);
	}
	json_object_put(v);
	json_object_put(b);
	json_object_put(base);
	json_object_put(census);
	json_object_put(bpf);
	json_object_put(rates);
	return ret;
}

/*
 * A run on Debian's own kernel (make run's debian-VENDOR): which kernel
 * and which modules, then bench on the patched modules against Debian's
 * stock ones, swapped in within that boot.
 */
static int debian_section(FILE *md, FILE *csv, const char *out,
			  const struct run_dir *run, struct bench_table *t)
{
	json_object *k = json_load(run->path, "kernel.json");
	json_object *b = json_load(run->path, "bench.json");
	json_object *base = json_load(run->path, "bench-baseline.json");
	int ret = !k || !b || !base || bench_read(b, t, NULL) || bench_read(base, t, NULL);

	if (!ret) {
		fprintf(md, "\n## %s: Debian's own kernel\n\n", run->vendor);
		fprintf(md, "- kernel: %s\n- patched: %s\n- stock: %s\n",
			json_str(k, "kernel"), json_str(k, "patched"),
			json_str(k, "stock"));
		bench_tables(md, csv, run->vendor, t);
		fprintf(md, "\n![overhead](overhead-%s.svg)\n", run->vendor);
		ret = report_overhead(out, run->vendor, t);
	}
	json_object_put(k);
	json_object_put(b);
	json_object_put(base);
	return ret;
}

/* The model, after every vendor: primcost's costs and bench's counts. */
static int model_section(FILE *md, const char *out, const char *host,
			 const struct model_input *inputs, int nr_inputs)
{
	json_object *primcost = json_load(host, "primcost.json");
	FILE *csv = open_in(out, "model.csv");
	int ret = !primcost || !csv ||
		  report_model(md, csv, primcost, inputs, nr_inputs);

	json_object_put(primcost);
	if (csv && fclose(csv))
		ret = 1;
	return ret;
}

int report_write(const struct run_dir *runs, int nr_runs, const char *env,
		 const char *out)
{
	FILE *md = open_in(out, "README.md"), *vcsv = open_in(out, "validate.csv");
	FILE *bcsv = open_in(out, "bench.csv");
	static struct bench_table t;
	struct model_input inputs[8];
	const char *host = NULL;
	int i, ret = 0, nr_inputs = 0;

	if (!md || !vcsv || !bcsv)
		return -1;
	fprintf(md, "# Result set\n\n## Environment\n\n```\n%s```\n", env);
	report_raw_command(md, runs, nr_runs);
	fprintf(vcsv, "vendor,workload,mode,scope,tries,verdict\n");
	fprintf(bcsv, "vendor,workload,config,median,lo95,hi95,n\n");
	for (i = 0; i < nr_runs && !ret; i++) {
		memset(&t, 0, sizeof(t));
		if (!strcmp(runs[i].vendor, "host"))
			host = runs[i].path;
		else if (!strncmp(runs[i].vendor, "debian-", 7))
			ret = debian_section(md, bcsv, out, &runs[i], &t);
		else
			ret = vendor_section(md, vcsv, bcsv, out, &runs[i], &t);
		if (!ret && strcmp(runs[i].vendor, "host") && nr_inputs < 8)
			model_input(&inputs[nr_inputs++], runs[i].vendor, runs[i].path, &t);
	}
	if (!ret && host)
		ret = model_section(md, out, host, inputs, nr_inputs);
	if (fclose(md) | fclose(vcsv) | fclose(bcsv)) {
		fprintf(stderr, "report: writing the tables in %s: %s\n", out,
			strerror(errno));
		ret = -1;
	}
	return ret ? -1 : 0;
}
