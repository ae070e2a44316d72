// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "guest_ops.h"
#include "kvm_stats.h"
#include "kvm_vm.h"
#include "test_util.h"

extern const char guest_code_start[], guest_code_end[], guest_timer_isr[],
		  guest_ipi_isr[], guest_code64[];

static int fd = -1;

int kvm_dev_fd(void)
{
	if (fd < 0) {
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		TEST_REQUIRE(fd >= 0, "/dev/kvm: %s", strerror(errno));
		TEST_REQUIRE(ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_API_VERSION,
			     "unexpected KVM API version");
	}
	return fd;
}

void kvm_dev_close(void)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
}

/* The vendor of the CPU KVM runs on: VMX or SVM in CPUID's feature bits. */
enum cpu_vendor host_vendor(void)
{
	unsigned int a, b, c, d;

	__cpuid(1, a, b, c, d);
	if (c & (1u << 5))
		return VENDOR_INTEL;
	__cpuid(0x80000001, a, b, c, d);
	TEST_REQUIRE(c & (1u << 2), "the CPU has neither VMX nor SVM");
	return VENDOR_AMD;
}

static struct kvm_vm *__vm_create(bool irqchip)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = GUEST_MEM_SIZE,
	};
	struct kvm_vm *vm = calloc(1, sizeof(*vm));
	size_t code_size = guest_code_end - guest_code_start;

	TEST_ASSERT(vm, "out of memory");
	vm->fd = ioctl(kvm_dev_fd(), KVM_CREATE_VM, 0);
	TEST_ASSERT_SYS(vm->fd, "KVM_CREATE_VM");
	vm->irqchip = irqchip;
	vm->stats_fd = ioctl(vm->fd, KVM_GET_STATS_FD, NULL);
	TEST_ASSERT_SYS(vm->stats_fd, "KVM_GET_STATS_FD (VM)");
	if (irqchip)
		TEST_ASSERT_SYS(ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0),
				"KVM_CREATE_IRQCHIP");

	/* Real mode without unrestricted guest needs a TSS; harmless on SVM. */
	ioctl(vm->fd, KVM_SET_TSS_ADDR, 0xfffbd000UL);

	vm->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(vm->mem != MAP_FAILED, "mmap: %s", strerror(errno));
	region.userspace_addr = (uintptr_t)vm->mem;
	TEST_ASSERT_SYS(ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region),
			"KVM_SET_USER_MEMORY_REGION");

	TEST_ASSERT(code_size < GUEST_RES_GPA - GUEST_CODE_GPA, "payload too big");
	memcpy(vm_gpa(vm, GUEST_CODE_GPA), guest_code_start, code_size);
	return vm;
}

struct kvm_vm *vm_create(void)
{
	return __vm_create(false);
}

struct kvm_vm *vm_create_irqchip(void)
{
	return __vm_create(true);
}

void kvm_vm_free(struct kvm_vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		struct kvm_vcpu *vcpu = vm->vcpus[i];

		munmap(vcpu->run, ioctl(kvm_dev_fd(), KVM_GET_VCPU_MMAP_SIZE, 0));
		close(vcpu->stats_fd);
		close(vcpu->fd);
		free(vcpu);
	}
	munmap(vm->mem, GUEST_MEM_SIZE);
	close(vm->stats_fd);
	close(vm->fd);
	free(vm);
}

void *vm_gpa(struct kvm_vm *vm, uint64_t gpa)
{
	TEST_ASSERT(gpa < GUEST_MEM_SIZE, "gpa 0x%lx outside guest memory",
		    (unsigned long)gpa);
	return (char *)vm->mem + gpa;
}

uint64_t vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} msrs = { .head.nmsrs = 1, .entry.index = index };

	TEST_ASSERT(ioctl(vcpu->fd, KVM_GET_MSRS, &msrs) == 1,
		    "KVM_GET_MSRS(0x%x): %s", index, strerror(errno));
	return msrs.entry.data;
}

/* Point the guest's real-mode IVT entry for @vector at @handler. */
static void vm_set_ivt(struct kvm_vm *vm, unsigned int vector, const char *handler)
{
	uint16_t *ivt = vm_gpa(vm, vector * 4);

	ivt[0] = GUEST_CODE_GPA + (handler - guest_code_start);
	ivt[1] = 0;	/* segment */
}

void vm_setup_timer(struct kvm_vm *vm)
{
	TEST_ASSERT(vm->irqchip, "the timer needs the in-kernel APIC");
	vm_set_ivt(vm, TIMER_VECTOR, guest_timer_isr);
}

