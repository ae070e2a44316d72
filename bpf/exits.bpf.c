// SPDX-License-Identifier: GPL-2.0
/*
 * Count VM-exits per (vendor, exit type) from KVM's kvm_exit tracepoint,
 * time each exit to the vCPU's next kvm_entry, and sort out the exits KVM
 * finished in its fastpath: those that never reach the vendor's
 * handle_exit() (re-entered at once) and those handle_exit() is told were
 * finished already.  Three attach methods: the classic tracepoint, which
 * needs no BTF of KVM's own; tp_btf, which skips the trace buffer and reads the
 * exit reason from the vCPU itself; and fentry/fexit on the vendor's
 * vcpu_run(), two probes per exit instead of three.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "exits.h"
#include "exits_core.h"

/*
 * Set before load: count only this process's exits (0: all), its PID as
 * the loader's PID namespace numbers it (that namespace's inode; 0: the
 * host's numbering, for a loader in the initial namespace), so that -p takes the PID the loader
 * sees, on the host or in a container, whatever namespace below it the
 * VMM itself is in.
 */
const volatile pid_t targ_tgid;
const volatile __u32 targ_pidns_ino;
#define MAX_PIDNS_LEVEL 32	/* the kernel's MAX_PID_NS_LEVEL */
/* The classic tracepoint's field offsets, from tracefs (no module BTF needed). */
const volatile __u32 tp_reason_off;
const volatile __u32 tp_isa_off;
/*
 * The per-VM view and its filters (set before load).  The offsets into
 * KVM's own structures come from the kvm module's BTF, as userspace reads
 * it: the patched modules on a distribution kernel have a struct kvm of
 * their own, which CO-RE, finding vmlinux's first, would not use.
 */
const volatile bool per_vm;
const volatile __u32 vcpu_kvm_off;		/* kvm_vcpu.kvm */
const volatile __u32 vcpu_id_off;		/* kvm_vcpu.vcpu_id */
const volatile __u32 kvm_debugfs_off;		/* kvm.debugfs_dentry */
#define MAX_ERRNO 4095
const volatile bool filter_vm;
const volatile char targ_vm[EXITS_VM_NAME_LEN];
const volatile bool filter_vcpu;
const volatile __u32 targ_vcpu;
/* -S: split the exit-to-entry time, and keep finer slots of it. */
const volatile bool split;
/* -c: count only the tasks of this cgroup (v2) and those below it. */
const volatile __u64 targ_cgroup;
#define MAX_CGROUP_LEVEL 32

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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, EXITS_MAX_TYPES);
	__type(key, struct exit_key);
	__type(value, struct exit_fine);
} fine SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EXITS_KVM_EXIT_REASONS);
	__type(key, __u32);
	__type(value, struct user_stat);
} userspace SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EXITS_MAX_VCPUS);
	__type(key, struct vcpu_key);
	__type(value, struct vcpu_stat);
} vcpus SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EXITS_MAX_VM_TYPES);
	__type(key, struct vm_type_key);
	__type(value, __u64);
} vm_types SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EXITS_MAX_VMS);
	__type(key, struct vm_key);
	__type(value, struct vm_info);
} vms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EXITS_LOST_KINDS);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/*
 * The exit a vCPU thread is handling: its type and when it happened.  Task
 * storage dies with the thread, so the last exit of a vCPU that never
 * re-enters leaves nothing behind.
 */
