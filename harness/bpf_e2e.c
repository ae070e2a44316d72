// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end test of the BPF exit count, run inside the booted test kernel
 * with each attach method (tp, tp_btf, fentry): guests execute known
 * numbers of exiting instructions, and the BPF counts, filtered to this
 * process, must match
 * them exactly, match KVM's own "exits" statistic, time every exit, and
 * sort the fastpath exits by KVM's verdict.  Then the paths a long-running
 * host takes: more vCPU threads than the old in-flight table held, a VMM in
 * a PID namespace, and tp_btf falling back to the classic tracepoint.
 *
 * Each host operation adds one I/O exit (the ucall OUT, lib/guest_ops.h).
 * Timer interrupts add exits of their own type at any time: the checks
 * leave their type alone, or compare with KVM's statistic, which has them.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../bpf/exits_lib.h"
#include "lib/checks.h"
#include "lib/guest_ops.h"
#include "lib/kvm_params.h"
#include "lib/kvm_vm.h"
#include "lib/test_util.h"

/* The in-flight table of the first version held 8192 vCPU threads. */
#define VCPU_LIFETIMES 8500

static enum cpu_vendor vendor;
static __u32 isa;
static struct exits_snapshot before, after, delta;

static struct exits_counter *open_counter_opts(const struct exits_opts *opts)
{
	struct exits_counter *ec;
	char err[256];

	ec = exits_open(opts, err, sizeof(err));
	TEST_ASSERT(ec, "%s", err);
	TEST_ASSERT(!exits_attach(ec, err, sizeof(err)), "%s", err);
	return ec;
}

static struct exits_counter *open_counter(enum exits_attach attach)
{
	struct exits_opts opts = { .attach = attach, .tgid = getpid() };

	return open_counter_opts(&opts);
}

static void check_nothing_lost(const char *name)
{
	int k;

	for (k = 0; k < EXITS_LOST_KINDS; k++)
		check(!delta.lost[k], "%s: %lu lost (%s)", name,
		      (unsigned long)delta.lost[k], exits_lost_name(k));
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

static void counts_exact_with(struct exits_counter *ec, const char *name)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	const uint32_t cpuids = 300, outs = 40, halts = 7, calls = 25;
	const uint32_t hlt_fastpath = kvm_fastpath_possible(vendor) ? halts : 0;
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
	/*
	 * 6.12's stable releases finish HLT in the fastpath: without an
	 * in-kernel APIC, handle_exit() is told it goes to userspace.
	 */
	check(exits_stat_fastpath(&total) == hlt_fastpath &&
	      total.fastpath_userspace == hlt_fastpath,
	      "%s: %lu fastpath exits, %lu of them to userspace, want %u HLTs",
	      name, (unsigned long)exits_stat_fastpath(&total),
	      (unsigned long)total.fastpath_userspace, hlt_fastpath);
	check_timing(name);
	check_nothing_lost(name);

	kvm_vm_free(vm);
}

static void counts_exact(enum exits_attach attach)
{
	struct exits_counter *ec = open_counter(attach);

	counts_exact_with(ec, exits_attach_name(attach));
	exits_close(ec);
}

static void test_counts_exact(void)
{
	counts_exact(EXITS_ATTACH_TP);
	counts_exact(EXITS_ATTACH_TP_BTF);
	counts_exact(EXITS_ATTACH_FENTRY);
}

/*
 * Where BTF lacks the vendor's vCPU type, tp_btf cannot read the reason:
 * the loader says so and counts on the classic tracepoint instead, exactly.
 */
static void test_btf_fallback(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP_BTF, .tgid = getpid(),
				   .test_no_vendor_btf = true };
	struct exits_counter *ec = open_counter_opts(&opts);

	printf("#   fallback: %s\n", exits_fallback(ec));
	check(exits_attach_used(ec) == EXITS_ATTACH_TP, "without the vCPU type's BTF, "
	      "tp_btf attached as %s", exits_attach_name(exits_attach_used(ec)));
	check(strstr(exits_fallback(ec), "no BTF for struct") != NULL,
	      "the reason given: '%s'", exits_fallback(ec));
	counts_exact_with(ec, "tp_btf fallen back to tp");
	exits_close(ec);
}

