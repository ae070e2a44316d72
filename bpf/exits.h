/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by exits.bpf.c and its userspace loader. */
#ifndef KVMEXITS_EXITS_H
#define KVMEXITS_EXITS_H

#define EXITS_HIST_SLOTS	32	/* log2 of nanoseconds */
#define EXITS_MAX_TYPES		512

/* KVM's isa field of the kvm_exit tracepoint. */
#define EXITS_ISA_VMX		1
#define EXITS_ISA_SVM		2

/*
 * exit_key.flags: VMX keeps flags in the high 16 bits of the exit reason
 * (bit 31 failed VM-entry, bit 26 bus lock, ...); they are kept, not masked
 * away.  Bit 0 is never one of them: it marks an exit whose reason could
 * not be read.
 */
#define EXITS_VMX_FLAGS_MASK	0xffff0000u
#define EXITS_FLAG_UNKNOWN	0x1u

struct exit_key {
	__u32 isa;
	__u32 reason;		/* VMX: the basic reason, flags apart */
	__u32 flags;
};

struct exit_stat {
	__u64 exits;		/* kvm_exit hits */
	/*
	 * Calls into the vendor's handle_exit(); with fentry, the exits
	 * vcpu_run() did not return as re-entered (x86.c may still turn a
	 * re-entry into a call, when a request is pending).
	 */
	__u64 handled;
	/* Of those calls, the ones KVM said it had finished in its fastpath. */
	__u64 fastpath_handled;		/* EXIT_FASTPATH_EXIT_HANDLED */
	__u64 fastpath_userspace;	/* EXIT_FASTPATH_EXIT_USERSPACE */
	__u64 entries;		/* exits followed by a kvm_entry: timed ones */
	__u64 time_ns;		/* exit-to-entry time of those, summed */
	__u64 hist[EXITS_HIST_SLOTS];	/* the same times, log2 slots */
	/*
	 * With -S, where that time went besides KVM's own handling: in the
	 * VMM (from KVM_RUN's return to its next call), blocked (halted, or
	 * waiting on anything else) and runnable but not running.
	 */
	__u64 user_ns;
	__u64 blocked_ns;
	__u64 runnable_ns;
};

/*
 * With -S, finer slots of the exit-to-entry time, for percentiles: four
 * per power of two (each at most a quarter of its lower bound wide), exact
 * below 4 ns, up to 2^37 ns; the last slot also holds everything longer.
 */
#define EXITS_FINE_SLOTS	144

struct exit_fine {
	__u64 slot[EXITS_FINE_SLOTS];
};

static inline __u32 exits_log2(__u64 v)
{
	__u32 l = 0;
	int i;

	for (i = 32; i > 0; i >>= 1) {
		if (v >> i) {
			v >>= i;
			l += i;
		}
	}
	return l;
}

static inline __u32 exits_fine_slot(__u64 ns)
{
	__u32 l, slot;

	if (ns < 4)
		return ns;
	l = exits_log2(ns);
	slot = 4 * (l - 1) + ((ns >> (l - 2)) & 3);
	return slot < EXITS_FINE_SLOTS ? slot : EXITS_FINE_SLOTS - 1;
}

/* With -S, the time in the VMM per KVM_EXIT_* reason of KVM_RUN's return. */
#define EXITS_KVM_EXIT_REASONS	64

struct user_stat {
	__u64 returns;		/* KVM_RUN returned with this reason */
	__u64 time_ns;		/* until the VMM called KVM_RUN again */
};

/*
 * The per-VM view (-V): counts per vCPU and per (VM, type).  A VM is its
 * struct kvm's address and its KVM debugfs directory's inode number, which
 * tells apart two VMs that a process created one after the other at the
 * same address.  Userspace shows the directory's name ("PID-FD", as
 * kvm_stat does), never the address.
 */
#define EXITS_MAX_VMS		1024
#define EXITS_MAX_VCPUS		4096
#define EXITS_MAX_VM_TYPES	16384
#define EXITS_VM_NAME_LEN	16

struct vm_key {
	__u64 kvm;
	__u32 ino;		/* 0 without debugfs */
	__u32 pad;
};

struct vcpu_key {
	struct vm_key vm;
	__u32 vcpu_id;		/* as userspace gave it (KVM_CREATE_VCPU) */
	__u32 pad;
};

struct vcpu_stat {
	__u64 exits;
	__u64 entries;		/* timed exits */
	__u64 time_ns;
};

struct vm_type_key {
	struct vm_key vm;
	struct exit_key type;
	__u32 pad;
};

/* Recorded at a VM's first counted exit. */
struct vm_info {
	__u32 tgid;			/* the process that ran it then */
	char name[EXITS_VM_NAME_LEN];	/* its debugfs directory, or "" */
	char comm[16];			/* that process's command (TASK_COMM_LEN) */
};

/* What the program could not count or time: a per-CPU array by kind. */
enum exits_lost {
	EXITS_LOST_TYPE_TABLE_FULL,	/* an exit not counted at all */
	/*
	 * Counted, but never timed nor handled; with the per-VM view or its
	 * filters, whose vCPU it tells, not counted.
	 */
	EXITS_LOST_NO_TASK_STORAGE,
	EXITS_LOST_VM_TABLE_FULL,	/* counted, but not in the per-VM view */
	EXITS_LOST_KINDS,
};

#endif
