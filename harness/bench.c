// SPDX-License-Identifier: GPL-2.0
/*
 * bench: what the exit instrumentation costs, measured by the guest.
 *
 * Like kvm-unit-tests' x86/vmexit.c, exit workloads (the entries of
 * workloads.c that name a timed loop) timed with the guest's TSC,
 * iterations doubled until a loop spans a time goal.  Unlike it, every
 * configuration is measured inside one boot, interleaved (ABCABC, not
 * AAABBB) with R repeats, and reported as a median with a 95% bootstrap
 * interval, with the overhead against "off" as a ratio with its interval.
 *
 * Configurations: the patch's counting modes (off, atomic, vcpu) with BPF
 * detached, and BPF attached (classic tracepoint, tp_btf, fentry/fexit on
 * vcpu_run; tp_btf with kvmexits -V's per-VM counts, and with -S's split of
 * the time) with counting off.
 * The test-only "costly" configuration attaches a BPF program that spins in
 * every kvm_exit: a cost that must show.  Under emulation (QEMU TCG, Bochs)
 * every cycle is an emulated one; only ratios inside one boot mean much, and
 * under Bochs and QEMU -icount the TSC counts instructions, so differences
 * are exact.
 */
#include <argp.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exits_lib.h"
#include "cli.h"
#include "guest_ops.h"
#include "kvm_params.h"
#include "kvm_stats.h"
#include "kvm_vm.h"
#include "json_write.h"
#include "outfile.h"
#include "leaves.h"
#include "summary.h"
#include "tap.h"
#include "test_util.h"
#include "workloads.h"

#define MAX_REPEATS	64
#define MAX_VCPUS	8
#define MIN_ITERATIONS	64
#define MAX_ITERATIONS	(1u << 20)
#define COSTLY_SPIN	2048
#define MAX_EXCLUDED	16

enum config_kind { CFG_MODE, CFG_BPF };

/* The configurations, in the order each repeat samples them. */
enum config_id {
	CONFIG_OFF,		/* the baseline every overhead is against */
	CONFIG_ATOMIC,
	CONFIG_VCPU,
	CONFIG_BPF_TP,
	CONFIG_BPF_TP_BTF,
	CONFIG_BPF_FENTRY,
	CONFIG_BPF_VMS,
	CONFIG_BPF_SPLIT,
	CONFIG_COSTLY,		/* test only: a cost put there on purpose */
	NR_CONFIGS
};

struct config {
	const char *name;
	enum config_kind kind;
	const char *mode;		/* the patch's mode during the sample */
	struct exits_opts bpf_opts;	/* CFG_BPF: how its counter attaches */
	struct exits_counter *bpf;	/* attached during the sample */
};

static struct config configs[NR_CONFIGS] = {
	[CONFIG_OFF] = { "off", CFG_MODE, "off" },
	[CONFIG_ATOMIC] = { "atomic", CFG_MODE, "atomic" },
	[CONFIG_VCPU] = { "vcpu", CFG_MODE, "vcpu" },
	[CONFIG_BPF_TP] = { "bpf-tp", CFG_BPF, "off", { .attach = EXITS_ATTACH_TP } },
	[CONFIG_BPF_TP_BTF] = { "bpf-tp_btf", CFG_BPF, "off",
				{ .attach = EXITS_ATTACH_TP_BTF } },
	[CONFIG_BPF_FENTRY] = { "bpf-fentry", CFG_BPF, "off",
				{ .attach = EXITS_ATTACH_FENTRY } },
	[CONFIG_BPF_VMS] = { "bpf-vms", CFG_BPF, "off",
			     { .attach = EXITS_ATTACH_TP_BTF, .per_vm = true } },
	[CONFIG_BPF_SPLIT] = { "bpf-split", CFG_BPF, "off",
			       { .attach = EXITS_ATTACH_TP_BTF, .split = true } },
	[CONFIG_COSTLY] = { "costly", CFG_BPF, "off",
			    { .attach = EXITS_ATTACH_TP_BTF, .test_spin = COSTLY_SPIN } },
};

