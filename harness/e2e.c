// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end test of the exit-statistics contract, run inside the booted
 * test kernel: guests execute known numbers of exiting instructions and
 * read the leaves, and every answer is checked against an exact count.
 *
 * Deterministic offsets the checks add up (each host "operation" is one
 * run of the guest dispatcher, see lib/guest_ops.h):
 *  - a leaf read is one CPUID exit, and does not count itself: the exit
 *    carrying it is still being handled when the counters are summed;
 *  - every operation ends with one I/O exit (the ucall OUT);
 *  - the host's timer interrupts also cause exits, at any time.  Checks of
 *    a single type other than the interrupt's are immune; checks of the
 *    total retry until a window had no such exit (KVM's own statistic
 *    says whether it had).
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "guest_ops.h"
#include "kvm_params.h"
#include "kvm_vm.h"
#include "leaves.h"
#include "test_util.h"

#define QUIET_TRIES	50	/* attempts at a window without interrupts */

static enum cpu_vendor vendor;

/*
 * @leaf for @type, checked to be what the contract answers there: a count
 * in eax or, from an odd leaf, cycles in ebx:ecx.  A handled type with no
 * exits yet reads as all zeroes, a count of 0.
 */
static uint64_t read_checked(struct kvm_vcpu *vcpu, uint32_t leaf, uint32_t type)
{
	struct leaf_answer a = vcpu_read_leaf(vcpu, leaf, type);
	enum leaf_kind kind = leaf_classify(leaf, &a);
	bool cycles = leaf & 1;

	check(kind == (cycles ? LEAF_CYCLE_COUNT : LEAF_COUNT) || kind == LEAF_NO_HANDLER,
	      "leaf 0x%x type 0x%x: not a %s: %08x %08x %08x %08x", leaf, type,
	      cycles ? "cycle count" : "count", a.eax, a.ebx, a.ecx, a.edx);
	return cycles ? leaf_cycles(&a) : a.eax;
}

static uint32_t read_count(struct kvm_vcpu *vcpu, uint32_t leaf, uint32_t type)
{
	return read_checked(vcpu, leaf, type);
}

static uint64_t read_cycles(struct kvm_vcpu *vcpu, uint32_t leaf, uint32_t type)
{
	return read_checked(vcpu, leaf, type);
}

static void set_mode(const char *mode, const char *scope)
{
	kvm_param_must_set("exit_stats_mode", mode);
	kvm_param_must_set("exit_stats_scope", scope);
}

/* Per-type counts advance by exactly the exits of that type taken. */
static void per_type_counts_for(const char *mode, const char *scope)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t cpuid = exit_type_cpuid(vendor), io = exit_type_io(vendor);
	uint32_t hlt = exit_type_hlt(vendor), hc = exit_type_hypercall(vendor);
	uint32_t before, after;
	const uint32_t n = 1000, outs = 25, halts = 10, calls = 20;

	set_mode(mode, scope);

	/* The first read's own exit counts, then the loop's n CPUIDs. */
	before = read_count(vcpu, LEAF_TYPE_EXITS, cpuid);
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, n);
	after = read_count(vcpu, LEAF_TYPE_EXITS, cpuid);
	check(after - before == n + 1, "%s/%s: CPUID exits advanced by %u, want %u",
	      mode, scope, after - before, n + 1);

	/* I/O: the first read's ucall, the loop's OUTs, the loop's ucall. */
	before = read_count(vcpu, LEAF_TYPE_EXITS, io);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, outs);
	after = read_count(vcpu, LEAF_TYPE_EXITS, io);
	check(after - before == outs + 2, "%s/%s: I/O exits advanced by %u, want %u",
	      mode, scope, after - before, outs + 2);

	before = read_count(vcpu, LEAF_TYPE_EXITS, hlt);
	vcpu_op(vcpu, OP_LOOP_HLT, 0, halts);
	after = read_count(vcpu, LEAF_TYPE_EXITS, hlt);
	check(after - before == halts, "%s/%s: HLT exits advanced by %u, want %u",
	      mode, scope, after - before, halts);

	before = read_count(vcpu, LEAF_TYPE_EXITS, hc);
	vcpu_op(vcpu, vendor == VENDOR_INTEL ? OP_LOOP_VMCALL : OP_LOOP_VMMCALL,
		0, calls);
	after = read_count(vcpu, LEAF_TYPE_EXITS, hc);
	check(after - before == calls, "%s/%s: hypercall exits advanced by %u, want %u",
	      mode, scope, after - before, calls);

	kvm_vm_free(vm);
}

