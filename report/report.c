// SPDX-License-Identifier: GPL-2.0
/*
 * report: write a result set under results/ from make run's raw JSON.
 * The set is built in a temporary folder and renamed into place, and the
 * index results/README.md is rewritten (also atomically) to list it.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "read_all.h"
#include "report.h"

#define MAX_SETS 256

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Take away a half-written set, raw/ included. */
static void remove_set(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int cmp_desc(const void *a, const void *b)
{
	return -strcmp(*(char *const *)a, *(char *const *)b);
}

/* results/README.md: every set, newest first, the newest one linked on top. */
static int write_index(const char *root)
{
	char path[1024], tmp[1040], *names[MAX_SETS];
	struct dirent *d;
	int n = 0, i;
	DIR *dir = opendir(root);
	FILE *f;

	if (!dir) {
		fprintf(stderr, "report: %s: %s\n", root, strerror(errno));
		return -1;
	}
	while ((d = readdir(dir)) && n < MAX_SETS) {
		snprintf(path, sizeof(path), "%s/%s/README.md", root, d->d_name);
		if (d->d_name[0] != '.' && !strstr(d->d_name, ".tmp") &&
		    !access(path, R_OK) && (names[n] = strdup(d->d_name)))
			n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_desc);

	snprintf(path, sizeof(path), "%s/README.md", root);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "report: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "# Results\n\nEach folder is one `make run`: its README.md has the "
		"environment it came from and the command that reproduces it, with "
		"tables, CSV files and SVG plots generated from the raw JSON "
		"(`report/report.c`).\n\n");
	if (n)
		fprintf(f, "Newest: [%s](%s/README.md)\n\n", names[0], names[0]);
	for (i = 0; i < n; i++) {
		fprintf(f, "- [%s](%s/README.md)\n", names[i], names[i]);
		free(names[i]);
	}
	return fclose(f) || rename(tmp, path) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct run_dir runs[8];
	char name[64], dir[1024], tmp[1040];
	const char *root;
	char *env;
	time_t now = time(NULL);
	int i, n = 0;

	if (argc == 3 && !strcmp(argv[1], "--check"))
		return report_check(argv[2]);
	if (argc < 4) {
		fprintf(stderr, "usage: report RESULTS_DIR ENV_FILE VENDOR=RUN_DIR...\n"
			"       report --check RESULTS_DIR\n"
			"  e.g. report results .output/env.txt svm=.output/run-svm "
			"vmx=.output/run-vmx\n");
		return 2;
	}
	root = argv[1];
	env = read_all(argv[2]);
	if (!env) {
		fprintf(stderr, "report: cannot read %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	for (i = 3; i < argc && n < 8; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "report: expected VENDOR=RUN_DIR, not %s\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		runs[n++] = (struct run_dir){ argv[i], eq + 1 };
	}

	strftime(name, sizeof(name), "%Y-%m-%d-%H%M%S", gmtime(&now));
	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", dir);
	mkdir(root, 0755);
	if (mkdir(tmp, 0755)) {
		fprintf(stderr, "report: mkdir %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	if (report_write(runs, n, env, tmp) || report_copy_raw(runs, n, argv[2], tmp) ||
	    rename(tmp, dir)) {
		remove_set(tmp);
		fprintf(stderr, "report: no result set written (see above)\n");
		return 1;
	}
	if (write_index(root)) {
		fprintf(stderr, "report: %s written, but not listed in %s/README.md "
			"(see above)\n", dir, root);
		return 1;
	}
	printf("report: wrote %s\n", dir);
	return 0;
}
