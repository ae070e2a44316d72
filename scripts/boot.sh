#!/bin/sh
# Boot the test kernel as a nested KVM host and run RUN.sh inside it:
#   svm: QEMU, -accel kvm if /dev/kvm is usable, else TCG with -cpu max
#        (QEMU emulates AMD SVM with nested paging);
#   vmx: QEMU -accel kvm on an Intel host with nested VMX, else Bochs
#        (QEMU's TCG has no VMX).
# Prints what RUN.sh printed and exits with its status.  Each stage has a
# timeout that names it; a failed boot shows the end of the console log.
# usage: boot.sh svm|vmx KERNEL_DIR RUN.sh [BINARY...]
# env: BOOT_TIMEOUT (s, default 300), RUN_TIMEOUT (s, default 600),
#      BOOT_TIMING (1: the run times exits, see boot-engine.sh --timing),
#      BOOT_CPUS (default 2), BOOT_APPEND (extra kernel arguments),
#      BOOT_KEEP (folder to keep the console log and images in),
#      BOOT_FILES (folder for the files RUN.sh sends back: the lines between
#      "LAB: file NAME" and "LAB: end file" become BOOT_FILES/NAME)
set -eu

usage="usage: boot.sh svm|vmx KERNEL_DIR RUN.sh [BINARY...]"
vendor=${1:?$usage}
kdir=${2:?$usage}
run=${3:?$usage}
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
boot_timeout=${BOOT_TIMEOUT:-300}
run_timeout=${RUN_TIMEOUT:-600}
cpus=${BOOT_CPUS:-2}
# A kernel log that holds a whole run: /init and the run scripts compare
# counts of its lines before and after.
append="console=ttyS0,115200 panic=-1 quiet log_buf_len=8M ${BOOT_APPEND:-}"

[ -f "$kdir/bzImage" ] || { echo "boot.sh: no bzImage in $kdir" >&2; exit 2; }
[ -f "$run" ] || { echo "boot.sh: no such script: $run" >&2; exit 2; }
[ -z "${BOOT_FILES:-}" ] || mkdir -p "$BOOT_FILES"

