/* SPDX-License-Identifier: GPL-2.0 */
/* KVM's binary statistics (KVM_GET_STATS_FD), looked up by name. */
#ifndef HARNESS_KVM_STATS_H
#define HARNESS_KVM_STATS_H

#include <stdint.h>

/*
 * Read the first value of statistic @name from the binary stats file
 * @stats_fd.  Returns 0, -ENOENT if there is no such statistic, or another
 * negative errno if the file cannot be read or is malformed.
 */
int kvm_stat_read(int stats_fd, const char *name, uint64_t *value);

#endif
