// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of nested_check: what leafstat read inside a Linux guest
 * (nested-guest.sh) against the host's own BPF count of that guest's
 * exits, and the guest's --check and cpuid-tool results.  The guest's
 * readings are moments in its life, the BPF count is the whole life: each
 * reading must be a prefix.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "exit_types.h"
#include "json_read.h"
#include "nested_checks.h"

/* A Linux guest's reboot executes CPUIDs too: 19 in our runs. */
#define SHUTDOWN_CPUIDS 64

static const char *dir;

static json_object *load(const char *name)
{
	json_object *o = json_load(dir, name);

	check(o != NULL, "%s/%s: missing, or not JSON", dir, name);
	return o;
}

/* A count of @o, or -1 if it has none: type 0 is a type. */
static long long num(json_object *o, const char *key)
{
	return json_num_or(o, key, -1);
}

static json_object *types_of(json_object *o)
{
	return json_get(o, "types");
}

/* The exits of @code in a leafstat or kvmexits JSON ("code" or "type"). */
static long long type_exits(json_object *o, const char *key, long long code)
{
	json_object *t = types_of(o);
	size_t i;

	for (i = 0; t && i < json_object_array_length(t); i++) {
		json_object *e = json_object_array_get_idx(t, i);

		if (num(e, key) == code)
			return num(e, "exits");
	}
	return 0;
}

static long long bpf_total(json_object *bpf)
{
	json_object *t = types_of(bpf);
	long long sum = 0;
	size_t i;

	for (i = 0; t && i < json_object_array_length(t); i++)
		sum += num(json_object_array_get_idx(t, i), "exits");
	return sum;
}

/* Every type of reading @early has no more exits in @late. */
static void is_prefix(json_object *early, const char *early_name,
		      json_object *late, const char *late_name,
		      const char *late_key)
{
	json_object *t = types_of(early);
	size_t i;

	check(t && json_object_array_length(t) > 0, "%s lists no exit types",
	      early_name);
	for (i = 0; t && i < json_object_array_length(t); i++) {
		json_object *e = json_object_array_get_idx(t, i);
		long long code = num(e, "code");
		long long later = type_exits(late, late_key, code);

		check(num(e, "exits") <= later,
		      "type %#llx: %s has %lld exits, %s only %lld", code,
		      early_name, num(e, "exits"), late_name, later);
	}
}

static void test_guest_check(void)
{
	char path[512], line[512];
	int oks = 0, fails = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/check.txt", dir);
	f = fopen(path, "r");
	check(f != NULL, "%s: the guest sent no --check output", path);
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "ok ", 3))
			oks++;
		if (!strncmp(line, "not ok ", 7)) {
			fails++;
			check(0, "guest: %s", strtok(line, "\n"));
		}
	}
	if (f)
		fclose(f);
	check(oks + fails >= 6, "%d checks ran in the guest, not 6", oks + fails);
}

static void test_boot_census_is_prefix(void)
{
	json_object *boot = load("boot-census.json"), *last = load("final.json");

	check(num(boot, "exits") > 0 && num(boot, "exits") <= num(last, "exits"),
	      "boot census %lld exits, final reading %lld", num(boot, "exits"),
	      num(last, "exits"));
	is_prefix(boot, "the boot census", last, "the final reading", "code");
	json_object_put(boot);
	json_object_put(last);
}

/*
 * The host's count is the whole life of the guest, the final reading a
 * moment before its end; after that moment the guest printed its JSON and
 * rebooted, which takes port I/O and other exits, but CPUIDs only for the
 * rest of the final reading and a few in the reboot path.
 */
static void test_final_reading_is_prefix_of_bpf(void)
{
	json_object *last = load("final.json"), *bpf = load("bpf.json");
	const char *vendor = json_object_get_string(
		json_object_object_get(last, "vendor"));
	enum cpu_vendor v;
	long long cpuid, host_cpuid, host = bpf_total(bpf);

	check(vendor && !vendor_parse(vendor, &v), "final reading: no vendor");
	if (!vendor || vendor_parse(vendor, &v))
		goto out;
	is_prefix(last, "the final reading", bpf, "BPF", "type");
	check(num(last, "exits") <= host, "the guest read %lld exits, BPF counted %lld",
	      num(last, "exits"), host);
	cpuid = type_exits(last, "code", exit_type_cpuid(v));
	host_cpuid = type_exits(bpf, "type", exit_type_cpuid(v));
	check(host_cpuid >= cpuid &&
	      host_cpuid - cpuid <= num(last, "reads") + SHUTDOWN_CPUIDS,
	      "%lld CPUID exits after the final reading, which made %lld reads",
	      host_cpuid - cpuid, num(last, "reads"));
	printf("# the guest read %lld exits at its last reading; BPF counted %lld over its life (%lld after, %lld of them CPUID)\n",
	       num(last, "exits"), host, host - num(last, "exits"),
	       host_cpuid - cpuid);
out:
	json_object_put(last);
	json_object_put(bpf);
}

/*
 * Debian's cpuid tool read 0x4ffffffc between two leafstat readings: its
 * count is past the first reading and its own reads, and before the second.
 */
static void test_cpuid_tool(void)
{
	json_object *before = load("cpuid-before.json"), *after = load("cpuid-after.json");
	unsigned int eax = 0, ebx = 1, ecx = 1, edx = 1;
	char path[512], line[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cpuid.txt", dir);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, "0x4ffffffc 0x00: ");

		found = p && sscanf(p, "0x4ffffffc 0x00: eax=%x ebx=%x ecx=%x edx=%x",
				    &eax, &ebx, &ecx, &edx) == 4;
	}
	if (f)
		fclose(f);
	check(found, "%s has no line for leaf 0x4ffffffc", path);
	check(!ebx && !ecx && !edx, "cpuid tool: ebx=%#x ecx=%#x edx=%#x, not zero",
	      ebx, ecx, edx);
	check(num(before, "exits") + num(before, "reads") <= eax &&
	      eax < num(after, "exits"),
	      "cpuid tool read %u exits; leafstat read %lld (+%lld reads) before and %lld after",
	      eax, num(before, "exits"), num(before, "reads"), num(after, "exits"));
	json_object_put(before);
	json_object_put(after);
}

static void test_rates(void)
{
	json_object *r = load("rates.json"), *iv = NULL, *rate = NULL;
	size_t i, n;

	if (r) {
		json_object_object_get_ex(r, "intervals", &iv);
		json_object_object_get_ex(r, "rate", &rate);
	}
	n = iv ? json_object_array_length(iv) : 0;
	check(n == 10 && num(rate, "n") == 10, "%zu intervals, asked for 10", n);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(iv, i), *s;
		double sec = json_object_object_get_ex(e, "seconds", &s) ?
			     json_object_get_double(s) : -1;

		check(sec >= 0.2 && sec < 60, "interval %zu lasted %.3f s, asked 0.2",
		      i + 1, sec);
	}
	json_object_put(r);
}

static const struct test_case tests[] = {
	{ "leafstat --check passed in the guest", test_guest_check },
	{ "the boot census is a prefix of the final reading", test_boot_census_is_prefix },
	{ "the final reading is a prefix of the host's BPF count", test_final_reading_is_prefix_of_bpf },
	{ "Debian's cpuid tool reads 0x4ffffffc in order", test_cpuid_tool },
	{ "leafstat's intervals", test_rates },
};

int nested_check_dir(const char *files)
{
	dir = files;
	return run_tests(tests, sizeof(tests) / sizeof(tests[0]), "guest", 1, NULL);
}
