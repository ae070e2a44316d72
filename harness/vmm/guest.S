/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest payload, 16-bit real mode, position independent: a dispatcher that
 * runs the operation the host put in %esi (guest_ops.h), reports with an OUT
 * to UCALL_PORT and waits for the next one.  The measured loops are written
 * here so that no compiler adds instructions to them.
 */
#include "guest_ops.h"

#define LEAF_TOTAL	0x4ffffffc
#define LEAF_TYPE	0x4ffffffe
#define LEAF_CYCLES	0x4ffffffd
#define HC_UNKNOWN	0x7fffffff	/* hypercall number KVM answers ENOSYS */

	.section .rodata.guest, "a"
	.code16
	.globl guest_code_start, guest_code_end, guest_timer_isr, guest_ipi_isr
	.globl guest_code64
guest_code_start:
dispatch:
	cmp	$OP_READ, %esi
	je	op_read
	cmp	$OP_LOOP_CPUID, %esi
	je	op_loop_cpuid
	cmp	$OP_LOOP_OUT, %esi
	je	op_loop_out
	cmp	$OP_LOOP_VMCALL, %esi
	je	op_loop_vmcall
	cmp	$OP_LOOP_VMMCALL, %esi
	je	op_loop_vmmcall
	cmp	$OP_LOOP_HLT, %esi
	je	op_loop_hlt
	cmp	$OP_SWEEP, %esi
	je	op_sweep
	cmp	$OP_LOOP_WRMSR, %esi
	je	op_loop_wrmsr
	cmp	$OP_LOOP_RDMSR, %esi
	je	op_loop_rdmsr
	cmp	$OP_LOOP_IN, %esi
	je	op_loop_in
	cmp	$OP_LOOP_MMIO, %esi
	je	op_loop_mmio
	cmp	$OP_SNAPSHOT, %esi
	je	op_snapshot
	cmp	$OP_TIMED, %esi
	je	op_timed
	cmp	$OP_TIMER, %esi
	je	op_timer
	cmp	$OP_MEASURE, %esi
	je	op_measure
	cmp	$OP_ANSWERS, %esi
	je	op_answers
	cmp	$OP_IPI_TARGET, %esi
	je	op_ipi_target
	ud2			/* unknown operation: the host sees a shutdown */

op_read:
	cpuid
	jmp	report

op_loop_cpuid:
	mov	%ecx, %ebp
1:	xor	%eax, %eax
	cpuid
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_out:
	mov	%ecx, %ebp
	mov	$WORK_PORT, %dx
1:	outb	%al, %dx
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_vmcall:
	mov	%ecx, %ebp
1:	mov	$HC_UNKNOWN, %eax
	vmcall
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_vmmcall:
	mov	%ecx, %ebp
1:	mov	$HC_UNKNOWN, %eax
	vmmcall
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_hlt:
	mov	%ecx, %ebp
1:	hlt
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_wrmsr:
	mov	%ecx, %ebp
1:	mov	%ebx, %ecx
	wrmsr
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_rdmsr:
	mov	%ecx, %ebp
1:	mov	%ebx, %ecx
	rdmsr
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_in:
	mov	%ecx, %ebp
	mov	$WORK_PORT, %dx
1:	inb	%dx, %al
	dec	%ebp
	jnz	1b
	jmp	report

op_loop_mmio:
	mov	%ecx, %ebp
	mov	$GUEST_MMIO_SEG, %ax
	mov	%ax, %es
1:	movb	%al, %es:0
	dec	%ebp
	jnz	1b
	xor	%ax, %ax
	mov	%ax, %es
	jmp	report

op_snapshot:
	mov	%ecx, %ebp
	mov	$GUEST_LIST_GPA, %edi
	mov	$GUEST_SNAP_GPA, %esi
	mov	$LEAF_TOTAL, %eax
	cpuid
	addr32 mov %eax, (%esi)
1:	add	$4, %esi
	mov	$LEAF_TYPE, %eax
	addr32 mov (%edi), %ecx
	cpuid
	addr32 mov %eax, (%esi)
	add	$4, %edi
	dec	%ebp
	jnz	1b
	jmp	report

op_timed:
	mov	%ecx, %ebp
	mov	%edx, %edi		/* this vCPU's result slot */
	mov	%eax, %esi
	rdtsc
	mov	%eax, GUEST_RES_GPA + RES_TSC_LO(%edi)
	mov	%edx, GUEST_RES_GPA + RES_TSC_HI(%edi)
	cmp	$TIMED_CPUID, %ebx
	je	t_cpuid
	cmp	$TIMED_VMCALL, %ebx
	je	t_vmcall
	cmp	$TIMED_VMMCALL, %ebx
	je	t_vmmcall
	cmp	$TIMED_OUT_USER, %ebx
	je	t_out_user
	cmp	$TIMED_IN_KERNEL, %ebx
	je	t_in_kernel
	cmp	$TIMED_ICR, %ebx
	je	t_icr
	cmp	$TIMED_LEAF_TOTAL, %ebx
	je	t_leaf_total
	cmp	$TIMED_LEAF_TYPE, %ebx
	je	t_leaf_type
	cmp	$TIMED_PM_TIMER, %ebx
	je	t_pm_timer
	cmp	$TIMED_TSC_DEADLINE, %ebx
	je	t_tsc_deadline
	cmp	$TIMED_IPI, %ebx
	je	t_ipi
	ud2
