// SPDX-License-Identifier: GPL-2.0
/*
 * stress: the exit statistics under pressure, in the booted test kernel.
 *
 *   mode_switches  vCPUs loop on CPUID while another thread switches
 *                  kvm.exit_stats_mode and kvm.exit_stats_scope a thousand
 *                  times and more.  A measurement that no switch touched
 *                  is exact; none counts more CPUIDs than the guest ran,
 *                  or more cycles than passed while it ran (an exit charged
 *                  with the time counting was off, or with a window opened
 *                  before it, would).  VM 1's VMM idles between its runs,
 *                  so that its vCPU sleeps through whole settings.
 *   preemption     a CPU hog shares the vCPU's CPU: an exit whose vCPU is
 *                  scheduled out mid-handling must not be charged for the
 *                  hog's time slice.
 *
 * One measurement is one guest operation (OP_MEASURE, guest_ops.h): between
 * two RDTSCs, read the VM's total cycles and its CPUID count, run N CPUIDs,
 * read both again.  With one vCPU per VM, the VM's exits do not overlap in
 * time, so the cycles counted between the reads can never exceed the TSC
 * cycles that passed between the two RDTSCs, however the emulator schedules
 * its CPUs.  Total cycles, not CPUID's: a switch often lands while a vCPU
 * is scheduled out in the middle of the exit of a host interrupt.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "guest_ops.h"
#include "kvm_params.h"
#include "kvm_vm.h"
#include "leaves.h"
#include "summary.h"
#include "test_util.h"

#define LOOP		20	/* CPUIDs per measurement: a short one */
#define BASELINE	15	/* measurements without pressure */
#define SWITCHES	1000	/* switches of mode and scope */
#define NR_VMS		2	/* one vCPU each: scope vm keeps them apart */
#define MAX_SAMPLES	4096
#define PREEMPT_SAMPLES	100	/* measurements with and without a hog */
#define PREEMPT_ROUNDS	5	/* alternating rounds of each */

static enum cpu_vendor vendor;

struct measure {
	uint32_t count;		/* CPUID exits counted: LOOP + 1 */
	uint32_t stray;		/* I/O exits counted: none were taken */
	uint64_t cycles;	/* of LOOP + 3 CPUID exits, and any others */
	uint64_t elapsed;	/* TSC cycles between the guest's two RDTSCs */
};

static uint64_t res64(const uint32_t *res, int offset)
{
	return (uint64_t)res[offset / 4 + 1] << 32 | res[offset / 4];
}

static struct measure measure(struct kvm_vcpu *vcpu)
{
	struct guest_args a = { .op = OP_MEASURE, .ebx = exit_type_cpuid(vendor),
				.ecx = LOOP, .edx = exit_type_io(vendor) };
	const uint32_t *res = vm_gpa(vcpu->vm, GUEST_RES_GPA);

	vcpu_op_args(vcpu, &a);
	return (struct measure){
		.count = res[RES_M_C1 / 4] - res[RES_M_C0 / 4],
		.stray = res[RES_M_N1 / 4] - res[RES_M_N0 / 4],
		.cycles = res64(res, RES_M_Y1) - res64(res, RES_M_Y0),
		.elapsed = res64(res, RES_M_T1) - res64(res, RES_M_T0),
	};
}

/* Cycles per exit: the cycles cover two exits more than the count. */
static double per_exit(struct measure m)
{
	return m.count ? (double)m.cycles / (m.count + 2) : 0;
}

/* Cycles per CPUID exit of @n measurements without pressure. */
static void baseline(struct kvm_vcpu *vcpu, double *cpe, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct measure m = measure(vcpu);

		check(m.count == LOOP + 1, "baseline: %u CPUID exits counted, want %u",
		      m.count, LOOP + 1);
		check(m.cycles <= m.elapsed, "baseline: %llu cycles counted in %llu",
		      (unsigned long long)m.cycles, (unsigned long long)m.elapsed);
		check(!m.stray, "baseline: %u I/O exits counted, none taken", m.stray);
		cpe[i] = per_exit(m);
	}
}


static double max_of(const double *x, int n)
{
	double hi = x[0];
	int i;

	for (i = 1; i < n; i++)
		hi = x[i] > hi ? x[i] : hi;
	return hi;
}

