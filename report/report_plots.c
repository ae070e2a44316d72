// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "json_read.h"
#include "report_plots.h"

#define MAX_NAMES	16
#define CENSUS_TYPES	15	/* bars in the census plot */
#define LATENCY_TYPES	6	/* curves in the latency plot */
#define HIST_SLOTS	64

#define SVG_HEAD "set terminal svg size 900,480 dynamic noenhanced font 'sans,11'\n" \
		 "set output '%s/%s-%s.svg'\n"

int gnuplot(const char *script)
{
	FILE *f = popen("gnuplot", "w");

	if (!f) {
		perror("report: gnuplot");
		return -1;
	}
	fputs(script, f);
	if (pclose(f)) {
		fprintf(stderr, "report: gnuplot failed on:\n%s\n", script);
		return -1;
	}
	return 0;
}

/* A script under construction: gnuplot text in memory. */
struct script {
	char *text;
	size_t size;
	FILE *f;
};

static FILE *script_open(struct script *s)
{
	s->text = NULL;
	s->f = open_memstream(&s->text, &s->size);
	return s->f;
}

static int script_run(struct script *s)
{
	int ret = fclose(s->f) ? -1 : gnuplot(s->text);

	free(s->text);
	return ret;
}

/* A bar chart of the overhead against off, with the intervals as errors. */
int report_overhead(const char *out, const char *vendor, const struct bench_table *t)
{
	int w, c, col, off = name_find(t->configs, t->nc, "off");
	struct script s;

	if (off < 0 || !t->nw)
		return 0;
	if (!script_open(&s))
		return -1;
	fprintf(s.f, "$d << EOD\n");
	for (w = 0; w < t->nw; w++) {
		fprintf(s.f, "%s", t->workloads[w]);
		for (c = 0; c < t->nc; c++) {
			struct interval r = { 0, 0, 0 };

			if (c == off)
				continue;
			if (t->n[w][c] && t->n[w][off])
				r = ratio_ci(t->s[w][c], t->n[w][c], t->s[w][off],
					     t->n[w][off], 2);
			fprintf(s.f, " %.3f %.3f %.3f", (r.mid - 1) * 100,
				(r.lo - 1) * 100, (r.hi - 1) * 100);
		}
		fprintf(s.f, "\n");
	}
	fprintf(s.f, "EOD\n" SVG_HEAD, out, "overhead", vendor);
	fprintf(s.f, "set title 'Overhead against counting off, %s (emulated cycles; "
		"values under 0.5%% drawn at 0.5%%)'\n"
		"set ylabel 'percent, median and 95%% interval'\n"
		"set style data histograms\n"
		"set style histogram errorbars gap 2 lw 1\n"
		"set style fill solid 0.6 border -1\n"
		"set logscale y\nset yrange [0.5:*]\nset key top left\n"
		"set xtics rotate by -20\nplot ", vendor);
	/* Log scale for the BPF configs' hundreds of percent: clamp at 0.5. */
	for (c = 0, col = 2; c < t->nc; c++) {
		if (c == off)
			continue;
		fprintf(s.f, "%s$d using ($%d<0.5?0.5:$%d):($%d<0.5?0.5:$%d):"
			"($%d<0.5?0.5:$%d):xtic(1) title '%s'", col > 2 ? ", " : "",
			col, col, col + 1, col + 1, col + 2, col + 2, t->configs[c]);
		col += 3;
	}
	fprintf(s.f, "\n");
	return script_run(&s);
}

/*
 * Scaling: the bench samples with more than one vCPU (and the one-vCPU
 * samples of the same workload), median cycles per exit per config.
 */
