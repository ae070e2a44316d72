/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CO-RE shims for KVM's types.  When KVM is a module, vmlinux.h generated
 * from vmlinux alone does not have them, so the program names its own
 * "___x" flavours with only the fields it reads; libbpf matches them to the
 * running kernel's types (vmlinux or module BTF) by name and field at load.
 */
#ifndef KVMEXITS_EXITS_CORE_H
#define KVMEXITS_EXITS_CORE_H

/* What KVM tells handle_exit() about an exit (asm/kvm_host.h). */
enum exit_fastpath_completion___x {
	EXIT_FASTPATH_REENTER_GUEST___x = 1,
	EXIT_FASTPATH_EXIT_HANDLED___x = 2,
	EXIT_FASTPATH_EXIT_USERSPACE___x = 3,
};

union vmx_exit_reason___x {
	__u32 full;
} __attribute__((preserve_access_index));

struct vcpu_vmx___x {
	struct kvm_vcpu vcpu;
	union vmx_exit_reason___x exit_reason;
} __attribute__((preserve_access_index));

/* The low 32 bits, as the tracepoint records (6.12 splits exit_code_hi off). */
struct vmcb_control_area___x {
	__u32 exit_code;
} __attribute__((preserve_access_index));

struct vmcb___x {
	struct vmcb_control_area___x control;
} __attribute__((preserve_access_index));

struct vcpu_svm___x {
	struct kvm_vcpu vcpu;
	struct vmcb___x *vmcb;
} __attribute__((preserve_access_index));

#endif
