// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/ioctl.h>

#include "guest_ops.h"
#include "kvm_params.h"
#include "test_util.h"
#include "workloads.h"

#define MSR_IA32_APICBASE	0x1b	/* read in the kernel, never fastpath */
#define MSR_IA32_MISC_ENABLE	0x1a0	/* written in the kernel, slow path */

static void loop(struct kvm_vcpu *vcpu, uint32_t op, uint32_t n)
{
	vcpu_op(vcpu, op, 0, n);
}

static int one(struct expect *e, uint32_t type, uint64_t count)
{
	e[0] = (struct expect){ type, count };
	return 1;
}

static int expect_cpuid(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, exit_type_cpuid(vendor), n);
}

static int expect_hlt(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, exit_type_hlt(vendor), n);
}

static int expect_io(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, exit_type_io(vendor), n);
}

/*
 * The page is cached as MMIO before the window (validate's make_vm()), so
 * every access faults as such: an NPF on SVM, an EPT misconfig on VMX.
 */
static int expect_mmio(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, vendor == VENDOR_AMD ? 0x400 : 49, n);
}

static void run_rdmsr(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	struct guest_args a = { .op = OP_LOOP_RDMSR, .ebx = MSR_IA32_APICBASE,
				.ecx = n };

	(void)vendor;
	vcpu_op_args(v, &a);
}

static int expect_rdmsr(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, vendor == VENDOR_INTEL ? 31 : 0x7c, n);
}

/* Write back the value KVM holds, so that nothing changes but the exits. */
static void run_wrmsr(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	uint64_t val = vcpu_get_msr(v, MSR_IA32_MISC_ENABLE);
	struct guest_args a = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_IA32_MISC_ENABLE, .ecx = n,
		.eax = (uint32_t)val, .edx = (uint32_t)(val >> 32),
	};

	(void)vendor;
	vcpu_op_args(v, &a);
}

static int expect_wrmsr(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, exit_type_wrmsr(vendor), n);
}

static void run_icr(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	struct guest_args a = {
		.op = OP_LOOP_WRMSR, .ebx = MSR_X2APIC_ICR, .ecx = n,
		.eax = ICR_FASTPATH_LOW, .edx = ICR_FASTPATH_HIGH,
	};

	(void)vendor;
	vcpu_op_args(v, &a);
}

/*
 * Every exit of the loop is finished in KVM's fastpath: x2APIC ICR writes,
 * and HLT, which 6.12's stable releases handle there too (to userspace
 * without an in-kernel APIC, "handled" with one).
 */
static uint64_t fastpath_all(enum cpu_vendor vendor, uint32_t n)
{
	return kvm_fastpath_possible(vendor) ? n : 0;
}

static void run_hypercall(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	loop(v, vendor == VENDOR_INTEL ? OP_LOOP_VMCALL : OP_LOOP_VMMCALL, n);
}

static int expect_hypercall(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	return one(e, exit_type_hypercall(vendor), n);
}

/* Each tick: a HLT exit; the interrupt's EOI and timer exits vary by vendor. */
static void run_timer(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	(void)vendor;
	vm_setup_timer(v->vm);
	loop(v, OP_TIMER, n);
}

static uint32_t at_least_one(uint32_t n)
{
	return n ? n : 1;
}

static void run_mixed(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	loop(v, OP_LOOP_CPUID, n);
	loop(v, OP_LOOP_OUT, at_least_one(n / 2));
	loop(v, OP_LOOP_HLT, at_least_one(n / 10));
	run_hypercall(v, vendor, at_least_one(n / 4));
}

/* Its HLTs take the fastpath. */
static uint64_t fastpath_mixed(enum cpu_vendor vendor, uint32_t n)
{
	return fastpath_all(vendor, at_least_one(n / 10));
}

static int expect_mixed(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	e[0] = (struct expect){ exit_type_cpuid(vendor), n };
	e[1] = (struct expect){ exit_type_io(vendor), at_least_one(n / 2) };
	e[2] = (struct expect){ exit_type_hlt(vendor), at_least_one(n / 10) };
	e[3] = (struct expect){ exit_type_hypercall(vendor), at_least_one(n / 4) };
	return 4;
}

/*
 * Without unrestricted guest, VMX runs real mode in vm86 mode, which needs
 * every segment's base to be its selector times 16.  A data segment that
 * breaks the rule makes KVM emulate the guest, instruction by instruction,
 * until the host restores it: every exit is one KVM synthesizes (basic
 * reason 33, invalid guest state), and the guest's own CPUIDs and OUTs are
 * emulated within them.  How many there are is up to KVM's emulator, so
 * the sources are only compared with each other.
 */
static bool needs_emulation(enum cpu_vendor vendor)
{
	char ug[8];

	return vendor == VENDOR_INTEL &&
	       !module_param_get("kvm_intel", "unrestricted_guest", ug, sizeof(ug)) &&
	       ug[0] == 'N';
}

