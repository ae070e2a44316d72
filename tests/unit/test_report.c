// SPDX-License-Identifier: GPL-2.0
/* The report generator on small JSON inputs written here, not from a run. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/report.h"
#include "unit.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *slurp(const char *dir, const char *name)
{
	static char buf[65536];
	char path[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* Remove a test's folder and the files in it. */
static void cleanup(const char *dir)
{
	static const char *const names[] = {
		"validate.json", "bench.json", "bench-baseline.json", "README.md",
		"validate.csv", "bench.csv", "overhead-svm.svg", "overhead-vmx.svg",
	};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_result_set(void)
{
	char run[] = "/tmp/report-run.XXXXXX", out[] = "/tmp/report-out.XXXXXX";
	struct run_dir runs[1];
	char *s;

	CHECK(mkdtemp(run) && mkdtemp(out), "temporary folders");
	put(run, "validate.json",
	    "{\"vendor\": \"amd\", \"measurements\": ["
	    "{\"workload\": \"cpuid\", \"mode\": \"percpu\", \"scope\": \"vm\", "
	    "\"tries\": 1, \"ok\": true},"
	    "{\"workload\": \"hlt\", \"mode\": \"atomic\", \"scope\": \"global\", "
	    "\"tries\": 2, \"ok\": false}]}");
	/* off: 100 cycles, atomic: 110, tp_btf: 300; the baseline: 98. */
	put(run, "bench.json",
	    "{\"samples\": ["
	    "{\"workload\": \"cpuid\", \"config\": \"off\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [100, 101, 99]},"
	    "{\"workload\": \"cpuid\", \"config\": \"atomic\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [110, 111.1, 108.9]},"
	    "{\"workload\": \"cpuid\", \"config\": \"bpf-tp_btf\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [300, 300, 300]},"
	    "{\"workload\": \"cpuid\", \"config\": \"off\", \"vcpus\": 2, "
	    "\"cycles_per_exit\": [999, 999]}]}");
	put(run, "bench-baseline.json",
	    "{\"samples\": [{\"workload\": \"cpuid\", \"config\": \"unpatched\", "
	    "\"vcpus\": 1, \"cycles_per_exit\": [98, 98, 98]}]}");
	runs[0] = (struct run_dir){ "svm", run };
	CHECK(report_write(runs, 1, "date: unit test\n", out) == 0, "report_write");

	s = slurp(out, "README.md");
	CHECK(strstr(s, "date: unit test") != NULL, "environment on top");
	CHECK(strstr(s, "| hlt | atomic | global | 2 | **differ** |") != NULL,
	      "validate row:\n%s", s);
	CHECK(strstr(s, "1 of 2 configurations agree.") != NULL, "validate count");
	CHECK(strstr(s, "| cpuid | 100 [99, 101] | 110 [109, 111] | 300 [300, 300] "
		     "| 98 [98, 98] |") != NULL, "bench row:\n%s", s);
	CHECK(strstr(s, "+10.0%") && strstr(s, "+200.0%") && strstr(s, "-2.0%"),
	      "overheads against off");
	CHECK(strstr(s, "999") == NULL, "scaling samples stay out of the tables");

	s = slurp(out, "bench.csv");
	CHECK(strstr(s, "svm,cpuid,atomic,110.0,") != NULL, "bench.csv:\n%s", s);
	CHECK(strstr(s, "svm,cpuid,unpatched,98.0,98.0,98.0,3") != NULL, "baseline");
	s = slurp(out, "validate.csv");
	CHECK(strstr(s, "svm,hlt,atomic,global,2,fail") != NULL, "validate.csv:\n%s", s);

	s = slurp(out, "overhead-svm.svg");
	CHECK(!strncmp(s, "<?xml", 5) && strstr(s, "<svg") && strstr(s, "</svg>"),
	      "a whole SVG document");
	CHECK(strstr(s, "bpf-tp_btf") != NULL, "the plot names its series");
	cleanup(run);
	cleanup(out);
}

static void test_missing_input(void)
{
	char run[] = "/tmp/report-run.XXXXXX", out[] = "/tmp/report-out.XXXXXX";
	struct run_dir runs[1];

	CHECK(mkdtemp(run) && mkdtemp(out), "temporary folders");
	runs[0] = (struct run_dir){ "vmx", run };
	CHECK(report_write(runs, 1, "", out) == -1, "no JSON, no report");
	cleanup(run);
	cleanup(out);
}

UNIT_TESTS(report_tests) = {
	{ "report: a result set from small JSON inputs", test_result_set },
	{ "report: missing input is an error", test_missing_input },
	UNIT_END
};
