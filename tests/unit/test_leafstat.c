// SPDX-License-Identifier: GPL-2.0
/*
 * leafstat (guest/) against a model of a hypervisor: a patched KVM that
 * counts every CPUID it answers, and the ones leafstat must refuse (a
 * host, another hypervisor, an unpatched KVM) or catch breaking the
 * contract.
 */
#define _GNU_SOURCE
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "../../guest/contract_check.h"
#include "../../guest/leafstat_format.h"
#include "../../guest/probe.h"
#include "../../guest/rates.h"
#include "unit.h"

#define FAKE_CODES 0x500

enum fake_kind { FAKE_PATCHED, FAKE_HOST, FAKE_OTHER_HV, FAKE_UNPATCHED };

struct fake_kvm {
	enum fake_kind kind;
	enum cpu_vendor vendor;
	uint64_t exits[FAKE_CODES], cycles[FAKE_CODES];
	uint64_t total_exits, total_cycles;
	/* Breaks of the contract --check must catch. */
	int undefined_is_zero, leaf0_uncounted, total_counts_twice;
	int counting_off;	/* kvm.exit_stats_mode=off: nothing moves */
};

static void put_string(uint32_t *regs[3], const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		memcpy(regs[i], s + 4 * i, 4);
}

static struct leaf_answer fake_answer(struct fake_kvm *k, uint32_t leaf,
				      uint32_t sub)
{
	struct leaf_answer a = { 0, 0, 0, 0 };
	const struct exit_type *t = exit_type_find(k->vendor, sub);

	if (leaf == 0) {
		uint32_t *r[3] = { &a.ebx, &a.edx, &a.ecx };

		put_string(r, k->vendor == VENDOR_INTEL ? "GenuineIntel" : "AuthenticAMD");
	} else if (leaf == 1) {
		a.ecx = k->kind == FAKE_HOST ? 0 : 1u << 31;
	} else if (leaf == 0x40000000) {
		uint32_t *r[3] = { &a.ebx, &a.ecx, &a.edx };

		put_string(r, k->kind == FAKE_OTHER_HV ? "Microsoft Hv" : "KVMKVMKVM\0\0\0");
	} else if (k->kind != FAKE_PATCHED) {
		/* An unpatched KVM on AMD: zeroes for an unknown leaf. */
	} else if (leaf == LEAF_EXITS) {
		a.eax = (uint32_t)k->total_exits;
	} else if (leaf == LEAF_CYCLES) {
		a.ebx = k->total_cycles >> 32;
		a.ecx = (uint32_t)k->total_cycles;
	} else if (leaf >= LEAF_TYPE_EXITS && !t) {
		a.edx = k->undefined_is_zero ? 0 : 0xffffffff;
	} else if (leaf == LEAF_TYPE_EXITS && t->kvm_handles && sub < FAKE_CODES) {
		a.eax = (uint32_t)k->exits[sub];
	} else if (leaf == LEAF_TYPE_CYCLES && t->kvm_handles && sub < FAKE_CODES) {
		a.ebx = k->cycles[sub] >> 32;
		a.ecx = (uint32_t)k->cycles[sub];
	}
	return a;
}

/* KVM counts an exit once it has handled it, as the patch does. */
static struct leaf_answer fake_read(void *ctx, uint32_t leaf, uint32_t sub)
{
	struct fake_kvm *k = ctx;
	struct leaf_answer a = fake_answer(k, leaf, sub);
	uint32_t cpuid = exit_type_cpuid(k->vendor);

	if ((leaf == 0 && k->leaf0_uncounted) || k->counting_off)
		return a;
	k->exits[cpuid]++;
	k->cycles[cpuid] += 1000;
	k->total_exits += k->total_counts_twice ? 2 : 1;
	k->total_cycles += 1000;
	return a;
}

static void fake_exits(struct fake_kvm *k, uint32_t code, uint64_t n,
		       uint64_t cycles)
{
	k->exits[code] += n;
	k->cycles[code] += cycles;
	k->total_exits += n;
	k->total_cycles += cycles;
}

static struct fake_kvm *fake_new(enum fake_kind kind, enum cpu_vendor vendor)
{
	struct fake_kvm *k = calloc(1, sizeof(*k));

	k->kind = kind;
	k->vendor = vendor;
	return k;
}

static void test_probe(void)
{
	static const struct {
		enum fake_kind kind;
		enum probe_state state;
		const char *why;
	} cases[] = {
		{ FAKE_PATCHED, PROBE_OK, "" },
		{ FAKE_HOST, PROBE_NOT_A_GUEST, "not running in a virtual machine" },
		{ FAKE_OTHER_HV, PROBE_NOT_KVM, "\"Microsoft Hv\", not KVM" },
		{ FAKE_UNPATCHED, PROBE_NOT_PATCHED, "leaf 0x4ffffffe answers" },
	};
	size_t i;
	int v;

	for (v = VENDOR_INTEL; v <= VENDOR_AMD; v++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct fake_kvm *k = fake_new(cases[i].kind, v);
			struct leaf_source src = { fake_read, k };
			struct probe p;

			probe_leaves(&src, &p);
			CHECK(p.state == cases[i].state, "case %zu: state %d", i, p.state);
			CHECK(strstr(p.why, cases[i].why), "case %zu: why \"%s\"", i, p.why);
			CHECK(p.vendor == (enum cpu_vendor)v, "case %zu: vendor", i);
			free(k);
		}
	}
}