static void test_per_type_counts(void)
{
	per_type_counts_for("atomic", "global");
	per_type_counts_for("atomic", "vm");
	per_type_counts_for("vcpu", "global");
	per_type_counts_for("vcpu", "vm");
}

/*
 * Read the total in a window with no asynchronous exit: the exits completed
 * before the read are then exactly KVM's count at the previous ucall.
 * Returns 0 and the pair, or -1 if no try found a quiet window.
 */
static int quiet_total(struct kvm_vm *vm, uint32_t *total, uint64_t *stat)
{
	int try;

	for (try = 0; try < QUIET_TRIES; try++) {
		uint64_t s1 = vm_stat_sum(vm, "exits"), s2;

		*total = read_count(vm->vcpus[0], LEAF_EXITS, 0);
		s2 = vm_stat_sum(vm, "exits");
		/* The read's CPUID and its ucall, nothing else. */
		if (s2 - s1 == 2) {
			*stat = s1;
			return 0;
		}
	}
	return -1;
}

/* The total equals KVM's own "exits" statistic. */
static void test_total_equals_kvm_stat(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t total, total0;
	uint64_t stat, stat0;

	set_mode("vcpu", "vm");
	check(quiet_total(vm, &total0, &stat0) == 0, "no quiet window");
	check(total0 == (uint32_t)stat0, "fresh VM: total %u, KVM exits %lu",
	      total0, (unsigned long)stat0);

	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 300);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 30);
	vcpu_op(vcpu, OP_LOOP_HLT, 0, 5);
	check(quiet_total(vm, &total, &stat) == 0, "no quiet window");
	check(total == (uint32_t)stat, "vm scope: total %u, KVM exits %lu",
	      total, (unsigned long)stat);

	/* Global scope: with one VM running, the deltas agree too. */
	set_mode("atomic", "global");
	check(quiet_total(vm, &total0, &stat0) == 0, "no quiet window");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 200);
	check(quiet_total(vm, &total, &stat) == 0, "no quiet window");
	check(total - total0 == stat - stat0,
	      "global scope: total advanced %u, KVM exits %lu",
	      total - total0, (unsigned long)(stat - stat0));
	kvm_vm_free(vm);
}

/*
 * x2APIC ICR writes, which KVM finishes in its fastpath and re-enters the
 * guest without calling handle_exit(), are counted like any other exit.
 */
static void test_fastpath_counted(void)
{
	struct kvm_vm *vm = vm_create_irqchip();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	struct guest_args icr = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_ICR, .ecx = 500,
		.eax = ICR_FASTPATH_LOW, .edx = ICR_FASTPATH_HIGH,
	};
	uint32_t wrmsr = exit_type_wrmsr(vendor), before, after, total;
	uint64_t stat;

	if (!kvm_fastpath_possible(vendor))
		printf("#   no fastpath here (kvm_amd.nrips=0): the ICR writes "
		       "take the slow path\n");
	set_mode("vcpu", "vm");
	before = read_count(vcpu, LEAF_TYPE_EXITS, wrmsr);
	vcpu_op_args(vcpu, &icr);
	after = read_count(vcpu, LEAF_TYPE_EXITS, wrmsr);
	check(after - before == icr.ecx, "ICR writes counted %u, want %u",
	      after - before, icr.ecx);
	check(quiet_total(vm, &total, &stat) == 0, "no quiet window");
	check(total == (uint32_t)stat, "total %u, KVM exits %lu", total,
	      (unsigned long)stat);
	kvm_vm_free(vm);
}

