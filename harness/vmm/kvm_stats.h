/* SPDX-License-Identifier: GPL-2.0 */
/* KVM's binary statistics (KVM_GET_STATS_FD), looked up by name. */
#ifndef VMM_KVM_STATS_H
#define VMM_KVM_STATS_H

#include <stdint.h>

/*
 * Read the first value of statistic @name from the binary stats file
 * @stats_fd.  Returns 0, -ENOENT if there is no such statistic, or another
 * negative errno if the file cannot be read or is malformed.
 */
int kvm_stat_read(int stats_fd, const char *name, uint64_t *value);

/*
 * Read the first @max values of statistic @name (a histogram, an array)
 * into @values.  Returns how many values the statistic has, which can be
 * more than @max, or a negative errno as kvm_stat_read().
 */
int kvm_stat_read_array(int stats_fd, const char *name, uint64_t *values,
			size_t max);

#endif
