// SPDX-License-Identifier: GPL-2.0
/*
 * validate: five sources of the same truth, compared per exit type on a
 * matrix of workloads, counting modes and scopes:
 *   leaves  the patched kernel's CPUID leaves, read by the guest;
 *   bpf     the BPF count on kvm:kvm_exit, filtered to this process;
 *   stats   KVM's binary statistics it had before the series (exits and
 *           the per-kind counters);
 *   bytype  the series' binary statistics per exit type (exit_type_count);
 *   perf    with --perf, Debian's perf stat counting kvm:kvm_exit in total
 *           and per type, enabled and disabled around the BPF window;
 * and the payload's own expected count.  Every difference is either a
 * deterministic offset, subtracted and printed with its reason, or a
 * failure.  Runs inside the booted test kernel.
 *
 * How one measurement goes, per VM: a snapshot op reads the total and the
 * per-type leaves of a list of K types (K + 1 CPUID exits and one ucall),
 * the workload runs on every vCPU, and a second snapshot closes the window.
 * BPF and KVM's statistics are read by the host around all of it.  A
 * snapshot only counts if BPF saw nothing but its own exits during it;
 * otherwise (a timer interrupt landed in it) the measurement is repeated.
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
#include "kvm_vm.h"
#include "json_write.h"
#include "outfile.h"
#include "perf_witness.h"
#include "tap.h"
#include "test_util.h"
#include "workloads.h"
#include "validate.h"

#define TRIES		30

static struct {
	uint32_t n;
	int vcpus, vms;
	const char *only;
	const char *json;
	const char *perf;
	bool drop_exit;
	bool perf_late;
	bool quick;
} opt = { .n = 200, .vcpus = 1, .vms = 1 };

static enum cpu_vendor vendor;
static __u32 isa;
static struct exits_counter *counter;

static struct measurement m;

static void read_stats(struct kvm_vm *vm, uint64_t *out, uint64_t *bytype)
{
	uint64_t slots[EXIT_STAT_SLOTS];
	size_t s;
	int i;

	for (s = 0; s < NR_STATS; s++)
		out[s] = vm_stat_sum(vm, stat_names[s]);
	vm_exit_type_counts(vm, slots);
	bytype[0] = 0;
	for (i = 0; i < EXIT_STAT_SLOTS; i++)
		bytype[0] += slots[i];
	for (i = 0; i < m.k; i++) {
		int slot = exit_type_slot(vendor, m.types[i]);

		bytype[i + 1] = slot < 0 ? 0 : slots[slot];
	}
}

static void bpf_snapshot(struct exits_snapshot *s)
{
	TEST_ASSERT(!exits_snapshot(counter, s), "BPF snapshot failed");
}

/*
 * Read the leaves of the swept types in one guest operation.  Returns
 * whether BPF saw exactly the operation's own exits meanwhile.
 */
static bool leaves_snapshot(struct kvm_vcpu *vcpu, uint32_t *out)
{
	static struct exits_snapshot pre, post, d;
	const struct exits_entry *e;
	struct exit_stat total;

	memcpy(vm_gpa(vcpu->vm, GUEST_LIST_GPA), m.types, m.k * sizeof(uint32_t));
	bpf_snapshot(&pre);
	vcpu_op(vcpu, OP_SNAPSHOT, 0, m.k);
	bpf_snapshot(&post);
	memcpy(out, vm_gpa(vcpu->vm, GUEST_SNAP_GPA), (m.k + 1) * sizeof(uint32_t));

	exits_snapshot_diff(&post, &pre, &d);
	exits_snapshot_total(&d, &total);
	e = exits_snapshot_find(&d, isa, exit_type_cpuid(vendor));
	return total.exits == (uint64_t)m.k + 2 && e && e->stat.exits == (uint64_t)m.k + 1;
}

struct run_arg {
	struct kvm_vcpu *vcpu;
	const struct workload *w;
};

static void *run_workload(void *p)
{
	struct run_arg *a = p;

	workload_run(a->w, a->vcpu, vendor, opt.n);
	return NULL;
}

