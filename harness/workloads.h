/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The workload table, in the style of kvm-unit-tests: each entry runs
 * known exiting instructions in the guest.  validate counts an entry that
 * says which exits, of which types, it must produce (expect); bench times
 * an entry that names the guest's timed loop for it (timed).  A workload
 * both count and time is one entry.
 */
#ifndef HARNESS_WORKLOADS_H
#define HARNESS_WORKLOADS_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm_vm.h"

#define MAX_EXPECT 4

struct expect {
	uint32_t type;
	uint64_t count;
};

struct workload {
	const char *name;
	const char *what;
	/* The VM needs the in-kernel APIC (x2APIC mode), see vm_create_irqchip(). */
	bool irqchip;
	/* May it run here?  NULL: always. */
	bool (*valid)(enum cpu_vendor vendor);
	/* validate: a plain loop of one exiting instruction (OP_LOOP_*)... */
	uint32_t loop_op;
	/* ... or, when that is not enough, a function that runs @n iterations. */
	void (*run)(struct kvm_vcpu *vcpu, enum cpu_vendor vendor, uint32_t n);
	/* Host operations per run: each ends in one I/O exit, the ucall. */
	int ops;
	/*
	 * The exits of a run, not counting its ucalls; returns the entries.
	 * NULL for a workload validate does not count.
	 */
	int (*expect)(enum cpu_vendor vendor, uint32_t n, struct expect *e);
	/* How many of them KVM finishes in its fastpath. */
	uint64_t (*fastpath)(enum cpu_vendor vendor, uint32_t n);
	/*
	 * bench: the exiting instruction of the guest's OP_TIMED loop
	 * (TIMED_*) on each vendor; 0 for a workload bench does not time.
	 */
	uint32_t timed[2];
};

/* The same timed loop on both vendors. */
#define TIMED_BOTH(kind)	{ [VENDOR_INTEL] = (kind), [VENDOR_AMD] = (kind) }

extern const struct workload workloads[];
extern const int nr_workloads;

const struct workload *workload_find(const char *name);
/* Whether bench times @w (on either vendor). */
bool workload_timed(const struct workload *w);
/* Whether @w may run on @vendor's KVM here. */
bool workload_valid(const struct workload *w, enum cpu_vendor vendor);
/* Run @w with @n iterations on one vCPU. */
void workload_run(const struct workload *w, struct kvm_vcpu *vcpu,
		  enum cpu_vendor vendor, uint32_t n);

#endif
