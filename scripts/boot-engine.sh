#!/bin/sh
# Which engine runs the test kernel as a nested KVM host for VENDOR:
#   qemu-kvm   QEMU with this host's KVM: a /dev/kvm that we can open, on a
#              CPU that has the vendor's virtualization (for VMX, with
#              kvm_intel's nested on)
#   qemu-tcg   QEMU's software emulation, which emulates AMD SVM
#   bochs      Bochs, which emulates Intel VMX
# A /dev/kvm on a CPU that shows neither svm nor vmx (a paravirtual KVM
# module) is no KVM for this.  The paths can be changed for tests:
# LAB_CPUINFO, LAB_DEV_KVM, LAB_KVM_INTEL_NESTED.
# usage: boot-engine.sh svm|vmx
set -eu

vendor=${1:?usage: boot-engine.sh svm|vmx}
cpuinfo=${LAB_CPUINFO:-/proc/cpuinfo}
dev_kvm=${LAB_DEV_KVM:-/dev/kvm}
nested=${LAB_KVM_INTEL_NESTED:-/sys/module/kvm_intel/parameters/nested}

usable_kvm() {
	[ -r "$dev_kvm" ] && [ -w "$dev_kvm" ] || return 1
	case $vendor in
	svm) grep -qw svm "$cpuinfo" ;;
	vmx) grep -qw vmx "$cpuinfo" &&
	     [ "$(cat "$nested" 2>/dev/null)" = Y ] ;;
	esac
}

case $vendor in
svm)	if usable_kvm; then echo qemu-kvm; else echo qemu-tcg; fi ;;
vmx)	if usable_kvm; then echo qemu-kvm; else echo bochs; fi ;;
*)	echo "boot-engine.sh: vendor must be svm or vmx, not '$vendor'" >&2; exit 2 ;;
esac
