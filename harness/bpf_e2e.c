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
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exits_lib.h"
#include "checks.h"
#include "guest_ops.h"
#include "kvm_params.h"
#include "kvm_stats.h"
#include "kvm_vm.h"
#include "test_util.h"

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
	/* With APICv (AVIC) the self-IPI is posted: no request, so it re-enters. */
	if (kvm_apic_virtualized(vendor))
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

/*
 * Who exits: three VMs in this process and one in each of two others.
 * What a VM's vCPUs did, as KVM counted it and as the guest ran it.
 */
#define VM_MAX_VCPUS 2
struct vm_result {
	char name[EXITS_VM_NAME_LEN];	/* as KVM's debugfs names it: PID-FD */
	pid_t pid;
	int nr_vcpus;
	uint64_t kvm_exits[VM_MAX_VCPUS];	/* KVM's "exits" of each vCPU */
	uint32_t cpuids;			/* run by the guest, all vCPUs */
};

/* Run CPUIDs on each vCPU of @vm, a number of its own, and note the counts. */
static void run_vm(struct kvm_vm *vm, uint32_t base, struct vm_result *r)
{
	int i;

	snprintf(r->name, sizeof(r->name), "%d-%d", getpid(), vm->fd);
	r->pid = getpid();
	r->nr_vcpus = vm->nr_vcpus;
	r->cpuids = 0;
	for (i = 0; i < vm->nr_vcpus; i++) {
		vcpu_op(vm->vcpus[i], OP_LOOP_CPUID, 0, base + 17 * i);
		r->cpuids += base + 17 * i;
	}
	for (i = 0; i < vm->nr_vcpus; i++)
		TEST_ASSERT(!kvm_stat_read(vm->vcpus[i]->stats_fd, "exits",
					   &r->kvm_exits[i]), "exits of vCPU %d", i);
}

static struct kvm_vm *vm_with_vcpus(int n)
{
	struct kvm_vm *vm = vm_create();

	while (n--)
		vm_vcpu_add(vm);
	return vm;
}

/* A VMM of one VM with two vCPUs: sends its result, waits, and ends. */
static void other_vmm(uint32_t base, int result_fd, int done_fd)
{
	struct kvm_vm *vm = vm_with_vcpus(2);
	struct vm_result r;
	char done;

	run_vm(vm, base, &r);
	TEST_ASSERT(write(result_fd, &r, sizeof(r)) == sizeof(r), "write");
	/* The VM lives until the counters have read it. */
	TEST_ASSERT(read(done_fd, &done, 1) == 1, "read");
	kvm_vm_free(vm);
	_exit(0);
}

static uint64_t kvm_exits_of(const struct vm_result *r, int vcpu)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < r->nr_vcpus; i++)
		if (vcpu < 0 || vcpu == i)
			sum += r->kvm_exits[i];
	return sum;
}