/* The total equals the sum of the per-type counts. */
static void test_total_is_sum_of_types(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t *list = vm_gpa(vm, GUEST_LIST_GPA);
	uint32_t *res = vm_gpa(vm, GUEST_RES_GPA);
	const struct exit_type *t;
	size_t i, n = exit_types(vendor, &t), cpuid_index = 0;
	int try;

	set_mode("vcpu", "vm");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 50);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 5);

	for (i = 0; i < n; i++) {
		list[i] = t[i].code;
		if (t[i].code == exit_type_cpuid(vendor))
			cpuid_index = i;
	}
	for (try = 0; try < QUIET_TRIES; try++) {
		vcpu_op(vcpu, OP_SWEEP, 0, n);
		/* The sweep's own reads only: no other exit came between. */
		if (res[RES_TOTAL_AFTER / 4] - res[RES_TOTAL_BEFORE / 4] == n + 1)
			break;
	}
	check(try < QUIET_TRIES, "no quiet sweep in %d tries", QUIET_TRIES);
	/* Reads before the CPUID type's own: the first total and the types before it. */
	check(res[RES_SUM / 4] == res[RES_TOTAL_BEFORE / 4] + 1 + cpuid_index,
	      "sum of types %u, total %u + %zu reads before the CPUID type",
	      res[RES_SUM / 4], res[RES_TOTAL_BEFORE / 4], 1 + cpuid_index);
	kvm_vm_free(vm);
}

/* Cycles advance, as one 64-bit value with ebx the high half. */
static void test_cycles_advance(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t cpuid = exit_type_cpuid(vendor);
	uint64_t total[4], type[4];
	int i;

	set_mode("vcpu", "global");
	for (i = 0; i < 4; i++) {
		total[i] = read_cycles(vcpu, LEAF_CYCLES, 0);
		type[i] = read_cycles(vcpu, LEAF_TYPE_CYCLES, cpuid);
		vcpu_op(vcpu, OP_LOOP_CPUID, 0, 20);
	}
	for (i = 1; i < 4; i++) {
		check(total[i] > total[i - 1], "total cycles went %lu -> %lu",
		      (unsigned long)total[i - 1], (unsigned long)total[i]);
		check(type[i] > type[i - 1], "CPUID cycles went %lu -> %lu",
		      (unsigned long)type[i - 1], (unsigned long)type[i]);
		check(type[i] <= total[i], "CPUID cycles %lu above the total %lu",
		      (unsigned long)type[i], (unsigned long)total[i]);
	}
	kvm_vm_free(vm);
}

static void check_rule(struct kvm_vcpu *vcpu, uint32_t code, enum leaf_kind want)
{
	static const uint32_t leaves[] = { LEAF_TYPE_EXITS, LEAF_TYPE_CYCLES };
	int i;

	for (i = 0; i < 2; i++) {
		struct leaf_answer a = vcpu_read_leaf(vcpu, leaves[i], code);

		check(leaf_classify(leaves[i], &a) == want,
		      "leaf 0x%x type 0x%x: %08x %08x %08x %08x, want %s",
		      leaves[i], code, a.eax, a.ebx, a.ecx, a.edx,
		      want == LEAF_UNDEFINED_TYPE ? "edx=ffffffff" : "all zero");
	}
}

/* Undefined types, types without a handler, and a handled type never taken. */
static void test_type_rules(void)
{
	static const uint32_t candidates[] = {
		35, 38, 42, 71, 78, 0xa6, 0xaf, 0xff, 0x100, 0x3ff, 0x404,
		0x500, 0xffff, 0x10000, 0xf0000000, 0x7fffffff,
	};
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	const struct exit_type *t;
	size_t i, n = exit_types(vendor, &t);
	int undefined = 0, unhandled = 0;

	set_mode("vcpu", "vm");
	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (exit_type_find(vendor, candidates[i]))
			continue;
		check_rule(vcpu, candidates[i], LEAF_UNDEFINED_TYPE);
		undefined++;
	}
	for (i = 0; i < n; i++) {
		if (t[i].kvm_handles)
			continue;
		check_rule(vcpu, t[i].code, LEAF_NO_HANDLER);
		unhandled++;
	}
	/* INVD is handled on both vendors, and this fresh VM never ran one. */
	check_rule(vcpu, vendor == VENDOR_INTEL ? 13 : 0x76, LEAF_NO_HANDLER);
	check(undefined >= 8 && unhandled >= 10,
	      "too few types tested: %d undefined, %d without handler",
	      undefined, unhandled);
	printf("#   %d undefined and %d unhandled types checked\n",
	       undefined, unhandled);
	kvm_vm_free(vm);
}

