/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal VMM in the style of KVM selftests: a VM with one memory slot
 * holding the real-mode guest payload, and vCPUs that run one guest
 * operation at a time.  Functions named __f() return an error; f() asserts.
 */
#ifndef VMM_KVM_VM_H
#define VMM_KVM_VM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

#include "exit_types.h"
#include "leaves.h"

struct kvm_vcpu {
	int fd;
	int id;
	int stats_fd;
	struct kvm_run *run;
	struct kvm_vm *vm;
	/* Exits the guest took to userspace on WORK_PORT or by HLT. */
	uint64_t work_exits;
	/* Time the VMM takes on each of those before it resumes (default 0). */
	unsigned int work_delay_us;
};

struct kvm_vm {
	int fd;
	int stats_fd;
	bool irqchip;
	void *mem;
	int nr_vcpus;
	struct kvm_vcpu *vcpus[64];
};

/* The guest's registers after an operation. */
struct guest_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* An operation for the guest dispatcher and its arguments (guest_ops.h). */
struct guest_args {
	uint32_t op, eax, ebx, ecx, edx;
};

int kvm_dev_fd(void);
/* Close /dev/kvm, so that KVM's modules can be unloaded. */
void kvm_dev_close(void);
enum cpu_vendor host_vendor(void);

struct kvm_vm *vm_create(void);
/*
 * A VM with KVM's in-kernel interrupt controllers, whose vCPUs run in x2APIC
 * mode: x2APIC writes can take KVM's fastpath.  A HLT there blocks in KVM.
 */
struct kvm_vm *vm_create_irqchip(void);
void kvm_vm_free(struct kvm_vm *vm);
struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm);
void *vm_gpa(struct kvm_vm *vm, uint64_t gpa);
uint64_t vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index);
/* Point the guest's IVT entry for TIMER_VECTOR at its timer handler. */
void vm_setup_timer(struct kvm_vm *vm);
/*
 * Ready @vcpu's local APIC for TIMED_TSC_DEADLINE: software-enabled, its
 * timer in TSC-deadline mode on TIMER_VECTOR, the handler in the IVT.
 */
void vcpu_setup_tsc_deadline(struct kvm_vcpu *vcpu);
/*
 * Ready @vm's vCPUs for TIMED_IPI: their local APICs software-enabled, the
 * IPI handler in the IVT.  Needs two vCPUs.
 */
void vm_setup_ipi(struct kvm_vm *vm);
/*
 * Put @vcpu, of a VM without an in-kernel APIC and before its first run,
 * in 64-bit mode at the payload's 64-bit part (TIMED_CR8).
 */
void vcpu_setup_long_mode(struct kvm_vcpu *vcpu);

/*
 * Run an operation until the guest reports
 * on UCALL_PORT; exits to userspace on WORK_PORT and by HLT are resumed and
 * counted in vcpu->work_exits, as are reads of the ACPI PM timer, which it
 * answers.  Returns 0, or -1 with a message on stderr
 * if the guest stopped in any other way.
 */
int __vcpu_op(struct kvm_vcpu *vcpu, const struct guest_args *args,
	      struct guest_regs *out);
struct guest_regs vcpu_op_args(struct kvm_vcpu *vcpu,
			       const struct guest_args *args);
struct guest_regs vcpu_op(struct kvm_vcpu *vcpu, uint32_t op, uint32_t eax,
			  uint32_t ecx);
/* What the guest reads from CPUID @leaf with @type in ecx (OP_READ). */
struct leaf_answer vcpu_read_leaf(struct kvm_vcpu *vcpu, uint32_t leaf,
				  uint32_t type);
/* KVM statistic @name (binary stats), summed over the VM's vCPUs; asserts. */
uint64_t vm_stat_sum(struct kvm_vm *vm, const char *name);
/*
 * The VM's exits per exit type slot (exit_type_slot()), from KVM's binary
 * statistics: its vCPUs' exit_type_count and its own atomic_exit_type_count
 * (kvm.exit_stats_mode=atomic).  @counts has EXIT_STAT_SLOTS entries.
 */
void vm_exit_type_counts(struct kvm_vm *vm, uint64_t *counts);

#endif
