# The one entry point.  `make run` and `make test` install what they need
# (Debian packages, the kernel source package) and build what they use; the
# test kernel is cached outside the checkout (scripts/kernel-build.sh).

OUTPUT := .output
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -std=gnu11
# The harness runs inside the test kernel's initramfs: link it statically.
HARNESS_LDFLAGS := -static -pthread

SHELL := /bin/bash
# A recipe that fails leaves no target behind to pass for built.
.DELETE_ON_ERROR:
.SHELLFLAGS := -o pipefail -ec

ifeq ($(V),1)
Q =
else
Q = @
endif

# Where code runs, and what it may include (README, "Layout"):
#   lib/          what every layer shares; built once into $(LIB_A)
#   harness/vmm/  the VMM library of the programs in the nested host ($(VMM_A))
#   harness/      those programs; bpf/ kvmexits; guest/ leafstat;
#   report/       what runs on the build host
CFLAGS += -Ilib
LIB_A := $(OUTPUT)/lib/liblab.a
LIB_OBJ := $(patsubst lib/%.c,$(OUTPUT)/lib/%.o,$(wildcard lib/*.c))
LIB_HDR := $(wildcard lib/*.h)
VMM_A := $(OUTPUT)/vmm/libvmm.a
VMM_OBJ := $(patsubst harness/vmm/%,$(OUTPUT)/vmm/%.o,$(basename \
	   $(wildcard harness/vmm/*.c harness/vmm/*.S)))
VMM_HDR := $(wildcard harness/vmm/*.h) $(LIB_HDR)
# The harness's programs link the two libraries, in this order.
HARNESS_LIBS := $(VMM_A) $(LIB_A)
HARNESS_BIN := $(OUTPUT)/e2e $(OUTPUT)/stress $(OUTPUT)/showleaves $(OUTPUT)/ttydrain \
	       $(OUTPUT)/leafstat $(OUTPUT)/asuser
# leafstat runs in a Linux guest: static, and only lib/ besides its own.
GUEST_SRC := $(wildcard guest/*.c)
REPORT_SRC := report/report_lib.c report/report_plots.c report/report_check.c \
	      report/report_model.c report/report_raw.c report/report_bench.c \
	      report/report_validate.c
UNIT_SRC := $(wildcard tests/unit/*.c) bpf/exits_snapshot.c \
	    bpf/exits_probe.c bpf/exits_vm.c bpf/kvmexits_format.c bpf/kvmexits_vms.c \
	    bpf/kvmexits_textfile.c harness/textfile_compare.c $(REPORT_SRC) \
	    report/nested_checks.c harness/validate_compare.c harness/validate_json.c \
	    harness/workloads.c \
	    $(filter-out guest/leafstat.c,$(GUEST_SRC))
RESULTS := $(OUTPUT)/results

.PHONY: all deps-build deps-kernel deps-boot deps-bpf deps-plot deps-guest deps-perf kernel \
	harness bpf bpf-example guest-example run test test-unit test-patches test-e2e-svm test-e2e-vmx \
	test-stress-svm test-stress-vmx test-selftests-svm test-selftests-vmx \
	test-debug test-debug-svm test-debug-vmx kernel-debug test-failures-svm test-failures-vmx \
	test-guest-fails-svm test-guest-fails-vmx test-host \
	test-bpf-svm test-bpf-vmx test-validate-svm test-validate-vmx \
	test-bench-svm test-bench-vmx test-guest-svm test-guest-vmx test-run run-quick clean \
	debian-modules debian-bpf test-debian-svm test-debian-vmx

all: harness bpf

# The packages each step needs (scripts/deps.sh says which): deps-build for
# any compile, deps-kernel, deps-boot and so on for the steps that need more.
deps-build:
	$(Q)scripts/deps.sh build
deps-kernel deps-boot deps-bpf deps-plot deps-guest deps-perf: deps-%:
	$(Q)scripts/deps.sh build $*

# Debian's perf, the outside witness validate runs in the booted kernel:
# dynamic, so staged with its libraries as a tree for the initramfs.
$(OUTPUT)/perf-tree: | $(OUTPUT)
	$(Q)scripts/deps.sh build perf
	$(Q)rm -rf $@ $@.tmp && mkdir $@.tmp && scripts/copy-with-libs.sh $@.tmp /usr/bin/perf && mv $@.tmp $@

# Debian's node_exporter, which serves kvmexits --textfile in the Debian
# boots: taken from its package, not installed, so that no service starts.
$(OUTPUT)/node-exporter-tree: | $(OUTPUT)
	$(Q)rm -rf $@ $@.tmp && mkdir -p $@.tmp/deb && cd $@.tmp/deb && \
	{ apt-get download -q prometheus-node-exporter >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && apt-get download -q prometheus-node-exporter >/dev/null; }; } && \
	dpkg-deb -x prometheus-node-exporter_*.deb x
	$(Q)mkdir -p $@.tmp/root && scripts/copy-with-libs.sh $@.tmp/root \
		$@.tmp/deb/x/usr/bin/prometheus-node-exporter=/usr/bin/prometheus-node-exporter && \
	mv $@.tmp/root $@ && rm -rf $@.tmp

$(OUTPUT):
	$(Q)mkdir -p $@

$(OUTPUT)/lib $(OUTPUT)/vmm:
	$(Q)mkdir -p $@

$(OUTPUT)/lib/%.o: lib/%.c $(LIB_HDR) | $(OUTPUT)/lib
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(OUTPUT)/vmm/%.o: harness/vmm/%.c $(VMM_HDR) | $(OUTPUT)/vmm
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(OUTPUT)/vmm/%.o: harness/vmm/%.S $(VMM_HDR) | $(OUTPUT)/vmm
	@echo "  AS      $@"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
$(VMM_A): $(VMM_OBJ)
$(LIB_A) $(VMM_A):
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# The programs the nested host runs: static, it has no libraries.
$(OUTPUT)/%: harness/%.c $(HARNESS_LIBS) $(VMM_HDR) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Iharness/vmm -o $@ $< $(HARNESS_LIBS) $(HARNESS_LDFLAGS) -lm

$(OUTPUT)/leafstat: $(GUEST_SRC) $(wildcard guest/*.h) $(LIB_A) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -static -o $@ $(GUEST_SRC) $(LIB_A) -ljson-c -lm

$(OUTPUT)/ttydrain $(OUTPUT)/asuser: $(OUTPUT)/%: tests/boot/%.c | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -static -o $@ $<

harness: deps-build $(HARNESS_BIN)

# Runs on the build host: the primitives' cost on its real CPU.
$(OUTPUT)/primcost: report/primcost.c $(LIB_A) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIB_A) -ljson-c -lm -lpthread

# Judges the node_exporter scrape against kvmexits -J in the Debian boots.
TEXTFILE_CHECK_SRC := harness/textfile_check.c harness/textfile_compare.c
$(OUTPUT)/textfile-check: $(TEXTFILE_CHECK_SRC) harness/textfile_compare.h $(LIB_A) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(TEXTFILE_CHECK_SRC) $(LIB_A) -static -ljson-c

# BPF: vmlinux.h from the BTF of the kernel the program runs on (the test
# kernel by default; VMLINUX_BTF=/sys/kernel/btf/vmlinux for this host),
# then the object, its skeleton, and static binaries linked with libbpf.
VMLINUX_BTF ?=
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86
BPF_LIB := bpf/exits.c bpf/exits_snapshot.c bpf/exits_probe.c bpf/exits_vm.c
BPF_LDLIBS := -lbpf -lelf -lz -lzstd
BPF_BIN := $(OUTPUT)/kvmexits $(OUTPUT)/bpf-e2e $(OUTPUT)/validate \
	   $(OUTPUT)/bench
KERNEL_INPUTS := kernel-patch/series $(wildcard kernel-patch/*.patch) \
		 kernel-patch/configs/test.config scripts/kernel-build.sh

$(OUTPUT)/vmlinux.h: $(or $(VMLINUX_BTF),$(KERNEL_INPUTS)) | $(OUTPUT)
	@echo "  BTF     $@"
	$(Q)btf='$(VMLINUX_BTF)'; \
	[ -n "$$btf" ] || btf=$$(scripts/kernel-build.sh test)/vmlinux; \
	bpftool btf dump file "$$btf" format c >$@.tmp && mv $@.tmp $@

$(OUTPUT)/exits.bpf.o: bpf/exits.bpf.c bpf/exits.h bpf/exits_core.h $(OUTPUT)/vmlinux.h
	@echo "  BPF     $@"
	$(Q)clang $(BPF_CFLAGS) -I$(OUTPUT) -Ibpf -c $< -o $@.tmp
	$(Q)llvm-strip -g $@.tmp && mv $@.tmp $@

$(OUTPUT)/exits.skel.h: $(OUTPUT)/exits.bpf.o
	@echo "  GEN-SKEL $@"
	$(Q)bpftool gen skeleton $< >$@.tmp && mv $@.tmp $@

KVMEXITS_SRC := bpf/kvmexits.c bpf/kvmexits_format.c bpf/kvmexits_vms.c \
		bpf/kvmexits_textfile.c $(BPF_LIB)
$(OUTPUT)/kvmexits: $(KVMEXITS_SRC) $(OUTPUT)/exits.skel.h $(wildcard bpf/*.h) $(LIB_A)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -I$(OUTPUT) -Ibpf -o $@ $(KVMEXITS_SRC) $(LIB_A) \
		-static $(BPF_LDLIBS) -ljson-c

# The harness's programs that also count with BPF.
BPF_HARNESS_DEPS := $(BPF_LIB) $(HARNESS_LIBS) $(VMM_HDR) $(OUTPUT)/exits.skel.h \
		    $(wildcard bpf/*.h)
define link_bpf_harness
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Iharness/vmm -I$(OUTPUT) -Ibpf -o $@ $(filter %.c,$^) \
		$(HARNESS_LIBS) $(HARNESS_LDFLAGS) $(BPF_LDLIBS) -ljson-c -lm
endef
$(OUTPUT)/bpf-e2e: harness/bpf_e2e.c $(BPF_HARNESS_DEPS)
	$(link_bpf_harness)
VALIDATE_SRC := harness/validate.c harness/validate_compare.c harness/validate_json.c \
		harness/workloads.c
$(OUTPUT)/validate: $(VALIDATE_SRC) harness/validate.h harness/workloads.h $(BPF_HARNESS_DEPS)
	$(link_bpf_harness)
$(OUTPUT)/bench: harness/bench.c harness/workloads.c harness/workloads.h $(BPF_HARNESS_DEPS)
	$(link_bpf_harness)

# On the build host: validate's verdicts again, from the raw counts it wrote,
# with the harness's own comparison (validate.h), the one interface it shares.
VALIDATE_CHECK_SRC := report/validate_check.c harness/validate_compare.c \
		      harness/validate_json.c harness/workloads.c bpf/exits_snapshot.c
$(OUTPUT)/validate_check: $(VALIDATE_CHECK_SRC) harness/validate.h harness/workloads.h \
			  $(HARNESS_LIBS) $(VMM_HDR) $(wildcard bpf/*.h) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Iharness -Iharness/vmm -Ibpf -o $@ $(VALIDATE_CHECK_SRC) $(HARNESS_LIBS) \
		-ljson-c -lm -lpthread

$(OUTPUT)/nested_check: report/nested_check.c report/nested_checks.c \
			report/nested_checks.h $(LIB_A) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< report/nested_checks.c $(LIB_A) -ljson-c

bpf: deps-bpf $(BPF_BIN)

# bpf/kvmexits_example.txt, from real runs on both vendors.
bpf-example: kernel deps-boot harness bpf
	$(Q)scripts/example.sh bpf "$$(scripts/kernel-build.sh test)" $(OUTPUT)

# guest/leafstat_example.txt, from real runs in a Linux guest on both vendors.
guest-example: kernel deps-boot deps-bpf deps-plot deps-guest harness bpf $(OUTPUT)/nested_check
	$(Q)scripts/example.sh guest "$$(scripts/kernel-build.sh test)" $(OUTPUT)

# The test kernel, with the patched and the stock KVM modules; the debug
# kernel, the same with the kernel's checkers (configs/debug.config).
kernel: deps-kernel
	$(Q)scripts/kernel-build.sh test >/dev/null
kernel-debug: deps-kernel
	$(Q)scripts/kernel-build.sh debug >/dev/null

# Boot the test kernel on both vendors, with RUN_CPUS CPUs for bench's
# scaling over 1, 2, 4... vCPUs: the leaves as a guest reads them,
# validate on the full matrix, then bench, on the patched KVM modules, and
# bench again on the stock ones, swapped in within the same boot; then a
# Linux guest inside it (its boot's exit census and exit-to-entry times).
# The JSON comes back to $(OUTPUT)/run-VENDOR/, and report turns it into a
# new result set under $(RESULTS_ROOT).
# QUICK=1 is the short mode make test runs: fewer samples, same pipeline.
RESULTS_ROOT ?= results
QUICK ?=
# VENDORS=vmx boots one vendor again and reports it with the other's last
# run (still in $(OUTPUT)/run-svm).  Under Bochs the full validate, with
# perf started for every window, takes longer than boot.sh's default.
VENDORS ?= svm vmx
RUN_TIMEOUT ?= $(if $(QUICK),900,3600)
# make test's run takes 2: under Bochs 4 CPUs add two minutes to the boot.
RUN_CPUS ?= 4
run: kernel deps-boot deps-plot deps-guest harness bpf debian-bpf \
		$(OUTPUT)/report $(OUTPUT)/primcost $(OUTPUT)/nested_check $(OUTPUT)/validate_check \
		$(OUTPUT)/perf-tree \
		$(OUTPUT)/textfile-check $(OUTPUT)/node-exporter-tree
	$(Q)OUTPUT=$(OUTPUT) VENDORS="$(VENDORS)" QUICK=$(QUICK) RUN_CPUS=$(RUN_CPUS) \
		RUN_TIMEOUT=$(RUN_TIMEOUT) RESULTS_ROOT=$(RESULTS_ROOT) \
		DEBIAN_DIR_FILE=$(DEBIAN_DIR) DEBIAN_BINS="$(DEBIAN_BINS)" \
		DEBIAN_REUSE=$(DEBIAN_REUSE) TEST_RESULTS=$(RESULTS) scripts/run.sh

# make run in its short mode, into $(OUTPUT): a complete result set must appear.
# The boots of Debian's kernel are those of the test-debian stages, which
# run the same script with the same settings (DEBIAN_REUSE), if they passed
# with the same modules; else make run boots it again.
test-run:
	$(Q)rm -rf $(OUTPUT)/results-quick
	$(call record,run,$(MAKE) --no-print-directory run-quick)

run-quick:
	$(Q)$(MAKE) --no-print-directory run QUICK=1 DEBIAN_REUSE=1 RUN_CPUS=2 \
		RESULTS_ROOT=$(OUTPUT)/results-quick || \
		{ echo "not ok 1 - make run QUICK=1"; echo "0 passed, 1 failed"; }
	$(Q)$(OUTPUT)/report --check $(OUTPUT)/results-quick

$(OUTPUT)/report: report/report.c $(REPORT_SRC) $(wildcard report/*.h) $(LIB_A) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ report/report.c $(REPORT_SRC) $(LIB_A) -ljson-c -lm

$(OUTPUT)/unit: $(UNIT_SRC) $(wildcard tests/unit/*.h harness/*.h report/*.h guest/*.h) \
		$(HARNESS_LIBS) $(VMM_HDR) \
		$(wildcard bpf/*.h) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Ibpf -Iharness/vmm -o $@ $(UNIT_SRC) $(HARNESS_LIBS) -ljson-c -lm -lbpf

# Each test stage leaves its output, ending in "N passed, N failed", in
# $(RESULTS); a stage that dies before printing that line, or ends with a
# non-zero status without a failed count, counts one failure more.
define record
	$(Q)mkdir -p $(RESULTS)
	$(Q)rc=0; { $(2); } 2>&1 | tee $(RESULTS)/$(1).txt || rc=$$?; \
	if [ $$rc -ne 0 ] && ! grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed' $(RESULTS)/$(1).txt || \
	   ! grep -Eq '^[0-9]+ passed, [0-9]+ failed' $(RESULTS)/$(1).txt; then \
		echo "not ok 1 - $(1) ends with status 0 or a failed count (status $$rc, no failed count)" | tee -a $(RESULTS)/$(1).txt; \
		echo "0 passed, 1 failed" | tee -a $(RESULTS)/$(1).txt; \
		[ $$rc -ne 0 ] || rc=1; \
	fi; exit $$rc
endef

test-unit: deps-build deps-plot deps-bpf $(OUTPUT)/unit
	$(call record,unit,$(OUTPUT)/unit)

test-patches: deps-kernel
	$(call record,patches,tests/check-patches.sh)

# On the build host: the engine each vendor boots with, report on a results
# folder that is read-only or full (with make run's raw files, which
# test-run leaves), and Ctrl-C in the middle of make run.
test-host: deps-boot deps-plot $(OUTPUT)/report
	$(call record,host,for t in tests/host/*.sh; do $$t || rc=1; done; exit $${rc:-0})

# In the booted test kernel, per vendor:
# booted_test(name,vendor,run script,binaries[,kernel arguments[,run timeout
# [,BOOT_TIMING[,folder the files it sends back go to[,command that judges
# them on the build host]]]]]).
define booted_test
	$(if $(8),$(Q)rm -rf $(strip $(8)))
	$(call record,$(1),BOOT_FILES="$(strip $(8))" BOOT_APPEND="$(5)" RUN_TIMEOUT=$(or $(6),600) \
		BOOT_TIMING=$(or $(7),0) scripts/boot.sh $(2) \
		"$$(scripts/kernel-build.sh test)" harness/runs/$(3) $(OUTPUT)/ttydrain $(4); \
		rc=$$?; $(if $(9),$(9) || rc=1;) exit $$rc)
endef

test-e2e-svm test-e2e-vmx: test-e2e-%: kernel deps-boot harness
	$(call booted_test,e2e-$*,$*,e2e.sh,$(OUTPUT)/e2e)

# Full preemption, so that a vCPU can lose its CPU in the middle of an exit.
test-stress-svm test-stress-vmx: test-stress-%: kernel deps-boot deps-bpf harness bpf
	$(call booted_test,stress-$*,$*,stress.sh,$(OUTPUT)/stress $(OUTPUT)/validate,preempt=full)

# On the debug kernel: e2e, a short validate, the stress test; no report in
# the kernel log, no leak.  no5lvl: with 5-level paging (QEMU's -cpu max has
# LA57), 6.12's identify_cpu() clears the boot CPU's feature bits for a
# moment, pgtable_l5_enabled() reads false, and an interrupt then makes
# KASAN report a wild access in rcu_is_watching(): a boot-time false report
# that depends on when the timer fires, nothing to do with KVM.
test-debug: test-debug-svm test-debug-vmx
test-debug-svm test-debug-vmx: test-debug-%: kernel-debug deps-boot deps-bpf harness bpf
	$(call record,debug-$*,BOOT_TIMEOUT=1800 RUN_TIMEOUT=7200 BOOT_APPEND='preempt=full no5lvl' scripts/boot.sh $* \
		"$$(scripts/kernel-build.sh debug)" harness/runs/debug.sh $(OUTPUT)/ttydrain \
		$(OUTPUT)/e2e $(OUTPUT)/validate $(OUTPUT)/stress)

# Debian's own kernel, unpacked from its package (by default the one
# linux-image-6.12-amd64 installs; DEBIAN_KERNEL=$(uname -r) on a Debian
# host): the patched KVM modules built for it, and the BPF programs built
# against its BTF into $(DEBIAN_OUT).
DEBIAN_KERNEL ?=
DEBIAN_REUSE ?=
DEBIAN_OUT := $(OUTPUT)/debian
DEBIAN_BINS := $(OUTPUT)/ttydrain $(OUTPUT)/e2e $(OUTPUT)/showleaves $(DEBIAN_OUT)/validate \
	       $(DEBIAN_OUT)/bench $(DEBIAN_OUT)/kvmexits $(OUTPUT)/textfile-check \
	       $(OUTPUT)/node-exporter-tree
# The cache folder is looked up once, here, into $(DEBIAN_DIR).
DEBIAN_DIR := $(OUTPUT)/debian-dir
debian-modules: deps-kernel | $(OUTPUT)
	$(Q)dir=$$(scripts/debian-modules.sh $(DEBIAN_KERNEL)) && [ -f "$$dir/version" ] && \
	echo "$$dir" >$(DEBIAN_DIR) && \
	echo "patched KVM modules for $$(cut -d' ' -f3 $$dir/version): $$dir/modules/patched"

debian-bpf: deps-bpf debian-modules
	$(Q)$(MAKE) --no-print-directory OUTPUT=$(DEBIAN_OUT) VMLINUX_BTF=$$(cat $(DEBIAN_DIR))/vmlinux \
		$(DEBIAN_OUT)/kvmexits $(DEBIAN_OUT)/validate $(DEBIAN_OUT)/bench

# Debian's kernel booted as shipped, with the patched modules and Debian's
# stock ones swapped in one boot (harness/runs/debian.sh).
test-debian-svm test-debian-vmx: test-debian-%: debian-bpf deps-boot harness \
		$(OUTPUT)/textfile-check $(OUTPUT)/node-exporter-tree
	$(Q)rm -rf $(OUTPUT)/test-debian-$*
	$(call record,debian-$*,BOOT_TIMING=1 BOOT_APPEND=lab.quick=1 RUN_TIMEOUT=1200 \
		BOOT_FILES=$(OUTPUT)/test-debian-$* scripts/boot.sh $* "$$(cat $(DEBIAN_DIR))" \
		harness/runs/debian.sh $(DEBIAN_BINS) && \
		cp "$$(cat $(DEBIAN_DIR))/version" $(OUTPUT)/test-debian-$*/version)

# KVM's own selftests, on the patched modules and then on the stock ones,
# in one boot; harness/selftests.list says which run here and why not others.
$(OUTPUT)/selftests-tree: harness/selftests.list kernel | $(OUTPUT)
	$(Q)rm -rf $@ && mkdir -p $@/lab/selftests
	$(Q)kdir=$$(scripts/kernel-build.sh test); \
	for t in $$(awk '$$1 == "run" { print $$2 }' harness/selftests.list); do \
		mkdir -p $@/lab/selftests/$$(dirname $$t); \
		cp $$kdir/selftests/$$t $@/lab/selftests/$$t; \
	done
	$(Q)cp harness/selftests.list $@/lab/selftests/list

test-selftests-svm test-selftests-vmx: test-selftests-%: kernel deps-boot harness \
		$(OUTPUT)/selftests-tree
	$(call booted_test,selftests-$*,$*,selftests.sh,$(OUTPUT)/selftests-tree)

# Every failure named: the tools without root, without KVM, on the stock
# modules, and on a kvm module without its BTF (the patched set, stripped
# of it here).
$(OUTPUT)/failures-tree: kernel | $(OUTPUT)
	$(Q)rm -rf $@ && mkdir -p $@/lab/modules/nobtf
	$(Q)kdir=$$(scripts/kernel-build.sh test); \
	for m in $$kdir/modules/patched/*.ko; do \
		objcopy --remove-section=.BTF $$m $@/lab/modules/nobtf/$$(basename $$m); \
	done

test-failures-svm test-failures-vmx: test-failures-%: kernel deps-boot deps-bpf harness bpf \
		$(OUTPUT)/failures-tree
	$(call booted_test,failures-$*,$*,failures.sh,$(OUTPUT)/asuser $(OUTPUT)/validate \
		$(OUTPUT)/e2e $(OUTPUT)/stress $(OUTPUT)/kvmexits $(OUTPUT)/failures-tree)

# A nested guest that never boots: the guest stage's tree, with
# nested-guest.sh itself to run with a broken guest.
test-guest-fails-svm test-guest-fails-vmx: test-guest-fails-%: kernel deps-boot deps-bpf \
		deps-plot deps-guest harness bpf
	$(Q)scripts/stage-nested-guest.sh $(OUTPUT)/nested-$* "$$(scripts/kernel-build.sh test)" \
		harness/runs/guest-leafstat.sh $(OUTPUT)/ttydrain $(OUTPUT)/leafstat
	$(Q)install -D -m 644 harness/runs/nested-guest.sh $(OUTPUT)/nested-$*/lab/nested-guest.sh
	$(call booted_test,guest-fails-$*,$*,guest-fails.sh,$(OUTPUT)/kvmexits \
		$(OUTPUT)/nested-$*,,,1)

# Expedited RCU: a vCPU that moves to a new thread waits for a grace
# period, and the test runs 8500 such threads.
test-bpf-svm test-bpf-vmx: test-bpf-%: kernel deps-boot deps-bpf harness bpf
	$(call booted_test,bpf-$*,$*,bpf-e2e.sh,$(OUTPUT)/bpf-e2e,rcupdate.rcu_expedited=1)

# Under Bochs, with perf running, the timer workload's windows sometimes take
# minutes (one validate-vmx took 355 s where another took 109 s).
# validate measures in the booted kernel; its raw counts come back, and the
# build host compares the sources again from them (validate_check).
test-validate-svm test-validate-vmx: test-validate-%: kernel deps-boot deps-bpf harness bpf \
		$(OUTPUT)/perf-tree $(OUTPUT)/validate_check
	$(call booted_test,validate-$*,$*,validate-test.sh,$(OUTPUT)/validate $(OUTPUT)/perf-tree,,1200,, \
		$(OUTPUT)/validate-files-$*,$(OUTPUT)/validate_check $(OUTPUT)/validate-files-$*/validate.json)

test-bench-svm test-bench-vmx: test-bench-%: kernel deps-boot deps-bpf harness bpf
	$(call booted_test,bench-$*,$*,bench-test.sh,$(OUTPUT)/bench,,,1)

# A Linux guest inside the test kernel: QEMU with KVM boots the same
# bzImage with leafstat and Debian's cpuid tool; its tree is staged first.
# Its boot census is timed, so SVM runs under QEMU -icount here too; under
# plain TCG the guest stalled or panicked in 12 boots of 12 in one make
# test (page faults in a loop at its entry trampoline), never under -icount.
test-guest-svm test-guest-vmx: test-guest-%: kernel deps-boot deps-bpf deps-plot deps-guest \
		harness bpf $(OUTPUT)/nested_check
	$(call record,guest-$*,BOOT_TIMING=1 scripts/boot-nested-guest.sh $* \
		"$$(scripts/kernel-build.sh test)" $(OUTPUT))

# Add up the "N passed, N failed" lines of the files given.
add_counts = grep -hE '^[0-9]+ passed, [0-9]+ failed' $(1) | \
	awk '{ p += $$1; f += $$3 } END { printf "%d passed, %d failed\n", p, f }'

# All tests; the last line adds up every stage's counts, and a stage that
# left no output at all counts as one failure.
# The debug kernel runs here on SVM only: under Bochs it boots and runs some
# ten times slower than the test kernel, past any time make test has (make
# test-debug runs both vendors).
# Stages run in this order; the two of a pair joined by + run at once, one
# emulator on each core (QEMU's TCG, one thread, and Bochs): only stages
# whose checks count, never those that time (stress, debug, bench, run)
# nor KVM's selftests, whose IPI tests expect progress every second (on
# SVM, xapic_ipi_test and hyperv_ipi failed so in one of three paired runs).
TEST_GROUPS := unit patches e2e-svm+e2e-vmx stress-svm stress-vmx selftests-svm selftests-vmx \
	       debug-svm failures-svm+failures-vmx guest-fails-svm \
	       bpf-svm+bpf-vmx validate-svm+validate-vmx \
	       bench-svm bench-vmx guest-svm+guest-vmx debian-svm+debian-vmx run host
TEST_STAGES := $(subst +, ,$(TEST_GROUPS))
test:
	$(Q)rm -rf $(RESULTS)
	$(Q)rc=0; for group in $(TEST_GROUPS); do \
		$(MAKE) --no-print-directory -k -j2 $$(echo $$group | tr + ' ' | sed 's/[^ ]*/test-&/g') \
			|| rc=$$?; \
	done; \
	echo "=== summary"; \
	for stage in $(TEST_STAGES); do \
		f=$(RESULTS)/$$stage.txt; \
		[ -f $$f ] || { mkdir -p $(RESULTS); echo "0 passed, 1 failed" >$$f; rc=1; }; \
		printf '%-12s %s\n' "$$stage" "$$($(call add_counts,$$f))"; \
	done; \
	echo "=== failed checks, with what they printed (CI shows only the tail of the log)"; \
	for stage in $(TEST_STAGES); do \
		awk -v s=$$stage -f tests/failed-checks.awk $(RESULTS)/$$stage.txt; \
	done | head -n 40 || true; \
	$(call add_counts,$(RESULTS)/*.txt); \
	exit $$rc

clean:
	rm -rf $(OUTPUT)
