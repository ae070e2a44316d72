/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Before trusting a number: is this a guest, is its hypervisor KVM, and do
 * the leaves answer the exit-statistics contract?  On a host or an unpatched
 * hypervisor the leaves answer something else, and leafstat must say so
 * rather than print that as counts.
 */
#ifndef GUEST_PROBE_H
#define GUEST_PROBE_H

#include <stddef.h>

#include "exit_types.h"
#include "leaf_source.h"

enum probe_state {
	PROBE_OK,		/* the leaves answer the contract */
	PROBE_NOT_A_GUEST,	/* no hypervisor: CPUID.1:ECX[31] is clear */
	PROBE_NOT_KVM,		/* a hypervisor, but not KVM */
	PROBE_NOT_PATCHED,	/* KVM, but the leaves answer something else */
	PROBE_UNKNOWN_VENDOR,	/* neither Intel nor AMD: no exit type table */
};

/* A type no manual defines, on either vendor. */
#define PROBE_UNDEFINED_TYPE 0x12345u

struct probe {
	enum probe_state state;
	enum cpu_vendor vendor;
	char cpu_vendor[13];	/* CPUID.0 */
	char hypervisor[13];	/* CPUID.0x40000000 */
	char why[160];		/* for any state but PROBE_OK */
};

void probe_leaves(const struct leaf_source *src, struct probe *p);

#endif