struct inflight {
	struct exit_key key;
	__u32 pending;		/* an exit not yet followed by an entry */
	__u64 ts;
	__u64 exit_vcpu;	/* the vCPU of that exit (0: not known, tp) */
	/* The vCPU this thread ran last, and whether the filters keep it. */
	struct vcpu_key vcpu;
	__u32 vcpu_kept;
	char vm_name[EXITS_VM_NAME_LEN];	/* its VM's debugfs name, or "" */
	/*
	 * -S: the exit in flight's time so far in the VMM, blocked and
	 * runnable, and since when it is in one of these (0: it is not).
	 */
	__u32 user_reason;
	__u64 user_ns, blocked_ns, runnable_ns;
	__u64 user_since, blocked_since, runnable_since;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

static const struct exit_stat zero_stat;

/* Is the current task in targ_cgroup or below it? */
static __always_inline bool in_cgroup(void)
{
	__u64 id;
	int level;

	for (level = 0; level < MAX_CGROUP_LEVEL; level++) {
		id = bpf_get_current_ancestor_cgroup_id(level);
		if (id == targ_cgroup)
			return true;
		if (!id)
			break;
	}
	return false;
}

static __always_inline bool traced(void)
{
	struct task_struct *task;
	unsigned int i, level;
	struct pid *pid;

	if (targ_cgroup && !in_cgroup())
		return false;
	if (!targ_tgid)
		return true;
	/* The loader is in the initial namespace, or there are no others. */
	if (!targ_pidns_ino)
		return bpf_get_current_pid_tgid() >> 32 == targ_tgid;
	/* The process's number in the loader's namespace, if it has one. */
	task = bpf_get_current_task_btf();
	pid = BPF_CORE_READ(task, group_leader, thread_pid);
	level = BPF_CORE_READ(pid, level);
	for (i = 0; i < MAX_PIDNS_LEVEL && i <= level; i++)
		if (BPF_CORE_READ(pid, numbers[i].ns, ns.inum) == targ_pidns_ino)
			return BPF_CORE_READ(pid, numbers[i].nr) == targ_tgid;
	return false;
}

static __always_inline void count_lost(__u32 kind)
{
	__u64 *n = bpf_map_lookup_elem(&lost, &kind);

	if (n)
		(*n)++;
}

static __always_inline struct exit_stat *stat_of(const struct exit_key *key)
{
	struct exit_stat *s = bpf_map_lookup_elem(&stats, key);

	if (s)
		return s;
	bpf_map_update_elem(&stats, key, &zero_stat, BPF_NOEXIST);
	return bpf_map_lookup_elem(&stats, key);
}

static __always_inline struct inflight *inflight_of_current(__u64 flags)
{
	return bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), NULL,
				    flags);
}

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = exits_log2(v);

	return slot < EXITS_HIST_SLOTS ? slot : EXITS_HIST_SLOTS - 1;
}

/* The vCPU's VM; its debugfs directory in @dir (NULL without debugfs). */
static __always_inline struct vcpu_key vcpu_key_of(struct kvm_vcpu *vcpu,
						   struct dentry **dir)
{
	struct vcpu_key k = {};
	struct dentry *d = NULL;

	bpf_probe_read_kernel(&k.vm.kvm, sizeof(k.vm.kvm), (void *)vcpu + vcpu_kvm_off);
	bpf_probe_read_kernel(&k.vcpu_id, sizeof(k.vcpu_id), (void *)vcpu + vcpu_id_off);
	bpf_probe_read_kernel(&d, sizeof(d), (void *)k.vm.kvm + kvm_debugfs_off);
	/* It is an ERR_PTR() where debugfs is off or failed. */
	if ((unsigned long)d >= (unsigned long)-MAX_ERRNO)
		d = NULL;
	if (d)
		k.vm.ino = BPF_CORE_READ(d, d_inode, i_ino);
	*dir = d;
	return k;
}

static __always_inline bool is_target_vm(const char *name)
{
	int i;

	for (i = 0; i < EXITS_VM_NAME_LEN; i++) {
		if (name[i] != targ_vm[i])
			return false;
		if (!name[i])
			break;
	}
	return true;
}

/*
 * Whether the VM and vCPU filters keep this vCPU, decided once per vCPU a
 * thread runs; the VM's debugfs name is kept with it for the per-VM view.
 */
static __always_inline bool vcpu_kept(struct inflight *f, struct kvm_vcpu *vcpu)
{
	struct dentry *dir;
	struct vcpu_key k = vcpu_key_of(vcpu, &dir);

	if (f->vcpu.vm.kvm == k.vm.kvm && f->vcpu.vm.ino == k.vm.ino &&
	    f->vcpu.vcpu_id == k.vcpu_id)
		return f->vcpu_kept;
	f->vcpu = k;
	f->vm_name[0] = '\0';
	if (dir)
		bpf_probe_read_kernel_str(f->vm_name, sizeof(f->vm_name),
					  BPF_CORE_READ(dir, d_name.name));
	f->vcpu_kept = (!filter_vm || is_target_vm(f->vm_name)) &&
		       (!filter_vcpu || k.vcpu_id == targ_vcpu);
	return f->vcpu_kept;
}

/*
 * Record the VM of a vCPU seen for the first time (or again, after
 * userspace dropped a VM it took for gone): its entries in the other
 * tables are reached through it.  False if the VM table is full.
 */
