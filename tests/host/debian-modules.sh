#!/bin/sh
# Host test: scripts/debian-modules.sh refuses, before building anything,
# a Debian kernel whose version is not the source's, and a kernel release
# Debian does not have, saying why.  The first stands the source in as
# 6.12.116-1 (LAB_SOURCE_VERSION) against Debian's 6.12-amd64 kernel.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

# refused RELEASE PATTERN WHAT
refused() {
	KVMX_CACHE=$tmp/cache "$top/scripts/debian-modules.sh" "$1" >"$tmp/out" 2>"$tmp/err"
	status=$?
	sed 's/^/#   /' "$tmp/err" | head -n 3
	[ $status -ne 0 ] && grep -q "$2" "$tmp/err" && [ ! -s "$tmp/out" ] &&
		[ -z "$(ls -A "$tmp/cache" 2>/dev/null)" ]
	result $? "debian-modules: $3 is refused, nothing built or cached (status $status)"
}
LAB_SOURCE_VERSION=6.12.116-1 refused "" "linux-source-6.12 is 6.12.116-1, but linux-image-" \
	"a kernel of another version than the source"
refused 6.12.999+deb12-amd64 "no package linux-image-6.12.999+deb12-amd64" \
	"a kernel release Debian does not have"
checks_done
