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
.SHELLFLAGS := -o pipefail -ec

ifeq ($(V),1)
Q =
else
Q = @
endif

HARNESS_LIB := $(addprefix harness/lib/,kvm_vm.c kvm_stats.c kvm_params.c \
		exit_types.c guest.S)
HARNESS_HDR := $(wildcard harness/lib/*.h)
HARNESS_BIN := $(OUTPUT)/e2e $(OUTPUT)/showleaves $(OUTPUT)/ttydrain
UNIT_SRC := $(wildcard tests/unit/*.c) harness/lib/exit_types.c \
	    harness/lib/kvm_stats.c
RESULTS := $(OUTPUT)/results

.PHONY: all deps-build deps-kernel deps-boot kernel kernel-baseline harness \
	run test test-unit test-patches test-e2e-svm test-e2e-vmx clean

all: harness

deps-build:
	$(Q)scripts/deps.sh build
deps-kernel:
	$(Q)scripts/deps.sh build kernel
deps-boot:
	$(Q)scripts/deps.sh build boot

$(OUTPUT):
	$(Q)mkdir -p $@

$(OUTPUT)/%: harness/%.c $(HARNESS_LIB) $(HARNESS_HDR) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(HARNESS_LIB) $(HARNESS_LDFLAGS)

$(OUTPUT)/ttydrain: tests/boot/ttydrain.c | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -static -o $@ $<

harness: deps-build $(HARNESS_BIN)

# The patched test kernel, and the unpatched one of the same config.
kernel: deps-kernel
	$(Q)scripts/kernel-build.sh patched >/dev/null
kernel-baseline: deps-kernel
	$(Q)scripts/kernel-build.sh baseline >/dev/null

# Boot the patched kernel on both vendors and print the leaves from a guest.
run: kernel deps-boot harness
	$(Q)printf 'showleaves vm\necho\nshowleaves global\n' >$(OUTPUT)/run-showleaves.sh
	$(Q)kdir=$$(scripts/kernel-build.sh patched); \
	for vendor in svm vmx; do \
		echo "=== $$vendor: leaves read by a guest"; \
		scripts/boot.sh $$vendor "$$kdir" $(OUTPUT)/run-showleaves.sh \
			$(OUTPUT)/ttydrain $(OUTPUT)/showleaves; \
	done

$(OUTPUT)/unit: $(UNIT_SRC) $(wildcard tests/unit/*.h) $(HARNESS_HDR) | $(OUTPUT)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(UNIT_SRC)

# Each test stage leaves its output, ending in "N passed, N failed", in
# $(RESULTS); a stage that dies before printing that line counts as failed.
define record
	$(Q)mkdir -p $(RESULTS)
	$(Q)rc=0; { $(2); } 2>&1 | tee $(RESULTS)/$(1).txt || rc=$$?; \
	if ! grep -Eq '^[0-9]+ passed, [0-9]+ failed' $(RESULTS)/$(1).txt; then \
		echo "0 passed, 1 failed" | tee -a $(RESULTS)/$(1).txt; \
		[ $$rc -ne 0 ] || rc=1; \
	fi; exit $$rc
endef

test-unit: deps-build $(OUTPUT)/unit
	$(call record,unit,$(OUTPUT)/unit)

test-patches: deps-kernel
	$(call record,patches,tests/check-patches.sh)

test-e2e-svm test-e2e-vmx: test-e2e-%: kernel deps-boot harness
	$(Q)echo e2e >$(OUTPUT)/run-e2e.sh
	$(call record,e2e-$*,scripts/boot.sh $* "$$(scripts/kernel-build.sh patched)" \
		$(OUTPUT)/run-e2e.sh $(OUTPUT)/ttydrain $(OUTPUT)/e2e)

# All tests; the last line adds up every stage's counts.
test:
	$(Q)rm -rf $(RESULTS)
	$(Q)rc=0; $(MAKE) --no-print-directory -k test-unit test-patches \
		test-e2e-svm test-e2e-vmx || rc=$$?; \
	echo "=== summary"; \
	for f in $(RESULTS)/*.txt; do \
		printf '%-12s %s\n' "$$(basename $$f .txt)" \
			"$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $$f | tail -n 1)"; \
	done; \
	cat $(RESULTS)/*.txt | grep -E '^[0-9]+ passed, [0-9]+ failed' | \
		awk '{ p += $$1; f += $$3 } END { printf "%d passed, %d failed\n", p, f }'; \
	exit $$rc

clean:
	rm -rf $(OUTPUT)