/* Give @vcpu the CPUID of @n @entries (before its first run). */
static void vcpu_set_cpuid(struct kvm_vcpu *vcpu,
			   const struct kvm_cpuid_entry2 *entries, int n)
{
	struct {
		struct kvm_cpuid2 head;
		struct kvm_cpuid_entry2 entries[4];
	} cpuid = { .head.nent = n };

	TEST_ASSERT(n <= 4, "too many CPUID entries");
	memcpy(cpuid.entries, entries, n * sizeof(*entries));
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_CPUID2, &cpuid), "KVM_SET_CPUID2");
}

#define APIC_SVR		0xf0	/* offsets in KVM_GET_LAPIC's page */
#define APIC_LVTT		0x320
#define APIC_SVR_ENABLE		0x100
#define APIC_LVT_TSC_DEADLINE	(2u << 17)

/* Software-enable @vcpu's local APIC; @lvtt, if not 0, is its LVT timer. */
static void vcpu_setup_lapic(struct kvm_vcpu *vcpu, uint32_t lvtt)
{
	struct kvm_lapic_state lapic;
	uint32_t *svr = (uint32_t *)&lapic.regs[APIC_SVR];

	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_GET_LAPIC, &lapic), "KVM_GET_LAPIC");
	*svr |= APIC_SVR_ENABLE | 0xff;
	if (lvtt)
		*(uint32_t *)&lapic.regs[APIC_LVTT] = lvtt;
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_LAPIC, &lapic), "KVM_SET_LAPIC");
}

void vcpu_setup_tsc_deadline(struct kvm_vcpu *vcpu)
{
	vm_setup_timer(vcpu->vm);
	vcpu_setup_lapic(vcpu, APIC_LVT_TSC_DEADLINE | TIMER_VECTOR);
}

void vm_setup_ipi(struct kvm_vm *vm)
{
	int i;

	TEST_ASSERT(vm->irqchip && vm->nr_vcpus >= 2, "IPIs need the in-kernel "
		    "APIC and two vCPUs");
	vm_set_ivt(vm, IPI_VECTOR, guest_ipi_isr);
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_setup_lapic(vm->vcpus[i], 0);
}

#define CR0_PE_MP_ET_NE_WP_PG	0x80010033
#define CR4_PAE			0x20
#define EFER_LME_LMA		0x500
#define PTE_PRESENT_WRITE	0x3
#define PDE_2M			0x80
#define CPUID_PAE		(1u << 6)	/* CPUID.1:EDX */
#define CPUID_LM		(1u << 29)	/* CPUID.80000001H:EDX */

void vcpu_setup_long_mode(struct kvm_vcpu *vcpu)
{
	struct kvm_vm *vm = vcpu->vm;
	static const struct kvm_cpuid_entry2 cpuid[] = {
		{ .function = 0, .eax = 1 },
		{ .function = 1, .edx = CPUID_PAE },
		{ .function = 0x80000000, .eax = 0x80000001 },
		{ .function = 0x80000001, .edx = CPUID_LM },
	};
	struct kvm_segment code = {
		.limit = 0xffffffff, .selector = 0x8, .type = 0xb, .present = 1,
		.s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = {
		.limit = 0xffffffff, .selector = 0x10, .type = 0x3, .present = 1,
		.s = 1, .db = 1, .g = 1,
	};
	struct kvm_segment tss = {
		.limit = 0x67, .selector = 0x18, .type = 0xb, .present = 1,
	};
	struct kvm_regs regs = {
		.rip = GUEST_CODE_GPA + (guest_code64 - guest_code_start),
		.rflags = 0x2,
	};
	struct kvm_sregs sregs;

	TEST_ASSERT(!vm->irqchip, "CR8 writes exit only without an in-kernel APIC");
	*(uint64_t *)vm_gpa(vm, GUEST_PML4_GPA) = GUEST_PDPT_GPA | PTE_PRESENT_WRITE;
	*(uint64_t *)vm_gpa(vm, GUEST_PDPT_GPA) = GUEST_PD_GPA | PTE_PRESENT_WRITE;
	*(uint64_t *)vm_gpa(vm, GUEST_PD_GPA) = PDE_2M | PTE_PRESENT_WRITE;
	/* EFER.LME is valid only for a vCPU whose CPUID has long mode. */
	vcpu_set_cpuid(vcpu, cpuid, 4);
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS");
	sregs.cr0 = CR0_PE_MP_ET_NE_WP_PG;
	sregs.cr3 = GUEST_PML4_GPA;
	sregs.cr4 = CR4_PAE;
	sregs.efer = EFER_LME_LMA;
	sregs.cs = code;
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
	sregs.tr = tss;
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS");
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_REGS, &regs), "KVM_SET_REGS");
}

