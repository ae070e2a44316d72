/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the host and the real-mode guest payload (guest.S):
 * the host puts an operation in %esi and its arguments in other registers,
 * runs the vCPU, and the guest answers with an OUT to UCALL_PORT.  Each
 * operation therefore costs its own exits plus exactly one I/O exit.
 */
#ifndef VMM_GUEST_OPS_H
#define VMM_GUEST_OPS_H

#define UCALL_PORT	0xe0	/* guest -> host: operation done */
#define WORK_PORT	0xe1	/* OUTs of the out-loop, to userspace */

#define GUEST_CODE_GPA	0x1000
#define GUEST_RES_GPA	0x3000	/* results of OP_SWEEP */
#define GUEST_LIST_GPA	0x4000	/* u32 exit types for OP_SWEEP, OP_SNAPSHOT */
#define GUEST_SNAP_GPA	0x5000	/* u32 answers of OP_SNAPSHOT */
#define GUEST_LIST_MAX	1000
#define GUEST_MEM_SIZE	0x80000
/* Above guest memory: accesses there exit to userspace as MMIO. */
#define GUEST_MMIO_SEG	0x9000	/* real-mode segment of GPA 0x90000 */
#define GUEST_MMIO_GPA	0x90000

/* OP_READ: %eax = leaf, %ecx = subleaf; answers the four registers. */
#define OP_READ		1
/* OP_LOOP_*: %ecx = iterations of one exiting instruction. */
#define OP_LOOP_CPUID	2
#define OP_LOOP_OUT	3
#define OP_LOOP_VMCALL	4
#define OP_LOOP_VMMCALL	5
#define OP_LOOP_HLT	6
/*
 * OP_SWEEP: %ecx = number of u32 types at GUEST_LIST_GPA.  Reads the total
 * (leaf 0x4ffffffc), then leaf 0x4ffffffe for each type, adding up the
 * answers of defined types, then the total again; results at GUEST_RES_GPA.
 */
#define OP_SWEEP	7
/* OP_LOOP_WRMSR: %ecx = iterations of WRMSR of %edx:%eax to MSR %ebx. */
#define OP_LOOP_WRMSR	8
/* OP_LOOP_RDMSR: %ecx = iterations of RDMSR of MSR %ebx. */
#define OP_LOOP_RDMSR	9
/* OP_LOOP_IN: %ecx = iterations of IN from WORK_PORT (to userspace). */
#define OP_LOOP_IN	10
/* OP_LOOP_MMIO: %ecx = iterations of a byte write to GUEST_MMIO_GPA. */
#define OP_LOOP_MMIO	11
/*
 * OP_SNAPSHOT: %ecx = number of u32 types at GUEST_LIST_GPA.  Reads the
 * total (leaf 0x4ffffffc) into GUEST_SNAP_GPA, then leaf 0x4ffffffe of each
 * type into the words after it: %ecx + 1 CPUID exits and the ucall.
 */
#define OP_SNAPSHOT	12
/*
 * OP_TIMED: %ecx = iterations of the exiting instruction %ebx names
 * (TIMED_*), between two RDTSCs; the TSC delta lands at GUEST_RES_GPA +
 * %edx + RES_TSC_LO/HI, %edx being a slot of RES_SLOT bytes per vCPU so
 * that vCPUs timing at once keep their own.  RDTSC itself does not exit under KVM.  %eax is the exit
 * type that TIMED_LEAF_TYPE reads.
 */
#define OP_TIMED	13
#define TIMED_CPUID	1
#define TIMED_VMCALL	2
#define TIMED_VMMCALL	3
#define TIMED_OUT_USER	4	/* OUT to WORK_PORT: a round trip to userspace */
#define TIMED_IN_KERNEL	5	/* IN from the in-kernel PIC (needs irqchip) */
#define TIMED_ICR	6	/* x2APIC ICR write: fastpath (needs irqchip) */
#define TIMED_LEAF_TOTAL 7	/* CPUID 0x4ffffffc: the sum of every type */
#define TIMED_LEAF_TYPE	8	/* CPUID 0x4ffffffe of type %eax: one type */
#define TIMED_PM_TIMER	9	/* IN from the ACPI PM timer: the VMM answers */
/*
 * The TSC-deadline timer armed at the current TSC, so that it fires at
 * once, with interrupts on: the WRMSR, the interrupt, the handler's EOI,
 * as kvm-unit-tests' tscdeadline_immed.  Needs irqchip and
 * vcpu_setup_tsc_deadline().
 */