static void run_all(struct kvm_vm **vms)
{
	struct run_arg args[MAX_VMS * MAX_VCPUS];
	pthread_t threads[MAX_VMS * MAX_VCPUS];
	int i, j, t = 0;

	for (i = 0; i < opt.vms; i++)
		for (j = 0; j < opt.vcpus; j++, t++) {
			args[t] = (struct run_arg){ vms[i]->vcpus[j], m.w };
			TEST_ASSERT(!pthread_create(&threads[t], NULL, run_workload,
						    &args[t]), "pthread_create");
		}
	while (t--)
		pthread_join(threads[t], NULL);
}

static struct kvm_vm *make_vm(const struct workload *w)
{
	struct kvm_vm *vm = w->irqchip ? vm_create_irqchip() : vm_create();
	int j;

	/* Touch the payload's pages (code, type list, answers) beforehand. */
	*(uint32_t *)vm_gpa(vm, GUEST_LIST_GPA) = exit_type_cpuid(vendor);
	for (j = 0; j < opt.vcpus; j++)
		vcpu_op(vm_vcpu_add(vm), OP_SNAPSHOT, 0, 1);
	/*
	 * Let KVM cache the MMIO page now: vCPUs racing on its first access
	 * would take extra, retried faults that no expectation can count.
	 */
	vcpu_op(vm->vcpus[0], OP_LOOP_MMIO, 0, 1);
	return vm;
}

static void add_type(uint32_t type)
{
	int i;

	for (i = 0; i < m.k; i++)
		if (m.types[i] == type)
			return;
	TEST_ASSERT(m.k < MAX_TYPES, "too many exit types");
	m.types[m.k++] = type;
}

/* Sweep the expected types, the ucalls', and whatever a dry run showed. */
static void choose_types(const struct workload *w)
{
	struct expect e[MAX_EXPECT];
	struct kvm_vm *vms[MAX_VMS];
	static struct exits_snapshot a, b, d;
	int i, n = w->expect(vendor, opt.n, e);
	size_t t;

	m.k = 0;
	add_type(exit_type_cpuid(vendor));
	add_type(exit_type_io(vendor));
	add_type(type_of_stat(vendor, "irq_exits"));
	for (i = 0; i < n; i++)
		add_type(e[i].type);

	for (i = 0; i < opt.vms; i++)
		vms[i] = make_vm(w);
	bpf_snapshot(&a);
	run_all(vms);
	bpf_snapshot(&b);
	for (i = 0; i < opt.vms; i++)
		kvm_vm_free(vms[i]);
	exits_snapshot_diff(&b, &a, &d);
	for (t = 0; t < d.n; t++)
		add_type(d.e[t].key.reason);
}

/*
 * Add the types BPF saw in a window that the sweep missed: interrupt
 * windows and timer exits come and go with the emulator's timing, so a
 * dry run can miss one.  Returns how many were added.
 */
static int sweep_missed(void)
{
	static struct exits_snapshot d;
	size_t t;
	int i, added = 0;

	exits_snapshot_diff(&m.bpf1, &m.bpf0, &d);
	for (t = 0; t < d.n; t++) {
		for (i = 0; i < m.k && m.types[i] != d.e[t].key.reason; i++)
			;
		if (i == m.k) {
			add_type(d.e[t].key.reason);
			added++;
		}
	}
	return added;
}

static struct perf_witness *perf_start(void)
{
	struct perf_witness *pw;
	char err[512];

	/* The tracepoint has VMX's full reason: a failed entry sets bit 31. */
	pw = perf_witness_start(opt.perf, m.types, m.k,
				vendor == VENDOR_INTEL ? 0x80000000u : 0, err, sizeof(err));
	TEST_ASSERT(pw, "%s", err);
	return pw;
}

static void perf_enable(struct perf_witness *pw)
{
	char err[512];

	TEST_ASSERT(!perf_witness_enable(pw, err, sizeof(err)), "%s", err);
}

static void perf_finish(struct perf_witness *pw)
{
	char err[512];

	TEST_ASSERT(!perf_witness_finish(pw, &m.perf_total, m.perf, err, sizeof(err)),
		    "%s", err);
}

/*
 * One window: snapshots around the workload, repeated until both are quiet
 * and every type the window took was swept.  perf's window encloses BPF's:
 * no vCPU runs between their edges.
 */
