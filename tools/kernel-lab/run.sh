#!/usr/bin/env bash
# The kernel lab (npm run kernel-lab): regenerates the committed kernel data and the key
# database built from it.
#
#   1. For each Debian kernel series (6.1, 6.12): fetch the newest linux-image-*-amd64-unsigned
#      by name through apt, build a busybox initramfs with its modules, boot it in QEMU (TCG,
#      -m $KERNEL_LAB_MEMORY) and run guest/collect.mjs: every sysctl name in the initial and in a
#      new network namespace with mode and value, the module each name needs, and write probes
#      of the catalogue keys. → tools/kernel-lab/data/<series>.json
#   2. The running kernel of this machine, read-only in the initial namespace; write probes only
#      inside `unshare --net`, for per-namespace keys. → tools/kernel-lab/data/<series>.json
#   3. tools/kernel-lab/build-key-db.mjs → src/params/key-db.ts (what unknown-key reads).
#
# Needs root (unshare --net), apt, busybox-static, qemu-system-x86, xz-utils, and a built tree
# (npm run build) for the catalogue's key list. KERNEL_LAB_SERIES="6.1 6.12" picks the VMs;
# KERNEL_LAB_SKIP_HOST=1 leaves the running kernel's file as it is.
set -euo pipefail
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$LAB_DIR/../.." && pwd)
# shellcheck source=tools/kernel-lab/lib.sh
source "$LAB_DIR/lib.sh"

[ "$(id -u)" = 0 ] || lab_die "needs root (apt-get download into $KERNEL_LAB_CACHE, unshare --net)"
lab_require_tools
[ -f "$REPO/dist/src/params/catalogue.js" ] || lab_die "run npm run build first (the catalogue's key list comes from dist/)"

DATA="$LAB_DIR/data"
mkdir -p "$DATA" "$KERNEL_LAB_CACHE"
work=$(mktemp -d "$KERNEL_LAB_CACHE/run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The keys whose accepted range is probed: the catalogue's writable keys.
node --input-type=module -e "
  const { CATALOGUE } = await import('$REPO/dist/src/params/catalogue.js');
  const keys = CATALOGUE.filter((s) => !s.readOnly).map(({ key, shape, handler, scope }) => ({ key, shape, handler, scope }));
  process.stdout.write(JSON.stringify(keys));
" > "$work/catalogue.json"

collect_vm() {
  local series=$1 package root base version overlay started
  package=$(lab_image_package "$series")
  root=$(lab_fetch "$package")
  version=$(sed -n 2p "$root/.package")
  base=$(lab_base_initramfs "$root")
  overlay="$work/overlay-$series"
  mkdir -p "$overlay/lab"
  cp "$LAB_DIR/guest/collect.mjs" "$work/catalogue.json" "$overlay/lab/"
  printf '#!/bin/sh\nexec node /lab/collect.mjs --vm --catalogue /lab/catalogue.json 2>/dev/console\n' > "$overlay/lab/run"
  chmod 755 "$overlay/lab/run"
  lab_overlay_cpio "$overlay" "$work/overlay-$series.cpio" >/dev/null
  lab_log "$series: booting $package $version with -m $KERNEL_LAB_MEMORY"
  started=$(date +%s)
  if ! lab_boot "$root" "$base" "$work/overlay-$series.cpio" "$work/raw-$series.txt" "$work/console-$series.txt"; then
    tail -n 30 "$work/console-$series.txt" >&2
    lab_die "$series: the VM did not finish (timeout or QEMU error)"
  fi
  grep -q '^@exit 0' "$work/raw-$series.txt" || { tail -n 40 "$work/console-$series.txt" "$work/raw-$series.txt" >&2; lab_die "$series: the collector failed"; }
  lab_log "$series: VM ran $(($(date +%s) - started)) s"
  grep '^{' "$work/raw-$series.txt" | node "$LAB_DIR/write-data.mjs" --series "$series" --package "$package" --package-version "$version" \
    --memory "$KERNEL_LAB_MEMORY" --qemu "$(qemu-system-x86_64 --version | head -n 1)" --config "$(ls "$root"/boot/config-*)" > "$work/$series.json"
  mv "$work/$series.json" "$DATA/$series.json"
  lab_log "$series: wrote tools/kernel-lab/data/$series.json"
}

collect_host() {
  local release series config
  release=$(uname -r)
  series=$(printf '%s' "$release" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
  config=""
  if [ -r /proc/config.gz ]; then zcat /proc/config.gz > "$work/host-config"; config="$work/host-config"
  elif [ -r "/boot/config-$release" ]; then config="/boot/config-$release"; fi
  lab_log "$series: collecting on this machine's running kernel ($release), read-only outside a child namespace"
  node "$LAB_DIR/guest/collect.mjs" --host --catalogue "$work/catalogue.json" > "$work/raw-host.json"
  node "$LAB_DIR/write-data.mjs" --series "$series" ${config:+--config "$config"} < "$work/raw-host.json" > "$work/host.json"
  mv "$work/host.json" "$DATA/$series.json"
  lab_log "$series: wrote tools/kernel-lab/data/$series.json"
}

pids=()
for series in ${KERNEL_LAB_SERIES:-6.1 6.12}; do
  # Fetch and build one after the other (apt locks), then boot the VMs side by side.
  package=$(lab_image_package "$series"); root=$(lab_fetch "$package"); lab_base_initramfs "$root" >/dev/null
done
for series in ${KERNEL_LAB_SERIES:-6.1 6.12}; do
  collect_vm "$series" &
  pids+=($!)
done
[ "${KERNEL_LAB_SKIP_HOST:-}" = 1 ] || collect_host
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
((status == 0)) || lab_die "a VM run failed"

node "$LAB_DIR/build-key-db.mjs" "$DATA" > "$work/key-db.ts"
mv "$work/key-db.ts" "$REPO/src/params/key-db.ts"
lab_log "wrote src/params/key-db.ts"