/* One VM in the per-VM view against what KVM and the guest counted. */
static void check_vm(const char *method, const struct exits_vm_snapshot *vs,
		     const struct vm_result *r)
{
	const struct exits_vm *vm = exits_vm_find(vs, r->name);
	struct vcpu_stat total;
	size_t first, n, i;
	uint64_t cpuids = 0;

	check(vm != NULL, "%s: VM %s is not in the per-VM view", method, r->name);
	if (!vm)
		return;
	exits_vm_total(vs, &vm->key, &total);
	check(total.exits == kvm_exits_of(r, -1), "%s: VM %s: %lu exits, KVM counted %lu",
	      method, r->name, (unsigned long)total.exits,
	      (unsigned long)kvm_exits_of(r, -1));
	check(vm->info.tgid == (__u32)r->pid, "%s: VM %s: recorded as process %u",
	      method, r->name, vm->info.tgid);
	n = exits_vm_vcpus(vs, &vm->key, &first);
	check(n == (size_t)r->nr_vcpus, "%s: VM %s: %zu vCPUs, want %d", method,
	      r->name, n, r->nr_vcpus);
	for (i = first; i < first + n; i++) {
		const struct exits_vcpu *v = &vs->vcpus[i];
		__u32 id = v->key.vcpu_id;

		if (id >= VM_MAX_VCPUS) {
			check(0, "%s: VM %s: vCPU id %u", method, r->name, id);
			continue;
		}
		check(v->stat.exits == r->kvm_exits[id], "%s: VM %s vCPU %u: %lu "
		      "exits, KVM counted %lu", method, r->name, id,
		      (unsigned long)v->stat.exits, (unsigned long)r->kvm_exits[id]);
		/*
		 * Each vCPU's last exit, the ucall, is followed by no entry of
		 * its own: this thread runs the next vCPU then.
		 */
		check(v->stat.entries + 1 == v->stat.exits && v->stat.time_ns,
		      "%s: VM %s vCPU %u: %lu of %lu exits timed, want all but the last",
		      method, r->name, id, (unsigned long)v->stat.entries,
		      (unsigned long)v->stat.exits);
	}
	n = exits_vm_types(vs, &vm->key, &first);
	for (i = first; i < first + n; i++)
		if (vs->types[i].key.type.isa == isa &&
		    vs->types[i].key.type.reason == exit_type_cpuid(vendor))
			cpuids += vs->types[i].exits;
	check(cpuids == r->cpuids, "%s: VM %s: %lu CPUID exits, the guest ran %u",
	      method, r->name, (unsigned long)cpuids, r->cpuids);
}