static __always_inline bool record_vm(const struct inflight *f)
{
	struct task_struct *task;
	struct vm_info info = {};

	if (bpf_map_lookup_elem(&vms, &f->vcpu.vm))
		return true;
	task = bpf_get_current_task_btf();
	info.tgid = bpf_get_current_pid_tgid() >> 32;
	__builtin_memcpy(info.name, f->vm_name, sizeof(info.name));
	BPF_CORE_READ_STR_INTO(&info.comm, task, group_leader, comm);
	bpf_map_update_elem(&vms, &f->vcpu.vm, &info, BPF_NOEXIST);
	return bpf_map_lookup_elem(&vms, &f->vcpu.vm) != NULL;
}

/* The per-VM view's counts of an exit of the thread's vCPU. */
static __always_inline void count_vm_exit(const struct inflight *f,
					  const struct exit_key *key)
{
	const struct vcpu_key *vcpu = &f->vcpu;
	struct vm_type_key tk = { .vm = vcpu->vm, .type = *key };
	static const struct vcpu_stat zero_vcpu;
	static const __u64 zero;
	struct vcpu_stat *vs;
	__u64 *n;

	vs = bpf_map_lookup_elem(&vcpus, vcpu);
	if (!vs) {
		if (!record_vm(f)) {
			count_lost(EXITS_LOST_VM_TABLE_FULL);
			return;
		}
		bpf_map_update_elem(&vcpus, vcpu, &zero_vcpu, BPF_NOEXIST);
		vs = bpf_map_lookup_elem(&vcpus, vcpu);
	}
	n = bpf_map_lookup_elem(&vm_types, &tk);
	if (!n) {
		bpf_map_update_elem(&vm_types, &tk, &zero, BPF_NOEXIST);
		n = bpf_map_lookup_elem(&vm_types, &tk);
	}
	if (!vs || !n) {
		count_lost(EXITS_LOST_VM_TABLE_FULL);
		return;
	}
	vs->exits++;
	(*n)++;
}

/*
 * Count an exit of @vcpu (NULL for the classic tracepoint, which the
 * per-VM view and its filters refuse) and mark it in flight; its type's
 * counters, or NULL.
 */
static __always_inline struct exit_stat *count_exit(struct exit_key *key,
						    struct kvm_vcpu *vcpu)
{
	bool by_vcpu = per_vm || filter_vm || filter_vcpu;
	struct inflight *f = NULL;
	struct exit_stat *s;

	if (!traced())
		return NULL;
	if (by_vcpu) {
		if (!vcpu)
			return NULL;
		/* Without its storage the vCPU's VM is not known. */
		f = inflight_of_current(BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!f) {
			count_lost(EXITS_LOST_NO_TASK_STORAGE);
			return NULL;
		}
		if (!vcpu_kept(f, vcpu))
			return NULL;
	}
	if (test_spin) {
		__u32 i;
		__u64 sink = 0;

		for (i = 0; i < TEST_SPIN_MAX && i < test_spin; i++)
			sink += bpf_ktime_get_ns();
		if (sink == 1)	/* keep the loop */
			return NULL;
	}
	if (test_drop_armed) {
		test_drop_armed = 0;
		return NULL;
	}
	s = stat_of(key);
	if (!s) {
		count_lost(EXITS_LOST_TYPE_TABLE_FULL);
		return NULL;
	}
	s->exits++;
	if (per_vm && f)
		count_vm_exit(f, key);

	if (!f)
		f = inflight_of_current(BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!f) {
		count_lost(EXITS_LOST_NO_TASK_STORAGE);
		return s;
	}
	f->key = *key;
	f->pending = 1;
	f->exit_vcpu = (__u64)vcpu;
	f->user_ns = f->blocked_ns = f->runnable_ns = 0;
	f->user_since = f->blocked_since = f->runnable_since = 0;
	f->ts = bpf_ktime_get_ns();
	return s;
}

/* -S: the exit's time, now that it ends, split and in the finer slots. */
static __always_inline void count_split(struct inflight *f, struct exit_stat *s,
					__u64 delta)
{
	static const struct exit_fine zero_fine;
	struct exit_fine *fs;
	__u32 slot;

	s->user_ns += f->user_ns;
	s->blocked_ns += f->blocked_ns;
	s->runnable_ns += f->runnable_ns;
	fs = bpf_map_lookup_elem(&fine, &f->key);
	if (!fs) {
		bpf_map_update_elem(&fine, &f->key, &zero_fine, BPF_NOEXIST);
		fs = bpf_map_lookup_elem(&fine, &f->key);
	}
	slot = exits_fine_slot(delta);
	if (fs && slot < EXITS_FINE_SLOTS)
		fs->slot[slot]++;
}

