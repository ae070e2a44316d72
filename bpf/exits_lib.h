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
};

struct exits_entry {
	struct exit_key key;
	struct exit_stat stat;
};

/* Per-type counts summed over CPUs, sorted by (isa, reason, flags). */
struct exits_snapshot {
	__u64 lost[EXITS_LOST_KINDS];	/* what could not be counted or timed */
	size_t n;
	struct exits_entry e[EXITS_MAX_TYPES];
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

struct btf;
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
