/* SPDX-License-Identifier: GPL-2.0 */
#ifndef REPORT_NESTED_CHECKS_H
#define REPORT_NESTED_CHECKS_H

/*
 * Check @dir's boot-census.json, cpuid-before.json, cpuid.txt,
 * cpuid-after.json, check.txt, rates.json, final.json (from the guest) and
 * bpf.json (the host): "ok"/"not ok" lines, then "N passed, N failed".
 * Returns 0 if all passed.
 */
int nested_check_dir(const char *dir);

#endif