/* Run @op between two snapshots: delta holds its exits by type, @total their sum. */
static void counted_op(struct exits_counter *ec, struct kvm_vcpu *vcpu,
		       const struct guest_args *op, struct exit_stat *total)
{
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op_args(vcpu, op);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	exits_snapshot_total(&delta, total);
}

static void print_kinds(const char *name, const char *what, const struct exit_stat *t)
{
	printf("#   %s %s: %lu exits, %lu re-entered, %lu handled in the fastpath, "
	       "%lu to userspace\n", name, what, (unsigned long)t->exits,
	       (unsigned long)(t->exits - t->handled),
	       (unsigned long)t->fastpath_handled,
	       (unsigned long)t->fastpath_userspace);
}

/*
 * x2APIC ICR writes to an absent APIC re-enter the guest from KVM's
 * fastpath: handle_exit() never sees them.  One that meets a pending
 * request (a reschedule, a signal) is handed to handle_exit() as already
 * handled: still fastpath.  Every window must count all of them.
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

	if (!want)
		printf("#   %s: no fastpath here (kvm_amd.nrips=0): every exit "
		       "must reach handle_exit\n", name);
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	stat0 = vm_stat_sum(vm, "exits");
	counted_op(ec, vcpu, &icr, &total);
	stat1 = vm_stat_sum(vm, "exits");
	print_kinds(name, "ICR to no APIC", &total);
	check(exits_of(exit_type_wrmsr(vendor)) == icr.ecx, "%s: WRMSR %lu, want %u",
	      name, (unsigned long)exits_of(exit_type_wrmsr(vendor)), icr.ecx);
	check(exits_stat_fastpath(&total) == want,
	      "%s: %lu fastpath exits, want %u", name,
	      (unsigned long)exits_stat_fastpath(&total), want);
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
	fastpath(EXITS_ATTACH_FENTRY);
}

/*
 * A self-IPI from the ICR: KVM delivers it in the fastpath, which leaves an
 * event request pending, so KVM hands every one of these exits to
 * handle_exit() as EXIT_FASTPATH_EXIT_HANDLED (with APICv off, as under
 * the emulators).  Counting "never reached handle_exit()" as the fastpath
 * would show none of them.  The guest keeps interrupts off: the IPIs stay
 * pending.  fexit sees vcpu_run()'s own verdict, before that request turns
 * "re-enter" into "handled": the same number of fastpath exits, re-entered.
 */
/* With APICv (AVIC) the self-IPI is posted: no request, so it re-enters. */
static bool apic_virtualized(void)
{
	char v[8];

	if (vendor == VENDOR_INTEL)
		return !module_param_get("kvm_intel", "enable_apicv", v, sizeof(v)) &&
		       (v[0] == 'Y' || v[0] == '1');
	return !module_param_get("kvm_amd", "avic", v, sizeof(v)) &&
	       (v[0] == 'Y' || v[0] == '1');
}

static void fastpath_handled(enum exits_attach attach)
{
	const char *name = exits_attach_name(attach);
	struct exits_counter *ec = open_counter(attach);
	struct kvm_vm *vm = vm_create_irqchip();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	struct guest_args enable = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_SVR, .ecx = 1,
		.eax = SVR_APIC_ENABLE,
	};
	struct guest_args self_ipi = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_ICR, .ecx = 200,
		.eax = ICR_SELF_IPI_LOW, .edx = 0,
	};
	uint32_t want = kvm_fastpath_possible(vendor) ? self_ipi.ecx : 0;
	struct exit_stat total;

	vcpu_op_args(vcpu, &enable);
	counted_op(ec, vcpu, &self_ipi, &total);
	print_kinds(name, "self-IPI", &total);
	check(exits_of(exit_type_wrmsr(vendor)) == self_ipi.ecx,
	      "%s: WRMSR %lu, want %u", name,
	      (unsigned long)exits_of(exit_type_wrmsr(vendor)), self_ipi.ecx);
	check(exits_stat_fastpath(&total) == want, "%s: %lu fastpath exits, want %u",
	      name, (unsigned long)exits_stat_fastpath(&total), want);
	if (apic_virtualized())
		printf("#   %s: APIC virtualization is on: the kind is not checked\n",
		       name);
	else if (attach == EXITS_ATTACH_FENTRY)
		check(total.exits - total.handled == want,
		      "%s: %lu re-entered by vcpu_run()'s verdict, want %u", name,
		      (unsigned long)(total.exits - total.handled), want);
	else
		check(total.fastpath_handled == want,
		      "%s: %lu handed to handle_exit() as handled, want %u", name,
		      (unsigned long)total.fastpath_handled, want);
	check_timing(name);
	check_nothing_lost(name);

	kvm_vm_free(vm);
	exits_close(ec);
}

