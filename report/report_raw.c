// SPDX-License-Identifier: GPL-2.0
/*
 * A result set carries the files it was made from, under raw/, so that
 * report can write it again, and check it again, from the folder alone.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
	size_t n;
	int ret = 0;

	if (!in || !out) {
		fprintf(stderr, "report: copying %s to %s: %s\n", from, to, strerror(errno));
		if (in)
			fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ret = -1;
	if (ferror(in))
		ret = -1;
	fclose(in);
	if (fclose(out) || ret) {
		fprintf(stderr, "report: copying %s to %s failed\n", from, to);
		return -1;
	}
	return 0;
}

/* The regular files of run folder @from, into @to. */
static int copy_run(const char *from, const char *to)
{
	char src[2048], dst[2048];
	struct dirent *d;
	struct stat st;
	DIR *dir = opendir(from);
	int ret = 0;

	if (!dir || mkdir(to, 0755)) {
		fprintf(stderr, "report: %s: %s\n", dir ? to : from, strerror(errno));
		if (dir)
			closedir(dir);
		return -1;
	}
	while (!ret && (d = readdir(dir))) {
		snprintf(src, sizeof(src), "%s/%s", from, d->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, d->d_name);
		if (d->d_name[0] != '.' && !stat(src, &st) && S_ISREG(st.st_mode))
			ret = copy_file(src, dst);
	}
	closedir(dir);
	return ret;
}

int report_copy_raw(const struct run_dir *runs, int nr_runs, const char *env_path,
		    const char *out)
{
	char raw[1024], path[1280];
	int i;

	snprintf(raw, sizeof(raw), "%s/raw", out);
	if (mkdir(raw, 0755)) {
		fprintf(stderr, "report: mkdir %s: %s\n", raw, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/env.txt", raw);
	if (copy_file(env_path, path))
		return -1;
	for (i = 0; i < nr_runs; i++) {
		snprintf(path, sizeof(path), "%s/%s", raw, runs[i].vendor);
		if (copy_run(runs[i].path, path))
			return -1;
	}
	return 0;
}

void report_raw_command(FILE *md, const struct run_dir *runs, int nr_runs)
{
	int i;

	fprintf(md, "\nThe files this set was made from are in `raw/`; from this "
		"folder, `report DIR raw/env.txt");
	for (i = 0; i < nr_runs; i++)
		fprintf(md, " %s=raw/%s", runs[i].vendor, runs[i].vendor);
	fprintf(md, "` writes it again under DIR, and `tests/host/report-again.sh` "
		"checks that it comes out the same.\n");
}