int report_scaling(FILE *md, const char *out, const char *vendor,
		   const struct bench_scaling *sc)
{
	const char *workload = sc->workload;
	int nv = sc->nv, nc = sc->nc, v, c;
	struct script s;
	size_t i;

	if (!workload[0]) {
		fprintf(stderr, "report: %s: bench has no scaling samples (bench -s)\n",
			vendor);
		return -1;
	}
	fprintf(md, "\n### Scaling, %s: %s, median cycles per exit by vCPUs\n\n"
		"Every vCPU of one VM runs the loop at once, one L1 CPU each; a sample "
		"is the median vCPU. An emulator has no caches, so a line the vCPUs "
		"share costs nothing more here (the model below prices it); QEMU "
		"-icount runs its CPUs in turns, and under Bochs a vCPU's window also "
		"holds whatever its L1 CPU ran meanwhile.\n\n| vCPUs |",
		vendor, workload);
	for (c = 0; c < nc; c++)
		fprintf(md, " %s |", sc->configs[c]);
	fprintf(md, "\n|---|");
	for (c = 0; c < nc; c++)
		fprintf(md, "---|");
	fprintf(md, "\n");
	if (!script_open(&s))
		return -1;
	fprintf(s.f, SVG_HEAD, out, "scaling", vendor);
	fprintf(s.f, "$d << EOD\n");
	for (v = 0; v < nv; v++) {
		fprintf(md, "| %d |", sc->vcpus[v]);
		fprintf(s.f, "%d", sc->vcpus[v]);
		for (c = 0; c < nc; c++) {
			double m = median(sc->s[v][c], sc->n[v][c]);

			fprintf(md, sc->n[v][c] ? " %.0f |" : " - |", m);
			fprintf(s.f, sc->n[v][c] ? " %.3f" : " NaN", m);
		}
		fprintf(md, "\n");
		fprintf(s.f, "\n");
	}
	fprintf(s.f, "EOD\nset title 'Cycles per exit over vCPUs, %s, %s (emulated cycles)'\n"
		"set xlabel 'vCPUs running the loop'\nset ylabel 'cycles per exit, median'\n"
		"set xtics 1\nset key outside right\nset yrange [0:*]\nplot ",
		vendor, workload);
	/* Only the configs measured on more than one vCPU count make lines. */
	for (c = 0, i = 0; c < nc; c++) {
		int measured = 0;

		for (v = 0; v < nv; v++)
			measured += sc->n[v][c] > 0;
		if (measured > 1)
			fprintf(s.f, "%s$d using 1:%d with linespoints pt 7 title '%s'",
				i++ ? ", " : "", c + 2, sc->configs[c]);
	}
	fprintf(s.f, "\n");
	fprintf(md, "\n![scaling](scaling-%s.svg)\n", vendor);
	return script_run(&s);
}

static int by_exits_desc(const void *a, const void *b)
{
	double x = json_num(*(json_object *const *)a, "exits");
	double y = json_num(*(json_object *const *)b, "exits");

	return (x < y) - (x > y);
}

/* The types of @o sorted by exits, most first (free it), and how many. */
static json_object **types_by_exits(json_object *o, size_t *n)
{
	json_object *types, **t;
	size_t i;

	*n = json_array(o, "types", &types);
	t = calloc(*n + 1, sizeof(*t));
	if (!t)
		return NULL;
	for (i = 0; i < *n; i++)
		t[i] = json_object_array_get_idx(types, i);
	qsort(t, *n, sizeof(*t), by_exits_desc);
	return t;
}

/* The census of a Linux guest's boot, as leafstat read it in the guest. */
int report_census(FILE *md, const char *out, const char *vendor,
		  json_object *census)
{
	double total = json_num(census, "exits");
	struct script s;
	size_t i, n;
	json_object **t = types_by_exits(census, &n);

	if (!t || !n || total <= 0 || !script_open(&s)) {
		fprintf(stderr, "report: %s: the boot census lists no exits\n", vendor);
		free(t);
		return -1;
	}
	fprintf(md, "\n### Exit census of a Linux boot, %s\n\n"
		"The guest kernel (this bzImage, 1 vCPU, QEMU `-M pc` with KVM inside the\n"
		"test kernel) booted to its `/init`, where `leafstat` read the leaves: "
		"%.0f exits, %.0f cycles (%.0f per exit).\n\n"
		"| type | name | exits | %% | cycles/exit |\n|---|---|---|---|---|\n",
		vendor, total, json_num(census, "cycles"),
		json_num(census, "cycles") / total);
	fprintf(s.f, SVG_HEAD, out, "census", vendor);
	fprintf(s.f, "$d << EOD\n");
	for (i = 0; i < n; i++) {
		double ex = json_num(t[i], "exits"), cy = json_num(t[i], "cycles");

		fprintf(md, "| 0x%x | %s | %.0f | %.2f | %.0f |\n",
			(unsigned int)json_num(t[i], "code"), json_str(t[i], "name"),
			ex, 100 * ex / total, ex ? cy / ex : 0);
		if (i < CENSUS_TYPES)
			fprintf(s.f, "\"%s\" %.0f\n", json_str(t[i], "name"), ex);
	}
	fprintf(s.f, "EOD\nset title 'Exits of a Linux boot per type, %s "
		"(%.0f exits; the %d commonest types)'\n"
		"set ylabel 'exits'\nset logscale y\nset yrange [0.5:*]\n"
		"set style fill solid 0.6 border -1\nset boxwidth 0.7\n"
		"set xtics rotate by -35 left\nunset key\n"
		"plot $d using 0:2:xtic(1) with boxes\n",
		vendor, total, CENSUS_TYPES);
	fprintf(md, "\n![census](census-%s.svg)\n", vendor);
	free(t);
	return script_run(&s);
}

