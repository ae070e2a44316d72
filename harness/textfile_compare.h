/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Do the metrics node_exporter served from kvmexits --textfile say what
 * kvmexits -J said for the same interval?  A pure function of the scraped
 * text and the JSON, so that it is unit-tested on files.
 */
#ifndef HARNESS_TEXTFILE_COMPARE_H
#define HARNESS_TEXTFILE_COMPARE_H

#include <json-c/json.h>
#include <stdio.h>

/*
 * The value of the series @name whose labels include each "k=\"v\"" of
 * @labels (NULL-terminated); 0, or -1 if there is none.
 */
int scrape_value(const char *scrape, const char *name, const char *const *labels,
		 double *value);
/* How many series of @name the scrape has. */
int scrape_series(const char *scrape, const char *name);

/*
 * Compare @scrape with @interval, one object of kvmexits -J -V: the counters
 * per type and per (VM, type) of the VMs still live (in kvmexits_vm_info),
 * the histograms' counts, what was lost, and that each VM of process
 * @drift_pid (0: none) is there with a drift of 0.  Prints each difference
 * to @out; returns how many.
 */
int textfile_compare(const char *scrape, struct json_object *interval,
		     int drift_pid, FILE *out);

/*
 * The @n intervals kvmexits -J printed, added up into one (a new object):
 * what a textfile of counts since kvmexits started holds after them.  A VM
 * is as gone as the last interval it had exits in says.
 */
struct json_object *textfile_sum_intervals(struct json_object *const *intervals,
					   size_t n);

#endif
