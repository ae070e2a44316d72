// SPDX-License-Identifier: GPL-2.0
/* The report generator on small JSON inputs written here, not from a run. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../report/report.h"
#include "read_all.h"
#include "unit.h"

/* @dir/@name whole, "" if missing; good until the next call. */
static char *slurp(const char *dir, const char *name)
{
	static char *last, empty[1];

	free(last);
	last = read_all_in(dir, name);
	return last ? last : empty;
}

/* Remove a test's folder and the files in it. */
static void cleanup(const char *dir)
{
	static const char *const names[] = {
		"validate.json", "bench.json", "bench-baseline.json", "README.md",
		"validate.csv", "bench.csv", "overhead-svm.svg", "overhead-vmx.svg",
		"boot-census.json", "bpf.json", "validate-svm.svg", "scaling-svm.svg",
		"census-svm.svg", "latency-svm.svg", "validate-vmx.svg", "scaling-vmx.svg",
		"census-vmx.svg", "latency-vmx.svg", "rates.json", "kernel.json",
		"overhead-debian-svm.svg", "overhead-debian-vmx.svg", "engine.txt",
		"primcost.json", "model.csv", "env.txt",
	};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* One vendor's raw JSON, small and made up, with known results. */
static void put_inputs(const char *run)
{
	unit_put(run, "validate.json",
	    "{\"vendor\": \"amd\", \"measurements\": ["
	    "{\"workload\": \"cpuid\", \"mode\": \"vcpu\", \"scope\": \"vm\", "
	    "\"tries\": 1, \"ok\": true, \"perf\": {\"total\": 5, \"types\": [5]}},"
	    "{\"workload\": \"hlt\", \"mode\": \"atomic\", \"scope\": \"global\", "
	    "\"tries\": 2, \"ok\": false}]}");
	/* off: 100 cycles, atomic: 110, tp_btf: 300; the baseline: 98. */
	unit_put(run, "bench.json",
	    "{\"samples\": ["
	    "{\"workload\": \"cpuid\", \"config\": \"off\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [100, 101, 99]},"
	    "{\"workload\": \"cpuid\", \"config\": \"atomic\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [110, 111.1, 108.9]},"
	    "{\"workload\": \"cpuid\", \"config\": \"bpf-tp_btf\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [300, 300, 300]},"
	    "{\"workload\": \"cpuid\", \"config\": \"off\", \"vcpus\": 2, "
	    "\"cycles_per_exit\": [999, 999]},"
	    "{\"workload\": \"cpuid\", \"config\": \"atomic\", \"vcpus\": 2, "
	    "\"cycles_per_exit\": [1200, 1300, 1250]},"
	    /* The scaling's one-vCPU row comes after: not the table's. */
	    "{\"workload\": \"cpuid\", \"config\": \"off\", \"vcpus\": 1, "
	    "\"cycles_per_exit\": [5000, 5000]}], "
	    "\"memory\": {\"vcpu_bytes\": 2784, \"vm_bytes\": 2784}, \"read_cost\": ["
	    "{\"vms\": 1, \"vcpus\": 8, \"scope\": \"vm\", \"leaf\": \"cpuid\", "
	    "\"cycles_per_read\": [100, 100, 100]},"
	    "{\"vms\": 1, \"vcpus\": 8, \"scope\": \"vm\", \"leaf\": \"leaf_total\", "
	    "\"cycles_per_read\": [150, 150, 150]}]}");
	/* 400 exits: 300 I/O at 2000 cycles, 100 CPUID at 500. */
	unit_put(run, "boot-census.json",
	    "{\"vendor\": \"amd\", \"exits\": 400, \"cycles\": 650000, "
	    "\"reads\": 9, \"types\": ["
	    "{\"code\": 114, \"name\": \"cpuid\", \"exits\": 100, \"cycles\": 50000},"
	    "{\"code\": 123, \"name\": \"io\", \"exits\": 300, \"cycles\": 600000}]}");
	unit_put(run, "rates.json",
	    "{\"intervals\": [], \"rate\": {\"n\": 3, \"median\": 1200, "
	    "\"min\": 1100, \"max\": 1300, \"mean\": 1200, \"cv\": 0.0833}}");
	/* 300 I/O exits: 100 in [1024, 2048) ns, 200 in [2048, 4096). */
	unit_put(run, "bpf.json",
	    "{\"time_s\": 1.0, \"types\": ["
	    "{\"isa\": \"svm\", \"type\": 123, \"name\": \"io\", \"exits\": 300, "
	    "\"handled\": 300, \"timed\": 300, \"time_ns\": 450000, "
	    "\"hist_log2_ns\": [0,0,0,0,0,0,0,0,0,0,100,200]},"
	    "{\"isa\": \"svm\", \"type\": 114, \"name\": \"cpuid\", \"exits\": 100, "
	    "\"handled\": 100, \"timed\": 100, \"time_ns\": 50000, "
	    "\"hist_log2_ns\": [0,0,0,0,0,0,0,0,0,100]}]}");
	unit_put(run, "bench-baseline.json",
	    "{\"samples\": [{\"workload\": \"cpuid\", \"config\": \"stock\", "
	    "\"vcpus\": 1, \"cycles_per_exit\": [98, 98, 98]}]}");
	unit_put(run, "engine.txt", "emulated: Bochs; the TSC counts instructions\n");
	/* Read only for the build host's run: the primitives' costs. */
	unit_put(run, "primcost.json",
	    "{\"cpu\": \"Test CPU\", \"cpus\": 2, \"ops\": 1024, \"repeats\": 3, "
	    "\"kinds\": ["
	    "{\"primitive\": \"rdtsc\", \"threads\": 1, \"samples\": [20, 20, 20]},"
	    "{\"primitive\": \"add\", \"threads\": 1, \"samples\": [1, 1, 1]},"
	    "{\"primitive\": \"atomic\", \"threads\": 1, \"samples\": [12, 12, 12]},"
	    "{\"primitive\": \"atomic_shared\", \"threads\": 2, \"samples\": [100, 100, 100]},"
	    "{\"primitive\": \"atomic_private\", \"threads\": 2, \"samples\": [13, 13, 13]}]}");
	/* Read only for a run on Debian's kernel. */
	unit_put(run, "kernel.json",
	    "{\"kernel\": \"Debian's 6.12.117+deb12-amd64\", \"patched\": \"built here\", "
	    "\"stock\": \"Debian's own\"}");
}

static int is_svg(const char *s)
{
	return !strncmp(s, "<?xml", 5) && strstr(s, "<svg") && strstr(s, "</svg>");
}

static void test_result_set(void)
{
	char run[] = "/tmp/report-run.XXXXXX", out[] = "/tmp/report-out.XXXXXX";
	struct run_dir runs[1];
	char *s;

	CHECK(mkdtemp(run) && mkdtemp(out), "temporary folders");
	put_inputs(run);
	runs[0] = (struct run_dir){ "svm", run };
	CHECK(report_write(runs, 1, "date: unit test\n", out) == 0, "report_write");

	s = slurp(out, "README.md");
	CHECK(strstr(s, "date: unit test") != NULL, "environment on top");
	CHECK(strstr(s, "| hlt | atomic | global | 2 | **differ** |") != NULL,
	      "validate row:\n%s", s);
	CHECK(strstr(s, "1 of 2 configurations agree.") != NULL, "validate count");
	CHECK(strstr(s, "2784 bytes per vCPU (mode vcpu), 2784 per VM") != NULL,
	      "counter memory");
	CHECK(strstr(s, "| 1 x 8 | vm | leaf_total | +50 [+50, +50] |") != NULL,
	      "read cost row:\n%s", s);
	CHECK(strstr(s, "and perf stat on kvm:kvm_exit (in 1 of them).") != NULL,
	      "perf as a source where validate ran it");
	CHECK(strstr(s, "| cpuid | 100 [99, 101] | 110 [109, 111] | 300 [300, 300] "
		     "| 98 [98, 98] |") != NULL, "bench row:\n%s", s);
	CHECK(strstr(s, "+10.0%") && strstr(s, "+200.0%") && strstr(s, "-2.0%"),
	      "overheads against off");
	/* The scaling takes its own one-vCPU row where it has one (off). */
	CHECK(strstr(s, "| 1 | 5000 | 110 | 300 |\n| 2 | 999 | 1250 | - |") != NULL,
	      "scaling table:\n%s", s);
	CHECK(strstr(s, "read the leaves: 400 exits, 650000 cycles (1625 per exit)") &&
	      strstr(s, "| 0x7b | io | 300 | 75.00 | 2000 |\n| 0x72 | cpuid | 100 | 25.00 | 500 |"),
	      "census, most exits first:\n%s", s);
	CHECK(strstr(s, "| io | 300 | 300 | 1.50 |\n| cpuid | 100 | 100 | 0.50 |") != NULL,
	      "latency table");
	CHECK(strstr(s, "median 1200 exits/s over 3 intervals of 0.2 s (min 1100, max 1300, "
		     "coefficient of variation 8.3%)") != NULL, "rates");

	s = slurp(out, "bench.csv");
	CHECK(strstr(s, "svm,cpuid,atomic,110.0,") != NULL, "bench.csv:\n%s", s);
	CHECK(strstr(s, "svm,cpuid,stock,98.0,98.0,98.0,3") != NULL, "baseline");
	s = slurp(out, "validate.csv");
	CHECK(strstr(s, "svm,hlt,atomic,global,2,fail") != NULL, "validate.csv:\n%s", s);

	s = slurp(out, "overhead-svm.svg");
	CHECK(is_svg(s), "a whole SVG document");
	CHECK(strstr(s, "bpf-tp_btf") != NULL, "the plot names its series");
	s = slurp(out, "validate-svm.svg");
	CHECK(is_svg(s) && strstr(s, "DIFFER") && strstr(s, "vcpu/vm"),
	      "validate matrix");
	s = slurp(out, "scaling-svm.svg");
	CHECK(is_svg(s) && strstr(s, "atomic") && !strstr(s, "bpf-tp_btf"),
	      "scaling draws only configs measured on 2 vCPU counts");
	s = slurp(out, "census-svm.svg");
	CHECK(is_svg(s) && strstr(s, ">io<") && strstr(s, ">cpuid<"), "census plot");
	s = slurp(out, "latency-svm.svg");
	CHECK(is_svg(s) && strstr(s, ">io<"), "latency plot");
	cleanup(run);
	cleanup(out);
}

/* A run on Debian's kernel: its kernel and modules, bench against stock. */
static void test_debian_run(void)
{
	char run[] = "/tmp/report-run.XXXXXX", out[] = "/tmp/report-out.XXXXXX";
	struct run_dir runs[1];
	char path[320], *s;

	CHECK(mkdtemp(run) && mkdtemp(out), "temporary folders");
	put_inputs(run);
	runs[0] = (struct run_dir){ "debian-svm", run };
	CHECK(report_write(runs, 1, "date: unit test\n", out) == 0, "report_write");
	s = slurp(out, "README.md");
	CHECK(strstr(s, "## debian-svm: Debian's own kernel\n\n"
		     "- kernel: Debian's 6.12.117+deb12-amd64\n- patched: built here\n"
		     "- stock: Debian's own\n") != NULL, "which kernel and modules:\n%s", s);
	CHECK(strstr(s, "| cpuid | 100 [99, 101] | 110 [109, 111] | 300 [300, 300] "
		     "| 98 [98, 98] |") != NULL, "bench against Debian's stock modules");
	CHECK(!strstr(s, "validate"), "no validate table for a Debian run");
	s = slurp(out, "bench.csv");
	CHECK(strstr(s, "debian-svm,cpuid,stock,98.0,98.0,98.0,3") != NULL, "bench.csv:\n%s", s);
	CHECK(is_svg(slurp(out, "overhead-debian-svm.svg")), "its overhead plot");
	snprintf(path, sizeof(path), "%s/kernel.json", run);
	unlink(path);
	CHECK(report_write(runs, 1, "", out) == -1, "no kernel.json, no report");
	cleanup(run);
	cleanup(out);
}

/*
 * The model: bench's +10 instructions of mode atomic on a CPUID exit (from
 * 108.9..111.1 against 99..101: an interval of +8 to +12), with
 * primcost's RDTSC at 20 cycles, a lone locked add at 12, and one on a
 * line two CPUs share at 100: 1 RDTSC and 2 adds, 7 other instructions.
 */
static void test_model(void)
{
	char run[] = "/tmp/report-run.XXXXXX", out[] = "/tmp/report-out.XXXXXX";
	struct run_dir runs[2];
	char *s;

	CHECK(mkdtemp(run) && mkdtemp(out), "temporary folders");
	put_inputs(run);
	runs[0] = (struct run_dir){ "svm", run };
	runs[1] = (struct run_dir){ "host", run };
	CHECK(report_write(runs, 2, "date: unit test\n", out) == 0, "report_write");
	s = slurp(out, "README.md");
	CHECK(strstr(s, "`primcost` on Test CPU (2 CPUs), 3 samples") &&
	      strstr(s, "| atomic_shared | 2 | 100.0 [100.0, 100.0] |"),
	      "the primitives' table:\n%s", s);
	CHECK(strstr(s, "| svm | atomic | 1 | +10 [+8, +12] | 1 rdtsc, 2 atomic | 44 [44, 44] "
		     "| 7 | 46 to 51 |\n| svm | atomic | 2 | +10 [+8, +12] | 1 rdtsc, 2 "
		     "atomic_shared | 220 [220, 220] | 7 | 222 to 227 |\n") != NULL,
	      "model rows:\n%s", s);
	CHECK(!strstr(s, "| svm | vcpu |"), "no row for a mode bench did not run");
	s = slurp(out, "model.csv");
	CHECK(strstr(s, "svm,atomic,2,10,220.0,220.0,220.0,7,221.8,227.0\n") != NULL,
	      "model.csv:\n%s", s);
	unit_put(run, "engine.txt", "emulated: QEMU TCG; the TSC follows the host's clock\n");
	CHECK(report_write(runs, 2, "date: unit test\n", out) == 0, "report_write");
	s = slurp(out, "README.md");
	CHECK(!strstr(s, "| svm | atomic |") &&
	      strstr(s, "svm is not modelled: its engine's TSC does not count instructions"),
	      "no model from a TSC that does not count instructions:\n%s", s);
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

/* Write @text into @dir/@name with its first @from turned into @to. */
static void text_replace(const char *dir, const char *name, const char *text,
			 const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	CHECK(at != NULL, "'%s' in %s", from, name);
	if (!at)
		return;
	CHECK(asprintf(&out, "%.*s%s%s", (int)(at - text), text, to,
		       at + strlen(from)) > 0, "asprintf");
	unit_put(dir, name, out);
	free(out);
}

static void test_check_set(void)
{
	char root[] = "/tmp/report-root.XXXXXX", run[] = "/tmp/report-run.XXXXXX";
	char set[256], path[320], *text = NULL;
	struct run_dir runs[5];
	size_t size;
	FILE *out = open_memstream(&text, &size), *saved = stdout;
	int ok_whole, ok_no_index, ok_no_plot, ok_no_debian, ok_no_stock, ok_tmp;
	int ok_no_model, ok_wall_clock, ok_no_raw;
	char *csv;

	CHECK(mkdtemp(root) && mkdtemp(run), "temporary folders");
	put_inputs(run);
	snprintf(set, sizeof(set), "%s/2026-01-01-000000", root);
	mkdir(set, 0755);
	runs[0] = (struct run_dir){ "svm", run };
	runs[1] = (struct run_dir){ "vmx", run };
	runs[2] = (struct run_dir){ "debian-svm", run };
	runs[3] = (struct run_dir){ "debian-vmx", run };
	runs[4] = (struct run_dir){ "host", run };
	CHECK(report_write(runs, 5, "date: x\ncommand: y\nkernel: z\n"
			   "baseline: w\nseries: v\n"
			   "svm: emulated: the TSC counts instructions\n",
			   set) == 0, "report_write");
	unit_put(run, "env.txt", "date: x\n");
	snprintf(path, sizeof(path), "%s/env.txt", run);
	CHECK(report_copy_raw(runs, 5, path, set) == 0, "report_copy_raw");
	/* The inputs have mode atomic only; the check wants both modes. */
	unit_put(set, "model.csv", "vendor,mode,cpus\nsvm,atomic,1\nsvm,vcpu,1\n");
	stdout = out;
	ok_no_index = report_check(root);
	unit_put(root, "README.md", "Newest: [2026-01-01-000000](2026-01-01-000000/README.md)\n");
	ok_whole = report_check(root);
	snprintf(path, sizeof(path), "%s/census-vmx.svg", set);
	rename(path, "/tmp/report-census-vmx.svg");
	ok_no_plot = report_check(root);
	rename("/tmp/report-census-vmx.svg", path);
	csv = strdup(slurp(set, "bench.csv"));
	unit_put(set, "bench.csv", "vendor,workload,config,median,lo95,hi95,n\n"
		 "svm,cpuid,stock,98.0,98.0,98.0,3\ndebian-svm,cpuid,off,1,1,1,3\n");
	ok_no_stock = report_check(root);
	unit_put(set, "bench.csv", csv);
	free(csv);
	snprintf(path, sizeof(path), "%s/overhead-debian-vmx.svg", set);
	rename(path, "/tmp/report-overhead-debian-vmx.svg");
	ok_no_debian = report_check(root);
	rename("/tmp/report-overhead-debian-vmx.svg", path);
	csv = strdup(slurp(set, "model.csv"));
	unit_put(set, "model.csv", "vendor,mode\nsvm,atomic,1\nvmx,vcpu,1\n");
	ok_no_model = report_check(root);
	unit_put(set, "model.csv", csv);
	free(csv);
	csv = strdup(slurp(set, "README.md"));
	text_replace(set, "README.md", csv, "svm: emulated: the TSC counts instructions",
		     "svm: emulated: the TSC follows the host's clock");
	ok_wall_clock = report_check(root);
	unit_put(set, "README.md", csv);
	free(csv);
	snprintf(path, sizeof(path), "%s/raw/svm/validate.json", set);
	rename(path, "/tmp/report-raw-validate.json");
	ok_no_raw = report_check(root);
	rename("/tmp/report-raw-validate.json", path);
	snprintf(path, sizeof(path), "%s/2026-01-02-000000.tmp", root);
	mkdir(path, 0755);
	ok_tmp = report_check(root);
	rmdir(path);
	stdout = saved;
	fclose(out);
	CHECK(ok_whole == 0, "a whole set passes:\n%s", text);
	CHECK(ok_no_index == 1, "no index fails");
	CHECK(ok_no_plot == 1 && unit_has_failed(text, "report: census-vmx.svg is shown"),
	      "a missing plot fails");
	CHECK(ok_no_stock == 1 &&
	      unit_has_failed(text, "report: bench.csv has debian-svm rows, off and Debian's stock"),
	      "a Debian run without Debian's stock modules fails");
	CHECK(ok_no_debian == 1 &&
	      unit_has_failed(text, "report: overhead-debian-vmx.svg is shown"),
	      "a missing run on Debian's kernel fails");
	CHECK(ok_no_model == 1 &&
	      unit_has_failed(text, "report: model.csv has svm rows of modes atomic and vcpu"),
	      "a vendor that counts instructions without model rows fails");
	CHECK(ok_wall_clock == 1 &&
	      unit_has_failed(text, "report: svm's emulated timings count instructions"),
	      "emulated timings that follow the host's clock fail");
	CHECK(ok_no_raw == 1 &&
	      unit_has_failed(text, "report: raw/ holds the files the set was made from"),
	      "a set without its raw files fails");
	CHECK(ok_tmp == 1 && unit_has_failed(text, "report: no half-written set"),
	      "a half-written set fails");
	free(text);
	snprintf(path, sizeof(path), "rm -rf '%s/raw'", set);
	CHECK(system(path) == 0, "%s", path);
	snprintf(path, sizeof(path), "%s/README.md", root);
	unlink(path);
	cleanup(set);
	cleanup(run);
	rmdir(root);
}

UNIT_TESTS(report_tests) = {
	{ "report: --check finds a whole set and what a set lacks", test_check_set },
	{ "report: a result set from small JSON inputs", test_result_set },
	{ "report: missing input is an error", test_missing_input },
	{ "report: the model of a mode's cost on the build host", test_model },
	{ "report: a run on Debian's kernel", test_debian_run },
	UNIT_END
};