static double min_of(const double *x, int n)
{
	double lo = x[0];
	int i;

	for (i = 1; i < n; i++)
		lo = x[i] < lo ? x[i] : lo;
	return lo;
}

static void spread(const char *what, const double *x, int n)
{
	if (!n) {
		printf("#   %s: no measurement\n", what);
		return;
	}
	printf("#   %s: %d measurements, cycles per exit median %.0f, "
	       "min %.0f, max %.0f\n", what, n, median(x, n), min_of(x, n),
	       max_of(x, n));
}

/*
 * The settings the switcher goes through.  seq is odd while a switch is
 * under way; a measurement that saw the same even seq before and after ran
 * under one setting, the one at index seq / 2.
 */
static const struct setting {
	const char *mode, *scope;
} settings[] = {
	{ "off", "vm" }, { "vcpu", "vm" }, { "off", "vm" }, { "atomic", "vm" },
	{ "off", "global" }, { "vcpu", "global" }, { "atomic", "vm" },
	{ "vcpu", "vm" },
};
#define NR_SETTINGS (int)(sizeof(settings) / sizeof(settings[0]))

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	TEST_ASSERT(!sched_setaffinity(0, sizeof(set), &set), "sched_setaffinity");
}

static atomic_uint seq;
static atomic_bool switching;

static const struct setting *setting_at(unsigned int s)
{
	return &settings[(s / 2) % NR_SETTINGS];
}

/*
 * The scope of every setting between seq values @s0 and @s1, or NULL if it
 * changed: a measurement whose reads saw two scopes compares sums of
 * different VMs.
 */
static const char *scope_between(unsigned int s0, unsigned int s1)
{
	const char *scope = setting_at(s0)->scope;
	unsigned int s;

	for (s = s0 & ~1u; s <= s1 + 1; s += 2)
		if (strcmp(setting_at(s)->scope, scope))
			return NULL;
	return scope;
}

static void *switcher(void *unused)
{
	struct timespec pause = { 0, 0 };
	int i;

	struct sched_param fifo = { .sched_priority = 1 };

	/*
	 * On VM 0's CPU, with a real-time priority: a switch comes when the
	 * switcher's timer wakes it, and that interrupt is an exit of VM 0,
	 * whose vCPU loses the CPU in the middle of handling it until the
	 * switch is done.  Every switch thus lands inside an open window, the
	 * case that matters.
	 */
	(void)unused;
	pin_to(0);
	TEST_ASSERT(!pthread_setschedparam(pthread_self(), SCHED_FIFO, &fifo),
		    "SCHED_FIFO");
	for (i = 1; i <= SWITCHES; i++) {
		const struct setting *next = &settings[i % NR_SETTINGS];

		atomic_fetch_add(&seq, 1);
		kvm_param_must_set("exit_stats_mode", next->mode);
		kvm_param_must_set("exit_stats_scope", next->scope);
		atomic_fetch_add(&seq, 1);
		/*
		 * Off for longer than a measurement takes, as a user would
		 * leave it, on for less; every eleventh setting long enough
		 * for whole measurements.
		 */
		pause.tv_nsec = strcmp(next->mode, "off") ? 300000 : 10000000;
		if (i % 11 == 0)
			pause.tv_nsec = 15000000;
		nanosleep(&pause, NULL);
	}
	atomic_store(&switching, false);
	return NULL;
}

struct loop_result {
	struct kvm_vcpu *vcpu;
	int cpu;
	double cpe[MAX_SAMPLES];	/* measurements in one scope, with exits */
	bool idle;			/* idle_a_moment() between measurements */
	int n, exact, steady_on, steady_off, over, wrong, too_long;
	double busiest;			/* highest share of time counted */
};

/*
 * A VMM that waits for something between two runs of its vCPU: up to 1.5 ms
 * out of guest mode, longer than a setting with counting on lasts, so that
 * the vCPU takes no exit while the mode goes on and off again.  Its last
 * exit before and its first exit after are then the only ones to see the
 * switches: the second must not count a window the first left open.
 */
static void idle_a_moment(int n)
{
	struct timespec pause = { 0, (n % 4) * 500000 };

	nanosleep(&pause, NULL);
}