static void per_vm(enum exits_attach attach)
{
	static struct exits_vm_snapshot vms_before, vms_after, vms_delta;
	static struct exits_snapshot vm_before, vm_after, vcpu_before, vcpu_after;
	const char *method = exits_attach_name(attach);
	struct exits_opts all_opts = { .attach = attach, .per_vm = true };
	struct exits_opts vm_opts = { .attach = attach }, vcpu_opts = vm_opts;
	struct exits_counter *all, *one_vm = NULL, *one_vcpu = NULL;
	struct vm_result r[5];
	int result_pipe[2], done_pipe[2][2], i, status;
	struct exit_stat total;
	struct kvm_vm *vms[3];
	pid_t pids[2];

	all = open_counter_opts(&all_opts);
	TEST_ASSERT(!pipe(result_pipe) && !pipe(done_pipe[0]) && !pipe(done_pipe[1]),
		    "pipe");
	TEST_ASSERT(!exits_vm_snapshot(all, &vms_before), "snapshot");
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		TEST_ASSERT(pids[i] >= 0, "fork");
		if (!pids[i])
			other_vmm(200 + 100 * i, result_pipe[1], done_pipe[i][0]);
	}
	/*
	 * The filters need the VMs' names before they start: this process's
	 * VMs are created first, and the filtered counters opened then.
	 */
	vms[0] = vm_with_vcpus(1);
	vms[1] = vm_with_vcpus(2);
	vms[2] = vm_with_vcpus(1);
	snprintf(r[0].name, sizeof(r[0].name), "%d-%d", getpid(), vms[1]->fd);
	vm_opts.vm = r[0].name;
	vcpu_opts.vm = r[0].name;
	vcpu_opts.filter_vcpu = true;
	vcpu_opts.vcpu = 1;
	one_vm = open_counter_opts(&vm_opts);
	one_vcpu = open_counter_opts(&vcpu_opts);
	TEST_ASSERT(!exits_snapshot(one_vm, &vm_before) &&
		    !exits_snapshot(one_vcpu, &vcpu_before), "snapshot");
	run_vm(vms[1], 60, &r[0]);
	run_vm(vms[0], 30, &r[1]);
	run_vm(vms[2], 90, &r[2]);
	for (i = 0; i < 2; i++)
		TEST_ASSERT(read(result_pipe[0], &r[3 + i], sizeof(r[0])) == sizeof(r[0]),
			    "the result of VMM %d", pids[i]);
	TEST_ASSERT(!exits_vm_snapshot(all, &vms_after) &&
		    !exits_snapshot(one_vm, &vm_after) &&
		    !exits_snapshot(one_vcpu, &vcpu_after), "snapshot");
	exits_vm_snapshot_diff(&vms_after, &vms_before, &vms_delta);
	printf("#   %s: %zu VMs, %zu vCPUs, %zu (VM, type) counts\n", method,
	       vms_delta.n_vms, vms_delta.n_vcpus, vms_delta.n_types);
	for (i = 0; i < 5; i++)
		check_vm(method, &vms_delta, &r[i]);

	exits_snapshot_diff(&vm_after, &vm_before, &delta);
	exits_snapshot_total(&delta, &total);
	check(total.exits == kvm_exits_of(&r[0], -1), "%s --vm %s: %lu exits, KVM "
	      "counted %lu", method, r[0].name, (unsigned long)total.exits,
	      (unsigned long)kvm_exits_of(&r[0], -1));
	exits_snapshot_diff(&vcpu_after, &vcpu_before, &delta);
	exits_snapshot_total(&delta, &total);
	check(total.exits == kvm_exits_of(&r[0], 1), "%s --vm %s --vcpu 1: %lu exits, "
	      "KVM counted %lu", method, r[0].name, (unsigned long)total.exits,
	      (unsigned long)kvm_exits_of(&r[0], 1));

	/* Gone VMs are told from live ones, and forgotten. */
	for (i = 0; i < 2; i++) {
		TEST_ASSERT(write(done_pipe[i][1], "d", 1) == 1, "write");
		waitpid(pids[i], &status, 0);
		check(WIFEXITED(status) && !WEXITSTATUS(status), "VMM %d ended with "
		      "status 0x%x", pids[i], status);
	}
	kvm_vm_free(vms[0]);
	for (i = 0; i < 5; i++) {
		const struct exits_vm *vm = exits_vm_find(&vms_after, r[i].name);
		bool gone = i == 1 || i >= 3;

		if (!vm)
			continue;
		check(exits_vm_gone(vm) == gone, "%s: VM %s is %s but seen as %s", method,
		      r[i].name, gone ? "gone" : "live", gone ? "live" : "gone");
		if (gone)
			exits_vm_forget(all, &vm->key);
	}
	TEST_ASSERT(!exits_vm_snapshot(all, &vms_after), "snapshot");
	check(vms_after.n_vms == 2 && exits_vm_find(&vms_after, r[0].name) &&
	      exits_vm_find(&vms_after, r[2].name),
	      "%s: %zu VMs kept after forgetting the 3 gone, want the 2 live ones",
	      method, vms_after.n_vms);
	kvm_vm_free(vms[1]);
	kvm_vm_free(vms[2]);
	exits_close(one_vcpu);
	exits_close(one_vm);
	exits_close(all);
	close(result_pipe[0]);
	close(result_pipe[1]);
	for (i = 0; i < 2; i++) {
		close(done_pipe[i][0]);
		close(done_pipe[i][1]);
	}
}

static void test_per_vm(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP, .per_vm = true };
	char err[256] = "";

	check(!exits_open(&opts, err, sizeof(err)) && strstr(err, "classic tracepoint"),
	      "-a tp with the per-VM view: '%s'", err);
	per_vm(EXITS_ATTACH_TP_BTF);
	per_vm(EXITS_ATTACH_FENTRY);
}

/*
 * The finer slots and the log2 histogram, kept apart by the program, put
 * each exit in the same power of two: four finer slots make one log2 slot.
 */
static void check_fine_in_log2(const char *method, const struct exits_entry *e)
{
	int s, l;

	for (l = 0; l < EXITS_HIST_SLOTS - 1; l++) {
		uint64_t sum = 0;
		__u64 lo, hi;

		for (s = 0; s < EXITS_FINE_SLOTS; s++) {
			exits_fine_range(s, &lo, &hi);
			if (lo >= (l ? 1ull << l : 0) && lo < (2ull << l))
				sum += e->fine.slot[s];
		}
		if (sum != e->stat.hist[l]) {
			check(0, "%s: type 0x%x: %lu exits in [2^%d, 2^%d) ns by the finer "
			      "slots, %lu by the log2 ones", method, e->key.reason,
			      (unsigned long)sum, l, l + 1, (unsigned long)e->stat.hist[l]);
			return;
		}
	}
}

