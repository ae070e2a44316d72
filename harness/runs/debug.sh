# make test: the debug kernel (configs/debug.config: KASAN, lockdep, atomic
# sleep and preemption checks, UBSAN, kmemleak) runs the end-to-end tests,
# a short validate and the stress tests that drive new paths (switches,
# preemption, VMs created and destroyed; the sweep of every exit type only
# reads, and takes long here).  Any report in the kernel log, and any leak
# kmemleak finds, fails the stage and is printed whole.
. /lab/checks.sh
leaks=/sys/kernel/debug/kmemleak
# What boot itself left behind is not this project's.
[ -w $leaks ] && echo clear >$leaks
step() {
	start=$(date +%s)
	"$@"
	status=$?
	echo "# $1 $2: $(( $(date +%s) - start ))s"
	return $status
}
step e2e
rc=$?
step validate -q -n 10 || rc=1
# 100 VMs come and go here, not 500: each takes over half a second.
for t in mode_switches preemption churn; do
	STRESS_KASAN=1 STRESS_CHURN_VMS=100 step stress $t || rc=1
done

# kmemleak reports an object only once it is a few seconds old.
if [ -w $leaks ]; then
	sleep 6
	echo scan >$leaks
	echo scan >$leaks
	[ ! -s $leaks ]
	result $? "kmemleak found no leak"
	sed 's/^/#   /' $leaks
else
	result 1 "kmemleak: no $leaks (is debugfs mounted, kmemleak built in?)"
fi
pattern='BUG:|WARNING:|UBSAN:|KASAN:|==================|possible circular locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|Call Trace:'
if dmesg | grep -Eq "$pattern"; then
	result 1 "the kernel log has no report"
	dmesg | sed -n "/$(dmesg | grep -Em1 "$pattern" | sed 's/[][\/.*^$]/\\&/g')/,\$p" |
		sed 's/^/#   /'
else
	result 0 "the kernel log has no report"
fi
checks_done || rc=1
exit $rc