static void *measure_loop(void *p)
{
	struct loop_result *r = p;

	pin_to(r->cpu);
	while (atomic_load(&switching) && r->n < MAX_SAMPLES) {
		unsigned int s0 = atomic_load(&seq);
		struct measure m = measure(r->vcpu);
		unsigned int s1 = atomic_load(&seq);
		const struct setting *set = setting_at(s0);
		const char *scope = scope_between(s0, s1);

		if (!scope)
			continue;
		/*
		 * In scope vm, never more CPUIDs than the guest ran, nor more
		 * cycles than passed.
		 */
		if (!strcmp(scope, "vm") && m.count > LOOP + 1) {
			r->over++;
			printf("#   %u CPUID exits counted for %u taken (seq %u..%u)\n",
			       m.count, LOOP + 1, s0, s1);
		}
		if (!strcmp(scope, "vm") && m.stray) {
			r->over++;
			printf("#   %u I/O exits counted, none taken (seq %u..%u)\n",
			       m.stray, s0, s1);
		}
		if (!strcmp(scope, "vm") && (double)m.cycles / m.elapsed > r->busiest)
			r->busiest = (double)m.cycles / m.elapsed;
		if (!strcmp(scope, "vm") && m.cycles > m.elapsed) {
			r->too_long++;
			printf("#   %llu cycles counted in %llu (seq %u..%u)\n",
			       (unsigned long long)m.cycles,
			       (unsigned long long)m.elapsed, s0, s1);
		}
		if (m.count)
			r->cpe[r->n++] = per_exit(m);
		if (r->idle)
			idle_a_moment(r->n);
		if (s0 != s1 || (s0 & 1))
			continue;
		/* One setting throughout: exact (and the other VM's in global). */
		if (!strcmp(set->mode, "off")) {
			r->steady_off++;
			r->wrong += m.count != 0;
		} else if (!strcmp(scope, "vm")) {
			r->steady_on++;
			r->exact += m.count == LOOP + 1;
			r->wrong += m.count != LOOP + 1;
		} else {
			r->wrong += m.count < LOOP + 1;
		}
	}
	return NULL;
}

static void test_mode_switches(void)
{
	struct kvm_vm *vms[NR_VMS];
	static struct loop_result res[NR_VMS];
	double base[BASELINE], lo, hi;
	pthread_t sw, loops[NR_VMS];
	int i, over = 0, wrong = 0, exact = 0, on = 0, off = 0, too_long = 0;

	for (i = 0; i < NR_VMS; i++) {
		vms[i] = vm_create();
		vm_vcpu_add(vms[i]);
	}
	kvm_param_must_set("exit_stats_scope", "vm");
	kvm_param_must_set("exit_stats_mode", "vcpu");
	baseline(vms[0]->vcpus[0], base, BASELINE);
	spread("without switching", base, BASELINE);

	kvm_param_must_set("exit_stats_mode", settings[0].mode);
	kvm_param_must_set("exit_stats_scope", settings[0].scope);
	atomic_store(&seq, 0);
	atomic_store(&switching, true);
	for (i = 0; i < NR_VMS; i++) {
		res[i] = (struct loop_result){ .vcpu = vms[i]->vcpus[0], .cpu = i,
					       .idle = i == 1 };
		TEST_ASSERT(!pthread_create(&loops[i], NULL, measure_loop, &res[i]),
			    "pthread_create");
	}
	TEST_ASSERT(!pthread_create(&sw, NULL, switcher, NULL), "pthread_create");
	pthread_join(sw, NULL);
	for (i = 0; i < NR_VMS; i++)
		pthread_join(loops[i], NULL);

	/*
	 * The emulator's other CPU steals time from this one, so one
	 * measurement says little; their median must stay where it was.
	 */
	lo = min_of(base, BASELINE) / 2;
	hi = max_of(base, BASELINE) * 1.5;
	for (i = 0; i < NR_VMS; i++) {
		over += res[i].over;
		wrong += res[i].wrong;
		exact += res[i].exact;
		on += res[i].steady_on;
		off += res[i].steady_off;
		too_long += res[i].too_long;
		spread(i ? "while switching, VM 1" : "while switching, VM 0",
		       res[i].cpe, res[i].n);
		printf("#   VM %d: at most %.0f%% of a measurement's time counted as "
		       "handling\n", i, 100 * res[i].busiest);
		check(res[i].n && median(res[i].cpe, res[i].n) >= lo &&
		      median(res[i].cpe, res[i].n) <= hi, "VM %d: median cycles per "
		      "exit while switching outside [%.0f, %.0f]", i, lo, hi);
	}
	printf("#   %d switches; %d measurements under one setting: %d with counting"
	       " on (%d exact), %d with it off\n", SWITCHES, on + off, on, exact, off);
	check(!over, "%d measurements counted more exits of a type than the guest "
	      "took", over);
	check(!too_long, "%d measurements counted more cycles than passed", too_long);
	check(!wrong, "%d measurements under one setting were not exact", wrong);
	check(on >= 10 && off >= 10, "too few measurements under one setting "
	      "(%d on, %d off) to tell", on, off);

	/* Afterwards, counting is exact again and costs what it did. */
	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_param_must_set("exit_stats_scope", "vm");
	baseline(vms[0]->vcpus[0], base, BASELINE);
	spread("after switching", base, BASELINE);
	for (i = 0; i < NR_VMS; i++)
		kvm_vm_free(vms[i]);
}

