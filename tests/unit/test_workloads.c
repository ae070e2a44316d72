// SPDX-License-Identifier: GPL-2.0
/*
 * The one workload table that validate counts and bench times: every entry
 * is one of the two or both, names are unique, and what each tool needs of
 * an entry is there.
 */
#include <string.h>

#include "../../harness/workloads.h"
#include "guest_ops.h"
#include "unit.h"

static void test_every_entry_counted_or_timed(void)
{
	int i, j;

	for (i = 0; i < nr_workloads; i++) {
		const struct workload *w = &workloads[i];

		CHECK(w->name && w->what, "entry %d has a name and says what it runs", i);
		CHECK(w->expect || workload_timed(w), "%s: counted by validate or timed by bench",
		      w->name);
		CHECK(!w->expect || w->loop_op || w->run, "%s: counted, but nothing runs it",
		      w->name);
		CHECK(w->expect || (!w->loop_op && !w->run && !w->fastpath),
		      "%s: runs for validate but has no expected exits", w->name);
		/* A timed workload bench runs on one vendor only would vanish on the other. */
		CHECK(!workload_timed(w) || (w->timed[VENDOR_INTEL] && w->timed[VENDOR_AMD]),
		      "%s: timed on one vendor only", w->name);
		for (j = 0; j < i; j++)
			CHECK(strcmp(w->name, workloads[j].name), "%s: named twice", w->name);
	}
}

static void test_the_shared_entries(void)
{
	const struct workload *cpuid = workload_find("cpuid");
	const struct workload *hypercall = workload_find("hypercall");

	CHECK(cpuid && cpuid->expect && cpuid->timed[VENDOR_AMD] == TIMED_CPUID,
	      "cpuid is counted and timed, by one entry");
	CHECK(hypercall && hypercall->timed[VENDOR_INTEL] == TIMED_VMCALL &&
	      hypercall->timed[VENDOR_AMD] == TIMED_VMMCALL,
	      "hypercall times each vendor's own instruction");
	CHECK(!workload_find("nonesuch"), "an unknown name is not found");
}

UNIT_TESTS(workloads_tests) = {
	{ "workloads: every entry is counted, timed or both, once", test_every_entry_counted_or_timed },
	{ "workloads: the entries validate and bench share", test_the_shared_entries },
	UNIT_END
};
