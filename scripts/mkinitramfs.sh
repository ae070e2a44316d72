#!/bin/sh
# Build the test initramfs: busybox-static, the project's static binaries,
# and run.sh, the commands the booted kernel runs.
# The first BINARY must be ttydrain (tests/boot/ttydrain.c), which /init uses.
# KVM_MODULES names a folder of KVM module sets (patched/, stock/) that
# /init and tests/boot/kvm-modules load from /lab/modules.
# A directory among the BINARYs is a tree copied into the root as it is
# (dynamic programs with their libraries, firmware, a nested guest).
# usage: mkinitramfs.sh OUTPUT.gz RUN.sh BINARY|DIR...
set -eu

out=${1:?usage: mkinitramfs.sh OUTPUT.gz RUN.sh BINARY...}
run=${2:?usage: mkinitramfs.sh OUTPUT.gz RUN.sh BINARY...}
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
busybox=/bin/busybox

[ -x "$busybox" ] || { echo "mkinitramfs: $busybox missing (busybox-static)" >&2; exit 1; }

root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" \
	 "$root/tmp" "$root/lab"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
cp "$top/tests/boot/init" "$root/init"
cp "$top/tests/boot/kvm-modules" "$root/lab/kvm-modules"
cp "$top/tests/boot/checks.sh" "$top/tests/boot/kernel-log.sh" "$root/lab/"
chmod +x "$root/init" "$root/lab/kvm-modules"
[ ! -d "${KVM_MODULES:-}" ] || cp -a "$KVM_MODULES" "$root/lab/modules"
cp "$run" "$root/lab/run.sh"
for bin in "$@"; do
	if [ -d "$bin" ]; then
		cp -a "$bin/." "$root/"
		continue
	fi
	if ! file -L "$bin" | grep -q 'statically linked'; then
		echo "mkinitramfs: $bin is not a static binary" >&2
		exit 1
	fi
	cp "$bin" "$root/lab/"
done

tmp=$out.tmp.$$
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$tmp"
mv "$tmp" "$out"
