/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report: turn the raw JSON that make run brings back (validate.json,
 * bench.json, bench-baseline.json per vendor) into a result set: Markdown
 * tables, CSV files and SVG plots, never from numbers typed by hand.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

/* One vendor's run folder, as make run leaves it. */
struct run_dir {
	const char *vendor;	/* "svm" or "vmx" */
	const char *path;
};

/*
 * Write the result set into @out (an existing, empty folder): README.md,
 * validate.csv, bench.csv and one overhead-VENDOR.svg per vendor with bench
 * data.  @env is the environment text put at the top.  Returns 0, or -1
 * with a message on stderr.
 */
int report_write(const struct run_dir *runs, int nr_runs, const char *env,
		 const char *out);

/* Copy @env_path and the run folders' files into @out/raw/. */
int report_copy_raw(const struct run_dir *runs, int nr_runs, const char *env_path,
		    const char *out);
/* The README's line on raw/ and the command that writes the set again. */
void report_raw_command(FILE *md, const struct run_dir *runs, int nr_runs);

/*
 * Check that the newest set under @root is complete, one "ok"/"not ok"
 * line each; returns 0 if it is.
 */
int report_check(const char *root);

#endif