work=$(mktemp -d)
cleanup() {
	[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
	if [ -n "${BOOT_KEEP:-}" ]; then
		mkdir -p "$BOOT_KEEP"
		cp "$work"/*.log "$work"/*.out "$BOOT_KEEP"/ 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
# Interrupted (Ctrl-C): say in which stage, stop the emulator, keep nothing,
# and die of the signal, so that the shell that ran this stops too.
stage="packing the initramfs"
interrupted() {
	echo "boot.sh: interrupted during stage '$stage'" >&2
	trap - EXIT "$1"
	cleanup
	kill -s "$1" $$
}
trap 'interrupted INT' INT
trap 'interrupted TERM' TERM
trap 'interrupted HUP' HUP
console=$work/console.log
: >"$console"
# The kernel's KVM modules (scripts/kernel-build.sh) go along.
KVM_MODULES=$kdir/modules "$top/scripts/mkinitramfs.sh" "$work/initrd.gz" "$run" "$@"

# Say what runs the kernel and what its timings are; BOOT_FILES/engine.txt
# keeps it for the report.  BOOT_TIMING=1: a boot that times, on an engine
# whose TSC counts instructions where there is no KVM.
timing=
[ "${BOOT_TIMING:-0}" != 1 ] || timing=--timing
engine() {
	# shellcheck disable=SC2086
	what="$("$top/scripts/boot-engine.sh" $timing --label "$vendor") ($1)"
	echo "boot: $what" >&2
	[ -z "${BOOT_FILES:-}" ] || echo "$what" >"$BOOT_FILES/engine.txt"
}

qemu_version() {
	qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'
}

start_qemu() {
	case $1 in
	qemu-kvm)	accel="-accel kvm -cpu host" ;;
	# One thread for both CPUs: with a thread each, a static key patched
	# on one CPU while the other ran the same code left the latter on a
	# stale int3 ("Oops: int3"), a TCG race.
	qemu-tcg)	accel="-accel tcg,thread=single -cpu max" ;;
	# One instruction a nanosecond of virtual time, so that the TSC counts
	# instructions as under Bochs; sleep=off: idle time jumps to the next
	# timer instead of passing in real time.
	qemu-tcg-icount) accel="-accel tcg,thread=single -cpu max -icount shift=0,sleep=off" ;;
	esac
	engine "QEMU $(qemu_version)"
	# shellcheck disable=SC2086
	qemu-system-x86_64 $accel -smp "$cpus" -m 2048 -display none -nic none -no-reboot \
		-kernel "$kdir/bzImage" -initrd "$work/initrd.gz" \
		-append "$append" -serial "file:$console" -monitor none \
		</dev/null >"$work/qemu.log" 2>&1 &
	pid=$!
}

start_bochs() {
	iso=$work/iso
	mkdir -p "$iso/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
		"$iso/isolinux/"
	cp "$kdir/bzImage" "$work/initrd.gz" "$iso/"
	cat >"$iso/isolinux/isolinux.cfg" <<-CFG
		DEFAULT lab
		LABEL lab
		  KERNEL /bzImage
		  APPEND initrd=/initrd.gz $append
	CFG
	xorriso -as mkisofs -quiet -o "$work/lab.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table "$iso" 2>"$work/xorriso.log"
	cat >"$work/bochsrc" <<-RC
		megs: 1024
		romimage: file=/usr/share/bochs/BIOS-bochs-latest
		vgaromimage: file=/usr/share/vgabios/vgabios.bin
		cpu: model=corei7_haswell_4770, count=$cpus, ips=100000000, reset_on_triple_fault=0, ignore_bad_msrs=1
		ata0-master: type=cdrom, path=lab.iso, status=inserted
		boot: cdrom
		clock: sync=none
		com1: enabled=1, mode=file, dev=console.log
		display_library: rfb, options="timeout=0"
		log: bochs.log
		sound: driver=dummy
		speaker: enabled=0
		panic: action=fatal
		error: action=ignore
	RC
	# The Debian build stops in its debugger first: tell it to continue.
	echo c >"$work/bochs.rc"
	engine "Bochs $(dpkg-query -W -f='${Version}' bochs 2>/dev/null)"
	(cd "$work" && exec bochs -q -f bochsrc -rc bochs.rc </dev/null \
		>"$work/bochs.out" 2>&1) &
	pid=$!
}

start_engine() {
	# shellcheck disable=SC2086
	case $("$top/scripts/boot-engine.sh" $timing "$vendor") in
	qemu-kvm)	start_qemu qemu-kvm ;;
	qemu-tcg)	start_qemu qemu-tcg ;;
	qemu-tcg-icount) start_qemu qemu-tcg-icount ;;
	bochs)		start_bochs ;;
	*)		exit 2 ;;
	esac
}
start_engine

fail() {
	echo "boot.sh: $1" >&2
	echo "boot.sh: last lines of the console:" >&2
	tail -n 30 "$console" | tr -d '\r' | sed 's/^/  | /' >&2
	exit 124
}

# Wait for a console marker, with a deadline for this stage.
wait_for() {
	marker=$1 stage="$2 on $vendor" limit=$3
	deadline=$(( $(date +%s) + limit ))
	while ! grep -q "^$marker" "$console"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			grep -q "^$marker" "$console" && return 0
			fail "the emulator ended during stage '$stage'"
		fi
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "timeout: stage '$stage' did not finish in ${limit}s"
		sleep 1
	done
}

start=$(date +%s)
# An emulator that dies before the kernel reaches /init (Bochs did, once in
# six boots of Debian's kernel) has run no test yet: boot once more.
if ! (wait_for "LAB: init" "boot (firmware and kernel)" "$boot_timeout") 2>"$work/boot.err"; then
	grep -q 'the emulator ended' "$work/boot.err" || { cat "$work/boot.err" >&2; exit 124; }
	sed 's/^boot.sh: /boot.sh: (first boot) /' "$work/boot.err" | tail -n 4 >&2
	echo "boot.sh: the emulator ended before /init; booting again, once" >&2
	: >"$console"
	start_engine
	start=$(date +%s)
	wait_for "LAB: init" "boot (firmware and kernel)" "$boot_timeout"
fi
echo "boot: kernel up in $(( $(date +%s) - start ))s: $(tr -d '\r' <"$console" | grep 'LAB: init' | sed 's/.*LAB: init //')" >&2
wait_for "LAB: result rc=" "run ($(basename "$run"))" "$run_timeout"

output=$work/output.txt
tr -d '\r' <"$console" | sed -n '/^LAB: begin$/,/^LAB: result/p' | sed '1d;$d' >"$output"
# Files sent back go to BOOT_FILES (written whole, then renamed); the rest
# is the run's output.
awk -v dir="${BOOT_FILES:-}" '
	/^LAB: file / { name = $3; tmp = dir "/" name ".tmp"; next }
	/^LAB: end file$/ { if (dir != "") { close(tmp); system("mv \"" tmp "\" \"" dir "/" name "\"") }
			    name = ""; next }
	name != "" { if (dir != "") print > tmp; next }
	{ print }' "$output"
rc=$(tr -d '\r' <"$console" | sed -n 's/^LAB: result rc=\([0-9]*\).*/\1/p' | tail -n 1)
echo "boot: $vendor run ended with status $rc after $(( $(date +%s) - start ))s" >&2
exit "$rc"
