// SPDX-License-Identifier: GPL-2.0
/*
 * validate's comparison on made-up measurements: the cpuid workload on one
 * AMD VM, every source agreeing once the snapshots' own exits are taken
 * off, then one source off by one exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/validate.h"
#include "json_read.h"
#include "json_write.h"
#include "unit.h"

#define N	20	/* the workload's CPUIDs */
#define K	2	/* types swept: CPUID and I/O */

static void add_bpf(struct exits_snapshot *s, uint32_t type, uint64_t exits)
{
	struct exits_entry *e = &s->e[s->n++];

	memset(e, 0, sizeof(*e));
	e->key = (struct exit_key){ .isa = EXITS_ISA_SVM, .reason = type };
	e->stat.exits = exits;
	e->stat.handled = exits;
	e->stat.entries = exits;
}

/*
 * What an exact window reads: per VM one snapshot's worth of CPUIDs (K + 1)
 * and its ucall in the leaves; two snapshots' worth in BPF and KVM's
 * statistics; the workload's N CPUIDs and one ucall on top.
 */
static void agreeing(struct measurement *m, const char *mode)
{
	uint32_t cpuid = exit_type_cpuid(VENDOR_AMD), io = exit_type_io(VENDOR_AMD);
	bool off = !strcmp(mode, "off");

	memset(m, 0, sizeof(*m));
	m->vendor = VENDOR_AMD;
	m->w = workload_find("cpuid");
	m->cfg = (struct config){ mode, "vm" };
	m->n = N;
	m->vms = 1;
	m->vcpus = 1;
	m->tries = 1;
	m->k = K;
	m->types[0] = cpuid;
	m->types[1] = io;
	m->snap0[0][0] = 1000;
	m->snap0[0][1] = 700;
	m->snap0[0][2] = 300;
	m->snap1[0][0] = 1000 + (off ? 0 : N + 1 + (K + 1) + 1);
	m->snap1[0][1] = 700 + (off ? 0 : N + (K + 1));
	m->snap1[0][2] = 300 + (off ? 0 : 1 + 1);
	m->stats1[0][0] = N + 1 + 2 * (K + 2);	/* exits */
	m->stats1[0][1] = 1 + 2;		/* io_exits */
	m->bytype1[0][0] = off ? 0 : N + 1 + 2 * (K + 2);
	m->bytype1[0][1] = off ? 0 : N + 2 * (K + 1);
	m->bytype1[0][2] = off ? 0 : 1 + 2;
	add_bpf(&m->bpf_delta, cpuid, N + 2 * (K + 1));
	add_bpf(&m->bpf_delta, io, 1 + 2);
}

static void test_agreeing_sources_pass(void)
{
	static struct measurement m;

	agreeing(&m, "vcpu");
	CHECK(validate_compare(&m, NULL), "an exact window, counting on");
	agreeing(&m, "off");
	CHECK(validate_compare(&m, NULL), "an exact window, counting off");
}

static void test_one_source_off_by_one_fails(void)
{
	static struct measurement m;

	agreeing(&m, "vcpu");
	m.bpf_delta.e[0].stat.exits++;
	CHECK(!validate_compare(&m, NULL), "BPF one CPUID over");
	agreeing(&m, "vcpu");
	m.snap1[0][1]--;
	CHECK(!validate_compare(&m, NULL), "the leaves one CPUID short");
	agreeing(&m, "vcpu");
	m.stats1[0][1]++;
	CHECK(!validate_compare(&m, NULL), "KVM's io_exits one over");
	agreeing(&m, "vcpu");
	m.bytype1[0][0]++;
	CHECK(!validate_compare(&m, NULL), "exit_type_count's total one over");
	agreeing(&m, "off");
	m.snap1[0][1]++;
	CHECK(!validate_compare(&m, NULL), "the leaves moved with counting off");
	agreeing(&m, "vcpu");
	add_bpf(&m.bpf_delta, 0x78, 1);		/* HLT, not swept */
	CHECK(!validate_compare(&m, NULL), "a type BPF saw that was not swept");
}

