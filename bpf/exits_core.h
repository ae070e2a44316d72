/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CO-RE shims for KVM's types.  When KVM is a module, vmlinux.h generated
 * from vmlinux alone does not have them, so the program names its own
 * "___x" flavours with only the fields it reads; libbpf matches them to the
 * running kernel's types (vmlinux or module BTF) by name and field at load.
 */
#ifndef KVMEXITS_EXITS_CORE_H
#define KVMEXITS_EXITS_CORE_H

/* The classic tracepoint's record (include/trace/events/kvm.h, x86 trace.h). */
struct trace_event_raw_kvm_exit___x {
	unsigned int exit_reason;
	__u32 isa;
} __attribute__((preserve_access_index));

union vmx_exit_reason___x {
	__u32 full;
} __attribute__((preserve_access_index));

struct vcpu_vmx___x {
	struct kvm_vcpu vcpu;
	union vmx_exit_reason___x exit_reason;
} __attribute__((preserve_access_index));

struct vmcb_control_area___x {
	__u64 exit_code;
} __attribute__((preserve_access_index));

struct vmcb___x {
	struct vmcb_control_area___x control;
} __attribute__((preserve_access_index));

struct vcpu_svm___x {
	struct kvm_vcpu vcpu;
	struct vmcb___x *vmcb;
} __attribute__((preserve_access_index));

#endif