/* Flat real mode: every segment at base 0, execution from the payload. */
static void vcpu_setup_real_mode(struct kvm_vcpu *vcpu)
{
	struct kvm_sregs sregs;
	/*
	 * vCPUs 0 to 7 get a stack each, 4 KiB apart below 64 KiB (vCPU 0's
	 * wraps to 0xfffe), for handlers that run at once; the rest share
	 * vCPU 0's.
	 */
	struct kvm_regs regs = {
		.rip = GUEST_CODE_GPA, .rflags = 0x2,
		.rsp = vcpu->id < 8 ? (0x10000 - 0x1000 * vcpu->id) & 0xffff : 0,
	};

	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	sregs.ds.base = sregs.es.base = sregs.ss.base = 0;
	sregs.ds.selector = sregs.es.selector = sregs.ss.selector = 0;
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS");
	TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_REGS, &regs), "KVM_SET_REGS");
}

#define X2APIC_FEATURE	(1u << 21)	/* CPUID.1:ECX */
#define TSC_DEADLINE_FEATURE (1u << 24)	/* CPUID.1:ECX: the LVTT mode exists */
#define MSR_APIC_BASE	0x1b
#define APIC_BASE_X2APIC 0xfee00c00u	/* enabled, x2APIC mode */
#define APIC_BASE_BSP	(1u << 8)

/* Give the vCPU the x2APIC feature and switch its local APIC to x2APIC. */
static void vcpu_enable_x2apic(struct kvm_vcpu *vcpu)
{
	static const struct kvm_cpuid_entry2 cpuid[] = {
		{ .function = 0, .eax = 1 },
		{ .function = 1, .ecx = X2APIC_FEATURE | TSC_DEADLINE_FEATURE },
	};
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} msrs = {
		.head.nmsrs = 1,
		.entry = {
			.index = MSR_APIC_BASE,
			.data = APIC_BASE_X2APIC | (vcpu->id ? 0 : APIC_BASE_BSP),
		},
	};

	vcpu_set_cpuid(vcpu, cpuid, 2);
	TEST_ASSERT(ioctl(vcpu->fd, KVM_SET_MSRS, &msrs) == 1,
		    "KVM_SET_MSRS(APIC_BASE): %s", strerror(errno));
}

struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm)
{
	struct kvm_vcpu *vcpu = calloc(1, sizeof(*vcpu));
	int mmap_size = ioctl(kvm_dev_fd(), KVM_GET_VCPU_MMAP_SIZE, 0);

	TEST_ASSERT(vcpu, "out of memory");
	TEST_ASSERT(vm->nr_vcpus < 64, "too many vCPUs");
	vcpu->vm = vm;
	vcpu->id = vm->nr_vcpus;
	vcpu->fd = ioctl(vm->fd, KVM_CREATE_VCPU, vcpu->id);
	TEST_ASSERT_SYS(vcpu->fd, "KVM_CREATE_VCPU");
	TEST_ASSERT_SYS(mmap_size, "KVM_GET_VCPU_MMAP_SIZE");
	vcpu->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	TEST_ASSERT(vcpu->run != MAP_FAILED, "mmap kvm_run: %s", strerror(errno));
	vcpu->stats_fd = ioctl(vcpu->fd, KVM_GET_STATS_FD, NULL);
	TEST_ASSERT_SYS(vcpu->stats_fd, "KVM_GET_STATS_FD");
	vcpu_setup_real_mode(vcpu);
	if (vm->irqchip) {
		struct kvm_mp_state runnable = { KVM_MP_STATE_RUNNABLE };

		/* APs of an in-kernel APIC start waiting for INIT/SIPI. */
		TEST_ASSERT_SYS(ioctl(vcpu->fd, KVM_SET_MP_STATE, &runnable),
				"KVM_SET_MP_STATE");
		vcpu_enable_x2apic(vcpu);
	}
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	return vcpu;
}

static const char *exit_reason_str(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_IO:		return "IO";
	case KVM_EXIT_HLT:		return "HLT";
	case KVM_EXIT_SHUTDOWN:		return "SHUTDOWN";
	case KVM_EXIT_FAIL_ENTRY:	return "FAIL_ENTRY";
	case KVM_EXIT_INTERNAL_ERROR:	return "INTERNAL_ERROR";
	case KVM_EXIT_MMIO:		return "MMIO";
	default:			return "other";
	}
}

/*
 * The ACPI PM timer as QEMU answers it: a 24-bit count at 3.579545 MHz of
 * the host's monotonic clock.
 */