/* What validate writes, read back as the report reads it. */
static void test_json_round_trip(void)
{
	static struct measurement m;
	char dir[] = "/tmp/validate-json.XXXXXX", path[64];
	json_object *root = json_object_new_object(), *all = json_object_new_array();
	json_object *back, *e, *a;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	agreeing(&m, "vcpu");
	json_set(root, "vendor", json_object_new_string("amd"));
	json_object_array_add(all, validate_json(&m, true));
	json_set(root, "measurements", all);
	snprintf(path, sizeof(path), "%s/validate.json", dir);
	f = fopen(path, "w");
	CHECK(f && !json_write(f, root), "json_write");
	if (f)
		fclose(f);
	json_object_put(root);

	back = json_load(dir, "validate.json");
	CHECK(back != NULL, "the reader parses what the writer wrote");
	CHECK(back && !strcmp(json_str(back, "vendor"), "amd"), "vendor");
	CHECK(back && json_array(back, "measurements", &a) == 1, "one measurement");
	e = back ? json_object_array_get_idx(json_get(back, "measurements"), 0) : NULL;
	CHECK(e && !strcmp(json_str(e, "workload"), "cpuid") &&
	      !strcmp(json_str(e, "mode"), "vcpu") && !strcmp(json_str(e, "scope"), "vm"),
	      "what ran");
	CHECK(e && json_object_get_boolean(json_get(e, "ok")) && json_num(e, "n") == N,
	      "verdict and iterations");
	CHECK(e && json_array(e, "types", &a) == K &&
	      json_object_get_int64(json_object_array_get_idx(a, 0)) ==
	      exit_type_cpuid(VENDOR_AMD), "the swept types");
	a = e ? json_object_array_get_idx(json_get(e, "leaves"), 0) : NULL;
	CHECK(a && json_object_get_int64(json_object_array_get_idx(json_get(a, "after"), 1)) ==
	      m.snap1[0][1], "the leaves after, per type");
	a = e ? json_object_array_get_idx(json_get(e, "stats"), 0) : NULL;
	CHECK(a && json_object_get_int64(json_object_array_get_idx(json_get(a, "io_exits"), 1)) ==
	      (int64_t)m.stats1[0][1], "KVM's io_exits after");
	a = e ? json_object_array_get_idx(json_get(e, "bpf"), 0) : NULL;
	CHECK(a && json_num(a, "exits") == N + 2 * (K + 1), "BPF's CPUID exits");
	CHECK(e && !json_get(e, "perf"), "no perf without perf");
	/* Read back whole, the build host compares the sources again. */
	{
		static struct measurement again;

		CHECK(e && !validate_from_json(e, VENDOR_AMD, &again) &&
		      validate_compare(&again, NULL), "read back, the sources still agree");
		a = e ? json_object_array_get_idx(json_get(e, "bpf"), 0) : NULL;
		if (a)
			json_object_object_add(a, "exits", json_object_new_uint64(N + 2 * (K + 1) + 1));
		CHECK(e && !validate_from_json(e, VENDOR_AMD, &again) &&
		      !validate_compare(&again, NULL), "read back with BPF one over, they do not");
		json_object_object_add(e, "workload", json_object_new_string("nonesuch"));
		CHECK(validate_from_json(e, VENDOR_AMD, &again) == -1,
		      "an unknown workload does not read back");
		json_object_object_add(e, "workload", json_object_new_string("pm_timer"));
		CHECK(validate_from_json(e, VENDOR_AMD, &again) == -1,
		      "a workload bench times but validate does not count does not read back");
	}
	json_object_put(back);
	unlink(path);
	rmdir(dir);
}

UNIT_TESTS(validate_tests) = {
	{ "validate: its JSON through the reader, and compared again", test_json_round_trip },
	{ "validate: agreeing sources pass", test_agreeing_sources_pass },
	{ "validate: one source off by one exit fails", test_one_source_off_by_one_fails },
	UNIT_END
};
