#!/bin/sh
# Host test: of the kernel log's WARNs, /init leaves out only the one the
# emulator makes (a single-step #DB in kernel mode whose saved EFLAGS has
# reserved bits set), never a WARN of the kernel's own; with busybox's
# awk, which the initramfs has.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"
# shellcheck source=tests/boot/kernel-log.sh
. "$top/tests/boot/kernel-log.sh"
mkdir "$tmp/bin"
ln -s "$(command -v busybox)" "$tmp/bin/awk"
PATH=$tmp/bin:$PATH

# case WANT WHY: the log in $tmp/log, as dmesg prints it.
dmesg() { cat "$tmp/log"; }
case_of() {
	got=$(emulator_warnings)
	[ "$got" = "$1" ]
	result $? "$2 ($got of the emulator's)"
}
db_warn() {
	cat >"$tmp/log" <<-LOG
	[    8.360395] WARNING: CPU: 0 PID: 260 at arch/x86/kernel/traps.c:1120 exc_debug_kernel+0xca/0x160
	[    8.360435] RIP: 0010:exc_debug_kernel+0xca/0x160
	[    8.360449] RSP: 0000:fffffe2287fe3f28 EFLAGS: $1
	[    8.360502]  <#DB>
	LOG
}
db_warn f5280002
case_of 1 "a single-step #DB WARN with EFLAGS f5280002 is the emulator's"
db_warn 00400046
case_of 1 "with EFLAGS bit 22 set, the emulator's"
db_warn 00000246
case_of 0 "with a CPU's EFLAGS (00000246), the kernel's"
cat >"$tmp/log" <<-LOG
[   12.000000] WARNING: CPU: 1 PID: 300 at arch/x86/kvm/x86.c:1 kvm_arch_vcpu_ioctl_run+0x1/0x2
[   12.000010] RSP: 0018:ff5d448a00a9f8e0 EFLAGS: f5280bc2
LOG
case_of 0 "any other WARN is the kernel's, whatever EFLAGS it shows"
printf '' >"$tmp/log"
case_of 0 "an empty log has none"
checks_done
