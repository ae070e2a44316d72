#!/bin/sh
# Stage what the test kernel needs to run a Linux guest of its own: QEMU
# with its libraries and firmware, and the guest (the same
# bzImage, with an initramfs that runs GUEST_RUN.sh and holds the BINARYs
# and Debian's cpuid tool).  DEST is a tree for mkinitramfs.sh.
# usage: stage-nested-guest.sh DEST KERNEL_DIR GUEST_RUN.sh BINARY...
set -eu

usage="usage: stage-nested-guest.sh DEST KERNEL_DIR GUEST_RUN.sh BINARY..."
dest=${1:?$usage}
kdir=${2:?$usage}
guest_run=${3:?$usage}
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
qemu=/usr/bin/qemu-system-x86_64

for f in "$qemu" /usr/bin/cpuid "$kdir/bzImage" "$guest_run"; do
	[ -e "$f" ] || { echo "stage-nested-guest: $f missing" >&2; exit 1; }
done
rm -rf "$dest"
mkdir -p "$dest/lab/guest"
"$top/scripts/copy-with-libs.sh" "$dest" "$qemu"
# What -M pc -nodefaults with -kernel loads: SeaBIOS and two option ROMs.
for fw in /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
	  /usr/share/qemu/kvmvapic.bin; do
	cp --parents -L "$fw" "$dest/"
done
cp "$kdir/bzImage" "$dest/lab/guest/bzImage"

guest_tree=$(mktemp -d)
trap 'rm -rf "$guest_tree"' EXIT
"$top/scripts/copy-with-libs.sh" "$guest_tree" /usr/bin/cpuid
"$top/scripts/mkinitramfs.sh" "$dest/lab/guest/initrd.gz" "$guest_run" \
	"$@" "$guest_tree"
