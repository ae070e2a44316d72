// SPDX-License-Identifier: GPL-2.0
/* Runs every unit suite and ends with the "N passed, N failed" line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "unit.h"

int unit_failures;

int unit_has_failed(const char *text, const char *what)
{
	const char *at;

	for (at = strstr(text, what); at; at = strstr(at + 1, what)) {
		const char *line = at;
		unsigned int n;
		int end = 0;

		while (line > text && line[-1] != '\n')
			line--;
		if (sscanf(line, "not ok %u - %n", &n, &end) == 1 && end &&
		    line + end == at)
			return 1;
	}
	return 0;
}

void unit_put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		unit_failures++;
		printf("#   cannot write %s\n", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

extern const struct unit_test exit_types_tests[], leaves_tests[],
	kvm_stats_tests[], exits_tests[], exits_vm_tests[], summary_tests[], report_tests[],
	leafstat_tests[], nested_check_tests[], perf_witness_tests[], validate_tests[],
	workloads_tests[];
int unit_fake_perf(int argc, char **argv);

static const struct unit_test *const suites[] = {
	exit_types_tests, leaves_tests, kvm_stats_tests, exits_tests,
	exits_vm_tests, summary_tests, report_tests, leafstat_tests, nested_check_tests,
	perf_witness_tests, validate_tests, workloads_tests,
};

int main(int argc, char **argv)
{
	struct tap tap = {};
	size_t s;

	/* Run again by the perf witness's test as a stand-in for perf. */
	if (getenv("UNIT_FAKE_PERF"))
		return unit_fake_perf(argc, argv);

	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		const struct unit_test *t;

		for (t = suites[s]; t->name; t++) {
			int before = unit_failures;

			if (argc > 1 && !strstr(t->name, argv[1]))
				continue;
			t->fn();
			tap_result(&tap, unit_failures == before, "%s", t->name);
		}
	}
	return tap_finish(&tap);
}
