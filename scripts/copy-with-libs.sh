#!/bin/sh
# Copy dynamically linked programs into a root tree with the shared
# libraries they load, at the same paths, so they run in an initramfs.
# PROGRAM=PATH copies a program that is not installed to PATH in the tree.
# usage: copy-with-libs.sh ROOT PROGRAM[=PATH]...
set -eu

root=${1:?usage: copy-with-libs.sh ROOT PROGRAM[=PATH]...}
shift
for arg in "$@"; do
	prog=${arg%%=*}
	[ -x "$prog" ] || { echo "copy-with-libs: $prog is not a program" >&2; exit 1; }
	if [ "$prog" = "$arg" ]; then
		cp --parents -L "$prog" "$root/"
	else
		mkdir -p "$root/$(dirname "${arg#*=}")"
		cp -L "$prog" "$root/${arg#*=}"
	fi
	# ldd lists "name => /path (addr)" and the loader as "/path (addr)".
	ldd "$prog" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
	while read -r lib; do
		cp --parents -L "$lib" "$root/"
	done
done
