# make test: KVM's own selftests, built from the patched source, in the
# booted test kernel: first on the patched KVM modules, then on the stock
# ones (the same source without the series), swapped in within this boot.
# /lab/selftests/list (harness/selftests.list) names the tests that run
# here, each with its time limit, and what it must do on the stock modules;
# a test that ends otherwise fails, a skip included.
. /lab/checks.sh
dir=/lab/selftests

# One try: sets got and took, leaves the output in /tmp/selftest.out.
try_one() {	# test limit
	start=$(date +%s)
	(cd $dir && timeout "$2" "./$1") >/tmp/selftest.out 2>&1 </dev/null
	rc=$?
	took=$(( $(date +%s) - start ))
	case $rc in
	0) got=pass ;; 4) got=skip ;; 124) got="timeout (${2}s)" ;; *) got="fail (status $rc)" ;;
	esac
}

# A test that does not end as it should gets one more try: under the
# emulators a few fail now and then for their timing (an IPI not seen
# within a second) or the emulated CPU (a #UD in state_test), on either
# module set.  The first try's output is shown; if the second does not end
# as it should either, the test fails.
run_one() {	# set test limit want
	try_one "$2" "$3"
	if [ "$got" = "$4" ]; then
		result 0 "$1 $2: $got, ${took}s"
		return
	fi
	first=$got
	tail -n 15 /tmp/selftest.out | sed 's/^/#   first try: /'
	try_one "$2" "$3"
	if [ "$got" = "$4" ]; then
		result 0 "$1 $2: $got on the second try (the first: $first), ${took}s"
	else
		result 1 "$1 $2: $got, want $4, twice (the first: $first), ${took}s"
		tail -n 15 /tmp/selftest.out | sed 's/^/#   /'
	fi
}

vendor=svm
grep -qw vmx /proc/cpuinfo && vendor=vmx

# Read from a file, not a pipe: the loop runs in this shell and counts.
grep '^run' $dir/list >/tmp/selftests.run
run_all() {	# set
	while read -r _ test limit vendors stock; do
		case ",$vendors," in *",$vendor,"*) ;; *) continue ;; esac
		want=pass
		[ "$1" = stock ] && [ -n "$stock" ] && want=${stock#stock=}
		run_one "$1" "$test" "$limit" "$want"
	done </tmp/selftests.run
}

run_all patched
kvm-modules swap stock
result $? "the stock modules load"
run_all stock
kvm-modules swap patched
result $? "the patched modules load again"
checks_done
