// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/ioctl.h>

#include "guest_ops.h"
#include "kvm_params.h"
#include "test_util.h"
#include "payloads.h"

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

const struct workload workloads[] = {
	{ "cpuid", "CPUID leaf 0", false, NULL, OP_LOOP_CPUID, NULL, 1,
	  expect_cpuid, NULL },
	{ "hlt", "HLT, resumed by userspace", false, NULL, OP_LOOP_HLT, NULL, 1,
	  expect_hlt, fastpath_all },
	{ "pio_out", "OUT to a userspace port", false, NULL, OP_LOOP_OUT, NULL, 1,
	  expect_io, NULL },
	{ "pio_in", "IN from a userspace port", false, NULL, OP_LOOP_IN, NULL, 1,
	  expect_io, NULL },
	{ "mmio", "byte writes to userspace MMIO", false, NULL, OP_LOOP_MMIO, NULL,
	  1, expect_mmio, NULL },
	{ "rdmsr", "RDMSR of APIC_BASE", false, NULL, 0, run_rdmsr, 1,
	  expect_rdmsr, NULL },
	{ "wrmsr", "WRMSR of MISC_ENABLE, unchanged", false, NULL, 0, run_wrmsr, 1,
	  expect_wrmsr, NULL },
	{ "wrmsr_fastpath", "x2APIC ICR writes, KVM's fastpath", true, NULL, 0,
	  run_icr, 1, expect_wrmsr, fastpath_all },
	{ "hypercall", "VMCALL or VMMCALL, unknown number", false, NULL, 0,
	  run_hypercall, 1, expect_hypercall, NULL },
	{ "timer", "LAPIC timer ticks, each awaited with STI; HLT", true, NULL, 0,
	  run_timer, 1, expect_hlt, fastpath_all },
	{ "mixed", "CPUID, OUT, HLT and hypercalls", false, NULL, 0, run_mixed, 4,
	  expect_mixed, fastpath_mixed },
	/* No ucall I/O exit either: the guest's OUT is emulated too. */
	{ "emulated", "CPUIDs emulated by KVM (VMX, unrestricted_guest=0)", false,
	  needs_emulation, 0, run_emulated, 0, expect_nothing, NULL },
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

const struct workload *workload_find(const char *name)
{
	int i;

	for (i = 0; i < nr_workloads; i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}