static void test_fastpath_handled(void)
{
	fastpath_handled(EXITS_ATTACH_TP);
	fastpath_handled(EXITS_ATTACH_TP_BTF);
	fastpath_handled(EXITS_ATTACH_FENTRY);
}

struct lifetime {
	struct kvm_vcpu *vcpu;
	uint32_t cpuids;
};

/* One vCPU thread's life: a few exits, the last one never re-entered. */
static void *vcpu_lifetime(void *arg)
{
	struct lifetime *l = arg;

	vcpu_op(l->vcpu, OP_LOOP_CPUID, 0, l->cpuids);
	return NULL;
}

static void run_in_thread(struct kvm_vcpu *vcpu, uint32_t cpuids)
{
	struct lifetime l = { vcpu, cpuids };
	pthread_t t;

	TEST_ASSERT(!pthread_create(&t, NULL, vcpu_lifetime, &l), "pthread_create");
	TEST_ASSERT(!pthread_join(t, NULL), "pthread_join");
}

/*
 * More vCPU thread lifetimes than the first version's in-flight table
 * held: each thread's last exit (its ucall) is never followed by an entry.
 * That table filled up and then timed nothing; task storage dies with each
 * thread.  Every thread's last exit must show as untimed, and a thread
 * after them all must be timed and matched to handle_exit() in full.
 */
static void test_vcpu_lifetimes(void)
{
	struct exits_counter *ec = open_counter(EXITS_ATTACH_TP_BTF);
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	const struct exits_entry *io, *cpuid;
	struct timespec t0, t1;
	int i;

	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	for (i = 0; i < VCPU_LIFETIMES; i++)
		run_in_thread(vcpu, 1);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	exits_snapshot_diff(&after, &before, &delta);
	io = exits_snapshot_find(&delta, isa, exit_type_io(vendor));
	printf("#   %d vCPU threads in %.1f s: %lu I/O exits, %lu untimed\n",
	       VCPU_LIFETIMES, t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       io ? (unsigned long)io->stat.exits : 0,
	       io ? (unsigned long)exits_stat_untimed(&io->stat) : 0);
	check(io && exits_stat_untimed(&io->stat) == VCPU_LIFETIMES,
	      "each thread's last exit (a ucall) is untimed: %lu, want %d",
	      io ? (unsigned long)exits_stat_untimed(&io->stat) : 0, VCPU_LIFETIMES);
	check_nothing_lost("lifetimes");

	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	run_in_thread(vcpu, 100);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	cpuid = exits_snapshot_find(&delta, isa, exit_type_cpuid(vendor));
	check(cpuid && cpuid->stat.exits == 100 && cpuid->stat.entries == 100 &&
	      cpuid->stat.handled == 100,
	      "the next thread: CPUID %lu exits, %lu timed, %lu handled, want 100",
	      cpuid ? (unsigned long)cpuid->stat.exits : 0,
	      cpuid ? (unsigned long)cpuid->stat.entries : 0,
	      cpuid ? (unsigned long)cpuid->stat.handled : 0);
	check_nothing_lost("after the lifetimes");
	kvm_vm_free(vm);
	exits_close(ec);
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

/* Count @cpuids of a VM of this process's own. */
static void run_cpuids(uint32_t cpuids)
{
	struct kvm_vm *vm = vm_create();

	vcpu_op(vm_vcpu_add(vm), OP_LOOP_CPUID, 0, cpuids);
	kvm_vm_free(vm);
}

/* The pipes between the host side of the test and the namespace's VMM. */
static int vmm_pid_pipe[2], go_pipe[2], result_pipe[2];

/* This process's PID on the host: the first of NSpid (/proc is the host's). */
static pid_t host_pid(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	pid_t pid = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "NSpid: %d", &pid) == 1)
			break;
	if (f)
		fclose(f);
	return pid;
}

