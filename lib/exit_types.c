// SPDX-License-Identifier: GPL-2.0
/*
 * Intel: the SDM's table of basic VM-exit reasons, 0 to 77, and 0xdead, the
 * reason KVM gives a VM-entry that fails as an instruction (VM-Fail).
 * AMD: the APM's table of SVM intercept exit codes, 0x0 to 0xa6 (IDLE_HLT),
 * 0x400 to 0x403, and -2 and -1 as 32-bit values.
 * kvm_handles: KVM 6.12 handles the type: a handler in kvm_vmx_exit_handlers[]
 * or svm_exit_handlers[] (without SEV), or its failed-entry path (VMX 33, 34,
 * VM-Fail; SVM's -1, a failed VMRUN).  The others can never be counted.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exit_types.h"

#define H true		/* KVM has a handler */
#define N false		/* defined, but KVM has no handler */

static const struct exit_type vmx_types[] = {
	{  0, "EXCEPTION_NMI", H },	{  1, "EXTERNAL_INTERRUPT", H },
	{  2, "TRIPLE_FAULT", H },	{  3, "INIT_SIGNAL", N },
	{  4, "SIPI_SIGNAL", N },	{  5, "IO_SMI", N },
	{  6, "OTHER_SMI", N },		{  7, "INTERRUPT_WINDOW", H },
	{  8, "NMI_WINDOW", H },	{  9, "TASK_SWITCH", H },
	{ 10, "CPUID", H },		{ 11, "GETSEC", N },
	{ 12, "HLT", H },		{ 13, "INVD", H },
	{ 14, "INVLPG", H },		{ 15, "RDPMC", H },
	{ 16, "RDTSC", N },		{ 17, "RSM", N },
	{ 18, "VMCALL", H },		{ 19, "VMCLEAR", H },
	{ 20, "VMLAUNCH", H },		{ 21, "VMPTRLD", H },
	{ 22, "VMPTRST", H },		{ 23, "VMREAD", H },
	{ 24, "VMRESUME", H },		{ 25, "VMWRITE", H },
	{ 26, "VMXOFF", H },		{ 27, "VMXON", H },
	{ 28, "CR_ACCESS", H },		{ 29, "DR_ACCESS", H },
	{ 30, "IO_INSTRUCTION", H },	{ 31, "MSR_READ", H },
	{ 32, "MSR_WRITE", H },		{ 33, "INVALID_STATE", H },
	{ 34, "MSR_LOAD_FAIL", H },	{ 36, "MWAIT", H },
	{ 37, "MONITOR_TRAP_FLAG", H },	{ 39, "MONITOR", H },
	{ 40, "PAUSE", H },		{ 41, "MCE_DURING_VMENTRY", H },
	{ 43, "TPR_BELOW_THRESHOLD", H },	{ 44, "APIC_ACCESS", H },
	{ 45, "EOI_INDUCED", H },	{ 46, "GDTR_IDTR", H },
	{ 47, "LDTR_TR", H },		{ 48, "EPT_VIOLATION", H },
	{ 49, "EPT_MISCONFIG", H },	{ 50, "INVEPT", H },
	{ 51, "RDTSCP", N },		{ 52, "PREEMPTION_TIMER", H },
	{ 53, "INVVPID", H },		{ 54, "WBINVD", H },
	{ 55, "XSETBV", H },		{ 56, "APIC_WRITE", H },
	{ 57, "RDRAND", H },		{ 58, "INVPCID", H },
	{ 59, "VMFUNC", H },		{ 60, "ENCLS", H },
	{ 61, "RDSEED", H },		{ 62, "PML_FULL", H },
	{ 63, "XSAVES", N },		{ 64, "XRSTORS", N },
	{ 65, "PCONFIG", N },		{ 66, "SPP_EVENT", N },
	{ 67, "UMWAIT", N },		{ 68, "TPAUSE", N },
	{ 69, "LOADIWKEY", N },		{ 70, "ENCLV", N },
	{ 72, "ENQCMD_PASID_FAIL", N },	{ 73, "ENQCMDS_PASID_FAIL", N },
	{ 74, "BUS_LOCK", H },		{ 75, "NOTIFY", H },
	{ 76, "SEAMCALL", N },		{ 77, "TDCALL", N },
	{ 0xdead, "VMFAIL", H },
};