static atomic_bool hogging;

static void *hog(void *unused)
{
	(void)unused;
	pin_to(0);
	while (atomic_load(&hogging))
		;
	return NULL;
}

/* Cycles and exits over @n measurements, every count checked exact. */
static void add_measurements(struct kvm_vcpu *vcpu, int n, uint64_t *cycles,
			     uint64_t *exits)
{
	int i;

	for (i = 0; i < n; i++) {
		struct measure m = measure(vcpu);

		check(m.count == LOOP + 1, "%u CPUID exits counted, want %u",
		      m.count, LOOP + 1);
		check(!m.stray, "%u I/O exits counted, none taken", m.stray);
		*cycles += m.cycles;
		*exits += m.count + 2;
	}
}

/*
 * A hog on the vCPU's CPU: the scheduler takes the CPU from the vCPU every
 * few milliseconds, often in the middle of an exit (with preempt=full).
 * The hog's slice is a hundred exits' worth of cycles: charged to the
 * exits, it multiplies the cycles per exit (by 3.4 on a build whose clock
 * runs on while the vCPU is scheduled out).  An honest clock still pays
 * for what the switch leaves cold (up to 1.4 times, seen under KASAN), so
 * the bound is 2.  Rounds alone and with the hog alternate, so that a
 * drift of the emulator's speed falls on both; cycles per exit are taken
 * over all measurements together: a rare exit charged with milliseconds
 * shows, where a median would hide it.
 */
static void test_preemption(void)
{
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint64_t cycles[2] = { 0 }, exits[2] = { 0 };
	double alone, loaded;
	int round;

	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_param_must_set("exit_stats_scope", "vm");
	pin_to(0);
	for (round = 0; round < 2 * PREEMPT_ROUNDS; round++) {
		int with_hog = round % 2;
		pthread_t h;

		if (with_hog) {
			atomic_store(&hogging, true);
			TEST_ASSERT(!pthread_create(&h, NULL, hog, NULL),
				    "pthread_create");
		}
		add_measurements(vcpu, PREEMPT_SAMPLES / PREEMPT_ROUNDS,
				 &cycles[with_hog], &exits[with_hog]);
		if (with_hog) {
			atomic_store(&hogging, false);
			pthread_join(h, NULL);
		}
	}
	alone = (double)cycles[0] / exits[0];
	loaded = (double)cycles[1] / exits[1];
	printf("#   cycles per exit over %d measurements in %d rounds each: "
	       "%.0f alone on CPU 0, %.0f sharing it with a hog\n",
	       PREEMPT_SAMPLES, PREEMPT_ROUNDS, alone, loaded);
	check(loaded <= 2 * alone, "with a hog on its CPU, %.0f cycles per exit, "
	      "above 2 x %.0f alone", loaded, alone);
	kvm_vm_free(vm);
}

/*
 * The answer of leaf @leaf for type @type, checked against the contract and
 * against the harness's own table of the types the manuals define (not
 * against anything the kernel says elsewhere).  Returns 0 or a reason.
 */
