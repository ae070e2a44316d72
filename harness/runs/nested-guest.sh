# In the test kernel: boot a Linux guest (the same bzImage) under QEMU with
# KVM, counting its exits with BPF here while leafstat reads the leaves in
# the guest (guest-leafstat.sh); then nested_check compares the two.
# The guest's console comes back prefixed "guest| ".  The guest is a PC,
# not a microvm: without the PC's HPET or ACPI PM timer the guest kernel
# finds no reference to calibrate its TSC against and stalls.
set -u
out=/tmp/nested
mkdir -p "$out"
echo vm >/sys/module/kvm/parameters/exit_stats_scope
echo percpu >/sys/module/kvm/parameters/exit_stats_mode

# Only this guest runs: kvmexits counts every VM until told to stop.
kvmexits -J >"$out/bpf.json" 2>"$out/bpf.err" &
bpf=$!
sleep 2
start=$(date +%s)
{
	timeout "${NESTED_TIMEOUT:-400}" /usr/bin/qemu-system-x86_64 -M pc \
		-accel kvm -cpu host -m 256 -smp 1 -nodefaults -no-user-config \
		-display none -serial stdio -no-reboot \
		-kernel /lab/guest/bzImage -initrd /lab/guest/initrd.gz \
		-append "console=ttyS0 panic=-1 ${NESTED_APPEND:-quiet}" </dev/null
	echo $? >"$out/rc"
} 2>&1 | tr -d '\r' | tee "$out/guest.log" | sed 's/^/guest| /'
rc=$(cat "$out/rc")
took=$(( $(date +%s) - start ))
echo "nested guest: QEMU ended with status $rc after ${took}s"
# QEMU ends cleanly on timeout's SIGTERM: the guest's own end marker tells.
if ! grep -q '^LAB: result rc=' "$out/guest.log"; then
	step=$(sed -n 's/^LAB: file //p' "$out/guest.log" | tail -n 1)
	if [ "$took" -ge "${NESTED_TIMEOUT:-400}" ]; then
		why="timeout: the guest did not finish in ${NESTED_TIMEOUT:-400}s"
	else
		why="the guest stopped before its end"
	fi
	echo "nested guest: $why (last step begun: ${step:-none, still booting})"
fi
kill -INT $bpf
wait $bpf
awk -v dir="$out" '
	/^LAB: file / { name = dir "/" $3; next }
	/^LAB: end file$/ { close(name); name = ""; next }
	name != "" { print > name }' "$out/guest.log"
cat "$out/bpf.err"
for f in boot-census.json bpf.json rates.json leafstat-example.txt; do
	echo "LAB: file $f"
	cat "$out/$f" 2>/dev/null
	echo "LAB: end file"
done
nested_check "$out"