#define CR_READ(n, h)	{ 0x00 + (n), "read_cr" #n, h }
#define CR_WRITE(n, h)	{ 0x10 + (n), "write_cr" #n, h }
#define DR_READ(n)	{ 0x20 + (n), "read_dr" #n, (n) < 8 }
#define DR_WRITE(n)	{ 0x30 + (n), "write_dr" #n, (n) < 8 }
#define EXCP(n, h)	{ 0x40 + (n), "excp_" #n, h }
#define CR_TRAP(n, h)	{ 0x90 + (n), "cr" #n "_write_trap", h }

static const struct exit_type svm_types[] = {
	CR_READ(0, H), CR_READ(1, N), CR_READ(2, N), CR_READ(3, H),
	CR_READ(4, H), CR_READ(5, N), CR_READ(6, N), CR_READ(7, N),
	CR_READ(8, H), CR_READ(9, N), CR_READ(10, N), CR_READ(11, N),
	CR_READ(12, N), CR_READ(13, N), CR_READ(14, N), CR_READ(15, N),
	CR_WRITE(0, H), CR_WRITE(1, N), CR_WRITE(2, N), CR_WRITE(3, H),
	CR_WRITE(4, H), CR_WRITE(5, N), CR_WRITE(6, N), CR_WRITE(7, N),
	CR_WRITE(8, H), CR_WRITE(9, N), CR_WRITE(10, N), CR_WRITE(11, N),
	CR_WRITE(12, N), CR_WRITE(13, N), CR_WRITE(14, N), CR_WRITE(15, N),
	DR_READ(0), DR_READ(1), DR_READ(2), DR_READ(3), DR_READ(4),
	DR_READ(5), DR_READ(6), DR_READ(7), DR_READ(8), DR_READ(9),
	DR_READ(10), DR_READ(11), DR_READ(12), DR_READ(13), DR_READ(14),
	DR_READ(15),
	DR_WRITE(0), DR_WRITE(1), DR_WRITE(2), DR_WRITE(3), DR_WRITE(4),
	DR_WRITE(5), DR_WRITE(6), DR_WRITE(7), DR_WRITE(8), DR_WRITE(9),
	DR_WRITE(10), DR_WRITE(11), DR_WRITE(12), DR_WRITE(13), DR_WRITE(14),
	DR_WRITE(15),
	EXCP(0, N), EXCP(1, H), EXCP(2, N), EXCP(3, H), EXCP(4, N),
	EXCP(5, N), EXCP(6, H), EXCP(7, N), EXCP(8, N), EXCP(9, N),
	EXCP(10, N), EXCP(11, N), EXCP(12, N), EXCP(13, H), EXCP(14, H),
	EXCP(15, N), EXCP(16, N), EXCP(17, H), EXCP(18, H), EXCP(19, N),
	EXCP(20, N), EXCP(21, N), EXCP(22, N), EXCP(23, N), EXCP(24, N),
	EXCP(25, N), EXCP(26, N), EXCP(27, N), EXCP(28, N), EXCP(29, N),
	EXCP(30, N), EXCP(31, N),
	{ 0x60, "intr", H },		{ 0x61, "nmi", H },
	{ 0x62, "smi", H },		{ 0x63, "init", N },
	{ 0x64, "vintr", H },		{ 0x65, "cr0_sel_write", H },
	{ 0x66, "read_idtr", N },	{ 0x67, "read_gdtr", N },
	{ 0x68, "read_ldtr", N },	{ 0x69, "read_tr", N },
	{ 0x6a, "write_idtr", N },	{ 0x6b, "write_gdtr", N },
	{ 0x6c, "write_ldtr", N },	{ 0x6d, "write_tr", N },
	{ 0x6e, "rdtsc", N },		{ 0x6f, "rdpmc", H },
	{ 0x70, "pushf", N },		{ 0x71, "popf", N },
	{ 0x72, "cpuid", H },		{ 0x73, "rsm", H },
	{ 0x74, "iret", H },		{ 0x75, "swint", N },
	{ 0x76, "invd", H },		{ 0x77, "pause", H },
	{ 0x78, "hlt", H },		{ 0x79, "invlpg", H },
	{ 0x7a, "invlpga", H },		{ 0x7b, "io", H },
	{ 0x7c, "msr", H },		{ 0x7d, "task_switch", H },
	{ 0x7e, "ferr_freeze", N },	{ 0x7f, "shutdown", H },
	{ 0x80, "vmrun", H },		{ 0x81, "vmmcall", H },
	{ 0x82, "vmload", H },		{ 0x83, "vmsave", H },
	{ 0x84, "stgi", H },		{ 0x85, "clgi", H },
	{ 0x86, "skinit", H },		{ 0x87, "rdtscp", H },
	{ 0x88, "icebp", N },		{ 0x89, "wbinvd", H },
	{ 0x8a, "monitor", H },		{ 0x8b, "mwait", H },
	{ 0x8c, "mwait_cond", N },	{ 0x8d, "xsetbv", H },
	{ 0x8e, "rdpru", H },		{ 0x8f, "efer_write_trap", H },
	CR_TRAP(0, H), CR_TRAP(1, N), CR_TRAP(2, N), CR_TRAP(3, N),
	CR_TRAP(4, H), CR_TRAP(5, N), CR_TRAP(6, N), CR_TRAP(7, N),
	CR_TRAP(8, H), CR_TRAP(9, N), CR_TRAP(10, N), CR_TRAP(11, N),
	CR_TRAP(12, N), CR_TRAP(13, N), CR_TRAP(14, N), CR_TRAP(15, N),
	{ 0xa0, "invlpgb", N },		{ 0xa1, "invlpgb_illegal", N },
	{ 0xa2, "invpcid", H },		{ 0xa3, "mcommit", N },
	{ 0xa4, "tlbsync", N },		{ 0xa5, "buslock", N },
	{ 0xa6, "idle_hlt", N },
	{ 0x400, "npf", H },		{ 0x401, "avic_incomplete_ipi", H },
	{ 0x402, "avic_unaccelerated_access", H },
	{ 0x403, "vmgexit", N },
	{ 0xfffffffe, "busy", N },	{ 0xffffffff, "invalid", H },
};