static void measure(const struct workload *w, struct config cfg)
{
	struct kvm_vm *vms[MAX_VMS];
	bool quiet;
	int i;

	m = (struct measurement){ .vendor = vendor, .w = w, .cfg = cfg, .n = opt.n,
				  .vms = opt.vms, .vcpus = opt.vcpus,
				  .with_perf = opt.perf != NULL };
	kvm_param_must_set("exit_stats_mode", cfg.mode);
	kvm_param_must_set("exit_stats_scope", cfg.scope);
	choose_types(w);

	for (m.tries = 1; m.tries <= TRIES; m.tries++) {
		struct perf_witness *pw = opt.perf ? perf_start() : NULL;

		quiet = true;
		for (i = 0; i < opt.vms; i++)
			vms[i] = make_vm(w);
		for (i = 0; i < opt.vms; i++)
			read_stats(vms[i], m.stats0[i], m.bytype0[i]);
		if (pw && !opt.perf_late)
			perf_enable(pw);
		bpf_snapshot(&m.bpf0);
		for (i = 0; i < opt.vms; i++)
			quiet &= leaves_snapshot(vms[i]->vcpus[0], m.snap0[i]);
		if (pw && opt.perf_late)
			perf_enable(pw);
		if (opt.drop_exit)
			exits_test_drop_next(counter);
		run_all(vms);
		for (i = 0; i < opt.vms; i++)
			quiet &= leaves_snapshot(vms[i]->vcpus[0], m.snap1[i]);
		bpf_snapshot(&m.bpf1);
		if (pw)
			perf_finish(pw);
		for (i = 0; i < opt.vms; i++)
			read_stats(vms[i], m.stats1[i], m.bytype1[i]);
		for (i = 0; i < opt.vms; i++)
			kvm_vm_free(vms[i]);
		if (m.tries < TRIES && sweep_missed())
			quiet = false;
		if (quiet)
			break;
	}
	exits_snapshot_diff(&m.bpf1, &m.bpf0, &m.bpf_delta);
}


static const char doc[] =
"Compare the exit counts of the CPUID leaves, the BPF count and KVM's\n"
"statistics with what known guest workloads must produce, per exit type.\n"
"\n"
"EXAMPLES:\n"
"    validate                    # every workload, modes and scopes\n"
"    validate -w mmio -n 50      # one workload, 50 iterations\n"
"    validate -c 2 -m 2          # 2 VMs of 2 vCPUs each\n"
"    validate -o validate.json   # also write the raw snapshots\n"
"    validate --perf             # perf stat as one more source";