t_cpuid:
	xor	%eax, %eax
	cpuid
	dec	%ebp
	jnz	t_cpuid
	jmp	t_done
t_vmcall:
	mov	$HC_UNKNOWN, %eax
	vmcall
	dec	%ebp
	jnz	t_vmcall
	jmp	t_done
t_vmmcall:
	mov	$HC_UNKNOWN, %eax
	vmmcall
	dec	%ebp
	jnz	t_vmmcall
	jmp	t_done
t_out_user:
	outb	%al, $WORK_PORT
	dec	%ebp
	jnz	t_out_user
	jmp	t_done
t_in_kernel:
	inb	$PIC_IMR_PORT, %al
	dec	%ebp
	jnz	t_in_kernel
	jmp	t_done
t_leaf_total:
	mov	$LEAF_TOTAL, %eax
	cpuid
	dec	%ebp
	jnz	t_leaf_total
	jmp	t_done
t_leaf_type:
	mov	$LEAF_TYPE, %eax
	mov	%esi, %ecx
	cpuid
	dec	%ebp
	jnz	t_leaf_type
	jmp	t_done
t_pm_timer:
	mov	$PM_TIMER_PORT, %dx
1:	inl	%dx, %eax
	dec	%ebp
	jnz	1b
	jmp	t_done
t_tsc_deadline:
	sti
1:	rdtsc				/* a deadline already reached */
	mov	$MSR_TSC_DEADLINE, %ecx
	wrmsr
	nop				/* the interrupt is taken by here */
	dec	%ebp
	jnz	1b
	cli
	jmp	t_done
t_ipi:
	mov	IPI_COUNT_GPA, %esi
	add	$2, %esi		/* vCPU 1's handler, then ours */
	mov	$MSR_X2APIC_ICR, %ecx
	mov	$IPI_VECTOR, %eax
	mov	$1, %edx		/* x2APIC ID 1, in the high half */
	wrmsr
1:	sti				/* the HLT runs before any interrupt */
	hlt
	cli
	mov	%esi, %eax
	sub	IPI_COUNT_GPA, %eax
	jg	1b			/* until both handlers ran */
	dec	%ebp
	jnz	t_ipi
	jmp	t_done
t_icr:
	mov	$MSR_X2APIC_ICR, %ecx
	mov	$ICR_FASTPATH_LOW, %eax
	mov	$ICR_FASTPATH_HIGH, %edx
	wrmsr
	dec	%ebp
	jnz	t_icr
t_done:
	rdtsc
	sub	GUEST_RES_GPA + RES_TSC_LO(%edi), %eax
	sbb	GUEST_RES_GPA + RES_TSC_HI(%edi), %edx
	mov	%eax, GUEST_RES_GPA + RES_TSC_LO(%edi)
	mov	%edx, GUEST_RES_GPA + RES_TSC_HI(%edi)
	jmp	report

#define X2APIC_EOI	0x80b
#define X2APIC_SVR	0x80f
#define SVR_ENABLE	(1 << 8)
#define X2APIC_LVTT	0x832
#define X2APIC_TMICT	0x838
#define X2APIC_TDCR	0x83e
#define LVT_PERIODIC	(1 << 17)
#define LVT_MASKED	(1 << 16)

op_timer:
	mov	%ecx, %ebp
	xor	%edx, %edx
	mov	$X2APIC_SVR, %ecx	/* software-enable the APIC */
	mov	$(SVR_ENABLE | 0xff), %eax
	wrmsr
	mov	$X2APIC_TDCR, %ecx
	mov	$0xb, %eax		/* divide by 1 */
	wrmsr
	mov	$X2APIC_LVTT, %ecx
	mov	$(LVT_PERIODIC | TIMER_VECTOR), %eax
	wrmsr
	mov	$X2APIC_TMICT, %ecx
	mov	$TIMER_PERIOD, %eax
	wrmsr
1:	sti				/* the HLT runs before any interrupt */
	hlt
	cli
	dec	%ebp
	jnz	1b
	xor	%edx, %edx
	mov	$X2APIC_TMICT, %ecx	/* stop the timer */
	xor	%eax, %eax
	wrmsr
	mov	$X2APIC_LVTT, %ecx
	mov	$(LVT_MASKED | TIMER_VECTOR), %eax
	wrmsr
	jmp	report

guest_timer_isr:
	push	%eax
	push	%ecx
	push	%edx
	mov	$X2APIC_EOI, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	pop	%edx
	pop	%ecx
	pop	%eax
	iret