/* A patched Intel model with 500 I/O exits, 20 HLTs and 7 CPUIDs. */
static struct fake_kvm *fake_busy(void)
{
	struct fake_kvm *k = fake_new(FAKE_PATCHED, VENDOR_INTEL);

	fake_exits(k, exit_type_io(VENDOR_INTEL), 500, 500 * 2000);
	fake_exits(k, exit_type_hlt(VENDOR_INTEL), 20, 20 * 50000);
	fake_exits(k, exit_type_cpuid(VENDOR_INTEL), 7, 7 * 1000);
	return k;
}

static const struct type_count *find_type(const struct census *c, uint32_t code)
{
	size_t i;

	for (i = 0; i < c->ntypes; i++)
		if (c->types[i].type->code == code)
			return &c->types[i];
	return NULL;
}

static void test_census(void)
{
	struct fake_kvm *k = fake_busy();
	struct leaf_source src = { fake_read, k };
	const struct type_count *io, *cpuid, *hlt, *top[80];
	struct census c;
	size_t n, handled = 0, handled_before_cpuid = 0, i;
	const struct exit_type *t;

	CHECK(census_read(&src, VENDOR_INTEL, &c) == 0, "census");
	CHECK(c.exits == 527, "total %u", c.exits);
	/* The cycles are read after the total: one more CPUID's worth. */
	CHECK(c.cycles == 500 * 2000 + 20 * 50000 + 7000 + 1000, "cycles %llu",
	      (unsigned long long)c.cycles);
	for (i = 0, n = exit_types(VENDOR_INTEL, &t); i < n; i++) {
		handled += t[i].kvm_handles;
		handled_before_cpuid += t[i].kvm_handles &&
					t[i].code < exit_type_cpuid(VENDOR_INTEL);
	}
	CHECK(c.ntypes == handled, "%zu types, %zu handled", c.ntypes, handled);
	/* Every read is an exit: the totals, each type, each non-zero type's cycles. */
	CHECK(c.reads == 2 + handled + 3 && c.reads == k->total_exits - 527,
	      "reads %u, exits since %llu", c.reads,
	      (unsigned long long)(k->total_exits - 527));
	io = find_type(&c, exit_type_io(VENDOR_INTEL));
	CHECK(io && io->exits == 500 && io->cycles == 1000000, "I/O type");
	cpuid = find_type(&c, exit_type_cpuid(VENDOR_INTEL));
	/* The totals and the types before it were read as CPUIDs first. */
	CHECK(cpuid && cpuid->exits == 7 + 2 + handled_before_cpuid,
	      "CPUID type: %u", cpuid ? cpuid->exits : 0);
	hlt = find_type(&c, exit_type_hlt(VENDOR_INTEL));
	n = census_top(&c, 2, top);
	CHECK(n == 2 && top[0] == io, "I/O first of %zu", n);
	CHECK(n == 2 && top[1] == hlt, "HLT (20) second, ahead of CPUID (%u)",
	      cpuid ? cpuid->exits : 0);
	n = census_top(&c, 80, top);
	CHECK(n == 3, "three types exited, top says %zu", n);
	CHECK(cycles_per_exit(1000, 0) == 0 && cycles_per_exit(1000, 4) == 250,
	      "cycles per exit");
	census_free(&c);
	free(k);
}

static char *census_text(enum out_format fmt, size_t top)
{
	struct fake_kvm *k = fake_busy();
	struct leaf_source src = { fake_read, k };
	struct census c;
	struct probe p;
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	probe_leaves(&src, &p);
	census_read(&src, p.vendor, &c);
	print_census(f, fmt, &p, &c, top);
	fclose(f);
	census_free(&c);
	free(k);
	return text;
}

