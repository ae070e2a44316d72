// SPDX-License-Identifier: GPL-2.0
/*
 * nested_check on the files a Linux guest and the host's BPF count would
 * leave, written here with known numbers: consistent ones pass, and each
 * kind of inconsistency fails the check that should catch it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../report/nested_checks.h"
#include "unit.h"

static const char *const files[] = {
	"check.txt", "boot-census.json", "final.json", "bpf.json",
	"cpuid-before.json", "cpuid.txt", "cpuid-after.json", "rates.json",
};

/* AMD: CPUID is 0x72 (114), I/O 0x7b (123). */
static void put_consistent(const char *dir)
{
	char rates[2048] = "{\"intervals\": [";
	int i;

	unit_put(dir, "check.txt", "ok 1 - a\nok 2 - b\nok 3 - c\nok 4 - d\nok 5 - e\n"
	    "ok 6 - f\n6 passed, 0 failed\n");
	unit_put(dir, "boot-census.json", "{\"vendor\": \"amd\", \"exits\": 100, \"reads\": 9, "
	    "\"types\": [{\"code\": 114, \"exits\": 10}, {\"code\": 123, \"exits\": 90}]}");
	unit_put(dir, "final.json", "{\"vendor\": \"amd\", \"exits\": 300, \"reads\": 80, "
	    "\"types\": [{\"code\": 114, \"exits\": 100}, {\"code\": 123, \"exits\": 200}]}");
	/* 50 CPUIDs after the final reading: its 80 reads cover them. */
	unit_put(dir, "bpf.json", "{\"types\": [{\"type\": 114, \"exits\": 150}, "
	    "{\"type\": 123, \"exits\": 400}]}");
	unit_put(dir, "cpuid-before.json", "{\"exits\": 200, \"reads\": 80, \"types\": []}");
	/* 0x119 = 281: past 200 and the 80 reads, before 290. */
	unit_put(dir, "cpuid.txt", "CPUID:\n   0x4ffffffc 0x00: eax=0x00000119 ebx=0x00000000 "
	    "ecx=0x00000000 edx=0x00000000\n");
	unit_put(dir, "cpuid-after.json", "{\"exits\": 290, \"reads\": 80, \"types\": []}");
	for (i = 0; i < 10; i++)
		snprintf(rates + strlen(rates), sizeof(rates) - strlen(rates),
			 "%s{\"seconds\": 0.201, \"exits\": 250}", i ? "," : "");
	strcat(rates, "], \"rate\": {\"n\": 10}}");
	unit_put(dir, "rates.json", rates);
}

/* nested_check_dir's status, its output appended to @log. */
static int run_check(const char *dir, char **log)
{
	char *text = NULL;
	size_t size;
	FILE *out = open_memstream(&text, &size), *saved = stdout;
	int rc;

	fflush(stdout);
	stdout = out;
	rc = nested_check_dir(dir);
	stdout = saved;
	fclose(out);
	*log = text;
	return rc;
}

static void test_nested_check(void)
{
	char dir[] = "/tmp/nested-check.XXXXXX", *log;
	size_t i;

	CHECK(mkdtemp(dir), "temporary folder");
	put_consistent(dir);
	CHECK(run_check(dir, &log) == 0 && strstr(log, "5 passed, 0 failed"),
	      "consistent files pass:\n%s", log);
	free(log);

	unit_put(dir, "bpf.json", "{\"types\": [{\"type\": 114, \"exits\": 150}, "
	    "{\"type\": 123, \"exits\": 150}]}");
	CHECK(run_check(dir, &log) == 1 &&
	      strstr(log, "type 0x7b: the final reading has 200 exits, BPF only 150") &&
	      unit_has_failed(log, "guest the final reading is a prefix"),
	      "BPF below the guest's reading:\n%s", log);
	free(log);

	put_consistent(dir);
	unit_put(dir, "bpf.json", "{\"types\": [{\"type\": 114, \"exits\": 300}, "
	    "{\"type\": 123, \"exits\": 400}]}");
	CHECK(run_check(dir, &log) == 1 &&
	      strstr(log, "200 CPUID exits after the final reading, which made 80 reads"),
	      "too many CPUIDs after the last reading:\n%s", log);
	free(log);

	put_consistent(dir);
	unit_put(dir, "cpuid.txt", "   0x4ffffffc 0x00: eax=0x00000100 ebx=0x00000000 "
	    "ecx=0x00000000 edx=0x00000000\n");
	CHECK(run_check(dir, &log) == 1 && strstr(log, "cpuid tool read 256 exits"),
	      "the cpuid tool before leafstat's first reading:\n%s", log);
	free(log);

	put_consistent(dir);
	unit_put(dir, "check.txt", "ok 1 - a\nnot ok 2 - b: why\n");
	CHECK(run_check(dir, &log) == 1 && strstr(log, "guest: not ok 2 - b: why") &&
	      strstr(log, "2 checks ran in the guest, not 6"),
	      "a failed --check in the guest:\n%s", log);
	free(log);

	put_consistent(dir);
	unit_put(dir, "boot-census.json", "{\"vendor\": \"amd\", \"exits\": 100, \"reads\": 9, "
	    "\"types\": [{\"code\": 114, \"exits\": 120}]}");
	CHECK(run_check(dir, &log) == 1 &&
	      strstr(log, "the boot census has 120 exits, the final reading only 100"),
	      "a boot census ahead of the final reading:\n%s", log);
	free(log);

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	CHECK(run_check(dir, &log) == 1 && strstr(log, "0 passed, 5 failed"),
	      "no files, every check fails:\n%s", log);
	free(log);
	rmdir(dir);
}

UNIT_TESTS(nested_check_tests) = {
	{ "nested_check: consistent files pass, each inconsistency fails", test_nested_check },
	UNIT_END
};