static struct {
	int repeats;
	int max_vcpus;
	double goal;		/* TSC cycles a sample should span */
	const struct workload *only;
	const struct workload *excluded[MAX_EXCLUDED];
	int nr_excluded;
	const char *json;
	bool check;
	bool costly;
	bool read_cost;
	bool patched;
} opt = { .repeats = 5, .max_vcpus = 1, .goal = 2e6 };

static enum cpu_vendor vendor;

/* The instruction @w's timed loop runs here (TIMED_*), 0 if bench does not time it. */
static uint32_t kind_of(const struct workload *w)
{
	return w->timed[vendor];
}
/* With -o: the file's root, its samples and the leaf reads' costs. */
static json_object *json, *json_samples_all, *json_read_cost;

/* With --check: counts against the iterations, and what must hold. */
static struct tap tap;
static int inexact_samples;

static void verdict(bool ok, const char *what, const char *workload)
{
	tap_result(&tap, ok, "%s %s %s", vendor_name(vendor), workload, what);
}

static void fail_check(const char *fmt, const char *a, const char *b,
		       uint64_t got, uint64_t want)
{
	inexact_samples++;
	printf("# check failed: ");
	printf(fmt, a, b, (unsigned long long)got, (unsigned long long)want);
	printf("\n");
}

static uint64_t timed(struct kvm_vcpu *vcpu, uint32_t kind, uint32_t n)
{
	uint32_t slot = vcpu->id * RES_SLOT;
	struct guest_args a = { .op = OP_TIMED, .ebx = kind, .ecx = n,
				.eax = exit_type_cpuid(vendor), .edx = slot };
	uint32_t *res = vm_gpa(vcpu->vm, GUEST_RES_GPA + slot);

	TEST_ASSERT(GUEST_RES_GPA + slot + RES_SLOT <= GUEST_LIST_GPA,
		    "vCPU %d has no result slot", vcpu->id);
	vcpu_op_args(vcpu, &a);
	return (uint64_t)res[RES_TSC_HI / 4] << 32 | res[RES_TSC_LO / 4];
}

static uint32_t type_of(uint32_t kind)
{
	switch (kind) {
	case TIMED_CPUID:	return exit_type_cpuid(vendor);
	case TIMED_VMCALL:
	case TIMED_VMMCALL:	return exit_type_hypercall(vendor);
	case TIMED_ICR:
	case TIMED_TSC_DEADLINE:
	case TIMED_IPI:		return exit_type_wrmsr(vendor);
	case TIMED_CR8:		return exit_type_cr8_write(vendor);
	default:		return exit_type_io(vendor);
	}
}

/*
 * Whether bench claims no exact count for @w: a workload that takes
 * interrupts while KVM may virtualize the APIC (then how many EOIs and ICR
 * writes exit depends on the CPU and on the VM's moment: AVIC is inhibited
 * at times).  The module parameter is read once, not at every sample.
 */
static bool count_unclaimed(const struct workload *w)
{
	static int virtualized = -1;

	if (virtualized < 0)
		virtualized = kvm_apic_virtualized(vendor);
	return virtualized && (kind_of(w) == TIMED_TSC_DEADLINE || kind_of(w) == TIMED_IPI);
}

/*
 * Exits of type_of(@kind) an iteration takes: one; for the TSC-deadline
 * timer, the WRMSR and its handler's EOI.  An IPI's round trip is counted
 * from what the guest saw (sample()).
 */
static uint32_t exits_per_iteration(uint32_t kind)
{
	return kind == TIMED_TSC_DEADLINE ? 2 : 1;
}

static struct kvm_vm *make_vm(const struct workload *w, int vcpus)
{
	struct kvm_vm *vm = w->irqchip ? vm_create_irqchip() : vm_create();
	int i;