/*
 * An entry of @vcpu (NULL for the classic tracepoint): it ends the thread's
 * exit in flight if that was an exit of the same vCPU.  A thread that runs
 * another vCPU now leaves the earlier one's last exit untimed.
 */
static __always_inline int count_entry(struct kvm_vcpu *vcpu)
{
	struct inflight *f = inflight_of_current(0);
	struct exit_stat *s;
	__u64 delta;

	/* The vCPU's first entry follows no exit. */
	if (!f || !f->pending)
		return 0;
	f->pending = 0;
	if (vcpu && f->exit_vcpu != (__u64)vcpu)
		return 0;
	delta = bpf_ktime_get_ns() - f->ts;
	s = bpf_map_lookup_elem(&stats, &f->key);
	if (s) {
		s->entries++;
		s->time_ns += delta;
		s->hist[log2_slot(delta)]++;
	}
	if (per_vm) {
		struct vcpu_stat *vs = bpf_map_lookup_elem(&vcpus, &f->vcpu);

		if (vs) {
			vs->entries++;
			vs->time_ns += delta;
		}
	}
	if (split && s)
		count_split(f, s, delta);
	return 0;
}

static __always_inline struct exit_key vendor_key(__u32 isa, __u32 reason)
{
	struct exit_key key = { .isa = isa, .reason = reason };

	if (isa == EXITS_ISA_VMX) {
		key.reason = reason & ~EXITS_VMX_FLAGS_MASK;
		key.flags = reason & EXITS_VMX_FLAGS_MASK;
	}
	return key;
}

SEC("tp/kvm/kvm_exit")
int tp_kvm_exit(void *ctx)
{
	__u32 reason, isa;
	struct exit_key key;

	if (bpf_probe_read_kernel(&isa, sizeof(isa), ctx + tp_isa_off) ||
	    bpf_probe_read_kernel(&reason, sizeof(reason), ctx + tp_reason_off)) {
		key = (struct exit_key){ .flags = EXITS_FLAG_UNKNOWN };
		count_exit(&key, NULL);
		return 0;
	}
	key = vendor_key(isa, reason);
	count_exit(&key, NULL);
	return 0;
}

SEC("tp/kvm/kvm_entry")
int tp_kvm_entry(void *ctx)
{
	return count_entry(NULL);
}

/* The exit's key, read from the vCPU as the tracepoint does. */
static __always_inline struct exit_key key_of_vcpu(struct kvm_vcpu *vcpu, __u32 isa)
{
	struct exit_key key = { .isa = isa, .flags = EXITS_FLAG_UNKNOWN };

	__u32 reason;

	/* A failed read stays "unknown": BPF_CORE_READ() would give 0. */
	if (isa == EXITS_ISA_VMX && bpf_core_type_exists(struct vcpu_vmx___x)) {
		struct vcpu_vmx___x *vmx = (void *)vcpu -
			bpf_core_field_offset(struct vcpu_vmx___x, vcpu);

		if (!BPF_CORE_READ_INTO(&reason, vmx, exit_reason.full))
			key = vendor_key(isa, reason);
	} else if (isa == EXITS_ISA_SVM &&
		   bpf_core_type_exists(struct vcpu_svm___x)) {
		struct vcpu_svm___x *svm = (void *)vcpu -
			bpf_core_field_offset(struct vcpu_svm___x, vcpu);

		if (!BPF_CORE_READ_INTO(&reason, svm, vmcb, control.exit_code))
			key = vendor_key(isa, reason);
	}
	return key;
}

/*
 * The raw tracepoint's arguments are (vcpu, isa) since 5.16; userspace
 * checked the prototype and the vendor types in BTF before choosing this.
 * In a module's tracepoint the verifier takes the vCPU pointer for one
 * that may be NULL.
 */
SEC("tp_btf/kvm_exit")
int BPF_PROG(btf_kvm_exit, struct kvm_vcpu *vcpu, __u32 isa)
{
	struct exit_key key;

	if (!vcpu)
		return 0;
	key = key_of_vcpu(vcpu, isa);
	count_exit(&key, vcpu);
	return 0;
}

SEC("tp_btf/kvm_entry")
int BPF_PROG(btf_kvm_entry, struct kvm_vcpu *vcpu)
{
	return count_entry(vcpu);
}

/*
 * KVM's verdicts on an exit, passed to handle_exit() as its fastpath_t and
 * returned by vcpu_run().  The values have not changed since 5.10; they are
 * read from BTF where the kernel has KVM's types.
 */
