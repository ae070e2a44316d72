#!/bin/sh
# Which engine runs the test kernel as a nested KVM host for VENDOR:
#   qemu-kvm         QEMU with this host's KVM: a /dev/kvm that we can open,
#                    on a CPU that has the vendor's virtualization, with the
#                    vendor module's nested on
#   qemu-tcg         QEMU's software emulation, which emulates AMD SVM
#   qemu-tcg-icount  the same with -icount shift=0, for boots that time
#                    (--timing): the TSC then counts instructions
#   bochs            Bochs, which emulates Intel VMX; its TSC counts
#                    instructions
# A /dev/kvm on a CPU that shows neither svm nor vmx (a paravirtual KVM
# module) is no KVM for this.  --label prints what the engine's timings are
# instead of its name.  The paths can be changed for tests: LAB_CPUINFO,
# LAB_DEV_KVM, LAB_KVM_INTEL_NESTED, LAB_KVM_AMD_NESTED.
# usage: boot-engine.sh [--timing] [--label] svm|vmx
set -eu

usage="usage: boot-engine.sh [--timing] [--label] svm|vmx"
timing='' label=''
while [ $# -gt 1 ]; do
	case $1 in
	--timing)	timing=1 ;;
	--label)	label=1 ;;
	*)		echo "boot-engine.sh: unknown option '$1'; $usage" >&2; exit 2 ;;
	esac
	shift
done
vendor=${1:?$usage}
cpuinfo=${LAB_CPUINFO:-/proc/cpuinfo}
dev_kvm=${LAB_DEV_KVM:-/dev/kvm}
intel_nested=${LAB_KVM_INTEL_NESTED:-/sys/module/kvm_intel/parameters/nested}
amd_nested=${LAB_KVM_AMD_NESTED:-/sys/module/kvm_amd/parameters/nested}

# kvm_intel says Y or N, kvm_amd 1 or 0.
nested_on() {
	case $(cat "$1" 2>/dev/null) in
	Y|1)	return 0 ;;
	*)	return 1 ;;
	esac
}

usable_kvm() {
	[ -r "$dev_kvm" ] && [ -w "$dev_kvm" ] || return 1
	case $vendor in
	svm) grep -qw svm "$cpuinfo" && nested_on "$amd_nested" ;;
	vmx) grep -qw vmx "$cpuinfo" && nested_on "$intel_nested" ;;
	esac
}

case $vendor in
svm)	if usable_kvm; then engine=qemu-kvm
	elif [ -n "$timing" ]; then engine=qemu-tcg-icount
	else engine=qemu-tcg; fi ;;
vmx)	if usable_kvm; then engine=qemu-kvm; else engine=bochs; fi ;;
*)	echo "boot-engine.sh: vendor must be svm or vmx, not '$vendor'" >&2; exit 2 ;;
esac

if [ -z "$label" ]; then
	echo "$engine"
	exit 0
fi
case $engine in
qemu-kvm)	 echo "hardware: QEMU with KVM -cpu host ($vendor), timings are real CPU cycles" ;;
qemu-tcg)	 echo "emulated: QEMU TCG -cpu max, AMD SVM; the TSC follows the host's clock, timings are emulated and vary" ;;
qemu-tcg-icount) echo "emulated: QEMU TCG -cpu max -icount shift=0, AMD SVM; the TSC counts instructions, timings are instructions" ;;
bochs)		 echo "emulated: Bochs corei7_haswell_4770, Intel VMX; the TSC counts instructions, timings are instructions" ;;
esac
