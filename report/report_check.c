// SPDX-License-Identifier: GPL-2.0
/*
 * report --check ROOT: is the newest result set under ROOT complete?  The
 * index links it, its README states the environment, both vendors have
 * rows in the CSV files, on the test kernel and on Debian's own, and every
 * plot it shows is there, a whole SVG.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_all.h"
#include "report.h"
#include "tap.h"

static const char *const vendors[] = { "svm", "vmx" };
static const char *const plots[] = { "overhead", "scaling", "census", "latency",
				     "validate" };
static const char *const env_keys[] = { "date:", "command:", "kernel:",
					"baseline:", "series:" };

static void verdict(struct tap *t, bool ok, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	tap_result(t, ok, "report: %s", what);
}

static bool raw_has(const char *set, const char *name)
{
	char path[2048];

	snprintf(path, sizeof(path), "%s/raw/%s", set, name);
	return !access(path, R_OK);
}

static bool is_svg(const char *s)
{
	const char *end = s ? strstr(s, "</svg>") : NULL;

	return s && !strncmp(s, "<?xml", 5) && strstr(s, "<svg") && end &&
	       strspn(end + 6, " \r\n") == strlen(end + 6);
}

static bool csv_has_rows(const char *csv, const char *vendor)
{
	char key[48];

	snprintf(key, sizeof(key), "\n%s,", vendor);
	return csv && strstr(csv, key);
}

/* Whether bench.csv has a row of @vendor whose config (third field) is @config. */
static bool csv_has_config(const char *csv, const char *vendor, const char *config)
{
	char key[48];
	size_t n = strlen(config);
	const char *p = csv, *c;

	snprintf(key, sizeof(key), "\n%s,", vendor);
	while (p && (p = strstr(p, key))) {
		p += strlen(key);
		c = strpbrk(p, ",\n");
		if (c && *c == ',' && !strncmp(c + 1, config, n) && c[1 + n] == ',')
			return true;
	}
	return false;
}

/* Whether model.csv has a row of @vendor in @mode (its second field). */
static bool csv_has_mode(const char *csv, const char *vendor, const char *mode)
{
	char key[64];

	snprintf(key, sizeof(key), "\n%s,%s,", vendor, mode);
	return csv && strstr(csv, key);
}

/* Plot @plot of @run: linked from the set's README, and a whole SVG. */
static void plot_shown(struct tap *t, const char *set, const char *md,
		       const char *plot, const char *run)
{
	char file[64], link[96], *svg;

	snprintf(file, sizeof(file), "%s-%s.svg", plot, run);
	snprintf(link, sizeof(link), "](%s)", file);
	svg = read_all_in(set, file);
	verdict(t, md && strstr(md, link) && is_svg(svg),
		"%s is shown and is a whole SVG", file);
	free(svg);
}

int report_check(const char *root)
{
	char set[1024], name[256] = "";
	char *index = read_all_in(root, "README.md"), *md, *csv[3];
	const char *newest = index ? strstr(index, "Newest: [") : NULL;
	struct tap t = {};
	struct dirent *d = NULL;
	size_t i, v;
	DIR *dir;

	verdict(&t, newest && sscanf(newest, "Newest: [%255[^]]", name) == 1,
		"%s/README.md links the newest set", root);
	snprintf(set, sizeof(set), "%s/%s", root, name);
	md = read_all_in(set, "README.md");
	verdict(&t, md && strstr(md, "## Environment"), "%s/README.md states its environment",
		set);
	for (i = 0; i < sizeof(env_keys) / sizeof(env_keys[0]); i++)
		verdict(&t, md && strstr(md, env_keys[i]), "environment has '%s'",
			env_keys[i]);
	csv[0] = read_all_in(set, "validate.csv");
	csv[1] = read_all_in(set, "bench.csv");
	for (v = 0; v < 2; v++) {
		verdict(&t, csv_has_rows(csv[0], vendors[v]), "validate.csv has %s rows",
			vendors[v]);
		verdict(&t, csv_has_rows(csv[1], vendors[v]), "bench.csv has %s rows",
			vendors[v]);
		for (i = 0; i < sizeof(plots) / sizeof(plots[0]); i++)
			plot_shown(&t, set, md, plots[i], vendors[v]);
	}
	/* The runs on Debian's own kernel: bench against its stock modules. */
	for (v = 0; v < 2; v++) {
		char run[32];

		snprintf(run, sizeof(run), "debian-%s", vendors[v]);
		verdict(&t, csv_has_config(csv[1], run, "off") &&
			csv_has_config(csv[1], run, "stock"),
			"bench.csv has %s rows, off and Debian's stock modules", run);
		plot_shown(&t, set, md, "overhead", run);
	}
	/*
	 * The model: the primitives measured on the build host, and rows of
	 * both modes for each vendor whose engine's TSC counts instructions
	 * (the environment line "svm: ..." or "vmx: ..." says so).  An
	 * emulated engine must count them: the timing boots ask for one.
	 */
	csv[2] = read_all_in(set, "model.csv");
	verdict(&t, md && strstr(md, "### Primitives on the build host's CPU") &&
		strstr(md, "\n| atomic | 1 | ") && strstr(md, "\n| rdtsc | 1 | "),
		"the primitives' costs on the build host are shown");
	for (v = 0; v < 2; v++) {
		char key[16], line[512] = "";
		const char *e;

		snprintf(key, sizeof(key), "\n%s: ", vendors[v]);
		e = md ? strstr(md, key) : NULL;
		if (e)
			sscanf(e + 1, "%511[^\n]", line);
		if (strstr(line, ": emulated:"))
			verdict(&t, strstr(line, "the TSC counts instructions") != NULL,
				"%s's emulated timings count instructions", vendors[v]);
		if (!strstr(line, "the TSC counts instructions"))
			continue;
		verdict(&t, csv_has_mode(csv[2], vendors[v], "atomic") &&
			csv_has_mode(csv[2], vendors[v], "vcpu"),
			"model.csv has %s rows of modes atomic and vcpu (its TSC counts "
			"instructions)", vendors[v]);
	}
	verdict(&t, raw_has(set, "env.txt") && raw_has(set, "svm/validate.json") &&
		raw_has(set, "vmx/validate.json"),
		"raw/ holds the files the set was made from");
	/* A set is renamed into place whole: nothing half-written is left. */
	dir = opendir(root);
	while (dir && (d = readdir(dir)) && !strstr(d->d_name, ".tmp"))
		;
	verdict(&t, dir && !d, "no half-written set (*.tmp) under %s", root);
	if (dir)
		closedir(dir);
	free(index);
	free(md);
	free(csv[0]);
	free(csv[1]);
	free(csv[2]);
	return tap_finish(&t);
}
