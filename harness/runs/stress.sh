# make test: the exit statistics under pressure (harness/stress.c): mode
# and scope switched a thousand times under load, a vCPU that loses its CPU
# mid-exit, every exit type and 100,000 random ones, 500 VMs created and
# destroyed.  The boot has preempt=full, or no vCPU would lose its CPU inside
# an exit at all.
stress
rc=$?
# Many at once: 4 VMs of 2 vCPUs each, every vCPU on the mixed workload, in
# every counting mode and scope; the sources agree per VM and in total.
validate -w mixed -m 4 -c 2 -n 20 || rc=1
exit $rc