static void pm_timer_read(struct kvm_run *run)
{
	struct timespec ts;
	uint64_t ticks;
	uint32_t value;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ticks = ((uint64_t)ts.tv_sec * PM_TIMER_HZ) +
		(uint64_t)ts.tv_nsec * PM_TIMER_HZ / 1000000000;
	value = ticks & 0xffffff;
	memcpy((char *)run + run->io.data_offset, &value, run->io.size < 4 ? run->io.size : 4);
}

int __vcpu_op(struct kvm_vcpu *vcpu, const struct guest_args *args,
	      struct guest_regs *out)
{
	struct kvm_run *run = vcpu->run;
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0)
		return -1;
	regs.rsi = args->op;
	regs.rax = args->eax;
	regs.rbx = args->ebx;
	regs.rcx = args->ecx;
	regs.rdx = args->edx;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return -1;

	for (;;) {
		if (ioctl(vcpu->fd, KVM_RUN, NULL) < 0) {
			fprintf(stderr, "KVM_RUN: %s\n", strerror(errno));
			return -1;
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == UCALL_PORT)
			break;
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == PM_TIMER_PORT &&
		    run->io.direction == KVM_EXIT_IO_IN) {
			pm_timer_read(run);
			vcpu->work_exits++;
			continue;
		}
		if ((run->exit_reason == KVM_EXIT_IO && run->io.port == WORK_PORT) ||
		    run->exit_reason == KVM_EXIT_HLT ||
		    (run->exit_reason == KVM_EXIT_MMIO &&
		     run->mmio.phys_addr == GUEST_MMIO_GPA)) {
			vcpu->work_exits++;
			if (vcpu->work_delay_us)
				usleep(vcpu->work_delay_us);
			continue;
		}
		fprintf(stderr, "vCPU %d: unexpected exit %u (%s), port 0x%x\n",
			vcpu->id, run->exit_reason,
			exit_reason_str(run->exit_reason), run->io.port);
		return -1;
	}

	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0)
		return -1;
	out->eax = regs.rax;
	out->ebx = regs.rbx;
	out->ecx = regs.rcx;
	out->edx = regs.rdx;
	return 0;
}

struct guest_regs vcpu_op_args(struct kvm_vcpu *vcpu,
			       const struct guest_args *args)
{
	struct guest_regs out;

	TEST_ASSERT(args->op == OP_READ || args->ecx > 0,
		    "a loop needs at least one iteration");
	TEST_ASSERT(__vcpu_op(vcpu, args, &out) == 0,
		    "operation %u on vCPU %d failed", args->op, vcpu->id);
	return out;
}

struct guest_regs vcpu_op(struct kvm_vcpu *vcpu, uint32_t op, uint32_t eax,
			  uint32_t ecx)
{
	struct guest_args args = { .op = op, .eax = eax, .ecx = ecx };

	return vcpu_op_args(vcpu, &args);
}

struct leaf_answer vcpu_read_leaf(struct kvm_vcpu *vcpu, uint32_t leaf,
				  uint32_t type)
{
	struct guest_regs r = vcpu_op(vcpu, OP_READ, leaf, type);

	return (struct leaf_answer){ r.eax, r.ebx, r.ecx, r.edx };
}

uint64_t vm_stat_sum(struct kvm_vm *vm, const char *name)
{
	uint64_t sum = 0, v;
	int i, ret;

	for (i = 0; i < vm->nr_vcpus; i++) {
		ret = kvm_stat_read(vm->vcpus[i]->stats_fd, name, &v);
		TEST_ASSERT(!ret, "KVM statistic %s: %s", name, strerror(-ret));
		sum += v;
	}
	return sum;
}

/* Add the values of histogram @name in stats file @fd to @counts. */
static void add_histogram(int fd, const char *name, uint64_t *counts)
{
	uint64_t v[EXIT_STAT_SLOTS];
	int i, n = kvm_stat_read_array(fd, name, v, EXIT_STAT_SLOTS);

	TEST_ASSERT(n == EXIT_STAT_SLOTS, "KVM statistic %s: %s", name,
		    n < 0 ? strerror(-n) : "not one value per exit type slot");
	for (i = 0; i < n; i++)
		counts[i] += v[i];
}

void vm_exit_type_counts(struct kvm_vm *vm, uint64_t *counts)
{
	int i;

	memset(counts, 0, EXIT_STAT_SLOTS * sizeof(*counts));
	add_histogram(vm->stats_fd, "atomic_exit_type_count", counts);
	for (i = 0; i < vm->nr_vcpus; i++)
		add_histogram(vm->vcpus[i]->stats_fd, "exit_type_count", counts);
}
