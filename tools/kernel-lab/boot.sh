#!/usr/bin/env bash
# Boots one lab kernel with an overlay folder and waits for it to power off (used by
# test-kernels/kernels.test.ts). The overlay's /lab/run runs as root in the VM; what it prints
# goes to OUT_DIR/data.txt, the VM's console to OUT_DIR/console.txt, and OUT_DIR/meta.json says
# which package was booted and how long it took.
#
# Usage: boot.sh SERIES OVERLAY_DIR OUT_DIR     (SERIES: 6.1 or 6.12)
set -euo pipefail
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/kernel-lab/lib.sh
source "$LAB_DIR/lib.sh"
[ $# = 3 ] || lab_die "usage: boot.sh SERIES OVERLAY_DIR OUT_DIR"
series=$1 overlay=$2 out=$3
lab_require_tools
mkdir -p "$out"
package=$(lab_image_package "$series")
root=$(lab_fetch "$package")
version=$(sed -n 2p "$root/.package")
base=$(lab_base_initramfs "$root")
lab_overlay_cpio "$overlay" "$out/overlay.cpio" >/dev/null
started=$(date +%s%N)
status=0
lab_boot "$root" "$base" "$out/overlay.cpio" "$out/data.txt" "$out/console.txt" || status=$?
ended=$(date +%s%N)
rm -f "$out/overlay.cpio"
printf '{"series":"%s","package":"%s","version":"%s","release":"%s","config":"%s","memory":"%s","seconds":%s,"status":%s}\n' \
  "$series" "$package" "$version" "$(lab_release_of "$root")" "$(ls "$root"/boot/config-*)" "$KERNEL_LAB_MEMORY" \
  "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" "$status" > "$out/meta.json"
exit "$status"