	for (i = 0; i < vcpus; i++) {
		struct kvm_vcpu *vcpu = vm_vcpu_add(vm);

		if (kind_of(w) == TIMED_TSC_DEADLINE)
			vcpu_setup_tsc_deadline(vcpu);
		if (kind_of(w) == TIMED_CR8)
			vcpu_setup_long_mode(vcpu);
		/* Fault in its pages; an IPI would wait for vCPU 1's answer. */
		timed(vcpu, kind_of(w) == TIMED_IPI ? TIMED_CPUID : kind_of(w), 4);
	}
	if (kind_of(w) == TIMED_IPI)
		vm_setup_ipi(vm);
	return vm;
}

/* vCPU 1 answering vCPU 0's IPIs, in a thread of its own. */
struct ipi_receiver {
	struct kvm_vm *vm;
	pthread_t thread;
	volatile int done;
};

static void *ipi_receive(void *p)
{
	struct ipi_receiver *r = p;
	struct guest_args a = { .op = OP_IPI_TARGET, .ecx = 1 };	/* unused */

	vcpu_op_args(r->vm->vcpus[1], &a);
	r->done = 1;
	return NULL;
}

static void ipi_receiver_start(struct ipi_receiver *r)
{
	*(volatile uint32_t *)vm_gpa(r->vm, IPI_STOP_GPA) = 0;
	r->done = 0;
	TEST_ASSERT(!pthread_create(&r->thread, NULL, ipi_receive, r),
		    "pthread_create");
}

/* Stop vCPU 1: the flag, then IPIs that wake it to look, until it reports. */
static void ipi_receiver_stop(struct ipi_receiver *r)
{
	struct guest_args wake = { .op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_ICR,
				   .eax = IPI_VECTOR, .edx = 1, .ecx = 1 };

	*(volatile uint32_t *)vm_gpa(r->vm, IPI_STOP_GPA) = 1;
	while (!r->done) {
		vcpu_op_args(r->vm->vcpus[0], &wake);
		usleep(1000);
	}
	pthread_join(r->thread, NULL);
}

static void set_config(struct config *c)
{
	char err[256];

	if (opt.patched)
		kvm_param_must_set("exit_stats_mode", c->mode);
	if (c->bpf)
		TEST_ASSERT(!exits_attach(c->bpf, err, sizeof(err)), "%s", err);
}

static void unset_config(struct config *c)
{
	if (c->bpf)
		exits_detach(c->bpf);
}

/* Double the iterations until a loop spans the goal, with counting off. */
static uint32_t calibrate(struct kvm_vcpu *vcpu, const struct workload *w)
{
	uint32_t n = MIN_ITERATIONS;

	if (opt.patched)
		kvm_param_must_set("exit_stats_mode", "off");
	while (n < MAX_ITERATIONS && timed(vcpu, kind_of(w), n) < opt.goal)
		n *= 2;
	return n;
}

/* A counter the guest keeps at @gpa. */
static uint32_t guest_u32(struct kvm_vm *vm, uint64_t gpa)
{
	return *(volatile uint32_t *)vm_gpa(vm, gpa);
}

/*
 * The ICR writes and EOIs of @n IPI round trips, from what the guest
 * counted: vCPU 0's n IPIs, vCPU 1's answers, and an EOI for each handler
 * run (under QEMU TCG a handler ran twice for one IPI, once in a while).
 * vCPU 1 counts an answer once its WRMSR has retired, that is once the
 * exit is over and counted: wait for all n of them before anyone looks.
 */
static uint32_t ipi_exits(struct kvm_vm *vm, uint32_t n, uint32_t answers0,
			  uint32_t handled0)
{
	uint32_t answers;
	int waited;

	for (waited = 0; guest_u32(vm, IPI_ANSWERS_GPA) - answers0 < n; waited++) {
		TEST_ASSERT(waited < 10000, "vCPU 1 sent %u answers of %u in 10 s",
			    guest_u32(vm, IPI_ANSWERS_GPA) - answers0, n);
		usleep(1000);
	}
	answers = guest_u32(vm, IPI_ANSWERS_GPA) - answers0;
	return n + answers + guest_u32(vm, IPI_COUNT_GPA) - handled0;
}

/*
 * One sample: n iterations timed by the guest.  With --check, the count the
 * configuration keeps must have grown by exactly the exits those iterations
 * take; not for the workloads that take interrupts when KVM may virtualize
 * the APIC.
 */
