// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "exit_types.h"
#include "unit.h"

static void sorted_and_unique(enum cpu_vendor vendor)
{
	const struct exit_type *t;
	size_t i, j, n = exit_types(vendor, &t);

	CHECK(n > 50, "%s table has only %zu entries", vendor_name(vendor), n);
	for (i = 1; i < n; i++)
		CHECK(t[i - 1].code < t[i].code, "%s: 0x%x before 0x%x",
		      vendor_name(vendor), t[i - 1].code, t[i].code);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			CHECK(strcmp(t[i].name, t[j].name), "%s: name %s twice",
			      vendor_name(vendor), t[i].name);
}

static void test_tables_sorted_unique(void)
{
	sorted_and_unique(VENDOR_INTEL);
	sorted_and_unique(VENDOR_AMD);
}

static void test_find_every_entry(void)
{
	enum cpu_vendor v;

	for (v = VENDOR_INTEL; v <= VENDOR_AMD; v++) {
		const struct exit_type *t;
		size_t i, n = exit_types(v, &t);

		for (i = 0; i < n; i++)
			CHECK(exit_type_find(v, t[i].code) == &t[i],
			      "%s: 0x%x not found", vendor_name(v), t[i].code);
	}
}

static void test_known_codes(void)
{
	/* Gaps in the SDM's table, and codes past the ends of both tables. */
	static const unsigned int vmx_gaps[] = { 35, 38, 42, 71, 78, 0xdeac, 0xffff };
	static const unsigned int svm_gaps[] = { 0xa7, 0x3ff, 0x404, 0xfffffffd };
	size_t i;

	for (i = 0; i < sizeof(vmx_gaps) / sizeof(vmx_gaps[0]); i++)
		CHECK(!exit_type_find(VENDOR_INTEL, vmx_gaps[i]), "%u", vmx_gaps[i]);
	for (i = 0; i < sizeof(svm_gaps) / sizeof(svm_gaps[0]); i++)
		CHECK(!exit_type_find(VENDOR_AMD, svm_gaps[i]), "0x%x", svm_gaps[i]);

	CHECK(!strcmp(exit_type_find(VENDOR_INTEL, 10)->name, "CPUID"), "VMX 10");
	CHECK(!strcmp(exit_type_find(VENDOR_INTEL, 48)->name, "EPT_VIOLATION"), "48");
	CHECK(!strcmp(exit_type_find(VENDOR_AMD, 0x72)->name, "cpuid"), "SVM 0x72");
	CHECK(!strcmp(exit_type_find(VENDOR_AMD, 0x400)->name, "npf"), "0x400");
	CHECK(!strcmp(exit_type_find(VENDOR_AMD, 0x45)->name, "excp_5"), "0x45");
	CHECK(!strcmp(exit_type_find(VENDOR_AMD, 0x9f)->name, "cr15_write_trap"),
	      "0x9f");
	CHECK(exit_type_find(VENDOR_AMD, 0xffffffff) != NULL, "VMEXIT_INVALID");
	CHECK(!strcmp(exit_type_find(VENDOR_AMD, 0xa6)->name, "idle_hlt"), "0xa6");
	CHECK(!strcmp(exit_type_find(VENDOR_INTEL, 0xdead)->name, "VMFAIL"),
	      "KVM's VM-Fail");
}

/* Every defined type has a slot of its own, as the series lays them out. */
static void test_slots(void)
{
	enum cpu_vendor v;

	for (v = VENDOR_INTEL; v <= VENDOR_AMD; v++) {
		const struct exit_type *t;
		size_t i, n = exit_types(v, &t);
		bool used[EXIT_STAT_SLOTS] = { false };

		for (i = 0; i < n; i++) {
			int slot = exit_type_slot(v, t[i].code);

			CHECK(slot >= 0 && slot < EXIT_STAT_SLOTS - 1 && !used[slot],
			      "%s 0x%x: slot %d", vendor_name(v), t[i].code, slot);
			if (slot >= 0 && slot < EXIT_STAT_SLOTS)
				used[slot] = true;
		}
	}
	CHECK(exit_type_slot(VENDOR_INTEL, 77) == 77, "TDCALL");
	CHECK(exit_type_slot(VENDOR_INTEL, 0xdead) == 78, "VM-Fail");
	CHECK(exit_type_slot(VENDOR_AMD, 0xa6) == 0xa6, "idle_hlt");
	CHECK(exit_type_slot(VENDOR_AMD, 0x400) == 0xa7, "npf");
	CHECK(exit_type_slot(VENDOR_AMD, 0xffffffff) == 0xac, "invalid");
	CHECK(exit_type_slot(VENDOR_INTEL, 35) == -1, "a gap has no slot");
}

static void test_handler_flags(void)
{
	/* KVM 6.12 handles these ... */
	CHECK(exit_type_find(VENDOR_INTEL, 10)->kvm_handles, "VMX CPUID");
	CHECK(exit_type_find(VENDOR_INTEL, 75)->kvm_handles, "VMX NOTIFY");
	CHECK(exit_type_find(VENDOR_AMD, 0x27)->kvm_handles, "SVM read_dr7");
	CHECK(exit_type_find(VENDOR_AMD, 0x4e)->kvm_handles, "SVM #PF");
	CHECK(exit_type_find(VENDOR_INTEL, 33)->kvm_handles,
	      "VMX invalid state: KVM's failed-entry path");
	/* ... and has no handler for these. */
	CHECK(!exit_type_find(VENDOR_INTEL, 16)->kvm_handles, "VMX RDTSC");
	CHECK(!exit_type_find(VENDOR_AMD, 0x28)->kvm_handles, "SVM read_dr8");
	CHECK(!exit_type_find(VENDOR_AMD, 0x6e)->kvm_handles, "SVM rdtsc");
	CHECK(!exit_type_find(VENDOR_AMD, 0x403)->kvm_handles, "SVM vmgexit");
}

static void test_names_and_vendors(void)
{
	enum cpu_vendor v;
	char buf[16];

	CHECK(!strcmp(exit_type_name(VENDOR_INTEL, 12, buf, sizeof(buf)), "HLT"),
	      "name of 12");
	CHECK(!strcmp(exit_type_name(VENDOR_INTEL, 35, buf, sizeof(buf)), "0x23"),
	      "undefined types print as numbers");
	CHECK(vendor_parse("svm", &v) == 0 && v == VENDOR_AMD, "svm");
	CHECK(vendor_parse("Intel", &v) == 0 && v == VENDOR_INTEL, "Intel");
	CHECK(vendor_parse("arm", &v) == -1, "arm is no vendor");
	CHECK(exit_type_cpuid(VENDOR_AMD) == 0x72 && exit_type_io(VENDOR_INTEL) == 30,
	      "well-known types");
}

UNIT_TESTS(exit_types_tests) = {
	{ "exit_types: tables sorted, unique", test_tables_sorted_unique },
	{ "exit_types: every entry found", test_find_every_entry },
	{ "exit_types: known codes and gaps", test_known_codes },
	{ "exit_types: one counter slot each", test_slots },
	{ "exit_types: KVM handler flags", test_handler_flags },
	{ "exit_types: names and vendors", test_names_and_vendors },
	UNIT_END
};
