#!/bin/sh
# Host test: scripts/boot-engine.sh picks the engine a user would want, from
# made-up /proc/cpuinfo files, /dev/kvm nodes and kvm_intel nested flags.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

# case [--timing] VENDOR "CPU FLAGS" DEV_KVM(yes|no) NESTED WANT WHY
# NESTED is the vendor module's parameter (Y/N for kvm_intel, 1/0 for
# kvm_amd) or none; WANT the engine and the start of its label.
pick() {
	LAB_CPUINFO=$tmp/cpuinfo LAB_DEV_KVM=$tmp/kvm LAB_KVM_INTEL_NESTED=$tmp/nested \
	LAB_KVM_AMD_NESTED=$tmp/nested "$top/scripts/boot-engine.sh" "$@" 2>&1
}

case_() {
	timing=
	[ "$1" != --timing ] || { timing=--timing; shift; }
	printf 'processor\t: 0\nflags\t\t: fpu tsc %s\n' "$2" >"$tmp/cpuinfo"
	rm -f "$tmp/kvm" "$tmp/nested"
	[ "$3" = no ] || : >"$tmp/kvm"
	[ "$4" = none ] || echo "$4" >"$tmp/nested"
	# shellcheck disable=SC2086
	got_engine=$(pick $timing "$1")
	# shellcheck disable=SC2086
	got_label=$(pick $timing --label "$1")
	[ "$got_engine" = "$5" ]
	result $? "boot-engine: $7: $got_engine (want $5)"
	case $got_label in
	"$6"*)	result 0 "boot-engine: $7: labelled '$got_label'" ;;
	*)	result 1 "boot-engine: $7: labelled '$got_label', want '$6...'" ;;
	esac
}

hw="hardware: QEMU with KVM"
tcg="emulated: QEMU TCG -cpu max, AMD SVM; the TSC follows the host's clock"
icount="emulated: QEMU TCG -cpu max -icount shift=0, AMD SVM; the TSC counts instructions"
bochs="emulated: Bochs corei7_haswell_4770, Intel VMX; the TSC counts instructions"
case_ svm "svm npt" yes 1 qemu-kvm "$hw" "an AMD host with /dev/kvm"
case_ --timing svm "svm npt" yes 1 qemu-kvm "$hw" "the same, for a boot that times"
case_ svm "svm npt" yes 0 qemu-tcg "$tcg" "an AMD host with nested SVM off"
case_ svm "svm npt" no 1 qemu-tcg "$tcg" "an AMD host without /dev/kvm"
case_ --timing svm "svm npt" no 1 qemu-tcg-icount "$icount" "the same, for a boot that times"
case_ svm "hypervisor" yes none qemu-tcg "$tcg" "a /dev/kvm on a CPU with neither svm nor vmx"
case_ --timing svm "hypervisor" yes none qemu-tcg-icount "$icount" "the same, for a boot that times"
case_ vmx "hypervisor" yes none bochs "$bochs" "the same, for VMX"
case_ vmx "vmx ept" yes Y qemu-kvm "$hw" "an Intel host with nested VMX"
case_ --timing vmx "vmx ept" yes Y qemu-kvm "$hw" "the same, for a boot that times"
case_ vmx "vmx ept" yes N bochs "$bochs" "an Intel host with nested VMX off"
case_ --timing vmx "vmx ept" no Y bochs "$bochs" "an Intel host without /dev/kvm, for a boot that times"
case_ svm "vmx ept" yes Y qemu-tcg "$tcg" "SVM wanted on an Intel host"
case_ vmx "svm npt" yes 1 bochs "$bochs" "VMX wanted on an AMD host"
got=$("$top/scripts/boot-engine.sh" arm 2>&1); status=$?
check '[ $status -eq 2 ] && echo "$got" | grep -q "vendor must be svm or vmx"' \
	"boot-engine: an unknown vendor is refused (status $status, '$got')"
got=$("$top/scripts/boot-engine.sh" --fast svm 2>&1); status=$?
check '[ $status -eq 2 ] && echo "$got" | grep -q "unknown option"' \
	"boot-engine: an unknown option is refused (status $status, '$got')"
checks_done