static double sample(struct kvm_vcpu *vcpu, const struct workload *w,
		     struct config *c, uint32_t n)
{
	uint32_t type = type_of(kind_of(w)), l0 = 0, l1;
	uint32_t io = type == exit_type_io(vendor);
	uint32_t exits = n * exits_per_iteration(kind_of(w));
	uint32_t answers0 = guest_u32(vcpu->vm, IPI_ANSWERS_GPA);
	uint32_t handled0 = guest_u32(vcpu->vm, IPI_COUNT_GPA);
	static struct exits_snapshot b0, b1, d;
	bool check = opt.check && !count_unclaimed(w);
	bool leaves = check && opt.patched && c->kind == CFG_MODE &&
		      strcmp(c->mode, "off");
	uint64_t cycles;

	if (leaves)
		l0 = vcpu_read_leaf(vcpu, LEAF_TYPE_EXITS, type).eax;
	if (check && c->bpf)
		TEST_ASSERT(!exits_snapshot(c->bpf, &b0), "snapshot");
	cycles = timed(vcpu, kind_of(w), n);
	if (kind_of(w) == TIMED_IPI)
		exits = ipi_exits(vcpu->vm, n, answers0, handled0);
	if (check && c->bpf) {
		const struct exits_entry *e;

		TEST_ASSERT(!exits_snapshot(c->bpf, &b1), "snapshot");
		exits_snapshot_diff(&b1, &b0, &d);
		e = exits_snapshot_find(&d, vendor == VENDOR_INTEL ? EXITS_ISA_VMX :
					EXITS_ISA_SVM, type);
		/* The sample's ucall is an I/O exit too. */
		if (!e || e->stat.exits != exits + io)
			fail_check("%s/%s: BPF counted %llu exits, want %llu",
				   w->name, c->name, e ? e->stat.exits : 0, exits + io);
	}
	if (leaves) {
		/*
		 * Besides the sample's n: the first read's CPUID, or, for an
		 * I/O type, the ucalls of the first read and of the sample.
		 */
		uint32_t want = exits + (type == exit_type_cpuid(vendor)) + 2 * io;

		l1 = vcpu_read_leaf(vcpu, LEAF_TYPE_EXITS, type).eax;
		if (l1 - l0 != want)
			fail_check("%s/%s: the leaves counted %llu exits, want %llu",
				   w->name, c->name, l1 - l0, want);
	}
	return (double)cycles / n;
}

static void json_samples(const char *workload, const char *config, int vcpus,
			 uint32_t n, const double *x, int count)
{
	json_object *e;

	if (!json)
		return;
	e = json_object_new_object();
	json_set(e, "workload", json_object_new_string(workload));
	json_set(e, "config", json_object_new_string(config));
	json_set(e, "vcpus", json_object_new_int(vcpus));
	json_set(e, "iterations", json_object_new_uint64(n));
	json_set(e, "cycles_per_exit", json_tenths_array(x, count));
	json_object_array_add(json_samples_all, e);
}

static bool config_enabled(enum config_id id)
{
	if (id == CONFIG_COSTLY)
		return opt.costly;
	if (configs[id].kind == CFG_MODE)
		return opt.patched || id == CONFIG_OFF;
	return configs[id].bpf != NULL;
}

/*
 * The name the lone configuration of KVM without the series is reported
 * under: the stock modules, swapped in for the patched ones in one boot.
 */
static const char *config_label(enum config_id id)
{
	return !opt.patched && id == CONFIG_OFF ? "stock" : configs[id].name;
}

