# In the test kernel: boot a Linux guest (the same bzImage) under QEMU with
# KVM, counting its exits with BPF here while leafstat reads the leaves in
# the guest (guest-leafstat.sh); then send both back whole, for the build
# host's nested_check to compare (scripts/boot-nested-guest.sh).
# The guest's console comes back prefixed "guest| ".  The guest is a PC,
# not a microvm: without the PC's HPET or ACPI PM timer the guest kernel
# finds no reference to calibrate its TSC against and stalls.
set -u
out=/tmp/nested
limit=${NESTED_TIMEOUT:-400}
# A console silent this long is stuck: under TCG the guest prints every few
# seconds (its whole run takes about 20 s); under Bochs its quiet boot is
# slower.
if grep -qw svm /proc/cpuinfo; then
	stall=${NESTED_STALL:-30}
else
	stall=${NESTED_STALL:-60}
fi
echo vm >/sys/module/kvm/parameters/exit_stats_scope
echo vcpu >/sys/module/kvm/parameters/exit_stats_mode

# What the guest's console said last, QEMU's own messages left out.
last_words() {
	grep -v '^qemu-system' "$out/guest.log" | tail -n 3 | sed 's/^/nested guest: | /'
}

# One boot of the guest, counted by kvmexits from start to end (only this
# guest runs, so kvmexits counts every VM).  Fails if the guest did not
# reach the end of its script, and says where it was.
boot_guest() {
	rm -rf "$out"
	mkdir -p "$out"
	kvmexits -J >"$out/bpf.json" 2>"$out/bpf.err" &
	bpf=$!
	# Start the guest once kvmexits counts (it says so on stderr).
	for _ in $(seq 60); do
		grep -q '^Counting VM-exits' "$out/bpf.err" && break
		kill -0 $bpf 2>/dev/null || break
		sleep 1
	done
	start=$(date +%s)
	: >"$out/guest.log"
	{
		timeout "$limit" /usr/bin/qemu-system-x86_64 -M pc \
			-accel kvm -cpu host -m 256 -smp 1 -nodefaults -no-user-config \
			-display none -serial stdio -no-reboot \
			-kernel /lab/guest/bzImage -initrd /lab/guest/initrd.gz \
			-append "console=ttyS0 panic=-1 ${NESTED_APPEND:-quiet}" </dev/null
		echo $? >"$out/rc"
	} 2>&1 | tr -d '\r' | tee "$out/guest.log" | sed 's/^/guest| /' &
	guest=$!
	# The guest prints at every step: a console silent for $stall s is stuck.
	stalled=0 last=-1 still=0
	while kill -0 $guest 2>/dev/null; do
		sleep 5
		size=$(wc -c <"$out/guest.log")
		if [ "$size" -ne "$last" ]; then
			last=$size still=0
			continue
		fi
		still=$(( still + 5 ))
		if [ $still -ge "$stall" ]; then
			stalled=1
			killall qemu-system-x86_64
			break
		fi
	done
	wait $guest
	took=$(( $(date +%s) - start ))
	echo "nested guest: QEMU ended with status $(cat "$out/rc") after ${took}s"
	kill -INT $bpf
	wait $bpf
	grep -v "^Counting VM-exits" "$out/bpf.err"
	# QEMU ends cleanly on timeout's SIGTERM: the guest's end marker tells.
	grep -q '^LAB: result rc=' "$out/guest.log" && return 0
	step=$(sed -n 's/^LAB: file //p' "$out/guest.log" | tail -n 1)
	if [ $stalled -eq 1 ]; then
		echo "nested guest: its console stalled: nothing for ${stall}s (last step begun: ${step:-none, still booting}); its last words:"
		last_words
		return 1
	fi
	if [ "$took" -ge "$limit" ]; then
		echo "nested guest: timeout: the guest did not finish in ${limit}s (last step begun: ${step:-none, still booting})"
		return 2
	fi
	echo "nested guest: the guest stopped before its end (last step begun: ${step:-none, still booting}); its last words:"
	last_words
	return 1
}

# Under TCG the nested guest sometimes resets mid-run (QEMU, with
# -no-reboot, then ends with status 0) or its console stalls, at any step
# from its early boot to leafstat's checks: in the make run of this
# series, 2 of 3 SVM boots; with a verbose console, 3 of 4; in one make
# test, 4 of 5; with the counting off, 2 of 4.  No report in either kernel's log says
# why; Bochs never showed it.  Such a boot is reported, above, and the
# guest is booted again, up to $boots boots; one that is merely slow until
# the time limit is not.  The checks run on the last boot only.
boots=${NESTED_BOOTS:-12}
boot=1
while :; do
	boot_guest
	status=$?
	[ $status -eq 1 ] && [ $boot -lt "$boots" ] || break
	boot=$(( boot + 1 ))
	echo "nested guest: booting it again (boot $boot of at most $boots)"
done
awk -v dir="$out" '
	/^LAB: file / { name = dir "/" $3; next }
	/^LAB: end file$/ { close(name); name = ""; next }
	name != "" { print > name }' "$out/guest.log"
# Every file the checks read, and what a person sees; a missing one fails
# the check that reads it.
for f in boot-census.json final.json cpuid-before.json cpuid.txt cpuid-after.json \
	 check.txt rates.json bpf.json leafstat-example.txt; do
	[ -f "$out/$f" ] || continue
	echo "LAB: file $f"
	cat "$out/$f"
	echo "LAB: end file"
done
exit $status
