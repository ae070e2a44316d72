# make test: KVM's own selftests, built from the patched source, in the
# booted test kernel: first on the patched KVM modules, then on the stock
# ones (the same source without the series), swapped in within this boot.
# /lab/selftests/list (harness/selftests.list) names the tests that run
# here, each with its time limit, and what it must do on the stock modules;
# a test that ends otherwise fails, a skip included.
dir=/lab/selftests

run_one() {	# set test limit want
	start=$(date +%s)
	(cd $dir && timeout "$3" "./$2") >/tmp/selftest.out 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	case $rc in
	0) got=pass ;; 4) got=skip ;; 124) got="timeout (${3}s)" ;; *) got="fail (status $rc)" ;;
	esac
	if [ "$got" = "$4" ]; then
		echo "ok - $1 $2: $got, ${took}s"
	else
		echo "not ok - $1 $2: $got, want $4, ${took}s"
		tail -n 15 /tmp/selftest.out | sed 's/^/#   /'
	fi
}

vendor=svm
grep -qw vmx /proc/cpuinfo && vendor=vmx

run_all() {	# set
	grep '^run' $dir/list | while read -r _ test limit vendors stock; do
		case ",$vendors," in *",$vendor,"*) ;; *) continue ;; esac
		want=pass
		[ "$1" = stock ] && [ -n "$stock" ] && want=${stock#stock=}
		run_one "$1" "$test" "$limit" "$want"
	done
}

# One line per result, counted afterwards: the loops run in subshells.
{
	run_all patched
	kvm-modules swap stock || echo "not ok - swap to the stock modules"
	run_all stock
	kvm-modules swap patched || echo "not ok - swap back to the patched modules"
} >/tmp/selftests.txt 2>&1
cat /tmp/selftests.txt
passed=$(grep -c '^ok - ' /tmp/selftests.txt)
failed=$(grep -c '^not ok - ' /tmp/selftests.txt)
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
