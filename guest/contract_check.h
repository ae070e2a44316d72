/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leafstat --check: the contract's rules (kernel-patch/README.md) checked
 * from inside the guest, one "ok N - what" or "not ok N - what: why" line
 * each, then "N passed, N failed".
 */
#ifndef GUEST_CONTRACT_CHECK_H
#define GUEST_CONTRACT_CHECK_H

#include <stdio.h>

#include "exit_types.h"
#include "leaf_source.h"

/* CPUID instructions in the counting check. */
#define CHECK_CPUIDS 10000u

/* Returns the number of failed checks. */
int contract_check(const struct leaf_source *src, enum cpu_vendor vendor,
		   FILE *out);

#endif
