/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The workload table, in the style of kvm-unit-tests: each entry runs
 * known exiting instructions in the real-mode guest and says which exits,
 * of which types, that must produce.
 */
#ifndef HARNESS_PAYLOADS_H
#define HARNESS_PAYLOADS_H

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
	/* A plain loop of one exiting instruction: the guest op (OP_LOOP_*)... */
	uint32_t loop_op;
	/* ... or, when that is not enough, a function that runs @n iterations. */
	void (*run)(struct kvm_vcpu *vcpu, enum cpu_vendor vendor, uint32_t n);
	/* Host operations per run: each ends in one I/O exit, the ucall. */
	int ops;
	/* The exits of a run, not counting its ucalls; returns the entries. */
	int (*expect)(enum cpu_vendor vendor, uint32_t n, struct expect *e);
	/* How many of them KVM finishes in its fastpath. */
	uint64_t (*fastpath)(enum cpu_vendor vendor, uint32_t n);
};

extern const struct workload workloads[];
extern const int nr_workloads;

const struct workload *workload_find(const char *name);
/* Run @w with @n iterations on one vCPU. */
void workload_run(const struct workload *w, struct kvm_vcpu *vcpu,
		  enum cpu_vendor vendor, uint32_t n);

#endif