static void test_census_formats(void)
{
	char *table = census_text(OUT_TABLE, 0);
	char *csv = census_text(OUT_CSV, 2);
	char *json = census_text(OUT_JSON, 2);
	struct json_object *o = json_tokener_parse(json), *types = NULL, *v;
	unsigned int lines = 0;
	char *p;

	CHECK(strstr(table, "cpu GenuineIntel (intel)"), "%s", table);
	/* 527 exits, and the probe's 6 CPUIDs before the census. */
	CHECK(strstr(table, "exits 533, cycles 2014000, cycles/exit 3778.6"),
	      "%s", table);
	CHECK(strstr(table, "\n0x1e     IO_INSTRUCTION                500  93.81%        1000000      2000.0\n"),
	      "%s", table);
	CHECK(strstr(table, "HLT"), "HLT listed without --top");
	for (p = csv; (p = strchr(p, '\n')); p++)
		lines++;
	CHECK(lines == 4, "header, total and two types: %u lines\n%s", lines, csv);
	CHECK(strstr(csv, "\n30,IO_INSTRUCTION,500,1000000,2000.0\n"), "%s", csv);
	CHECK(!strstr(csv, "HLT"), "--top 2 leaves HLT out");
	CHECK(o, "JSON parses: %s", json);
	if (o) {
		CHECK(json_object_object_get_ex(o, "exits", &v) &&
		      json_object_get_int64(v) == 533, "exits");
		CHECK(json_object_object_get_ex(o, "types", &types) &&
		      json_object_array_length(types) == 2, "two types");
		v = types ? json_object_array_get_idx(types, 0) : NULL;
		CHECK(v && !strcmp(json_object_get_string(
				json_object_object_get(v, "name")), "IO_INSTRUCTION"),
		      "first type");
		json_object_put(o);
	}
	free(table);
	free(csv);
	free(json);
}

static void test_rates(void)
{
	const struct totals_reading r[] = {
		{ 10.0, 0xfffffff0u, 1000 },
		{ 11.0, 0x00000000u, 1000 + 16 * 100 },	/* wraps: 16 exits */
		{ 12.0, 0x00000016u, 1000 + 38 * 100 },	/* 22 */
		{ 14.0, 0x00000044u, 1000 + 84 * 100 },	/* 46 in 2 s */
	};
	const struct totals_reading back[] = { { 1.0, 5, 100 }, { 2.0, 9, 50 } };
	struct interval_rate out[4];
	struct rate_spread s;
	size_t n = rates_compute(r, 4, 2, out);

	CHECK(n == 3, "three intervals");
	CHECK(out[0].exits == 14 && out[0].exits_per_second == 14, "wrap: %llu",
	      (unsigned long long)out[0].exits);
	CHECK(out[0].cycles_per_exit == 100, "cycles per exit %f", out[0].cycles_per_exit);
	CHECK(out[1].exits == 20 && out[2].exits == 44 && out[2].seconds == 2,
	      "intervals 2 and 3");
	rates_spread(out, n, &s);
	CHECK(s.n == 3 && s.median == 20 && s.min == 14 && s.max == 22,
	      "median %f min %f max %f", s.median, s.min, s.max);
	CHECK(s.mean > 18.66 && s.mean < 18.67, "mean %f", s.mean);
	/* sd of 14, 20, 22 is 4.163 */
	CHECK(s.cv > 0.2230 && s.cv < 0.2232, "cv %f", s.cv);
	CHECK(rates_compute(back, 2, 2, out) == 0, "cycles going back is refused");
}

static int check_fails(struct fake_kvm *k, const char *expect)
{
	struct leaf_source src = { fake_read, k };
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	int failed = contract_check(&src, k->vendor, f);

	fclose(f);
	CHECK(!expect || strstr(text, expect), "expected \"%s\" in\n%s", expect, text);
	CHECK(strstr(text, "passed,") && strstr(text, "failed\n"), "summary line");
	free(text);
	free(k);
	return failed;
}

static void test_check(void)
{
	struct fake_kvm *k;

	CHECK(check_fails(fake_busy(), "ok 6 - cycles never go back") == 0,
	      "a correct KVM passes (Intel)");
	CHECK(check_fails(fake_new(FAKE_PATCHED, VENDOR_AMD), NULL) == 0,
	      "a correct KVM passes (AMD)");
	k = fake_busy();
	k->undefined_is_zero = 1;
	CHECK(check_fails(k, "not ok 2 - undefined types answer edx=0xffffffff: 0x4ffffffe type 0x12345") == 1,
	      "undefined types answering zeroes");
	k = fake_busy();
	k->leaf0_uncounted = 1;
	CHECK(check_fails(k, "not ok 4 - each CPUID exit is counted, with cycles: 10000 CPUIDs and 2 reads counted as 2") == 1,
	      "CPUIDs not counted");
	k = fake_busy();
	k->counting_off = 1;
	CHECK(check_fails(k, "counted, with cycles: nothing counted: is kvm.exit_stats_mode off?") >= 1,
	      "counting off");
	k = fake_busy();
	k->total_counts_twice = 1;
	CHECK(check_fails(k, "not ok 5 - the total is the sum of the types") == 1,
	      "a total that is not the sum");
}

UNIT_TESTS(leafstat_tests) = {
	{ "leafstat: refuses a host, another hypervisor, an unpatched KVM", test_probe },
	{ "leafstat: census counts its own reads", test_census },
	{ "leafstat: table, CSV and JSON", test_census_formats },
	{ "leafstat: rates over intervals and their spread", test_rates },
	{ "leafstat: --check passes a correct KVM, fails broken ones", test_check },
	UNIT_END
};
