# In the Linux guest that nested-guest.sh boots: leafstat and Debian's
# cpuid tool read the leaves.  Each result goes back as a "LAB: file"
# block; the first census is the guest's boot, read as soon as /init runs.
send() {
	name=$1
	shift
	echo "LAB: file $name"
	"$@"
	rc=$?
	echo "LAB: end file"
	echo "$name: exit status $rc"
}

send boot-census.json leafstat -J
# Debian's cpuid tool between two readings of leafstat: an outside reader.
send cpuid-before.json leafstat -J
send cpuid.txt /usr/bin/cpuid -1 -r -l 0x4ffffffc
send cpuid-after.json leafstat -J
send check.txt leafstat --check
send rates.json leafstat -J 0.2 10
# What a person sees (guest/leafstat_example.txt is made of this).
shown() {
	echo "# $*"
	"$@"
	echo
}
echo "LAB: file leafstat-example.txt"
shown leafstat -t 10
shown leafstat 0.2 5
shown leafstat --check
shown /usr/bin/cpuid -1 -r -l 0x4ffffffc
shown leafstat -C -t 3
echo "LAB: end file"
# The last reading: what the host's count must hold, plus the exits after it.
send final.json leafstat -J
