#!/bin/sh
# Host test: scripts/boot-engine.sh picks the engine a user would want, from
# made-up /proc/cpuinfo files, /dev/kvm nodes and kvm_intel nested flags.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

# case VENDOR "CPU FLAGS" DEV_KVM(yes|no) NESTED(Y|N|none) WANT WHY
case_() {
	printf 'processor\t: 0\nflags\t\t: fpu tsc %s\n' "$2" >"$tmp/cpuinfo"
	rm -f "$tmp/kvm" "$tmp/nested"
	[ "$3" = no ] || : >"$tmp/kvm"
	[ "$4" = none ] || echo "$4" >"$tmp/nested"
	got=$(LAB_CPUINFO=$tmp/cpuinfo LAB_DEV_KVM=$tmp/kvm \
	      LAB_KVM_INTEL_NESTED=$tmp/nested "$top/scripts/boot-engine.sh" "$1" 2>&1)
	[ "$got" = "$5" ]
	result $? "boot-engine: $6: $got (want $5)"
}

case_ svm "svm npt" yes none qemu-kvm "an AMD host with /dev/kvm"
case_ svm "svm npt" no none qemu-tcg "an AMD host without /dev/kvm"
case_ svm "hypervisor" yes none qemu-tcg "a /dev/kvm on a CPU with neither svm nor vmx"
case_ vmx "hypervisor" yes none bochs "the same, for VMX"
case_ vmx "vmx ept" yes Y qemu-kvm "an Intel host with nested VMX"
case_ vmx "vmx ept" yes N bochs "an Intel host with nested VMX off"
case_ vmx "vmx ept" no Y bochs "an Intel host without /dev/kvm"
case_ svm "vmx ept" yes Y qemu-tcg "SVM wanted on an Intel host"
case_ vmx "svm npt" yes none bochs "VMX wanted on an AMD host"
got=$("$top/scripts/boot-engine.sh" arm 2>&1); status=$?
check '[ $status -eq 2 ] && echo "$got" | grep -q "vendor must be svm or vmx"' \
	"boot-engine: an unknown vendor is refused (status $status, '$got')"
checks_done
