// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end test of the BPF exit count, run inside the booted test kernel
 * with each attach method: guests execute known numbers of exiting
 * instructions, and the BPF counts, filtered to this process, must match
 * them exactly, match KVM's own "exits" statistic, time every exit, and
 * show the fastpath exits as exits that never reached handle_exit().
 *
 * Each host operation adds one I/O exit (the ucall OUT, lib/guest_ops.h).
 * Timer interrupts add exits of their own type at any time: the checks
 * leave their type alone, or compare with KVM's statistic, which has them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../bpf/exits_lib.h"
#include "lib/checks.h"
#include "lib/guest_ops.h"
#include "lib/kvm_params.h"
#include "lib/kvm_vm.h"
#include "lib/test_util.h"

#define FASTPATH_TRIES 3

static enum cpu_vendor vendor;
static __u32 isa;
static struct exits_snapshot before, after, delta;

static struct exits_counter *open_counter(enum exits_attach attach)
{
	struct exits_opts opts = { .attach = attach, .tgid = getpid() };
	struct exits_counter *ec;
	char err[256];

	ec = exits_open(&opts, err, sizeof(err));
	TEST_ASSERT(ec, "%s", err);
	TEST_ASSERT(!exits_attach(ec, err, sizeof(err)), "%s", err);
	return ec;
}

static uint64_t exits_of(__u32 reason)
{
	const struct exits_entry *e = exits_snapshot_find(&delta, isa, reason);

	return e ? e->stat.exits : 0;
}

/* Every exit in the window was timed, and its histogram holds them all. */
static void check_timing(const char *attach)
{
	size_t i;
	int s;

	for (i = 0; i < delta.n; i++) {
		const struct exit_stat *st = &delta.e[i].stat;
		uint64_t samples = 0;

		for (s = 0; s < EXITS_HIST_SLOTS; s++)
			samples += st->hist[s];
		check(st->entries == st->exits,
		      "%s: type 0x%x: %lu exits but %lu timed", attach,
		      delta.e[i].key.reason, (unsigned long)st->exits,
		      (unsigned long)st->entries);
		check(samples == st->entries,
		      "%s: type 0x%x: histogram holds %lu of %lu samples", attach,
		      delta.e[i].key.reason, (unsigned long)samples,
		      (unsigned long)st->entries);
		check(st->time_ns > 0 || !st->entries,
		      "%s: type 0x%x: no time measured", attach, delta.e[i].key.reason);
	}
}

static void counts_exact(enum exits_attach attach)
{
	const char *name = exits_attach_name(attach);
	struct exits_counter *ec = open_counter(attach);
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	const uint32_t cpuids = 300, outs = 40, halts = 7, calls = 25;
	struct exit_stat total;
	uint64_t stat0, stat1;

	/* A first operation, so that the window starts after a ucall. */
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	stat0 = vm_stat_sum(vm, "exits");
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, cpuids);
	vcpu_op(vcpu, OP_LOOP_OUT, 0, outs);
	vcpu_op(vcpu, OP_LOOP_HLT, 0, halts);
	vcpu_op(vcpu, vendor == VENDOR_INTEL ? OP_LOOP_VMCALL : OP_LOOP_VMMCALL,
		0, calls);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	stat1 = vm_stat_sum(vm, "exits");
	exits_snapshot_diff(&after, &before, &delta);
	exits_snapshot_total(&delta, &total);

	check(exits_of(exit_type_cpuid(vendor)) == cpuids, "%s: CPUID %lu, want %u",
	      name, (unsigned long)exits_of(exit_type_cpuid(vendor)), cpuids);
	check(exits_of(exit_type_io(vendor)) == outs + 4, "%s: I/O %lu, want %u",
	      name, (unsigned long)exits_of(exit_type_io(vendor)), outs + 4);
	check(exits_of(exit_type_hlt(vendor)) == halts, "%s: HLT %lu, want %u",
	      name, (unsigned long)exits_of(exit_type_hlt(vendor)), halts);
	check(exits_of(exit_type_hypercall(vendor)) == calls,
	      "%s: hypercalls %lu, want %u", name,
	      (unsigned long)exits_of(exit_type_hypercall(vendor)), calls);
	check(total.exits == stat1 - stat0, "%s: BPF total %lu, KVM exits %lu",
	      name, (unsigned long)total.exits, (unsigned long)(stat1 - stat0));
	/* Without an in-kernel APIC nothing re-enters from the fastpath. */
	check(total.handled == total.exits, "%s: %lu exits, %lu reached handle_exit",
	      name, (unsigned long)total.exits, (unsigned long)total.handled);
	check_timing(name);

	kvm_vm_free(vm);
	exits_close(ec);
}