/*
 * The counter slot of a type in KVM's exit_type_count statistics, as the
 * series maps it: each Intel reason up to 77 and each AMD code up to 0xa6
 * is its own slot; then VM-Fail on Intel; NPF to VMGEXIT, busy and invalid
 * on AMD.
 */
int exit_type_slot(enum cpu_vendor vendor, uint32_t code)
{
	if (!exit_type_find(vendor, code))
		return -1;
	if (vendor == VENDOR_INTEL)
		return code == 0xdead ? 78 : (int)code;
	if (code <= 0xa6)
		return (int)code;
	if (code >= 0x400 && code <= 0x403)
		return 0xa7 + (int)(code - 0x400);
	return 0xab + (int)(code - 0xfffffffe);
}

size_t exit_types(enum cpu_vendor vendor, const struct exit_type **table)
{
	if (vendor == VENDOR_INTEL) {
		*table = vmx_types;
		return sizeof(vmx_types) / sizeof(vmx_types[0]);
	}
	*table = svm_types;
	return sizeof(svm_types) / sizeof(svm_types[0]);
}

const struct exit_type *exit_type_find(enum cpu_vendor vendor, uint32_t code)
{
	const struct exit_type *t;
	size_t lo = 0, hi = exit_types(vendor, &t);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].code == code)
			return &t[mid];
		if (t[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *exit_type_name(enum cpu_vendor vendor, uint32_t code,
			   char *buf, size_t size)
{
	const struct exit_type *t = exit_type_find(vendor, code);

	if (t)
		return t->name;
	snprintf(buf, size, "0x%x", code);
	return buf;
}

int vendor_parse(const char *s, enum cpu_vendor *vendor)
{
	if (!strcasecmp(s, "intel") || !strcasecmp(s, "vmx"))
		*vendor = VENDOR_INTEL;
	else if (!strcasecmp(s, "amd") || !strcasecmp(s, "svm"))
		*vendor = VENDOR_AMD;
	else
		return -1;
	return 0;
}

const char *vendor_name(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? "intel" : "amd";
}

uint32_t exit_type_cpuid(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 10 : 0x72;
}

uint32_t exit_type_io(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 30 : 0x7b;
}

uint32_t exit_type_hlt(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 12 : 0x78;
}

uint32_t exit_type_hypercall(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 18 : 0x81;
}

uint32_t exit_type_wrmsr(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 32 : 0x7c;
}

uint32_t exit_type_cr8_write(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? 28 : 0x18;
}