static const char *wrong_answer(uint32_t leaf, uint32_t type, const uint32_t *r)
{
	const struct exit_type *t = exit_type_find(vendor, type);

	if (!t)
		return r[0] || r[1] || r[2] || r[3] != 0xffffffff ?
		       "undefined, but not edx = 0xffffffff and zeroes" : NULL;
	if (r[3])
		return "defined, but edx is not 0";
	if (leaf == LEAF_TYPE_EXITS && (r[1] || r[2]))
		return "a count with ebx or ecx set";
	if (leaf == LEAF_TYPE_CYCLES && r[0])
		return "cycles with eax set";
	if (!t->kvm_handles && (r[0] || r[1] || r[2]))
		return "no handler in KVM, but not all zeroes";
	return NULL;
}

/* A 32-bit xorshift: the same values on every run, from TYPE_SEED. */
static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

#define TYPE_SEED	0x2545f491u
#define RANDOM_TYPES	100000

/*
 * Every exit type from 0 to 0xffff, and 100,000 random 32-bit values, read
 * through both per-type leaves in one guest operation per thousand.
 */
static void test_type_space(void)
{
	static const uint32_t leaves[] = { LEAF_TYPE_EXITS, LEAF_TYPE_CYCLES };
	struct kvm_vm *vm = vm_create();
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm);
	uint32_t *list = vm_gpa(vm, GUEST_LIST_GPA), x = TYPE_SEED;
	const uint32_t *ans = vm_gpa(vm, GUEST_ANSWERS_GPA);
	uint32_t done = 0, total = 0x10000 + RANDOM_TYPES, defined = 0;
	int wrong = 0;

	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_param_must_set("exit_stats_scope", "vm");
	vcpu_op(vcpu, OP_LOOP_HLT, 0, 1);	/* a counted type, for once */
	while (done < total) {
		uint32_t n = total - done < GUEST_LIST_MAX ? total - done : GUEST_LIST_MAX;
		uint32_t i, l;

		for (i = 0; i < n; i++)
			list[i] = done + i < 0x10000 ? done + i : next_random(&x);
		for (l = 0; l < 2; l++) {
			struct guest_args a = { .op = OP_ANSWERS, .eax = leaves[l], .ecx = n };

			vcpu_op_args(vcpu, &a);
			for (i = 0; i < n; i++) {
				const char *why = wrong_answer(leaves[l], list[i], &ans[4 * i]);

				defined += !l && exit_type_find(vendor, list[i]);
				if (why && wrong++ < 5)
					printf("#   leaf 0x%x type 0x%x: %08x %08x %08x %08x: %s\n",
					       leaves[l], list[i], ans[4 * i], ans[4 * i + 1],
					       ans[4 * i + 2], ans[4 * i + 3], why);
			}
		}
		done += n;
	}
	printf("#   %u types (0 to 0xffff, and %d random from seed 0x%x), %u of them "
	       "defined, each read through both leaves\n", total, RANDOM_TYPES,
	       TYPE_SEED, defined);
	check(!wrong, "%d answers broke the contract", wrong);
	check(defined >= 70, "only %u defined types met", defined);
	kvm_vm_free(vm);
}

#define CHURN_VMS	500	/* STRESS_CHURN_VMS sets another number */
#define CHURN_CPUIDS	3	/* per vCPU of each churned VM */

/* A line of /proc/meminfo, in kB. */
static long meminfo(const char *key)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	TEST_ASSERT(f, "/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			kb = atol(line + strlen(key) + 1);
	fclose(f);
	TEST_ASSERT(kb >= 0, "no %s in /proc/meminfo", key);
	return kb;
}

struct watch {
	struct kvm_vcpu *vcpu;
	uint32_t first, last;
	int reads, back;
};

static atomic_bool churning;

/* Read the global CPUID count over and over: it must never go back. */
static void *watcher(void *p)
{
	struct watch *w = p;
	uint32_t cpuid = exit_type_cpuid(vendor);

	w->first = vcpu_read_leaf(w->vcpu, LEAF_TYPE_EXITS, cpuid).eax;
	w->last = w->first;
	while (atomic_load(&churning)) {
		uint32_t now = vcpu_read_leaf(w->vcpu, LEAF_TYPE_EXITS, cpuid).eax;

		w->back += (int32_t)(now - w->last) < 0;
		w->last = now;
		w->reads++;
	}
	return NULL;
}

