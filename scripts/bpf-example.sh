#!/bin/sh
# Write bpf/kvmexits_example.txt from real runs of kvmexits in the booted
# test kernel, on both vendors.
# usage: bpf-example.sh KERNEL_DIR OUTPUT_DIR
set -eu

kdir=${1:?usage: bpf-example.sh KERNEL_DIR OUTPUT_DIR}
bin=${2:?usage: bpf-example.sh KERNEL_DIR OUTPUT_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/bpf/kvmexits_example.txt
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT

cat >"$tmp" <<'HEAD'
Demonstrations of kvmexits, the BPF count of KVM VM-exits.

Both runs are real: the project's test kernel (Linux 6.12.117 with the
series), booted as a nested KVM host by scripts/boot.sh, running
`showleaves vm` as the guest workload (1000 CPUID, 100 OUT, 10 HLT and 50
hypercalls, plus the harness's ucalls) while kvmexits counted.  The nested
hosts are emulated (QEMU TCG for AMD SVM, Bochs for Intel VMX), so every
time below is an emulated time: read the shapes, not the microseconds.
`make bpf-example` writes this file again (bpf/kvmexits_example.run is
what runs in the booted kernel).

FASTPATH is 0 here because this workload takes no fastpath exit; an x2APIC
ICR write loop on VMX shows every one of its exits there (make test-bpf-vmx).
HEAD

for vendor in svm vmx; do
	case $vendor in
	svm) echo "=== AMD SVM under QEMU TCG" ;;
	vmx) echo "=== Intel VMX under Bochs" ;;
	esac >>"$tmp"
	"$top/scripts/boot.sh" "$vendor" "$kdir" "$top/bpf/kvmexits_example.run" \
		"$bin/ttydrain" "$bin/kvmexits" "$bin/showleaves" |
		grep -v '^Counting' >>"$tmp"
	echo >>"$tmp"
done
mv "$tmp" "$out"
echo "wrote $out" >&2