/* The time of every type in the window, split, is within its whole. */
static void check_split_sums(const char *method)
{
	size_t i;
	int s;

	for (i = 0; i < delta.n; i++) {
		const struct exits_entry *e = &delta.e[i];
		const struct exit_stat *st = &e->stat;
		uint64_t fine = 0;

		for (s = 0; s < EXITS_FINE_SLOTS; s++)
			fine += e->fine.slot[s];
		check(st->user_ns + st->blocked_ns + st->runnable_ns <= st->time_ns,
		      "%s: type 0x%x: %lu ns in the VMM, %lu blocked, %lu runnable, of "
		      "%lu", method, e->key.reason, (unsigned long)st->user_ns,
		      (unsigned long)st->blocked_ns, (unsigned long)st->runnable_ns,
		      (unsigned long)st->time_ns);
		check(fine == st->entries, "%s: type 0x%x: the finer slots hold %lu of "
		      "%lu timed exits", method, e->key.reason, (unsigned long)fine,
		      (unsigned long)st->entries);
		check_fine_in_log2(method, e);
	}
}

static const struct exit_stat *stat_of_type(__u32 reason)
{
	const struct exits_entry *e = exits_snapshot_find(&delta, isa, reason);
	static const struct exit_stat none;

	return e ? &e->stat : &none;
}

static void *hog(void *arg)
{
	volatile bool *stop = arg;

	while (!*stop)
		;
	return NULL;
}

static void pin_to_cpu0(pthread_t thread)
{
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	TEST_ASSERT(!pthread_setaffinity_np(thread, sizeof(cpus), &cpus), "affinity");
}

/*
 * Where the time between exit and entry goes: 10 OUTs to a VMM that takes
 * 20 ms on each, HLTs that block in KVM until the APIC timer wakes them,
 * and CPUIDs while a busy thread shares the vCPU thread's CPU.
 */