/*
 * VMs come and go, 1 to 4 vCPUs each, each vCPU running a few CPUIDs, while
 * another VM reads the global count: it never goes back, and in the end it
 * has every CPUID of every VM, the destroyed ones included.  The kernel's
 * slab and per-CPU memory come back to where they were.
 */
static void test_churn(void)
{
	struct kvm_vm *watch_vm = vm_create();
	struct watch w = { .vcpu = vm_vcpu_add(watch_vm) };
	const char *vms_env = getenv("STRESS_CHURN_VMS");
	int i, j, vms = vms_env ? atoi(vms_env) : CHURN_VMS;
	long slab0, percpu0, slab1, percpu1;
	uint64_t churned = 0;
	uint32_t final;
	pthread_t t;

	kvm_param_must_set("exit_stats_mode", "vcpu");
	kvm_param_must_set("exit_stats_scope", "global");
	/* A first round of VMs, so that KVM's caches are as full as later. */
	for (i = 0; i < 32; i++)
		kvm_vm_free(vm_create());
	slab0 = meminfo("Slab");
	percpu0 = meminfo("Percpu");

	atomic_store(&churning, true);
	TEST_ASSERT(!pthread_create(&t, NULL, watcher, &w), "pthread_create");
	for (i = 0; i < vms; i++) {
		struct kvm_vm *vm = vm_create();

		for (j = 0; j < 1 + i % 4; j++)
			vcpu_op(vm_vcpu_add(vm), OP_LOOP_CPUID, 0, CHURN_CPUIDS);
		churned += (uint64_t)(1 + i % 4) * CHURN_CPUIDS;
		kvm_vm_free(vm);
	}
	atomic_store(&churning, false);
	pthread_join(t, NULL);
	final = vcpu_read_leaf(w.vcpu, LEAF_TYPE_EXITS, exit_type_cpuid(vendor)).eax;
	slab1 = meminfo("Slab");
	percpu1 = meminfo("Percpu");

	/* The watcher's reads are CPUID exits too: the first and the others. */
	printf("#   %d VMs created and destroyed, %llu CPUIDs in them; the global "
	       "count grew by %u, read %d times\n", vms,
	       (unsigned long long)churned, final - w.first, w.reads);
	check(!w.back, "the global count went back %d times", w.back);
	check(final - w.first == churned + 1 + w.reads, "the global count grew by %u, "
	      "want %llu", final - w.first, (unsigned long long)churned + 1 + w.reads);
	printf("#   slab %ld -> %ld kB, per-CPU %ld -> %ld kB\n", slab0, slab1,
	       percpu0, percpu1);
	/* KASAN keeps freed objects in quarantine: there kmemleak judges. */
	if (getenv("STRESS_KASAN"))
		printf("#   KASAN holds freed slab objects: not compared\n");
	else
		check(slab1 - slab0 < vms, "slab grew by %ld kB over %d VMs",
		      slab1 - slab0, vms);
	check(percpu1 - percpu0 < 64, "per-CPU memory grew by %ld kB",
	      percpu1 - percpu0);
	kvm_vm_free(watch_vm);
}

static const struct test_case tests[] = {
	{ "mode_switches", test_mode_switches },
	{ "preemption", test_preemption },
	{ "type_space", test_type_space },
	{ "churn", test_churn },
};

int main(int argc, char **argv)
{
	char mode[16] = "", scope[16] = "";
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm_dev_fd();
	vendor = host_vendor();
	TEST_REQUIRE(!kvm_param_get("exit_stats_mode", mode, sizeof(mode)),
		     "kvm.exit_stats_mode missing: KVM without the series");
	kvm_param_get("exit_stats_scope", scope, sizeof(scope));
	printf("# stress: vendor %s, mode %s, scope %s\n", vendor_name(vendor),
	       mode, scope);
	ret = run_tests(tests, sizeof(tests) / sizeof(tests[0]),
			vendor_name(vendor), argc, argv);
	kvm_param_set("exit_stats_mode", mode);
	kvm_param_set("exit_stats_scope", scope);
	return ret;
}