static void report(const struct workload *w, double s[][MAX_REPEATS],
		   uint32_t n)
{
	struct interval ci, r;
	int c;

	for (c = 0; c < NR_CONFIGS; c++) {
		if (!config_enabled(c))
			continue;
		ci = median_ci(s[c], opt.repeats, 1);
		printf("%-16s %-11s %10.0f %10.0f %10.0f %3d %4zu\n", w->name,
		       config_label(c), ci.mid, ci.lo, ci.hi, opt.repeats,
		       count_outliers(s[c], opt.repeats));
		json_samples(w->name, config_label(c), 1, n, s[c],
			     opt.repeats);
	}
	if (opt.check) {
		bool all = true;
		int i;

		for (c = 0; c < NR_CONFIGS; c++)
			for (i = 0; i < opt.repeats && config_enabled(c); i++)
				all &= s[c][i] > 0;
		verdict(all, "every configuration produced samples", w->name);
		/* Not a threshold on a real mode: a cost put there on purpose. */
		if (opt.costly) {
			r = ratio_ci(s[CONFIG_COSTLY], opt.repeats, s[CONFIG_OFF],
				     opt.repeats, 2);
			verdict(r.lo > 1, "the costly configuration is slower", w->name);
		}
	}
	printf("  overhead against %s, median [95%% interval]:\n",
	       config_label(CONFIG_OFF));
	for (c = 1; c < NR_CONFIGS; c++) {
		if (!config_enabled(c))
			continue;
		r = ratio_ci(s[c], opt.repeats, s[0], opt.repeats, 2);
		ci = diff_ci(s[c], opt.repeats, s[0], opt.repeats, 2);
		printf("  %-11s %+8.1f%% [%+.1f%%, %+.1f%%]  %+9.0f cycles [%+.0f, %+.0f]\n",
		       configs[c].name, (r.mid - 1) * 100, (r.lo - 1) * 100,
		       (r.hi - 1) * 100, ci.mid, ci.lo, ci.hi);
	}
}

static void bench_workload(const struct workload *w)
{
	static double s[NR_CONFIGS][MAX_REPEATS];
	bool ipi = kind_of(w) == TIMED_IPI;
	struct kvm_vm *vm = make_vm(w, ipi ? 2 : 1);
	struct ipi_receiver receiver = { .vm = vm };
	int r, c, inexact_before = inexact_samples;
	uint32_t n;

	if (opt.check && count_unclaimed(w))
		tap_skip(&tap, "APICv or AVIC is on", "%s %s counts every sample exactly",
			 vendor_name(vendor), w->name);
	if (ipi)
		ipi_receiver_start(&receiver);
	n = calibrate(vm->vcpus[0], w);
	fprintf(stderr, "bench: %s, %u iterations a sample, %d repeats of each "
		"configuration, interleaved\n", w->name, n, opt.repeats);
	for (r = 0; r < opt.repeats; r++)
		for (c = 0; c < NR_CONFIGS; c++) {
			if (!config_enabled(c))
				continue;
			set_config(&configs[c]);
			s[c][r] = sample(vm->vcpus[0], w, &configs[c], n);
			unset_config(&configs[c]);
		}
	if (ipi)
		ipi_receiver_stop(&receiver);
	report(w, s, n);
	if (opt.check && !count_unclaimed(w))
		verdict(inexact_samples == inexact_before, "counts every sample exactly",
			w->name);
	kvm_vm_free(vm);
}

struct scale_arg {
	struct kvm_vcpu *vcpu;
	uint32_t kind, n;
	double cycles;
};

static void *scale_thread(void *p)
{
	struct scale_arg *a = p;

	a->cycles = (double)timed(a->vcpu, a->kind, a->n) / a->n;
	return NULL;
}