op_ipi_target:
1:	sti				/* the HLT runs before any interrupt */
	hlt
	cli
	cmpl	$0, IPI_STOP_GPA
	jne	2f
	mov	$MSR_X2APIC_ICR, %ecx	/* answer vCPU 0 (x2APIC ID 0) */
	mov	$IPI_VECTOR, %eax
	xor	%edx, %edx
	wrmsr
	lock incl IPI_ANSWERS_GPA	/* the WRMSR's exit is over, and counted */
	jmp	1b
2:	jmp	report

guest_ipi_isr:
	push	%eax
	push	%ecx
	push	%edx
	mov	$X2APIC_EOI, %ecx	/* first: the sender waits for the count */
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	lock incl IPI_COUNT_GPA
	pop	%edx
	pop	%ecx
	pop	%eax
	iret

op_measure:
	mov	%ecx, %ebp
	mov	%ebx, %edi
	mov	%edx, %esi
	rdtsc
	mov	%eax, GUEST_RES_GPA + RES_M_T0
	mov	%edx, GUEST_RES_GPA + RES_M_T0 + 4
	mov	$LEAF_TYPE, %eax
	mov	%esi, %ecx
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_M_N0
	mov	$LEAF_CYCLES, %eax
	cpuid
	mov	%ecx, GUEST_RES_GPA + RES_M_Y0
	mov	%ebx, GUEST_RES_GPA + RES_M_Y0 + 4
	mov	$LEAF_TYPE, %eax
	mov	%edi, %ecx
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_M_C0
1:	xor	%eax, %eax
	cpuid
	dec	%ebp
	jnz	1b
	mov	$LEAF_TYPE, %eax
	mov	%edi, %ecx
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_M_C1
	mov	$LEAF_CYCLES, %eax
	cpuid
	mov	%ecx, GUEST_RES_GPA + RES_M_Y1
	mov	%ebx, GUEST_RES_GPA + RES_M_Y1 + 4
	mov	$LEAF_TYPE, %eax
	mov	%esi, %ecx
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_M_N1
	rdtsc
	mov	%eax, GUEST_RES_GPA + RES_M_T1
	mov	%edx, GUEST_RES_GPA + RES_M_T1 + 4
	jmp	report

op_answers:
	mov	%ecx, %ebp
	mov	%eax, %esi
	mov	$GUEST_LIST_GPA, %edi
	mov	$(GUEST_ANSWERS_GPA >> 4), %ax	/* 16-bit offsets: a segment */
	mov	%ax, %es
1:	mov	%esi, %eax
	addr32 mov (%edi), %ecx
	cpuid
	pushl	%eax
	pushl	%ebx
	pushl	%ecx
	pushl	%edx
	mov	%di, %bx		/* 16 bytes of answer per 4 of list */
	sub	$GUEST_LIST_GPA, %bx
	shl	$2, %bx
	popl	%es:12(%bx)
	popl	%es:8(%bx)
	popl	%es:4(%bx)
	popl	%es:(%bx)
	add	$4, %edi
	dec	%ebp
	jnz	1b
	xor	%ax, %ax
	mov	%ax, %es
	jmp	report

op_sweep:
	mov	%ecx, %ebp
	mov	$GUEST_LIST_GPA, %edi
	movl	$0, GUEST_RES_GPA + RES_SUM
	mov	$LEAF_TOTAL, %eax
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_TOTAL_BEFORE
1:	mov	$LEAF_TYPE, %eax
	addr32 mov (%edi), %ecx
	cpuid
	cmp	$0xffffffff, %edx
	je	2f
	add	%eax, GUEST_RES_GPA + RES_SUM
2:	add	$4, %edi
	dec	%ebp
	jnz	1b
	mov	$LEAF_TOTAL, %eax
	cpuid
	mov	%eax, GUEST_RES_GPA + RES_TOTAL_AFTER
	jmp	report

report:
	outb	%al, $UCALL_PORT
	jmp	dispatch

/* The 64-bit part: OP_READ, and OP_TIMED of TIMED_CR8 whatever %ebx says. */
	.code64
guest_code64:
	cmp	$OP_READ, %esi
	jne	1f
	cpuid
	jmp	3f
1:	mov	%ecx, %ebp
	mov	%edx, %edi		/* this vCPU's result slot */
	rdtsc
	mov	%eax, GUEST_RES_GPA + RES_TSC_LO(%rdi)
	mov	%edx, GUEST_RES_GPA + RES_TSC_HI(%rdi)
	xor	%eax, %eax
2:	mov	%rax, %cr8
	dec	%ebp
	jnz	2b
	rdtsc
	sub	GUEST_RES_GPA + RES_TSC_LO(%rdi), %eax
	sbb	GUEST_RES_GPA + RES_TSC_HI(%rdi), %edx
	mov	%eax, GUEST_RES_GPA + RES_TSC_LO(%rdi)
	mov	%edx, GUEST_RES_GPA + RES_TSC_HI(%rdi)
3:	outb	%al, $UCALL_PORT
	jmp	guest_code64
guest_code_end:
	.section .note.GNU-stack, "", @progbits
