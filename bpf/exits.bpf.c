// SPDX-License-Identifier: GPL-2.0
/*
 * Count VM-exits per (vendor, exit type) from KVM's kvm_exit tracepoint,
 * time each exit to the vCPU's next kvm_entry, and count the calls into the
 * vendor's handle_exit(): exits that never reach it were finished in KVM's
 * fastpath.  Two attach methods: the classic tracepoint, which works on any
 * kernel, and tp_btf, which skips the trace buffer and reads the exit
 * reason from the vCPU itself.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "exits.h"
#include "exits_core.h"

/* Set before load: count only this process's exits (0: all). */
const volatile pid_t targ_tgid;
/*
 * Test only: userspace sets this to drop the next exit, so the harness can
 * show that a source that loses an exit is caught.  Two CPUs may both see
 * it set and drop one each: still a lost exit, which is all a test needs.
 */
__u32 test_drop_armed;
/*
 * Test only: spin this many rounds in every kvm_exit, a known extra cost
 * that the benchmark must see (set before load; the bound keeps the
 * verifier happy).
 */
const volatile __u32 test_spin;
#define TEST_SPIN_MAX 8192

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EXITS_MAX_TYPES);
	__type(key, struct exit_key);
	__type(value, struct exit_stat);
} stats SEC(".maps");

/* The exit each vCPU thread is handling: its type and when it happened. */
struct inflight {
	struct exit_key key;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight SEC(".maps");

static const struct exit_stat zero_stat;

static __always_inline bool traced(void)
{
	return !targ_tgid || bpf_get_current_pid_tgid() >> 32 == targ_tgid;
}

static __always_inline struct exit_stat *stat_of(const struct exit_key *key)
{
	struct exit_stat *s = bpf_map_lookup_elem(&stats, key);

	if (s)
		return s;
	bpf_map_update_elem(&stats, key, &zero_stat, BPF_NOEXIST);
	return bpf_map_lookup_elem(&stats, key);
}

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = 0;
	int i;

	for (i = 32; i > 0; i >>= 1) {
		if (v >> i) {
			v >>= i;
			slot += i;
		}
	}
	return slot < EXITS_HIST_SLOTS ? slot : EXITS_HIST_SLOTS - 1;
}

static __always_inline int count_exit(__u32 isa, __u32 reason)
{
	struct inflight f = {};
	struct exit_stat *s;
	__u32 tid;

	if (!traced())
		return 0;
	if (test_spin) {
		__u32 i;
		__u64 sink = 0;

		for (i = 0; i < TEST_SPIN_MAX && i < test_spin; i++)
			sink += bpf_ktime_get_ns();
		if (sink == 1)	/* keep the loop */
			return 0;
	}
	if (test_drop_armed) {
		test_drop_armed = 0;
		return 0;
	}
	f.key.isa = isa;
	/* VMX keeps flags (e.g. failed VM-entry) above the basic reason. */
	f.key.reason = isa == EXITS_ISA_VMX ? reason & 0xffff : reason;
	s = stat_of(&f.key);
	if (!s)
		return 0;
	s->exits++;

	tid = (__u32)bpf_get_current_pid_tgid();
	f.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&inflight, &tid, &f, BPF_ANY);
	return 0;
}

static __always_inline int count_entry(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *f = bpf_map_lookup_elem(&inflight, &tid);
	struct exit_stat *s;
	__u64 delta;

	/* The vCPU's first entry follows no exit. */
	if (!f)
		return 0;
	delta = bpf_ktime_get_ns() - f->ts;
	s = bpf_map_lookup_elem(&stats, &f->key);
	if (s) {
		s->entries++;
		s->time_ns += delta;
		s->hist[log2_slot(delta)]++;
	}
	bpf_map_delete_elem(&inflight, &tid);
	return 0;
}

SEC("tp/kvm/kvm_exit")
int tp_kvm_exit(struct trace_event_raw_kvm_exit___x *ctx)
{
	return count_exit(BPF_CORE_READ(ctx, isa), BPF_CORE_READ(ctx, exit_reason));
}

SEC("tp/kvm/kvm_entry")
int tp_kvm_entry(void *ctx)
{
	return count_entry();
}

/*
 * The raw tracepoint's arguments are (vcpu, isa) since 2021.  In a module's
 * tracepoint the verifier takes the vCPU pointer for one that may be NULL.
 */
SEC("tp_btf/kvm_exit")
int BPF_PROG(btf_kvm_exit, struct kvm_vcpu *vcpu, __u32 isa)
{
	__u32 reason = 0;

	if (!vcpu)
		return 0;
	if (isa == EXITS_ISA_VMX && bpf_core_type_exists(struct vcpu_vmx___x)) {
		struct vcpu_vmx___x *vmx = (void *)vcpu -
			bpf_core_field_offset(struct vcpu_vmx___x, vcpu);

		reason = BPF_CORE_READ(vmx, exit_reason.full);
	} else if (isa == EXITS_ISA_SVM &&
		   bpf_core_type_exists(struct vcpu_svm___x)) {
		struct vcpu_svm___x *svm = (void *)vcpu -
			bpf_core_field_offset(struct vcpu_svm___x, vcpu);

		/* The tracepoint records the low 32 bits too. */
		reason = (__u32)BPF_CORE_READ(svm, vmcb, control.exit_code);
	}
	return count_exit(isa, reason);
}

SEC("tp_btf/kvm_entry")
int BPF_PROG(btf_kvm_entry)
{
	return count_entry();
}

/* Attached by name to vmx_handle_exit() or svm_handle_exit(). */
SEC("kprobe")
int BPF_KPROBE(handle_exit)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *f = bpf_map_lookup_elem(&inflight, &tid);
	struct exit_stat *s;

	if (!f)
		return 0;
	s = bpf_map_lookup_elem(&stats, &f->key);
	if (s)
		s->handled++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