/* Every vCPU of one VM runs the loop at once; the median vCPU is a sample. */
static void bench_scaling(const struct workload *w)
{
	static const enum config_id modes[] = { CONFIG_OFF, CONFIG_ATOMIC, CONFIG_VCPU };
	static double s[3][MAX_REPEATS];
	int vcpus, r, m, i;

	printf("\n# scaling: %s on 1..%d vCPUs at once, cycles per exit\n",
	       w->name, opt.max_vcpus);
	for (vcpus = 1; vcpus <= opt.max_vcpus; vcpus *= 2) {
		struct kvm_vm *vm = make_vm(w, vcpus);
		uint32_t n = calibrate(vm->vcpus[0], w);

		fprintf(stderr, "bench: scaling, %d vCPU(s) at once\n", vcpus);
		for (r = 0; r < opt.repeats; r++)
			for (m = 0; m < 3; m++) {
				struct scale_arg args[MAX_VCPUS];
				pthread_t t[MAX_VCPUS];
				double per[MAX_VCPUS];

				set_config(&configs[modes[m]]);
				for (i = 0; i < vcpus; i++) {
					args[i] = (struct scale_arg){ vm->vcpus[i], kind_of(w), n, 0 };
					TEST_ASSERT(!pthread_create(&t[i], NULL, scale_thread,
								    &args[i]), "pthread_create");
				}
				for (i = 0; i < vcpus; i++) {
					pthread_join(t[i], NULL);
					per[i] = args[i].cycles;
				}
				s[m][r] = median(per, vcpus);
			}
		for (m = 0; m < 3; m++) {
			struct interval ci = median_ci(s[m], opt.repeats, 1);
			char name[32];

			snprintf(name, sizeof(name), "%s/%dvcpu", w->name, vcpus);
			printf("%-16s %-11s %10.0f %10.0f %10.0f %3d %4zu\n", name,
			       configs[modes[m]].name, ci.mid, ci.lo, ci.hi, opt.repeats,
			       count_outliers(s[m], opt.repeats));
			json_samples(w->name, configs[modes[m]].name, vcpus, n, s[m],
				     opt.repeats);
		}
		kvm_vm_free(vm);
	}
}

/*
 * What a leaf read costs above a plain CPUID exit: the sum it makes walks
 * every vCPU of the VM (scope vm) or of every VM (scope global), over one
 * slot for a per-type leaf or all of them for a total.
 */
static const struct read_setup {
	int vms, vcpus;		/* vCPUs per VM; only the first VM's first runs */
	const char *scope;
} read_setups[] = {
	{ 1, 1, "vm" }, { 1, 8, "vm" }, { 1, 32, "vm" }, { 16, 1, "global" },
};

static void read_cost_of(const struct read_setup *rs, uint32_t n)
{
	static const uint32_t kinds[] = { TIMED_CPUID, TIMED_LEAF_TYPE,
					  TIMED_LEAF_TOTAL };
	static const char *const names[] = { "cpuid", "leaf_type", "leaf_total" };
	static double s[3][MAX_REPEATS];
	struct kvm_vm *vms[16];
	int v, i, k, r;

	for (v = 0; v < rs->vms; v++) {
		vms[v] = vm_create();
		for (i = 0; i < rs->vcpus; i++)
			vm_vcpu_add(vms[v]);
	}
	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_param_must_set("exit_stats_scope", rs->scope);
	timed(vms[0]->vcpus[0], TIMED_CPUID, 4);	/* fault in its pages */
	for (r = 0; r < opt.repeats; r++)
		for (k = 0; k < 3; k++)
			s[k][r] = (double)timed(vms[0]->vcpus[0], kinds[k], n) / n;
	for (k = 1; k < 3; k++) {
		struct interval d = diff_ci(s[k], opt.repeats, s[0], opt.repeats, 3);
		char what[48];

		snprintf(what, sizeof(what), "%dx%d %s", rs->vms, rs->vcpus, rs->scope);
		printf("%-16s %-11s %10.0f %10.0f %10.0f %3d\n", what, names[k], d.mid,
		       d.lo, d.hi, opt.repeats);
	}
	for (k = 0; json && k < 3; k++) {
		json_object *e = json_object_new_object();

		json_set(e, "vms", json_object_new_int(rs->vms));
		json_set(e, "vcpus", json_object_new_int(rs->vcpus));
		json_set(e, "scope", json_object_new_string(rs->scope));
		json_set(e, "leaf", json_object_new_string(names[k]));
		json_set(e, "cycles_per_read", json_tenths_array(s[k], opt.repeats));
		json_object_array_add(json_read_cost, e);
	}
	for (v = 0; v < rs->vms; v++)
		kvm_vm_free(vms[v]);
}