static void test_counts_exact(void)
{
	counts_exact(EXITS_ATTACH_TP);
	counts_exact(EXITS_ATTACH_TP_BTF);
}

/*
 * x2APIC ICR writes re-enter the guest from KVM's fastpath: handle_exit()
 * sees all exits but exactly those.  A fastpath exit that meets a pending
 * request (a reschedule, a signal) goes the slow way instead, so a window
 * may be tried again.
 */
static void fastpath(enum exits_attach attach)
{
	const char *name = exits_attach_name(attach);
	struct exits_counter *ec = open_counter(attach);
	struct kvm_vm *vm = vm_create_irqchip();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	struct guest_args icr = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_ICR, .ecx = 300,
		.eax = ICR_FASTPATH_LOW, .edx = ICR_FASTPATH_HIGH,
	};
	uint32_t want = kvm_fastpath_possible(vendor) ? icr.ecx : 0;
	struct exit_stat total;
	uint64_t stat0, stat1;
	int try;

	if (!want)
		printf("#   %s: no fastpath here (kvm_amd.nrips=0): every exit "
		       "must reach handle_exit\n", name);
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	for (try = 1; try <= FASTPATH_TRIES; try++) {
		stat0 = vm_stat_sum(vm, "exits");
		TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
		vcpu_op_args(vcpu, &icr);
		TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
		stat1 = vm_stat_sum(vm, "exits");
		exits_snapshot_diff(&after, &before, &delta);
		exits_snapshot_total(&delta, &total);
		if (total.exits - total.handled == want)
			break;
	}
	printf("#   %s: %lu exits, %lu reached handle_exit (tries: %d)\n", name,
	       (unsigned long)total.exits, (unsigned long)total.handled,
	       try > FASTPATH_TRIES ? FASTPATH_TRIES : try);
	check(exits_of(exit_type_wrmsr(vendor)) == icr.ecx, "%s: WRMSR %lu, want %u",
	      name, (unsigned long)exits_of(exit_type_wrmsr(vendor)), icr.ecx);
	check(total.exits - total.handled == want,
	      "%s: %lu exits skipped handle_exit, want %u", name,
	      (unsigned long)(total.exits - total.handled), want);
	check(total.exits == stat1 - stat0, "%s: BPF total %lu, KVM exits %lu",
	      name, (unsigned long)total.exits, (unsigned long)(stat1 - stat0));
	check_timing(name);

	kvm_vm_free(vm);
	exits_close(ec);
}

static void test_fastpath(void)
{
	fastpath(EXITS_ATTACH_TP);
	fastpath(EXITS_ATTACH_TP_BTF);
}

/* The filter keeps another process's exits out. */
static void test_pid_filter(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP_BTF, .tgid = 1 };
	struct exits_counter *ec;
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	struct exit_stat total;
	char err[256];

	ec = exits_open(&opts, err, sizeof(err));
	TEST_ASSERT(ec && !exits_attach(ec, err, sizeof(err)), "%s", err);
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 100);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	exits_snapshot_total(&delta, &total);
	check(total.exits == 0, "filtered to pid 1, counted %lu exits of this one",
	      (unsigned long)total.exits);
	kvm_vm_free(vm);
	exits_close(ec);
}

/* Without privileges, opening says so instead of failing obscurely. */
static void test_unprivileged_error(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP_BTF };
	int pipefd[2], status;
	char err[256] = "";
	ssize_t n;
	pid_t pid;

	TEST_ASSERT(!pipe(pipefd), "pipe");
	pid = fork();
	TEST_ASSERT(pid >= 0, "fork");
	if (!pid) {
		struct exits_counter *ec;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		ec = exits_open(&opts, err, sizeof(err));
		if (!ec)
			n = write(pipefd[1], err, strlen(err));
		_exit(ec ? 1 : 0);
	}
	close(pipefd[1]);
	n = read(pipefd[0], err, sizeof(err) - 1);
	err[n > 0 ? n : 0] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "as nobody, opening did not fail (status 0x%x)", status);
	check(strstr(err, "permission denied") && strstr(err, "CAP_BPF"),
	      "as nobody, the message was: %s", err);
}

static const struct test_case tests[] = {
	{ "bpf_counts_exact", test_counts_exact },
	{ "bpf_fastpath", test_fastpath },
	{ "bpf_pid_filter", test_pid_filter },
	{ "bpf_unprivileged_error", test_unprivileged_error },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm_dev_fd();
	vendor = host_vendor();
	isa = vendor == VENDOR_INTEL ? EXITS_ISA_VMX : EXITS_ISA_SVM;
	printf("# bpf-e2e: vendor %s\n", vendor_name(vendor));
	return run_tests(tests, sizeof(tests) / sizeof(tests[0]),
			 vendor_name(vendor), argc, argv);
}
