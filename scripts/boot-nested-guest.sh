#!/bin/sh
# Boot the test kernel as a nested KVM host that runs a Linux guest of its
# own (the same bzImage, under QEMU with KVM) with leafstat inside and
# kvmexits counting beside it: harness/runs/nested-guest.sh in the nested
# host, harness/runs/guest-leafstat.sh in the guest.  What they measured
# comes back whole, and the build host judges it (nested_check).  make run,
# make test-guest-* and make guest-example all boot it through here.  The
# environment is boot.sh's (BOOT_FILES, where the files stay, BOOT_TIMING,
# RUN_TIMEOUT...).
# usage: boot-nested-guest.sh svm|vmx KERNEL_DIR BIN_DIR
set -u

usage="usage: boot-nested-guest.sh svm|vmx KERNEL_DIR BIN_DIR"
vendor=${1:?$usage}
kdir=${2:?$usage}
bin=${3:?$usage}
top=$(cd "$(dirname "$0")/.." && pwd)

files=${BOOT_FILES:-}
if [ -z "$files" ]; then
	files=$(mktemp -d)
	trap 'rm -rf "$files"' EXIT
fi
"$top/scripts/stage-nested-guest.sh" "$bin/nested-$vendor" "$kdir" \
	"$top/harness/runs/guest-leafstat.sh" "$bin/ttydrain" "$bin/leafstat" || exit 1
BOOT_FILES=$files "$top/scripts/boot.sh" "$vendor" "$kdir" \
	"$top/harness/runs/nested-guest.sh" "$bin/ttydrain" "$bin/kvmexits" \
	"$bin/nested-$vendor"
rc=$?
echo "# the build host checks what came back (nested_check $files)"
"$bin/nested_check" "$files" || rc=1
exit $rc