/* Bytes of the statistic @name: its values, 8 bytes each, as KVM describes it. */
static long stat_bytes(int stats_fd, const char *name)
{
	uint64_t v;
	int n = kvm_stat_read_array(stats_fd, name, &v, 1);

	TEST_ASSERT(n > 0, "KVM statistic %s: %s", name, strerror(-n));
	return 8L * n;
}

/*
 * The counters' memory, from the descriptors of KVM's binary statistics:
 * per vCPU (mode vcpu) and per VM (mode atomic).
 */
static void counter_memory(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	long per_vcpu = stat_bytes(vcpu->stats_fd, "exit_type_count") +
			stat_bytes(vcpu->stats_fd, "exit_type_cycles");
	long per_vm = stat_bytes(vm->stats_fd, "atomic_exit_type_count") +
		      stat_bytes(vm->stats_fd, "atomic_exit_type_cycles");

	printf("# counter memory (binary statistics' descriptors): %ld bytes per "
	       "vCPU, %ld per VM\n", per_vcpu, per_vm);
	if (json) {
		json_object *memory = json_object_new_object();

		json_set(memory, "vcpu_bytes", json_object_new_int64(per_vcpu));
		json_set(memory, "vm_bytes", json_object_new_int64(per_vm));
		json_set(json, "memory", memory);
		json_read_cost = json_object_new_array();
		json_set(json, "read_cost", json_read_cost);
	}
	kvm_vm_free(vm);
}

static void bench_read_cost(void)
{
	char scope[16] = "vm";
	size_t i;

	kvm_param_get("exit_stats_scope", scope, sizeof(scope));
	counter_memory();
	printf("\n# read cost: cycles a leaf read costs above a plain CPUID exit,"
	       " median [95%% interval]\n");
	printf("%-16s %-11s %10s %10s %10s %3s\n", "# VMs x vCPUs", "leaf",
	       "cost", "lo95", "hi95", "n");
	for (i = 0; i < sizeof(read_setups) / sizeof(read_setups[0]); i++)
		read_cost_of(&read_setups[i], 64);
	kvm_param_set("exit_stats_scope", scope);
}

static const char doc[] =
"Measure what VM-exit instrumentation costs: cycles per exit, timed by the\n"
"guest, for each counting mode and BPF attach method, interleaved in one\n"
"boot, as medians with 95% bootstrap intervals.\n"
"\n"
"EXAMPLES:\n"
"    bench                      # all workloads, 5 repeats\n"
"    bench -w cpuid -r 21       # one workload, tighter intervals\n"
"    bench -s 4                 # also scale to 1, 2, 4 vCPUs at once\n"
"    bench --check --costly     # verify counts; add the test-only costly config\n"
"    bench --read-cost          # what a leaf read costs, by vCPUs and VMs";

enum { OPT_CHECK = 1000, OPT_COSTLY, OPT_READ_COST };

static const struct argp_option options[] = {
	{ "workload", 'w', "NAME", 0, "Only this workload", 0 },
	{ "exclude", 'x', "NAME", 0, "Not this workload (repeatable)", 0 },
	{ "repeats", 'r', "R", 0, "Samples per configuration (default 5)", 0 },
	{ "goal", 'g', "CYCLES", 0, "TSC cycles a sample spans (default 2000000)", 0 },
	{ "scale", 's', "N", 0, "Scaling run on 1, 2, 4 .. N vCPUs", 0 },
	{ "output", 'o', "FILE", 0, "Write the raw samples as JSON", 0 },
	{ "check", OPT_CHECK, NULL, 0, "Check every sample's exit count", 0 },
	{ "costly", OPT_COSTLY, NULL, 0,
	  "Test only: add a configuration that spins in every exit", 0 },
	{ "read-cost", OPT_READ_COST, NULL, 0,
	  "Also measure what a leaf read costs with 1, 8, 32 vCPUs and 16 VMs", 0 },
	{},
};

/* The workload bench times named @name, or the end of the program with a message. */
static const struct workload *timed_workload(const char *name, struct argp_state *state)
{
	const struct workload *w = workload_find(name);

	if (!w)
		argp_error(state, "unknown workload: %s", name);
	else if (!workload_timed(w))
		argp_error(state, "%s is counted by validate, not timed by bench", name);
	return w;
}