/* Mode off freezes every counter while KVM's own statistic goes on. */
static void test_mode_off_freezes(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t cpuid = exit_type_cpuid(vendor);
	uint32_t total0, type0;
	uint64_t cycles0, stat0;

	set_mode("vcpu", "global");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 10);
	kvm_param_must_set("exit_stats_mode", "off");
	stat0 = vm_stat_sum(vm, "exits");
	total0 = read_count(vcpu, LEAF_EXITS, 0);
	type0 = read_count(vcpu, LEAF_TYPE_EXITS, cpuid);
	cycles0 = read_cycles(vcpu, LEAF_CYCLES, 0);
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 100);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 10);
	check(read_count(vcpu, LEAF_EXITS, 0) == total0, "total moved while off");
	check(read_count(vcpu, LEAF_TYPE_EXITS, cpuid) == type0,
	      "CPUID count moved while off");
	check(read_cycles(vcpu, LEAF_CYCLES, 0) == cycles0, "cycles moved while off");
	check(vm_stat_sum(vm, "exits") >= stat0 + 100 + 10,
	      "KVM's exits statistic stopped too");
	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_vm_free(vm);
}

/* atomic and vcpu count the same workload identically. */
static void test_modes_agree(void)
{
	static const char *const modes[] = { "atomic", "vcpu" };
	uint32_t delta[2][2];
	int m;

	for (m = 0; m < 2; m++) {
		struct kvm_vm *vm = vm_create();
		struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
		uint32_t c0, i0;

		set_mode(modes[m], "global");
		c0 = read_count(vcpu, LEAF_TYPE_EXITS, exit_type_cpuid(vendor));
		i0 = read_count(vcpu, LEAF_TYPE_EXITS, exit_type_io(vendor));
		vcpu_op(vcpu, OP_LOOP_CPUID, 0, 333);
		vcpu_op(vcpu, OP_LOOP_OUT, 0, 33);
		delta[m][0] = read_count(vcpu, LEAF_TYPE_EXITS,
					 exit_type_cpuid(vendor)) - c0;
		delta[m][1] = read_count(vcpu, LEAF_TYPE_EXITS,
					 exit_type_io(vendor)) - i0;
		kvm_vm_free(vm);
	}
	check(delta[0][0] == delta[1][0] && delta[0][1] == delta[1][1],
	      "atomic counted %u CPUID + %u I/O, vcpu %u + %u",
	      delta[0][0], delta[0][1], delta[1][0], delta[1][1]);
	/* Both reads of the I/O type's count came after reads of CPUID. */
	check(delta[0][0] == 333 + 2, "atomic: CPUID delta %u, want %u",
	      delta[0][0], 333 + 2);
}

/* Scope vm hides another VM's exits; scope global shows them. */
static void test_scope(void)
{
	static const char *const scopes[] = { "vm", "global" };
	const uint32_t n = 400;
	int s;

	for (s = 0; s < 2; s++) {
		struct kvm_vm *a = vm_create(), *b = vm_create();
		struct kvm_vcpu *va = vm_vcpu_add(a), *vb = vm_vcpu_add(b);
		uint32_t cpuid = exit_type_cpuid(vendor), before, after, want;

		set_mode("vcpu", scopes[s]);
		before = read_count(va, LEAF_TYPE_EXITS, cpuid);
		vcpu_op(vb, OP_LOOP_CPUID, 0, n);
		after = read_count(va, LEAF_TYPE_EXITS, cpuid);
		want = s == 0 ? 1 : n + 1;
		check(after - before == want,
		      "scope %s: VM A's CPUID count advanced %u, want %u",
		      scopes[s], after - before, want);
		kvm_vm_free(a);
		kvm_vm_free(b);
	}
}

struct loop_arg {
	struct kvm_vcpu *vcpu;
	uint32_t n;
};

static void *run_loop(void *p)
{
	struct loop_arg *arg = p;

	vcpu_op(arg->vcpu, OP_LOOP_CPUID, 0, arg->n);
	return NULL;
}

