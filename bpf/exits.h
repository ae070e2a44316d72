/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by exits.bpf.c and its userspace loader. */
#ifndef KVMEXITS_EXITS_H
#define KVMEXITS_EXITS_H

#define EXITS_HIST_SLOTS	32	/* log2 of nanoseconds */
#define EXITS_MAX_TYPES		512

/* KVM's isa field of the kvm_exit tracepoint. */
#define EXITS_ISA_VMX		1
#define EXITS_ISA_SVM		2

struct exit_key {
	__u32 isa;
	__u32 reason;		/* VMX: the basic reason, flags masked off */
};

struct exit_stat {
	__u64 exits;		/* kvm_exit hits */
	__u64 handled;		/* calls into the vendor's handle_exit() */
	__u64 entries;		/* exits followed by a kvm_entry: timed ones */
	__u64 time_ns;		/* exit-to-entry time of those, summed */
	__u64 hist[EXITS_HIST_SLOTS];	/* the same times, log2 slots */
};

#endif
