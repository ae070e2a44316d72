# make test: a nested guest that never boots.  The guest's kernel is told to
# start an init that is not in its initramfs, so the guest never reaches its
# script; nested-guest.sh, told to boot it at most three times, must boot
# it three times, say each time that it stopped or stalled while still
# booting and what it said last, and fail.
NESTED_APPEND="rdinit=/does-not-exist init=/does-not-exist" NESTED_STALL=15 NESTED_BOOTS=3 \
	sh /lab/nested-guest.sh >/tmp/fails.txt 2>&1
status=$?
grep "^nested guest" /tmp/fails.txt | sed "s/^/#   /"; grep "guest| " /tmp/fails.txt | tail -n 5 | sed "s/^/#   /"
. /lab/checks.sh
what="nested guest that never boots:"
check '[ $status -ne 0 ]' "$what fails (status $status)"
check '[ $(grep -c "(last step begun: none, still booting); its last words:" /tmp/fails.txt) = 3 ]' \
	"$what booted three times, each time still booting when it stopped or stalled"
check '[ $(grep -c "^nested guest: | " /tmp/fails.txt) -ge 3 ]' \
	"$what shows what the guest said last"
checks_done