#define FASTPATH(name, value)							\
	(bpf_core_enum_value_exists(enum exit_fastpath_completion___x,		\
				    EXIT_FASTPATH_##name##___x) ?		\
	 bpf_core_enum_value(enum exit_fastpath_completion___x,		\
			     EXIT_FASTPATH_##name##___x) : (value))

/* A call into handle_exit(), and what KVM told it. */
static __always_inline void count_verdict(struct exit_stat *s, int exit_fastpath)
{
	s->handled++;
	if (exit_fastpath == FASTPATH(EXIT_HANDLED, 2))
		s->fastpath_handled++;
	else if (exit_fastpath == FASTPATH(EXIT_USERSPACE, 3))
		s->fastpath_userspace++;
}

/* Attached by name to vmx_handle_exit() or svm_handle_exit(). */
SEC("kprobe")
int BPF_KPROBE(handle_exit, void *vcpu, int exit_fastpath)
{
	struct inflight *f = inflight_of_current(0);
	struct exit_stat *s;

	/* Untraced threads have no storage: only count_exit() creates it. */
	if (!f || !f->pending)
		return 0;
	s = bpf_map_lookup_elem(&stats, &f->key);
	if (s)
		count_verdict(s, exit_fastpath);
	return 0;
}

/*
 * -S: KVM_RUN returns to the VMM (kvm_main.c traces why), and the VMM
 * calls it again: the time between is the VMM's.
 */
SEC("tp_btf/kvm_userspace_exit")
int BPF_PROG(split_user_exit, __u32 reason)
{
	struct inflight *f = inflight_of_current(0);

	if (f && f->pending && !f->user_since) {
		f->user_since = bpf_ktime_get_ns();
		f->user_reason = reason;
	}
	return 0;
}

/* Attached to kvm_arch_vcpu_ioctl_run(). */
SEC("fentry")
int BPF_PROG(split_user_return)
{
	struct inflight *f = inflight_of_current(0);
	struct user_stat *u;
	__u32 reason;
	__u64 t;

	if (!f || !f->pending || !f->user_since)
		return 0;
	t = bpf_ktime_get_ns() - f->user_since;
	f->user_since = 0;
	f->user_ns += t;
	reason = f->user_reason;
	u = bpf_map_lookup_elem(&userspace, &reason);
	if (u) {
		u->returns++;
		u->time_ns += t;
	}
	return 0;
}

/*
 * -S: a vCPU thread with an exit in flight, in KVM, leaves its CPU: blocked
 * (halted, or waiting on anything else) or still runnable (preempted);
 * and gets one again.  In the VMM its time is the VMM's, whatever it does.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(split_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next, unsigned int prev_state)
{
	struct inflight *f = bpf_task_storage_get(&inflight, prev, NULL, 0);
	__u64 now = bpf_ktime_get_ns();

	if (f && f->pending && !f->user_since) {
		/* Preempted, or switched out still TASK_RUNNING: on a runqueue. */
		if (preempt || prev_state == 0)
			f->runnable_since = now;
		else
			f->blocked_since = now;
	}
	f = bpf_task_storage_get(&inflight, next, NULL, 0);
	if (f && f->runnable_since) {
		f->runnable_ns += now - f->runnable_since;
		f->runnable_since = 0;
	}
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(split_wakeup, struct task_struct *p)
{
	struct inflight *f = bpf_task_storage_get(&inflight, p, NULL, 0);
	__u64 now = bpf_ktime_get_ns();

	if (f && f->blocked_since) {
		f->blocked_ns += now - f->blocked_since;
		f->blocked_since = 0;
		f->runnable_since = now;
	}
	return 0;
}

/*
 * The fentry method: two probes per exit instead of three.  Set before
 * load: the vendor of the vcpu_run function both are attached to.
 */
const volatile __u32 run_isa;

/* The vCPU enters at every call of the vendor's vcpu_run()... */
SEC("fentry")
int BPF_PROG(run_entry, struct kvm_vcpu *vcpu)
{
	return count_entry(vcpu);
}

/*
 * ...and has exited when it returns, with KVM's fastpath verdict: the exit
 * is timed from here, after any fastpath handling.  A re-entry that a
 * pending request turns into EXIT_HANDLED shows here as re-entered.
 */
SEC("fexit")
int BPF_PROG(run_exit, struct kvm_vcpu *vcpu, __u64 run_flags, int exit_fastpath)
{
	struct exit_key key = key_of_vcpu(vcpu, run_isa);
	struct exit_stat *s = count_exit(&key, vcpu);

	if (s && exit_fastpath != FASTPATH(REENTER_GUEST, 1))
		count_verdict(s, exit_fastpath);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
