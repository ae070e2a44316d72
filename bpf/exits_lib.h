/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF exit counter as a library: open (with a process filter and an
 * attach method), take snapshots of the per-type counts, subtract two
 * snapshots, close.  The harness compares these counts with the patched
 * kernel's CPUID leaves and KVM's statistics.
 */
#ifndef KVMEXITS_EXITS_LIB_H
#define KVMEXITS_EXITS_LIB_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "exits.h"

enum exits_attach {
	EXITS_ATTACH_TP,	/* tp/kvm/kvm_exit: the classic tracepoint */
	EXITS_ATTACH_TP_BTF,	/* tp_btf/kvm_exit: BTF raw tracepoint */
	EXITS_ATTACH_FENTRY,	/* fentry/fexit on vcpu_run: two probes an exit */
};

struct exits_opts {
	enum exits_attach attach;
	pid_t tgid;		/* count only this process (0: all) */
	bool verbose;		/* let libbpf's messages through */
	__u32 test_spin;	/* test only: extra work per exit (see .bpf.c) */
	bool test_no_vendor_btf;	/* test only: act as if the vCPU type had no BTF */
	/* These need the vCPU: tp_btf or fentry. */
	bool per_vm;		/* keep counts per VM and per vCPU */
	const char *vm;		/* count only the VM of this debugfs name (PID-FD) */
	bool filter_vcpu;	/* count only vCPU @vcpu (of each VM counted) */
	__u32 vcpu;
	const char *cgroup;	/* count only this cgroup (v2 path) and below */
	bool split;		/* split the exit-to-entry time (needs the vCPU) */
};

struct exits_entry {
	struct exit_key key;
	struct exit_stat stat;
	struct exit_fine fine;		/* with opts.split */
};

/* Per-type counts summed over CPUs, sorted by (isa, reason, flags). */
struct exits_snapshot {
	__u64 lost[EXITS_LOST_KINDS];	/* what could not be counted or timed */
	/* With opts.split: the VMM's time per KVM_EXIT_* reason. */
	struct user_stat user[EXITS_KVM_EXIT_REASONS];
	size_t n;
	struct exits_entry e[EXITS_MAX_TYPES];
};

/* The per-VM view: what the program recorded per VM, vCPU and (VM, type). */
struct exits_vm {
	struct vm_key key;
	struct vm_info info;
	bool gone;		/* by the snapshot's end: the caller's to set */
};

struct exits_vcpu {
	struct vcpu_key key;
	struct vcpu_stat stat;
};

struct exits_vm_type {
	struct vm_type_key key;
	__u64 exits;
};

/* Each array sorted by key (VM, then vCPU id or type). */
struct exits_vm_snapshot {
	size_t n_vms, n_vcpus, n_types;
	struct exits_vm vms[EXITS_MAX_VMS];
	struct exits_vcpu vcpus[EXITS_MAX_VCPUS];
	struct exits_vm_type types[EXITS_MAX_VM_TYPES];
};

struct exits_counter;

/*
 * Open and load the BPF program.  On failure returns NULL with a message
 * in @err that says what is missing: privileges, BTF, KVM's tracepoint.
 * tp_btf falls back to tp where it cannot read the exit reason; see
 * exits_fallback().
 */
struct exits_counter *exits_open(const struct exits_opts *opts, char *err,
				 size_t err_size);
/* Attach to kvm_exit, kvm_entry and handle_exit(); 0 or -errno, @err. */
int exits_attach(struct exits_counter *ec, char *err, size_t err_size);
/* Detach again; the counts stay, and exits_attach() may follow. */
void exits_detach(struct exits_counter *ec);
/* The counts so far, summed over CPUs; 0 or -errno. */
int exits_snapshot(struct exits_counter *ec, struct exits_snapshot *snap);
void exits_close(struct exits_counter *ec);
/* The attach method in use, and why it is not the one asked for ("" if it is). */
enum exits_attach exits_attach_used(const struct exits_counter *ec);
const char *exits_fallback(const struct exits_counter *ec);
/* The per-VM counts so far (opts.per_vm); 0 or -errno. */
int exits_vm_snapshot(struct exits_counter *ec, struct exits_vm_snapshot *vs);
/*
 * Drop what the program keeps of a VM that is gone, once its last counts
 * were read, so that VMs coming and going do not fill its tables.
 */
void exits_vm_forget(struct exits_counter *ec, const struct vm_key *vm);
/* Test only: the next exit the program sees goes uncounted. */
void exits_test_drop_next(struct exits_counter *ec);

