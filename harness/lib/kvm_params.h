/* SPDX-License-Identifier: GPL-2.0 */
/* The patch's run-time parameters under /sys/module/kvm/parameters. */
#ifndef HARNESS_KVM_PARAMS_H
#define HARNESS_KVM_PARAMS_H

#include <stddef.h>

/* Returns 0, or a negative errno (e.g. -ENOENT on an unpatched kernel). */
int kvm_param_set(const char *name, const char *value);
int kvm_param_get(const char *name, char *buf, size_t size);

/* As above, but exits with a message if the parameter cannot be set. */
void kvm_param_must_set(const char *name, const char *value);

#endif