static bool is_excluded(const struct workload *w)
{
	int i;

	for (i = 0; i < opt.nr_excluded && opt.excluded[i] != w; i++)
		;
	return i < opt.nr_excluded;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'w':
		opt.only = timed_workload(arg, state);
		break;
	case 'x':
		if (opt.nr_excluded == MAX_EXCLUDED)
			argp_error(state, "more than %d workloads excluded", MAX_EXCLUDED);
		opt.excluded[opt.nr_excluded++] = timed_workload(arg, state);
		break;
	case 'r':
		opt.repeats = cli_parse_num(arg, "repeats", 2, MAX_REPEATS, state);
		break;
	case 'g':
		opt.goal = cli_parse_num(arg, "goal", 1000, 1000000000, state);
		break;
	case 's':
		opt.max_vcpus = cli_parse_num(arg, "vCPUs", 1, MAX_VCPUS, state);
		break;
	case 'o':
		opt.json = arg;
		break;
	case OPT_CHECK:
		opt.check = true;
		break;
	case OPT_COSTLY:
		opt.costly = true;
		break;
	case OPT_READ_COST:
		opt.read_cost = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument: %s", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* Load the BPF counter of configuration @c, counting this process only. */
static void load_bpf(struct config *c)
{
	char err[256];

	c->bpf_opts.tgid = getpid();
	c->bpf = exits_open(&c->bpf_opts, err, sizeof(err));
	if (!c->bpf)
		printf("# BPF (%s) unavailable: %s\n", c->name, err);
}

int main(int argc, char **argv)
{
	static const struct argp argp = { options, parse_opt, NULL, doc,
					  NULL, NULL, NULL };
	char mode[16] = "";
	int w, c;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm_dev_fd();
	vendor = host_vendor();
	opt.patched = !kvm_param_get("exit_stats_mode", mode, sizeof(mode));

	for (c = 0; c < NR_CONFIGS; c++)
		if (configs[c].kind == CFG_BPF && (c != CONFIG_COSTLY || opt.costly))
			load_bpf(&configs[c]);
	if (opt.json) {
		json = json_object_new_object();
		json_set(json, "vendor", json_object_new_string(vendor_name(vendor)));
		json_set(json, "patched", json_object_new_boolean(opt.patched));
		json_set(json, "repeats", json_object_new_int(opt.repeats));
		json_samples_all = json_object_new_array();
		json_set(json, "samples", json_samples_all);
	}
	printf("# bench: vendor %s, %s kernel, %d repeats, goal %.0f cycles; "
	       "TSC cycles (instructions under Bochs and QEMU -icount)\n", vendor_name(vendor),
	       opt.patched ? "patched" : "stock (unpatched)", opt.repeats, opt.goal);
	printf("%-16s %-11s %10s %10s %10s %3s %4s\n", "# workload", "config",
	       "median", "lo95", "hi95", "n", "out");

	for (w = 0; w < nr_workloads; w++) {
		const struct workload *wl = &workloads[w];

		if ((opt.only && opt.only != wl) || !kind_of(wl) ||
		    !workload_valid(wl, vendor))
			continue;
		if (is_excluded(wl)) {
			printf("# %s: not run (excluded)\n", wl->name);
			continue;
		}
		bench_workload(wl);
	}
	if (opt.max_vcpus > 1 && opt.patched)
		bench_scaling(workload_find("cpuid"));
	if (opt.read_cost && opt.patched)
		bench_read_cost();

	if (opt.patched)
		kvm_param_set("exit_stats_mode", mode);
	for (c = 0; c < NR_CONFIGS; c++)
		exits_close(configs[c].bpf);
	if (json) {
		struct outfile out;

		outfile_open(&out, opt.json);
		TEST_ASSERT(!json_write(out.f, json), "writing %s", opt.json);
		outfile_commit(&out);
		json_object_put(json);
	}
	return opt.check ? tap_finish(&tap) : 0;
}
