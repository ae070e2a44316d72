/* SPDX-License-Identifier: GPL-2.0 */
/* The patch's run-time parameters under /sys/module/kvm/parameters. */
#ifndef VMM_KVM_PARAMS_H
#define VMM_KVM_PARAMS_H

#include <stddef.h>

#include <stdbool.h>

#include "exit_types.h"

/* Returns 0, or a negative errno (e.g. -ENOENT on an unpatched kernel). */
int kvm_param_set(const char *name, const char *value);
int kvm_param_get(const char *name, char *buf, size_t size);
/* A parameter of any module, e.g. ("kvm_amd", "nrips"). */
int module_param_get(const char *module, const char *name, char *buf,
		     size_t size);

/*
 * Whether KVM can finish exits in its fastpath on this vendor: always on
 * VMX; on SVM only with NRIP save (kvm_amd.nrips), which QEMU's TCG does
 * not emulate.
 */
bool kvm_fastpath_possible(enum cpu_vendor vendor);

/*
 * Whether KVM may let the guest's APIC do without exits: APICv on Intel
 * (kvm_intel.enable_apicv), AVIC on AMD (kvm_amd.avic).
 */
bool kvm_apic_virtualized(enum cpu_vendor vendor);

/* As above, but exits with a message if the parameter cannot be set. */
void kvm_param_must_set(const char *name, const char *value);

#endif
