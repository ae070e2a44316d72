#!/bin/sh
# Copy dynamically linked programs into a root tree with the shared
# libraries they load, at the same paths, so they run in an initramfs.
# usage: copy-with-libs.sh ROOT PROGRAM...
set -eu

root=${1:?usage: copy-with-libs.sh ROOT PROGRAM...}
shift
for prog in "$@"; do
	[ -x "$prog" ] || { echo "copy-with-libs: $prog is not a program" >&2; exit 1; }
	cp --parents -L "$prog" "$root/"
	# ldd lists "name => /path (addr)" and the loader as "/path (addr)".
	ldd "$prog" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
	while read -r lib; do
		cp --parents -L "$lib" "$root/"
	done
done
