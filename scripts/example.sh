#!/bin/sh
# Write a tool's example file from real runs in the booted test kernel, on
# both vendors:
#   bpf    bpf/kvmexits_example.txt: kvmexits counting a guest workload
#   guest  guest/leafstat_example.txt: leafstat in a Linux guest
# usage: example.sh bpf|guest KERNEL_DIR OUTPUT_DIR
set -eu

usage="usage: example.sh bpf|guest KERNEL_DIR OUTPUT_DIR"
which=${1:?$usage}
kdir=${2:?$usage}
bin=${3:?$usage}
top=$(cd "$(dirname "$0")/.." && pwd)
case $which in
bpf)	out=$top/bpf/kvmexits_example.txt ;;
guest)	out=$top/guest/leafstat_example.txt ;;
*)	echo "$usage" >&2; exit 2 ;;
esac
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT

header() {
	case $which in
	bpf) cat <<'HEAD' ;;
Demonstrations of kvmexits, the BPF count of KVM VM-exits.

Both runs are real: the project's test kernel (Linux 6.12.117 with the
series), booted as a nested KVM host by scripts/boot.sh, running
`showleaves vm` as the guest workload (1000 CPUID, 100 OUT, 10 HLT and 50
hypercalls, plus the harness's ucalls) while kvmexits counted.  The nested
hosts are emulated (QEMU TCG for AMD SVM, Bochs for Intel VMX), so every
time below is an emulated time: read the shapes, not the microseconds.
`make bpf-example` writes this file again (bpf/kvmexits_example.run is
what runs in the booted kernel).

FASTPATH counts the exits KVM finished in its fastpath.  On VMX the HLTs
are there: 6.12's stable releases finish HLT in the fastpath, and hand it
to userspace (fastpath_userspace in the CSV) when the VM has no in-kernel
APIC, as here.  On SVM under TCG, kvm_amd.nrips=0 keeps the fastpath off.
UNTIMED counts exits not followed by an entry of their vCPU: the last exit
of a vCPU thread before it ends.

-V adds the VMs, named as KVM's debugfs names them (PID-FD), with the
process that ran them and its command; --vcpus their vCPUs.  --textfile
writes what node_exporter's textfile collector serves to Prometheus:
counters per type and per (live VM, type), histograms of exit-to-entry
time per type, and each live VM's drift (KVM's count less kvmexits').
-S splits each type's exit-to-entry time: KVM% is KVM's own handling,
VMM% the VMM's (from KVM_RUN's return to its next call; per KVM_EXIT_*
reason below), BLOCKED% and RUNNABLE% the vCPU thread's time off its CPU,
waiting or preempted; the percentiles come from slots a quarter of a
power of two wide.
HEAD
	guest) cat <<'HEAD' ;;
Demonstrations of leafstat, the exit statistics a KVM guest reads from the
CPUID leaves 0x4ffffffc..0x4fffffff.

Both runs are real: a Linux guest (the project's test kernel, Linux
6.12.117 with the series) booted by QEMU -M pc -accel kvm inside the same
kernel, itself booted as a nested KVM host by scripts/boot.sh, with
kvm.exit_stats_scope=vm.  The nested hosts are emulated (QEMU TCG for AMD
SVM, Bochs for Intel VMX), so cycles are emulated cycles: read the
shapes, not the numbers.  Debian's cpuid tool reads the total leaf too.
`make guest-example` writes this file again (harness/runs/guest-leafstat.sh
is what runs in the guest).
HEAD
	esac
}

run_on() {
	case $which in
	bpf)
		"$top/scripts/boot.sh" "$1" "$kdir" "$top/bpf/kvmexits_example.run" \
			"$bin/ttydrain" "$bin/kvmexits" "$bin/showleaves" |
			grep -v '^Counting'
		;;
	guest)
		files=$bin/guest-example-$1
		rm -rf "$files"
		# The example is only good if the guest's checks passed.
		if ! BOOT_FILES=$files "$top/scripts/boot-nested-guest.sh" "$1" "$kdir" \
			"$bin" >"$files.log" 2>&1; then
			grep -v '^guest| ' "$files.log" >&2
			echo "example.sh: the guest run on $1 failed (log: $files.log)" >&2
			return 1
		fi
		cat "$files/leafstat-example.txt"
		;;
	esac
}

header >"$tmp"
for vendor in svm vmx; do
	case $vendor in
	svm) echo "=== AMD SVM under QEMU TCG" ;;
	vmx) echo "=== Intel VMX under Bochs" ;;
	esac >>"$tmp"
	run_on "$vendor" >>"$tmp"
	echo >>"$tmp"
done
mv "$tmp" "$out"
echo "wrote $out" >&2
