// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "probe.h"

#define HYPERVISOR_BIT		(1u << 31)	/* CPUID.1:ECX */
#define LEAF_HYPERVISOR		0x40000000u

static void regs_to_string(char out[13], uint32_t a, uint32_t b, uint32_t c)
{
	memcpy(out, &a, 4);
	memcpy(out + 4, &b, 4);
	memcpy(out + 8, &c, 4);
	out[12] = '\0';
}

/* Does @leaf answer as the contract says?  If not, say what it answered. */
static int answers_as(const struct leaf_source *src, struct probe *p,
		      uint32_t leaf, uint32_t subleaf, enum leaf_kind kind)
{
	struct leaf_answer a = leaf_read(src, leaf, subleaf);

	if (leaf_classify(leaf, &a) == kind)
		return 1;
	p->state = PROBE_NOT_PATCHED;
	snprintf(p->why, sizeof(p->why),
		 "leaf 0x%08x answers eax=%#x ebx=%#x ecx=%#x edx=%#x: not the exit-statistics contract (unpatched KVM?)",
		 leaf, a.eax, a.ebx, a.ecx, a.edx);
	return 0;
}

void probe_leaves(const struct leaf_source *src, struct probe *p)
{
	struct leaf_answer a;

	memset(p, 0, sizeof(*p));
	a = leaf_read(src, 0, 0);
	regs_to_string(p->cpu_vendor, a.ebx, a.edx, a.ecx);
	if (!strcmp(p->cpu_vendor, "GenuineIntel")) {
		p->vendor = VENDOR_INTEL;
	} else if (!strcmp(p->cpu_vendor, "AuthenticAMD") ||
		   !strcmp(p->cpu_vendor, "HygonGenuine")) {
		p->vendor = VENDOR_AMD;
	} else {
		p->state = PROBE_UNKNOWN_VENDOR;
		snprintf(p->why, sizeof(p->why),
			 "CPU vendor \"%s\" is neither Intel nor AMD", p->cpu_vendor);
		return;
	}
	if (!(leaf_read(src, 1, 0).ecx & HYPERVISOR_BIT)) {
		p->state = PROBE_NOT_A_GUEST;
		snprintf(p->why, sizeof(p->why),
			 "not running in a virtual machine (CPUID.1:ECX bit 31 is clear): the leaves are the CPU's");
		return;
	}
	a = leaf_read(src, LEAF_HYPERVISOR, 0);
	regs_to_string(p->hypervisor, a.ebx, a.ecx, a.edx);
	if (memcmp(p->hypervisor, "KVMKVMKVM\0\0\0", 12)) {
		p->state = PROBE_NOT_KVM;
		snprintf(p->why, sizeof(p->why),
			 "the hypervisor is \"%s\", not KVM", p->hypervisor);
		return;
	}
	/* The contract's most specific answer: an undefined exit type. */
	if (answers_as(src, p, LEAF_TYPE_EXITS, PROBE_UNDEFINED_TYPE,
		       LEAF_UNDEFINED_TYPE) &&
	    answers_as(src, p, LEAF_EXITS, 0, LEAF_COUNT) &&
	    answers_as(src, p, LEAF_CYCLES, 0, LEAF_CYCLE_COUNT))
		p->state = PROBE_OK;
}
