#!/bin/bash
# make run's boots and report, built by the Makefile beforehand: per vendor,
# the test kernel (the leaves read by a guest, validate, bench on the
# patched and the stock modules), a Linux guest inside it, and Debian's own
# kernel; then the primitives on this host's CPU, the environment block and
# the result set.  The raw JSON comes back to $OUTPUT/run-*/.
# env (from the Makefile): OUTPUT, VENDORS, QUICK, RUN_CPUS, RUN_TIMEOUT,
#   RESULTS_ROOT, DEBIAN_DIR_FILE (holds the Debian kernel's folder),
#   DEBIAN_BINS, DEBIAN_REUSE and TEST_RESULTS (reuse make test's Debian
#   boots when they passed with the same modules)
set -uo pipefail

: "${OUTPUT:?}" "${VENDORS:?}" "${RUN_CPUS:?}" "${RUN_TIMEOUT:?}" "${RESULTS_ROOT:?}"
: "${DEBIAN_DIR_FILE:?}" "${DEBIAN_BINS:?}"
QUICK=${QUICK:-}
DEBIAN_REUSE=${DEBIAN_REUSE:-}
TEST_RESULTS=${TEST_RESULTS:-}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

kdir=$(scripts/kernel-build.sh test) || exit 1
ddir=$(cat "$DEBIAN_DIR_FILE") || exit 1
quick=
[ -z "$QUICK" ] || quick=lab.quick=1
rc=0

# The Debian boot of make test's test-debian stage, if it passed with the
# same modules and settings.
debian_reusable() {	# vendor
	[ -n "$DEBIAN_REUSE" ] && cmp -s "$OUTPUT/test-debian-$1/version" "$ddir/version" &&
		[ -f "$TEST_RESULTS/debian-$1.txt" ] &&
		! grep -Eq '^[0-9]+ passed, [1-9]' "$TEST_RESULTS/debian-$1.txt"
}

for vendor in $VENDORS; do
	files=$OUTPUT/run-$vendor
	rm -rf "$files"
	echo "=== $vendor: leaves read by a guest, validate, bench (patched and stock modules)"
	BOOT_TIMING=1 BOOT_CPUS=$RUN_CPUS BOOT_APPEND=$quick BOOT_FILES=$files \
		RUN_TIMEOUT=$RUN_TIMEOUT scripts/boot.sh "$vendor" "$kdir" \
		harness/runs/make-run.sh "$OUTPUT/ttydrain" "$OUTPUT/showleaves" \
		"$OUTPUT/validate" "$OUTPUT/bench" "$OUTPUT/perf-tree" || rc=1
	echo "=== $vendor: a Linux guest's boot, counted by the leaves and BPF"
	BOOT_TIMING=1 BOOT_FILES=$files scripts/boot-nested-guest.sh "$vendor" "$kdir" \
		"$OUTPUT" || rc=1
	echo "=== $vendor: Debian's own kernel, bench on the patched and on Debian's KVM modules"
	files=$OUTPUT/run-debian-$vendor
	rm -rf "$files"
	if debian_reusable "$vendor"; then
		echo "(the files of this make test's test-debian-$vendor boot, which passed: same settings)"
		cp -r "$OUTPUT/test-debian-$vendor" "$files"
	else
		# shellcheck disable=SC2086 # a list of binaries
		BOOT_TIMING=1 BOOT_APPEND=$quick BOOT_FILES=$files RUN_TIMEOUT=$RUN_TIMEOUT \
			scripts/boot.sh "$vendor" "$ddir" harness/runs/debian.sh $DEBIAN_BINS || rc=1
	fi
done

echo "=== validate's verdicts again, on this host, from the raw counts (validate_check)"
for vendor in $VENDORS; do
	"$OUTPUT/validate_check" "$OUTPUT/run-$vendor/validate.json" || rc=1
done

echo "=== the primitives' cost on this host's CPU (primcost)"
rm -rf "$OUTPUT/run-host" && mkdir -p "$OUTPUT/run-host" || exit 1
if [ -n "$QUICK" ]; then
	"$OUTPUT/primcost" -r 11 -n 262144 -o "$OUTPUT/run-host/primcost.json" || rc=1
else
	"$OUTPUT/primcost" -r 31 -o "$OUTPUT/run-host/primcost.json" || rc=1
fi

command="make run"
[ -z "$QUICK" ] || command="$command QUICK=1 (the short mode of make test: few samples)"
[ "$VENDORS" = "svm vmx" ] ||
	command="$command VENDORS=$VENDORS (the other vendor from the run before)"
cpuinfo() { sed -n "s/^$1[^:]*: //p" /proc/cpuinfo | head -n 1; }
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "command: $command"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
	echo "host CPU: $(cpuinfo 'model name') ($(cpuinfo vendor_id)), $(nproc) CPUs"
	echo "svm: $(cat "$OUTPUT/run-svm/engine.txt")"
	echo "vmx: $(cat "$OUTPUT/run-vmx/engine.txt")"
	echo "nested host: $RUN_CPUS CPUs for validate and bench (bench's scaling up to one vCPU per CPU), 2 for the Linux guest's and Debian's boots"
	echo "Linux guest: the patched bzImage under QEMU -M pc -accel kvm inside the test kernel, 1 vCPU, 256 MiB"
	echo "kernel: $(cat "$kdir/version"), KVM as modules"
	echo "baseline: the stock KVM modules (the same source without the series) of that kernel, swapped in within the same boot"
	echo "series: sha256 $(cat kernel-patch/series kernel-patch/0*.patch | sha256sum | cut -c1-16)"
	echo "config: kernel-patch/configs/test.config sha256 $(sha256sum <kernel-patch/configs/test.config | cut -c1-16)"
	echo "debian: Debian's own kernel $(cut -d' ' -f3 "$ddir/version") ($(cut -d' ' -f1 "$ddir/version")), unpacked from its package and booted as shipped, with the patched KVM modules built for it (scripts/debian-modules.sh); baseline: Debian's own KVM modules, swapped in within the same boot"
	echo "cycles: TSC cycles of the nested host, what the engine's label above says they are (with -icount shift=0 and under Bochs: one per instruction)"
} >"$OUTPUT/env.txt"

[ $rc -ne 0 ] || "$OUTPUT/report" "$RESULTS_ROOT" "$OUTPUT/env.txt" \
	svm="$OUTPUT/run-svm" vmx="$OUTPUT/run-vmx" \
	debian-svm="$OUTPUT/run-debian-svm" debian-vmx="$OUTPUT/run-debian-vmx" \
	host="$OUTPUT/run-host" || rc=1
exit $rc
