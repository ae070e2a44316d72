// SPDX-License-Identifier: GPL-2.0
/*
 * showleaves: run a small mixed workload in a guest and print what the
 * guest reads from the exit-statistics leaves: the totals, and each exit
 * type with a non-zero count, most exits first (lib/census.c, which
 * leafstat reads in a Linux guest too).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "census.h"
#include "guest_ops.h"
#include "kvm_params.h"
#include "kvm_vm.h"
#include "leaves.h"
#include "test_util.h"

/* A leaf as the guest reads it: one guest operation, one CPUID exit. */
static struct leaf_answer vcpu_leaf(void *vcpu, uint32_t leaf, uint32_t subleaf)
{
	return vcpu_read_leaf(vcpu, leaf, subleaf);
}

int main(int argc, char **argv)
{
	const char *scope = argc > 1 ? argv[1] : "vm";
	bool hold = argc > 2 && !strcmp(argv[2], "hold");
	enum cpu_vendor vendor;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	const struct type_count **top;
	struct leaf_source src;
	struct census c;
	struct leaf_answer a;
	uint64_t stat_exits;
	size_t i, n;
	char mode[32];

	if ((strcmp(scope, "vm") && strcmp(scope, "global")) || argc > 3 ||
	    (argc > 2 && !hold)) {
		fprintf(stderr, "usage: showleaves [vm|global] [hold]\n"
			"  hold: keep the VM until a signal ends the process\n");
		return 2;
	}
	kvm_dev_fd();
	vendor = host_vendor();
	kvm_param_must_set("exit_stats_scope", scope);
	TEST_ASSERT(kvm_param_get("exit_stats_mode", mode, sizeof(mode)) == 0,
		    "kvm.exit_stats_mode is missing: is the kernel patched?");

	vm = vm_create();
	vcpu = vm_vcpu_add(vm);
	src = (struct leaf_source){ vcpu_leaf, vcpu };
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1000);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 100);
	vcpu_op(vcpu, OP_LOOP_HLT, 0, 10);
	vcpu_op(vcpu, vendor == VENDOR_INTEL ? OP_LOOP_VMCALL : OP_LOOP_VMMCALL,
		0, 50);

	printf("vendor %s, mode %s, scope %s\n", vendor_name(vendor), mode, scope);
	printf("workload: 1000 CPUID, 100 OUT, 10 HLT, 50 hypercalls, + ucalls\n");
	a = vcpu_read_leaf(vcpu, LEAF_EXITS, 0);
	stat_exits = vm_stat_sum(vm, "exits");
	printf("0x%08x  exits            %10u   (KVM's exits statistic: %lu)\n",
	       LEAF_EXITS, a.eax, (unsigned long)stat_exits);
	a = vcpu_read_leaf(vcpu, LEAF_CYCLES, 0);
	printf("0x%08x  cycles           %10lu\n", LEAF_CYCLES,
	       (unsigned long)leaf_cycles(&a));

	printf("\n%-8s %-24s %10s %14s %12s\n", "type", "name", "exits", "cycles",
	       "cycles/exit");
	TEST_ASSERT(!census_read(&src, vendor, &c), "census: out of memory");
	top = calloc(c.ntypes ? c.ntypes : 1, sizeof(*top));
	TEST_ASSERT(top, "out of memory");
	n = census_top(&c, c.ntypes, top);
	for (i = 0; i < n; i++)
		printf("0x%-6x %-24s %10u %14lu %12.0f\n", top[i]->type->code,
		       top[i]->type->name, top[i]->exits, (unsigned long)top[i]->cycles,
		       cycles_per_exit(top[i]->cycles, top[i]->exits));
	free(top);
	census_free(&c);
	if (hold) {
		/* A VM that stays, idle, for a tool that looks at live VMs. */
		printf("holding the VM: end with a signal\n");
		fflush(stdout);
		pause();
	}
	kvm_vm_free(vm);
	return 0;
}