static void pidns_vmm(void)
{
	pid_t pid = host_pid();
	char go;

	/* Tell the host side who this is, and wait for its counter. */
	TEST_ASSERT(write(vmm_pid_pipe[1], &pid, sizeof(pid)) == sizeof(pid), "write");
	TEST_ASSERT(read(go_pipe[0], &go, 1) == 1, "read");
	run_cpuids(100);
	_exit(0);
}

/*
 * In a new PID namespace (a container): the counter, loaded there, takes
 * -p as that namespace numbers the VMM (2), not as the host does.  Its own
 * process (1 there) runs a VM too, which must stay out.  Sends the CPUID
 * exits counted, or -1.
 */
static void pidns_init(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP_BTF, .tgid = 2 };
	struct exits_counter *ec = open_counter_opts(&opts);
	const struct exits_entry *e;
	long counted = -1;
	int status;
	pid_t vmm;

	TEST_ASSERT(getpid() == 1, "not the first process of a new namespace");
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vmm = fork();
	TEST_ASSERT(vmm >= 0, "fork");
	if (!vmm)
		pidns_vmm();
	TEST_ASSERT(vmm == 2, "the VMM is %d in the namespace", vmm);
	waitpid(vmm, &status, 0);
	run_cpuids(50);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	e = exits_snapshot_find(&delta, isa, exit_type_cpuid(vendor));
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		counted = e ? (long)e->stat.exits : 0;
	exits_close(ec);
	_exit(write(result_pipe[1], &counted, sizeof(counted)) != sizeof(counted));
}

/*
 * A VMM in a PID namespace, counted twice: by a counter inside that
 * namespace with the PID it shows there, and by one on the host with the
 * host's PID for it.
 */
static void test_pid_namespace(void)
{
	struct exits_counter *ec;
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP_BTF };
	const struct exits_entry *e;
	long counted = -1, host_counted;
	int status;
	pid_t child;

	TEST_ASSERT(!pipe(vmm_pid_pipe) && !pipe(go_pipe) && !pipe(result_pipe), "pipe");
	child = fork();
	TEST_ASSERT(child >= 0, "fork");
	if (!child) {
		pid_t init;

		TEST_ASSERT(!unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID): %s",
			    strerror(errno));
		init = fork();
		if (!init)
			pidns_init();
		waitpid(init, &status, 0);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
	TEST_ASSERT(read(vmm_pid_pipe[0], &opts.tgid, sizeof(opts.tgid)) ==
		    sizeof(opts.tgid), "the VMM's host PID");
	ec = open_counter_opts(&opts);
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	TEST_ASSERT(write(go_pipe[1], "g", 1) == 1, "write");
	if (read(result_pipe[0], &counted, sizeof(counted)) != sizeof(counted))
		counted = -1;
	waitpid(child, &status, 0);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	e = exits_snapshot_find(&delta, isa, exit_type_cpuid(vendor));
	host_counted = e ? (long)e->stat.exits : 0;
	exits_close(ec);
	check(WIFEXITED(status) && !WEXITSTATUS(status),
	      "the namespace's processes ended with status 0x%x", status);
	check(counted == 100, "-p 2 in a PID namespace: counted %ld CPUID exits, "
	      "want the VMM's 100 (not its parent's 50)", counted);
	check(host_counted == 100, "-p %d on the host for that VMM: counted %ld "
	      "CPUID exits, want 100", opts.tgid, host_counted);
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
	{ "bpf_fastpath_handled", test_fastpath_handled },
	{ "bpf_btf_fallback", test_btf_fallback },
	{ "bpf_pid_filter", test_pid_filter },
	{ "bpf_pid_namespace", test_pid_namespace },
	{ "bpf_vcpu_lifetimes", test_vcpu_lifetimes },
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
