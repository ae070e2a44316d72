# make test: the exit statistics under pressure (harness/stress.c): mode
# and scope switched a thousand times under load, and a vCPU that loses its
# CPU mid-exit.  The boot has preempt=full, or no vCPU would lose its CPU
# inside an exit at all.
stress