/* kvmexits' log2 histograms of exit-to-entry time, the commonest types. */
int report_latency(FILE *md, const char *out, const char *vendor,
		   json_object *bpf)
{
	struct script s;
	size_t i, n, shown;
	json_object **t = types_by_exits(bpf, &n);
	int slot;

	if (!t || !n || !script_open(&s)) {
		fprintf(stderr, "report: %s: the BPF count lists no exits\n", vendor);
		free(t);
		return -1;
	}
	shown = n < LATENCY_TYPES ? n : LATENCY_TYPES;
	fprintf(md, "\n### Exit-to-entry time per type during that boot, %s (BPF)\n\n"
		"| type | exits | timed | mean µs |\n|---|---|---|---|\n", vendor);
	fprintf(s.f, SVG_HEAD, out, "latency", vendor);
	for (i = 0; i < shown; i++) {
		json_object *h = json_get(t[i], "hist_log2_ns");
		double timed = json_num(t[i], "timed");

		fprintf(md, "| %s | %.0f | %.0f | %.2f |\n", json_str(t[i], "name"),
			json_num(t[i], "exits"), timed,
			timed ? json_num(t[i], "time_ns") / timed / 1000 : 0);
		fprintf(s.f, "$d%zu << EOD\n", i);
		for (slot = 0; h && slot < (int)json_object_array_length(h) &&
			       slot < HIST_SLOTS; slot++) {
			long long c = json_object_get_int64(json_object_array_get_idx(h, slot));

			/* Slot s holds times in [2^s, 2^(s+1)) ns: drawn at 2^s. */
			if (c)
				fprintf(s.f, "%.6f %lld\n", (double)(1ull << slot) / 1000, c);
		}
		fprintf(s.f, "EOD\n");
	}
	fprintf(s.f, "set title 'Exit-to-entry time per type, %s (BPF; emulated time)'\n"
		"set xlabel 'microseconds (log2 buckets, drawn at their lower bound)'\n"
		"set ylabel 'exits'\nset logscale xy 2\nset logscale y 10\n"
		"set key outside right\nplot ", vendor);
	for (i = 0; i < shown; i++)
		fprintf(s.f, "%s$d%zu using 1:2 with linespoints title '%s'",
			i ? ", " : "", i, json_str(t[i], "name"));
	fprintf(s.f, "\n");
	fprintf(md, "\n![latency](latency-%s.svg)\n", vendor);
	free(t);
	return script_run(&s);
}

/* Workloads down, mode/scope across; green agree, red differ, grey none. */
int report_validate_matrix(FILE *md, const char *out, const char *vendor,
			   const struct validate_verdicts *v)
{
	char rows[MAX_NAMES][32], cols[MAX_NAMES][32], col[32];
	int verdict[MAX_NAMES][MAX_NAMES], nr = 0, nc = 0, r, c, i;
	struct script s;

	for (r = 0; r < MAX_NAMES; r++)
		for (c = 0; c < MAX_NAMES; c++)
			verdict[r][c] = -1;
	for (i = 0; i < v->n; i++) {
		snprintf(col, sizeof(col), "%s/%s", v->r[i].mode, v->r[i].scope);
		r = name_index(rows, &nr, MAX_NAMES, v->r[i].workload);
		c = name_index(cols, &nc, MAX_NAMES, col);
		if (r >= 0 && c >= 0)
			verdict[r][c] = v->r[i].ok;
	}
	if (!script_open(&s))
		return -1;
	fprintf(s.f, SVG_HEAD, out, "validate", vendor);
	fprintf(s.f, "$d << EOD\n");
	for (r = 0; r < nr; r++)
		for (c = 0; c < nc; c++)
			fprintf(s.f, "%d %d %d %s\n", c, r, verdict[r][c],
				verdict[r][c] > 0 ? "agree" :
				verdict[r][c] == 0 ? "DIFFER" : "-");
	fprintf(s.f, "EOD\nset title 'validate, %s: leaves, KVM statistic and BPF "
		"against the expected count'\nset xtics (", vendor);
	for (c = 0; c < nc; c++)
		fprintf(s.f, "%s'%s' %d", c ? ", " : "", cols[c], c);
	fprintf(s.f, ")\nset ytics (");
	for (r = 0; r < nr; r++)
		fprintf(s.f, "%s'%s' %d", r ? ", " : "", rows[r], r);
	fprintf(s.f, ")\nset yrange [%d.5:-0.5]\nset xrange [-0.5:%d.5]\n"
		"set cbrange [-1:1]\nunset colorbox\nunset key\n"
		"set palette defined (-1 '#bbbbbb', 0 '#d62728', 1 '#2ca02c')\n"
		"plot $d using 1:2:3 with image, $d using 1:2:4 with labels\n",
		nr - 1, nc - 1);
	fprintf(md, "\n![validate matrix](validate-%s.svg)\n", vendor);
	return script_run(&s);
}