/* vCPUs of one VM running at once all count, in both modes. */
static void test_parallel_vcpus(void)
{
	static const char *const modes[] = { "atomic", "vcpu" };
	const int nr = 3;
	const uint32_t n = 500;
	int m, i;

	for (m = 0; m < 2; m++) {
		struct kvm_vm *vm = vm_create();
		struct loop_arg args[3];
		pthread_t threads[3];
		uint32_t before, after;

		for (i = 0; i < nr; i++)
			args[i] = (struct loop_arg){ vm_vcpu_add(vm), n };
		set_mode(modes[m], "vm");
		before = read_count(vm->vcpus[0], LEAF_TYPE_EXITS,
				    exit_type_cpuid(vendor));
		for (i = 0; i < nr; i++)
			TEST_ASSERT(!pthread_create(&threads[i], NULL, run_loop,
						    &args[i]), "pthread_create");
		for (i = 0; i < nr; i++)
			pthread_join(threads[i], NULL);
		after = read_count(vm->vcpus[0], LEAF_TYPE_EXITS,
				   exit_type_cpuid(vendor));
		check(after - before == nr * n + 1,
		      "%s: %d vCPUs x %u CPUIDs counted as %u, want %u",
		      modes[m], nr, n, after - before, nr * n + 1);
		kvm_vm_free(vm);
	}
}

/*
 * KVM's binary statistics per exit type agree with its own "exits" and with
 * the leaves, in both counting modes: with the vCPU out of KVM_RUN every
 * window is closed, so the agreement is exact.
 */
static void binary_stats_for(const char *mode)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t cpuid = exit_type_cpuid(vendor), leaf;
	uint64_t slots[EXIT_STAT_SLOTS], sum = 0;
	int i;

	set_mode(mode, "vm");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 300);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 20);
	vcpu_op(vcpu, OP_LOOP_HLT, 0, 3);
	/* The read's own CPUID exit is counted after it, with its ucall. */
	leaf = read_count(vcpu, LEAF_TYPE_EXITS, cpuid);
	vm_exit_type_counts(vm, slots);
	for (i = 0; i < EXIT_STAT_SLOTS; i++)
		sum += slots[i];
	check(sum == vm_stat_sum(vm, "exits"), "%s: exit_type_count sums to %lu, "
	      "KVM's exits %lu", mode, (unsigned long)sum,
	      (unsigned long)vm_stat_sum(vm, "exits"));
	check(slots[exit_type_slot(vendor, cpuid)] == (uint64_t)leaf + 1,
	      "%s: exit_type_count has %lu CPUID exits, the leaf %u (+1)", mode,
	      (unsigned long)slots[exit_type_slot(vendor, cpuid)], leaf);
	check(slots[exit_type_slot(vendor, exit_type_hlt(vendor))] == 3,
	      "%s: %lu HLT exits, want 3", mode,
	      (unsigned long)slots[exit_type_slot(vendor, exit_type_hlt(vendor))]);
	kvm_vm_free(vm);
}

static void test_binary_stats(void)
{
	binary_stats_for("vcpu");
	binary_stats_for("atomic");
}

static const struct test_case tests[] = {
	{ "per_type_counts", test_per_type_counts },
	{ "total_equals_kvm_stat", test_total_equals_kvm_stat },
	{ "fastpath_counted", test_fastpath_counted },
	{ "total_is_sum_of_types", test_total_is_sum_of_types },
	{ "cycles_advance", test_cycles_advance },
	{ "type_rules", test_type_rules },
	{ "mode_off_freezes", test_mode_off_freezes },
	{ "modes_agree", test_modes_agree },
	{ "scope", test_scope },
	{ "parallel_vcpus", test_parallel_vcpus },
	{ "binary_stats", test_binary_stats },
};

int main(int argc, char **argv)
{
	int ret;
	char mode[32] = "", scope[32] = "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm_dev_fd();
	vendor = host_vendor();
	kvm_param_get("exit_stats_mode", mode, sizeof(mode));
	kvm_param_get("exit_stats_scope", scope, sizeof(scope));
	printf("# e2e: vendor %s, boot-time mode %s, scope %s\n",
	       vendor_name(vendor), mode, scope);

	ret = run_tests(tests, sizeof(tests) / sizeof(tests[0]),
			vendor_name(vendor), argc, argv);
	set_mode(mode[0] ? mode : "vcpu", scope[0] ? scope : "vm");
	return ret;
}