static void time_split(enum exits_attach attach)
{
	const char *method = exits_attach_name(attach);
	struct exits_opts opts = { .attach = attach, .tgid = getpid(), .split = true };
	struct exits_counter *ec = open_counter_opts(&opts);
	struct kvm_enable_cap no_poll = { .cap = KVM_CAP_HALT_POLL };
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	const struct exit_stat *st;
	const struct exits_entry *e;
	volatile bool stop = false;
	cpu_set_t all_cpus;
	pthread_t busy;

	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	vcpu->work_delay_us = 20000;
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op(vcpu, OP_LOOP_OUT, 0, 10);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	st = stat_of_type(exit_type_io(vendor));
	printf("#   %s: I/O: %lu exits, %lu ns, %lu in the VMM; KVM_RUN returned %lu "
	       "times for KVM_EXIT_IO, %lu ns in the VMM\n", method,
	       (unsigned long)st->exits, (unsigned long)st->time_ns,
	       (unsigned long)st->user_ns, (unsigned long)delta.user[KVM_EXIT_IO].returns,
	       (unsigned long)delta.user[KVM_EXIT_IO].time_ns);
	/* The OUTs and the ucall before them, which this window resumed. */
	check(delta.user[KVM_EXIT_IO].returns == 11, "%s: KVM_RUN returned %lu times "
	      "for KVM_EXIT_IO, want 11", method,
	      (unsigned long)delta.user[KVM_EXIT_IO].returns);
	check(st->user_ns >= 10 * 20000000ull && st->user_ns <= st->time_ns,
	      "%s: I/O: %lu ns in the VMM of %lu, want 10 x 20 ms at least", method,
	      (unsigned long)st->user_ns, (unsigned long)st->time_ns);
	check(delta.user[KVM_EXIT_IO].time_ns == st->user_ns,
	      "%s: KVM_EXIT_IO: %lu ns in the VMM, the I/O exits %lu", method,
	      (unsigned long)delta.user[KVM_EXIT_IO].time_ns, (unsigned long)st->user_ns);
	check_split_sums(method);
	vcpu->work_delay_us = 0;
	kvm_vm_free(vm);

	/* HLTs with an in-kernel APIC block in KVM; no polling first. */
	vm = vm_create_irqchip();
	TEST_ASSERT_SYS(ioctl(vm->fd, KVM_ENABLE_CAP, &no_poll), "KVM_CAP_HALT_POLL");
	vm_setup_timer(vm);
	vcpu = vm_vcpu_add(vm);
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 1);
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op(vcpu, OP_TIMER, 0, 20);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	exits_snapshot_diff(&after, &before, &delta);
	st = stat_of_type(exit_type_hlt(vendor));
	printf("#   %s: HLT: %lu exits, %lu ns, %lu blocked, %lu runnable, %lu in the "
	       "VMM\n", method, (unsigned long)st->exits, (unsigned long)st->time_ns,
	       (unsigned long)st->blocked_ns, (unsigned long)st->runnable_ns,
	       (unsigned long)st->user_ns);
	check(st->exits >= 20 && st->blocked_ns > 0 && st->user_ns == 0,
	      "%s: HLT: %lu exits, %lu ns blocked and %lu in the VMM, want some "
	      "blocked and none in the VMM", method, (unsigned long)st->exits,
	      (unsigned long)st->blocked_ns, (unsigned long)st->user_ns);
	check_split_sums(method);

	/* A busy thread on the vCPU thread's CPU: the vCPU waits, runnable. */
	TEST_ASSERT(!sched_getaffinity(0, sizeof(all_cpus), &all_cpus), "affinity");
	pin_to_cpu0(pthread_self());
	TEST_ASSERT(!pthread_create(&busy, NULL, hog, (void *)&stop), "pthread_create");
	pin_to_cpu0(busy);
	TEST_ASSERT(!exits_snapshot(ec, &before), "snapshot");
	vcpu_op(vcpu, OP_LOOP_CPUID, 0, 20000);
	TEST_ASSERT(!exits_snapshot(ec, &after), "snapshot");
	stop = true;
	pthread_join(busy, NULL);
	TEST_ASSERT(!sched_setaffinity(0, sizeof(all_cpus), &all_cpus), "affinity");
	exits_snapshot_diff(&after, &before, &delta);
	e = exits_snapshot_find(&delta, isa, exit_type_cpuid(vendor));
	st = stat_of_type(exit_type_cpuid(vendor));
	printf("#   %s: CPUID beside a busy thread: %lu exits, %lu ns, %lu runnable; "
	       "p50 %lu ns, p99 %lu, p99.9 %lu\n", method, (unsigned long)st->exits,
	       (unsigned long)st->time_ns, (unsigned long)st->runnable_ns,
	       e ? (unsigned long)exits_fine_quantile(&e->fine, 0.5) : 0,
	       e ? (unsigned long)exits_fine_quantile(&e->fine, 0.99) : 0,
	       e ? (unsigned long)exits_fine_quantile(&e->fine, 0.999) : 0);
	check(st->runnable_ns > 0 && st->user_ns == 0, "%s: CPUID: %lu ns runnable and "
	      "%lu in the VMM, want some runnable and none in the VMM", method,
	      (unsigned long)st->runnable_ns, (unsigned long)st->user_ns);
	check_split_sums(method);
	kvm_vm_free(vm);
	exits_close(ec);
}

static void test_time_split(void)
{
	struct exits_opts opts = { .attach = EXITS_ATTACH_TP, .split = true };
	char err[256] = "";

	check(!exits_open(&opts, err, sizeof(err)) && strstr(err, "classic tracepoint"),
	      "-a tp with -S: '%s'", err);
	time_split(EXITS_ATTACH_TP_BTF);
	time_split(EXITS_ATTACH_FENTRY);
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
	{ "bpf_per_vm", test_per_vm },
	{ "bpf_time_split", test_time_split },
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
