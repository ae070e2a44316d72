/* SPDX-License-Identifier: GPL-2.0 */
/* Output of kvmexits: table, CSV, JSON and log2 histograms. */
#ifndef KVMEXITS_FORMAT_H
#define KVMEXITS_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "exits_lib.h"

enum sort_by { SORT_EXITS, SORT_TIME, SORT_TYPE };

int sort_parse(const char *s, enum sort_by *sort);
void sort_snapshot(struct exits_snapshot *snap, enum sort_by sort);

/* "vmx", "svm" or "?". */
const char *isa_name(__u32 isa);
/* The exit type's name for its vendor, or its number in hex. */
const char *key_name(const struct exit_key *key, char *buf, size_t size);

void print_table(FILE *f, const struct exits_snapshot *snap);
void print_csv_header(FILE *f);
void print_csv(FILE *f, const struct exits_snapshot *snap, double ts);
/*
 * With the per-VM view's @top VMs if @vms is not NULL, and with @split
 * where each type's time went, its percentiles, and the VMM's time per
 * KVM_EXIT_* reason.
 */
void print_json(FILE *f, const struct exits_snapshot *snap, double ts,
		const struct exits_vm_snapshot *vms, size_t top, bool split);
/* -S: where each type's exit-to-entry time went; the VMM's time per reason. */
void print_split(FILE *f, const struct exits_snapshot *snap);
/* KVM_EXIT_* without the prefix, or "?". */
const char *kvm_exit_name(__u32 reason);
/* The exit-to-entry histogram of one type, in microseconds, with bars. */
void print_hist(FILE *f, const struct exits_entry *e);

#endif