static void set_ds_base(struct kvm_vcpu *v, uint64_t base)
{
	struct kvm_sregs sregs;

	TEST_ASSERT_SYS(ioctl(v->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS");
	sregs.ds.base = base;
	TEST_ASSERT_SYS(ioctl(v->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS");
}

static void run_emulated(struct kvm_vcpu *v, enum cpu_vendor vendor, uint32_t n)
{
	(void)vendor;
	set_ds_base(v, 0x10);	/* selector 0: not a vm86 segment */
	loop(v, OP_LOOP_CPUID, n);
	set_ds_base(v, 0);
}

static int expect_nothing(enum cpu_vendor vendor, uint32_t n, struct expect *e)
{
	(void)vendor;
	(void)n;
	(void)e;
	return 0;
}

/*
 * Each entry is counted by validate (expect), timed by bench (timed), or
 * both; bench's names and loops follow kvm-unit-tests' x86/vmexit.c.
 */
const struct workload workloads[] = {
	{ .name = "cpuid", .what = "CPUID leaf 0", .loop_op = OP_LOOP_CPUID,
	  .ops = 1, .expect = expect_cpuid, .timed = TIMED_BOTH(TIMED_CPUID) },
	{ .name = "hlt", .what = "HLT, resumed by userspace", .loop_op = OP_LOOP_HLT,
	  .ops = 1, .expect = expect_hlt, .fastpath = fastpath_all },
	{ .name = "pio_out", .what = "OUT to a userspace port", .loop_op = OP_LOOP_OUT,
	  .ops = 1, .expect = expect_io, .timed = TIMED_BOTH(TIMED_OUT_USER) },
	{ .name = "pio_in", .what = "IN from a userspace port", .loop_op = OP_LOOP_IN,
	  .ops = 1, .expect = expect_io },
	{ .name = "pio_kernel", .what = "IN from the in-kernel PIC", .irqchip = true,
	  .timed = TIMED_BOTH(TIMED_IN_KERNEL) },
	{ .name = "mmio", .what = "byte writes to userspace MMIO",
	  .loop_op = OP_LOOP_MMIO, .ops = 1, .expect = expect_mmio },
	{ .name = "rdmsr", .what = "RDMSR of APIC_BASE", .run = run_rdmsr, .ops = 1,
	  .expect = expect_rdmsr },
	{ .name = "wrmsr", .what = "WRMSR of MISC_ENABLE, unchanged", .run = run_wrmsr,
	  .ops = 1, .expect = expect_wrmsr },
	{ .name = "wrmsr_fastpath", .what = "x2APIC ICR writes, KVM's fastpath",
	  .irqchip = true, .run = run_icr, .ops = 1, .expect = expect_wrmsr,
	  .fastpath = fastpath_all, .timed = TIMED_BOTH(TIMED_ICR) },
	{ .name = "hypercall", .what = "VMCALL or VMMCALL, unknown number",
	  .run = run_hypercall, .ops = 1, .expect = expect_hypercall,
	  .timed = { [VENDOR_INTEL] = TIMED_VMCALL, [VENDOR_AMD] = TIMED_VMMCALL } },
	{ .name = "pm_timer", .what = "IN from the ACPI PM timer, answered by the VMM",
	  .timed = TIMED_BOTH(TIMED_PM_TIMER) },
	{ .name = "timer", .what = "LAPIC timer ticks, each awaited with STI; HLT",
	  .irqchip = true, .run = run_timer, .ops = 1, .expect = expect_hlt,
	  .fastpath = fastpath_all },
	{ .name = "tsc_deadline", .what = "the TSC-deadline timer armed to fire at once",
	  .irqchip = true, .timed = TIMED_BOTH(TIMED_TSC_DEADLINE) },
	{ .name = "ipi_halt", .what = "an IPI's round trip, each side waking from HLT",
	  .irqchip = true, .timed = TIMED_BOTH(TIMED_IPI) },
	{ .name = "cr8_write", .what = "MOV to CR8 in 64-bit mode, no in-kernel APIC",
	  .timed = TIMED_BOTH(TIMED_CR8) },
	{ .name = "mixed", .what = "CPUID, OUT, HLT and hypercalls", .run = run_mixed,
	  .ops = 4, .expect = expect_mixed, .fastpath = fastpath_mixed },
	/* No ucall I/O exit either: the guest's OUT is emulated too. */
	{ .name = "emulated", .what = "CPUIDs emulated by KVM (VMX, unrestricted_guest=0)",
	  .valid = needs_emulation, .run = run_emulated, .ops = 0,
	  .expect = expect_nothing },
};

const int nr_workloads = sizeof(workloads) / sizeof(workloads[0]);

void workload_run(const struct workload *w, struct kvm_vcpu *vcpu,
		  enum cpu_vendor vendor, uint32_t n)
{
	if (w->run)
		w->run(vcpu, vendor, n);
	else
		loop(vcpu, w->loop_op, n);
}

bool workload_timed(const struct workload *w)
{
	return w->timed[VENDOR_INTEL] || w->timed[VENDOR_AMD];
}

bool workload_valid(const struct workload *w, enum cpu_vendor vendor)
{
	return !w->valid || w->valid(vendor);
}

const struct workload *workload_find(const char *name)
{
	int i;

	for (i = 0; i < nr_workloads; i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}