/* @out = @after - @before, per type; types only in @after are kept whole. */
void exits_snapshot_diff(const struct exits_snapshot *after,
			 const struct exits_snapshot *before,
			 struct exits_snapshot *out);
/*
 * Exits KVM finished in its fastpath: re-entered without handle_exit(), or
 * handed to it as already handled (or to go to userspace).
 */
__u64 exits_stat_fastpath(const struct exit_stat *s);
/* Exits not (yet) followed by an entry of their vCPU: untimed. */
__u64 exits_stat_untimed(const struct exit_stat *s);
/* With opts.split: the exit-to-entry time that was KVM's own handling. */
__u64 exits_stat_kernel_ns(const struct exit_stat *s);
/*
 * The exit-to-entry time below which a fraction @q (0.5, 0.99, 0.999) of
 * the timed exits of @fine fell: the upper bound of its slot, in ns (the
 * lower one for the last slot, which has none); 0 without samples.
 */
__u64 exits_fine_quantile(const struct exit_fine *fine, double q);
/* The range of nanoseconds a finer slot holds: [lo, hi). */
void exits_fine_range(__u32 slot, __u64 *lo, __u64 *hi);
/* The exits of one basic reason, with and without VMX flags. */
__u64 exits_snapshot_exits_of(const struct exits_snapshot *snap, __u32 isa,
			      __u32 reason);
/* The entry of one type without flags, or NULL. */
const struct exits_entry *exits_snapshot_find(const struct exits_snapshot *snap,
					      __u32 isa, __u32 reason);
/* @out += @a, field by field. */
void exits_stat_add(struct exit_stat *out, const struct exit_stat *a);
/* All types added up. */
void exits_snapshot_total(const struct exits_snapshot *snap,
			  struct exit_stat *total);
/* Sort a snapshot by (isa, reason); snapshot() already returns it sorted. */
void exits_snapshot_sort(struct exits_snapshot *snap);

const char *exits_attach_name(enum exits_attach attach);
const char *exits_lost_name(enum exits_lost kind);
int exits_attach_parse(const char *s, enum exits_attach *attach);

/*
 * @out = @after - @before per VM, vCPU and (VM, type); a VM in @after
 * only is kept whole; VMs without exits in the window are left out.
 */
void exits_vm_snapshot_diff(const struct exits_vm_snapshot *after,
			    const struct exits_vm_snapshot *before,
			    struct exits_vm_snapshot *out);
/* Sort each array of @vs by key. */
void exits_vm_snapshot_sort(struct exits_vm_snapshot *vs);
/* A VM's vCPUs (or types): the index of the first, and how many. */
size_t exits_vm_vcpus(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		      size_t *first);
size_t exits_vm_types(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		      size_t *first);
/* A VM's exits and timed exits, summed over its vCPUs. */
void exits_vm_total(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		    struct vcpu_stat *total);
/*
 * Is the VM gone?  Its debugfs directory is, or has another VM's inode;
 * without debugfs, its process is (looked up by its host PID, so only by
 * a caller in the initial PID namespace; others take it for live).
 */
bool exits_vm_gone(const struct exits_vm *vm);
/*
 * The VM's exits as KVM counts them, summed over its vCPUs (its debugfs
 * directory's "exits"); 0, or -1 if it is gone or has no directory.
 */
int exits_vm_kvm_exits(const struct exits_vm *vm, __u64 *exits);
/* The VM of @key, or NULL; @vs sorted. */
const struct exits_vm *exits_vm_by_key(const struct exits_vm_snapshot *vs,
					const struct vm_key *key);
/* The VM of this debugfs name, or NULL. */
const struct exits_vm *exits_vm_find(const struct exits_vm_snapshot *vs,
				     const char *name);

struct btf;
/*
 * The byte offset of @member in struct @name: a split BTF's own struct of
 * that name first (a module built with its own layout of a core type),
 * then its base's.  0, or -1.
 */
int exits_btf_member_off(const struct btf *btf, const char *name,
			 const char *member, __u32 *off);
/*
 * The field's offset in a tracepoint's tracefs format; 0, or -1 if it is
 * missing or not 4 bytes.
 */
int exits_tp_field(const char *format, const char *field, __u32 *off);
/*
 * Why tp_btf cannot read the exit reason, or NULL if it can: @kvm holds
 * KVM's types (the kvm module's BTF, or vmlinux's), @vendor the vendor
 * module's, where @vcpu_struct (vcpu_vmx, vcpu_svm) must be.
 */
const char *exits_btf_problem(const struct btf *kvm, const struct btf *vendor,
			      const char *vcpu_struct, char *why, size_t size);

#endif
