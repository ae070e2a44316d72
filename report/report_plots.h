/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result set's plots (gnuplot, SVG) with the table each one draws:
 * scaling over vCPUs per counting mode, the exit census of a Linux guest's
 * boot per type, the exit-to-entry time histograms per type (BPF), and
 * the validate matrix with its verdicts.  Each writes NAME-VENDOR.svg
 * into @out and its section into @md; 0, or -1 with a message on stderr.
 */
#ifndef REPORT_PLOTS_H
#define REPORT_PLOTS_H

#include <json-c/json.h>
#include <stdio.h>

#include "report_bench.h"
#include "report_validate.h"

/* Run a gnuplot script; data goes in it as $datablocks. */
int gnuplot(const char *script);

int report_overhead(const char *out, const char *vendor, const struct bench_table *t);
int report_scaling(FILE *md, const char *out, const char *vendor,
		   const struct bench_scaling *sc);
int report_census(FILE *md, const char *out, const char *vendor,
		  json_object *census);
int report_latency(FILE *md, const char *out, const char *vendor,
		   json_object *bpf);
int report_validate_matrix(FILE *md, const char *out, const char *vendor,
			   const struct validate_verdicts *v);

#endif