static const struct argp_option options[] = {
	{ "workload", 'w', "NAME", 0, "Run only this workload", 0 },
	{ "iterations", 'n', "N", 0, "Exiting instructions per run (default 200)", 0 },
	{ "vcpus", 'c', "N", 0, "vCPUs per VM (default 1)", 0 },
	{ "vms", 'm', "M", 0, "VMs (default 1)", 0 },
	{ "output", 'o', "FILE", 0, "Write the raw snapshots as JSON", 0 },
	{ "quick", 'q', NULL, 0, "One configuration (vcpu, vm) per workload, "
	  "plus off and atomic/global on the first", 0 },
	{ "perf", 'p', "PERF", OPTION_ARG_OPTIONAL,
	  "Also count with perf stat (PERF, default perf in PATH)", 0 },
	{ "inject-drop-exit", 'F', NULL, 0,
	  "Test only: the BPF count drops one exit in each window", 0 },
	{ "inject-perf-late", 'L', NULL, 0,
	  "Test only: perf's window opens after the first snapshot", 0 },
	{},
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	const struct workload *w;

	switch (key) {
	case 'w':
		w = workload_find(arg);
		if (!w)
			argp_error(state, "unknown workload: %s", arg);
		else if (!w->expect)
			argp_error(state, "%s is timed by bench, not counted by validate", arg);
		opt.only = arg;
		break;
	case 'n':
		opt.n = cli_parse_num(arg, "iterations", 1, 1000000, state);
		break;
	case 'c':
		opt.vcpus = cli_parse_num(arg, "vCPUs", 1, MAX_VCPUS, state);
		break;
	case 'm':
		opt.vms = cli_parse_num(arg, "VMs", 1, MAX_VMS, state);
		break;
	case 'o':
		opt.json = arg;
		break;
	case 'q':
		opt.quick = true;
		break;
	case 'F':
		opt.drop_exit = true;
		break;
	case 'p':
		opt.perf = arg ? arg : "perf";
		break;
	case 'L':
		opt.perf_late = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument: %s", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct config full_matrix[] = {
	{ "atomic", "vm" }, { "atomic", "global" },
	{ "vcpu", "vm" }, { "vcpu", "global" }, { "off", "vm" },
};

int main(int argc, char **argv)
{
	static const struct argp argp = { options, parse_opt, NULL, doc,
					  NULL, NULL, NULL };
	struct exits_opts eo = { .attach = EXITS_ATTACH_TP_BTF };
	char err[256], mode[16] = "vcpu", scope[16] = "global";
	struct tap tap = {};
	json_object *json = NULL, *measurements = NULL;
	int w, c;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm_dev_fd();
	vendor = host_vendor();
	isa = vendor == VENDOR_INTEL ? EXITS_ISA_VMX : EXITS_ISA_SVM;
	kvm_param_get("exit_stats_mode", mode, sizeof(mode));
	kvm_param_get("exit_stats_scope", scope, sizeof(scope));

	eo.tgid = getpid();
	counter = exits_open(&eo, err, sizeof(err));
	TEST_ASSERT(counter && !exits_attach(counter, err, sizeof(err)), "%s", err);
	if (*exits_fallback(counter))
		printf("# BPF: tp_btf cannot read the exit reason here (%s): "
		       "counting on the classic tracepoint\n", exits_fallback(counter));
	if (opt.json) {
		json = json_object_new_object();
		measurements = json_object_new_array();
		json_set(json, "vendor", json_object_new_string(vendor_name(vendor)));
		json_set(json, "measurements", measurements);
	}
	printf("# validate: vendor %s, %u iterations, %d VM(s) x %d vCPU(s)%s%s%s\n",
	       vendor_name(vendor), opt.n, opt.vms, opt.vcpus,
	       opt.perf ? ", perf stat as a witness" : "",
	       opt.drop_exit ? ", BPF made to drop an exit (test)" : "",
	       opt.perf_late ? ", perf's window opened late (test)" : "");

	for (w = 0; w < nr_workloads; w++) {
		const struct workload *wl = &workloads[w];

		if ((opt.only && strcmp(opt.only, wl->name)) || !wl->expect)
			continue;
		if (!workload_valid(wl, vendor)) {
			printf("# %s: not valid here, not run\n", wl->name);
			continue;
		}
		for (c = 0; c < (int)(sizeof(full_matrix) / sizeof(full_matrix[0])); c++) {
			struct config cfg = full_matrix[c];
			bool ok;

			/* Quick: vcpu/vm for all; the rest on the first only. */
			if (opt.quick && w && strcmp(cfg.mode, "vcpu"))
				continue;
			if (opt.quick && w && strcmp(cfg.scope, "vm"))
				continue;
			printf("\n== %s: %s (mode %s, scope %s)\n", wl->name, wl->what,
			       cfg.mode, cfg.scope);
			measure(wl, cfg);
			if (m.tries > TRIES)
				printf("  no quiet snapshot in %d tries: comparing the last\n",
				       TRIES);
			ok = validate_compare(&m, stdout);
			tap_result(&tap, ok, "%s %s %s/%s", vendor_name(vendor),
				   wl->name, cfg.mode, cfg.scope);
			if (json)
				json_object_array_add(measurements, validate_json(&m, ok));
		}
	}
	kvm_param_set("exit_stats_mode", mode);
	kvm_param_set("exit_stats_scope", scope);
	exits_close(counter);
	if (json) {
		struct outfile out;

		outfile_open(&out, opt.json);
		TEST_ASSERT(!json_write(out.f, json), "writing %s", opt.json);
		outfile_commit(&out);
		json_object_put(json);
	}
	printf("\nvalidate: %d configurations agree, %d do not\n", tap.passed,
	       tap.failed);
	return tap_finish(&tap);
}
