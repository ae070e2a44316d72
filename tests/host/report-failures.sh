#!/bin/sh
# Host test: report on a results folder it cannot write, read-only or full,
# says why, ends with a non-zero status, and leaves no half-written set.
# Uses the raw files of the last make run (.output/run-svm, run-vmx, the
# short one make test runs before this); needs root, for the mounts.
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/.output
tmp=$(mktemp -d)
cleanup() {
	umount "$tmp/ro" "$tmp/full" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

for f in report env.txt run-svm run-vmx; do
	if [ ! -e "$out/$f" ]; then
		result 1 "report: $out/$f is there (make test-run writes it first)"
		checks_done
		exit 1
	fi
done
if [ "$(id -u)" != 0 ]; then
	result 1 "report: the mounts of this test run as root"
	checks_done
	exit 1
fi

# try NAME MOUNT_OPTIONS PATTERN: report into a tmpfs mounted so.
try() {
	mkdir -p "$tmp/$1"
	mount -t tmpfs -o "$2" tmpfs "$tmp/$1" || { result 1 "report: $1: mount -o $2"; return; }
	# A full folder: a file takes all of it but a few kilobytes.
	[ "$1" != full ] || dd if=/dev/zero of="$tmp/full/filler" bs=1k count=200 2>/dev/null
	msg=$("$out/report" "$tmp/$1" "$out/env.txt" svm="$out/run-svm" \
	      vmx="$out/run-vmx" 2>&1)
	status=$?
	echo "$msg" | sed 's/^/#   /' | tail -n 3
	[ $status -ne 0 ] && echo "$msg" | grep -q "$3"
	result $? "report: $1: fails, saying '$3'"
	left=$(find "$tmp/$1" -mindepth 1 -maxdepth 1 ! -name filler | head -n 1)
	[ -z "$left" ]
	result $? "report: $1: leaves nothing behind${left:+ (found $left)}"
}
try ro ro,size=1m "Read-only file system"
try full size=208k "No space left on device"
checks_done
