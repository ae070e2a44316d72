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
};

struct exits_opts {
	enum exits_attach attach;
	pid_t tgid;		/* count only this process (0: all) */
	bool verbose;		/* let libbpf's messages through */
	__u32 test_spin;	/* test only: extra work per exit (see .bpf.c) */
};

struct exits_entry {
	struct exit_key key;
	struct exit_stat stat;
};

/* Per-type counts summed over CPUs, sorted by (isa, reason). */
struct exits_snapshot {
	size_t n;
	struct exits_entry e[EXITS_MAX_TYPES];
};

struct exits_counter;

/*
 * Open and load the BPF program.  On failure returns NULL with a message
 * in @err that says what is missing: privileges, BTF, KVM's tracepoint.
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
/* Test only: the next exit the program sees goes uncounted. */
void exits_test_drop_next(struct exits_counter *ec);

/* @out = @after - @before, per type; types only in @after are kept whole. */
void exits_snapshot_diff(const struct exits_snapshot *after,
			 const struct exits_snapshot *before,
			 struct exits_snapshot *out);
/* The entry of one type, or NULL. */
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
int exits_attach_parse(const char *s, enum exits_attach *attach);

#endif