#define TIMED_TSC_DEADLINE 10
#define MSR_TSC_DEADLINE	0x6e0
/*
 * An IPI's round trip: an IPI that wakes vCPU 1 from HLT, and its answer
 * that wakes vCPU 0 from HLT; both handlers count at IPI_COUNT_GPA.  As
 * kvm-unit-tests' ipi_halt, with the wait a HLT, not a spin: under Bochs
 * and QEMU -icount a CPU spinning in a nested guest starved the other.
 * vCPU 1 runs OP_IPI_TARGET.  Needs irqchip and vm_setup_ipi().
 */
#define TIMED_IPI	11
#define IPI_VECTOR	0xe8
#define IPI_COUNT_GPA	0x6000	/* u32, incremented by the IPI handler */
#define IPI_STOP_GPA	0x6040	/* u32, set by the host to end OP_IPI_TARGET */
#define IPI_ANSWERS_GPA	0x6080	/* u32, vCPU 1's answers sent */
/*
 * MOV to CR8, which exists in 64-bit mode only: the vCPU runs the payload's
 * 64-bit part (guest_code64, which knows OP_READ and this), put there by
 * vcpu_setup_long_mode().  Without an in-kernel APIC both vendors exit on
 * every write, as KVM then keeps no TPR shadow.
 */
#define TIMED_CR8	12
#define GUEST_PML4_GPA	0x20000	/* the 64-bit part's page tables: 2 MiB, */
#define GUEST_PDPT_GPA	0x21000	/* identity mapped */
#define GUEST_PD_GPA	0x22000
#define PM_TIMER_PORT	0xb008	/* where SeaBIOS puts QEMU's PIIX4 PM timer */
#define PM_TIMER_HZ	3579545
/*
 * OP_TIMER: %ecx = ticks of the local APIC timer (x2APIC, periodic) to wait
 * for, each with STI; HLT.  Needs an in-kernel APIC and the IVT entry of
 * TIMER_VECTOR pointing at guest_timer_isr (vm_setup_timer()).
 */
#define OP_TIMER	14
#define TIMER_VECTOR	0xec
#define TIMER_PERIOD	200000	/* APIC bus cycles: 200 us at KVM's 1 GHz */

/*
 * OP_MEASURE: %ecx = iterations of CPUID, %ebx = the exit type to count,
 * %edx = a type that no exit of the measurement has.  Between two RDTSCs:
 * read %edx's count, the cycles of all types, then %ebx's count, run the
 * CPUIDs, read the count, the cycles, and %edx's count.  The results, at
 * GUEST_RES_GPA + RES_M_*: the TSCs, the counts (32 bits) and the cycles
 * (64 bits).  The count advances by N + 1 (the loop and the first count
 * read); the cycles by those of every exit between the two cycle reads,
 * all opened and closed between the two RDTSCs; %edx's count not at all,
 * unless an exit counts a window that an earlier one left open (the first
 * read is the first exit after the vCPU returns from userspace).
 */
#define OP_MEASURE	15
#define RES_M_T0	24
#define RES_M_Y0	32
#define RES_M_C0	40
#define RES_M_C1	44
#define RES_M_Y1	48
#define RES_M_T1	56
#define RES_M_N0	64
#define RES_M_N1	68

/*
 * OP_ANSWERS: %ecx = number of u32 types at GUEST_LIST_GPA, %eax = a leaf.
 * For each type, CPUID %eax with the type in %ecx; the four registers of
 * each answer land at GUEST_ANSWERS_GPA, 16 bytes apiece.
 */
#define OP_ANSWERS	16
/*
 * OP_IPI_TARGET: halt until an IPI, answer it with one to vCPU 0, and again,
 * until IPI_STOP_GPA is set (the host then sends IPIs until it reports).
 */
#define OP_IPI_TARGET	17
#define GUEST_ANSWERS_GPA	0x10000

#define RES_SLOT	64
#define RES_TSC_LO	16
#define RES_TSC_HI	20
#define PIC_IMR_PORT	0x21

/* An x2APIC ICR write KVM can finish in its fastpath: fixed vector 0xf0,
 * physical destination 0x55, which no vCPU has, so nothing is delivered. */
#define MSR_X2APIC_ICR		0x830
#define ICR_FASTPATH_LOW	0x000000f0
#define ICR_FASTPATH_HIGH	0x00000055
/* The same vector sent to this vCPU's own APIC (x2APIC ID 0, in the high half). */
#define ICR_SELF_IPI_LOW	0x000000f0
/* An IPI is accepted only by an APIC that software enabled itself. */
#define MSR_X2APIC_SVR		0x80f
#define SVR_APIC_ENABLE		0x1ff

#define RES_TOTAL_BEFORE	0
#define RES_SUM			4
#define RES_TOTAL_AFTER		8

#endif
