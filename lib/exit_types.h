/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit types as the vendors' manuals define them: Intel's basic exit
 * reasons and AMD's SVM exit codes, with their names and whether KVM 6.12
 * has an exit handler for them (the expectation the tests check the
 * patched kernel's answers against).
 */
#ifndef LIB_EXIT_TYPES_H
#define LIB_EXIT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpu_vendor { VENDOR_INTEL, VENDOR_AMD };

struct exit_type {
	uint32_t code;
	const char *name;
	bool kvm_handles;
};

/* The vendor's table, sorted by code. */
size_t exit_types(enum cpu_vendor vendor, const struct exit_type **table);

/* Slots of KVM's exit_type_count and exit_type_cycles statistics. */
#define EXIT_STAT_SLOTS	174

/* The slot of @code in those statistics, or -1 if it is not defined. */
int exit_type_slot(enum cpu_vendor vendor, uint32_t code);

/* The entry for @code, or NULL if the manual does not define it. */
const struct exit_type *exit_type_find(enum cpu_vendor vendor, uint32_t code);

/* The name of @code, or its number in hex if it is not defined. */
const char *exit_type_name(enum cpu_vendor vendor, uint32_t code,
			   char *buf, size_t size);

/* Parse "intel"/"vmx" or "amd"/"svm"; returns 0 or -1. */
int vendor_parse(const char *s, enum cpu_vendor *vendor);
const char *vendor_name(enum cpu_vendor vendor);

/* The exit type of CPUID, port I/O, HLT and the hypercall instruction. */
uint32_t exit_type_cpuid(enum cpu_vendor vendor);
uint32_t exit_type_io(enum cpu_vendor vendor);
uint32_t exit_type_hlt(enum cpu_vendor vendor);
uint32_t exit_type_hypercall(enum cpu_vendor vendor);
/* WRMSR (on AMD, RDMSR and WRMSR share one code). */
uint32_t exit_type_wrmsr(enum cpu_vendor vendor);
/* A write to CR8: CR_ACCESS on Intel, write_cr8 on AMD. */
uint32_t exit_type_cr8_write(enum cpu_vendor vendor);

#endif
