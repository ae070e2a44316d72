// SPDX-License-Identifier: GPL-2.0
/*
 * textfile-check: compare what node_exporter served from kvmexits
 * --textfile (counts since kvmexits started) with what kvmexits -J -V
 * printed for the same intervals, added up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_all.h"
#include "textfile_compare.h"

/* Each JSON object of @text, as kvmexits -J prints one per interval. */
static size_t parse_intervals(const char *text, struct json_object **out, size_t max)
{
	struct json_tokener *tok = json_tokener_new();
	size_t n = 0, len = strlen(text), off = 0;

	while (tok && off < len && n < max) {
		struct json_object *o;

		while (off < len && (text[off] == '\n' || text[off] == ' '))
			off++;
		if (off == len)
			break;
		o = json_tokener_parse_ex(tok, text + off, len - off);
		if (!o)
			break;
		out[n++] = o;
		off += json_tokener_get_parse_end(tok);
		json_tokener_reset(tok);
	}
	json_tokener_free(tok);
	return n;
}

#define MAX_INTERVALS 1000

int main(int argc, char **argv)
{
	static struct json_object *intervals[MAX_INTERVALS];
	struct json_object *sum;
	char *scrape, *json;
	size_t n, i;
	int bad;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: textfile-check SCRAPE JSON [DRIFT_PID]\n"
			"  SCRAPE: node_exporter's /metrics; JSON: the intervals of "
			"kvmexits -J -V,\n  added up; DRIFT_PID: a process whose live "
			"VMs must have a drift of 0\n");
		return 2;
	}
	scrape = read_all(argv[1]);
	json = scrape ? read_all(argv[2]) : NULL;
	if (!json) {
		fprintf(stderr, "textfile-check: %s: %s\n", scrape ? argv[2] : argv[1],
			strerror(errno));
		free(scrape);
		return 2;
	}
	n = parse_intervals(json, intervals, MAX_INTERVALS);
	sum = textfile_sum_intervals(intervals, n);
	if (!sum) {
		fprintf(stderr, "textfile-check: %s: no interval of kvmexits -J\n", argv[2]);
		free(scrape);
		free(json);
		return 2;
	}
	bad = textfile_compare(scrape, sum, argc == 4 ? atoi(argv[3]) : 0, stdout);
	printf("# %zu interval%s of kvmexits -J added up; %d difference%s from the "
	       "scrape\n", n, n == 1 ? "" : "s", bad, bad == 1 ? "" : "s");
	json_object_put(sum);
	for (i = 0; i < n; i++)
		json_object_put(intervals[i]);
	free(scrape);
	free(json);
	return bad ? 1 : 0;
}
