/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexits --textfile: the counts in the Prometheus text format that
 * node_exporter's textfile collector serves, rewritten each interval.
 */
#ifndef KVMEXITS_TEXTFILE_H
#define KVMEXITS_TEXTFILE_H

#include <stdio.h>

#include "exits_lib.h"

/* A live VM's exits as KVM counted them, less kvmexits' count. */
struct vm_drift {
	struct vm_key key;
	__s64 exits;
};

/*
 * The metrics of @types and @vms, counts since kvmexits started: per type
 * host-wide (a counter and a histogram of exit-to-entry time), per (VM,
 * type) for the VMs of @vms that are not gone, the drift of each VM in
 * @drift, and what was lost.  VMs without a debugfs directory (a kernel
 * without CONFIG_DEBUG_FS) are named PID-? and not told apart.
 */
void print_textfile(FILE *f, const struct exits_snapshot *types,
		    const struct exits_vm_snapshot *vms,
		    const struct vm_drift *drift, size_t n_drift);
/*
 * The drift gauge: at start, note the VMs already there (their drift
 * counts from when kvmexits first saw them); then, from cumulative counts,
 * each live VM's drift into @out (room for EXITS_MAX_VMS); how many.
 */
void drift_start(void);
size_t drift_of_vms(const struct exits_vm_snapshot *vms, struct vm_drift *out);
/* The same into @path, whole or not at all: 0 or -errno. */
int write_textfile(const char *path, const struct exits_snapshot *types,
		   const struct exits_vm_snapshot *vms,
		   const struct vm_drift *drift, size_t n_drift);

#endif
