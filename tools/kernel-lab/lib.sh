# shellcheck shell=bash
# The kernel lab's building blocks, sourced by run.sh (the data) and by test:kernels (the
# behaviour tests): find Debian's kernel image packages by name, fetch and unpack them,
# build a busybox initramfs with the kernel's network and filesystem modules, node and
# procps' sysctl, and boot it in QEMU (TCG: no hardware virtualisation is needed).
#
# Needs: apt (Debian), busybox-static (busybox cpio and depmod), qemu-system-x86, xz-utils.
# Everything fetched or built goes to $KERNEL_LAB_CACHE (default /var/cache/sysctl-advisor-kernel-lab),
# outside the repository; a second run reuses it.

KERNEL_LAB_CACHE=${KERNEL_LAB_CACHE:-/var/cache/sysctl-advisor-kernel-lab}
# Guest memory, passed to QEMU with -m and recorded with the data: memory-sized defaults
# (tcp_max_syn_backlog, tcp_max_tw_buckets, nf_conntrack_max ...) depend on it.
KERNEL_LAB_MEMORY=${KERNEL_LAB_MEMORY:-2048M}
# Upper bound for one VM run, boot to power-off, in seconds.
KERNEL_LAB_TIMEOUT=${KERNEL_LAB_TIMEOUT:-600}
BUSYBOX=${BUSYBOX:-/bin/busybox}

lab_log() { printf 'kernel-lab: %s\n' "$*" >&2; }
lab_die() { printf 'kernel-lab: %s\n' "$*" >&2; exit 2; }

lab_require_tools() {
  local missing=()
  [ -x "$BUSYBOX" ] || missing+=(busybox-static)
  command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
  command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
  command -v apt-get >/dev/null 2>&1 || lab_die "needs apt-get (a Debian system) to fetch the kernel packages"
  if ((${#missing[@]})); then
    lab_die "missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})"
  fi
}

# The newest available package name matching an extended regex, e.g. the 6.1 image
# linux-image-6.1.0-57-amd64-unsigned. The ABI number in Debian's names changes with every
# security update and old ones leave the archive, so the name is looked up, never hard-coded.
lab_newest_package() {
  local pattern=$1 found
  found=$(apt-cache search --names-only "$pattern" 2>/dev/null | awk '{print $1}' | sort -V | tail -n 1)
  if [ -z "$found" ]; then
    lab_log "apt-cache knows no package matching $pattern: running apt-get update"
    apt-get update -qq >&2 || true
    found=$(apt-cache search --names-only "$pattern" 2>/dev/null | awk '{print $1}' | sort -V | tail -n 1)
  fi
  [ -n "$found" ] || lab_die "no package matching $pattern in this machine's apt sources"
  printf '%s\n' "$found"
}

# The image package of a kernel series ("6.1" or "6.12"); KERNEL_LAB_PACKAGE_<series with _>
# overrides it (KERNEL_LAB_PACKAGE_6_12=linux-image-6.12.118+deb12-amd64-unsigned).
lab_image_package() {
  local series=$1 override_var
  override_var="KERNEL_LAB_PACKAGE_${series//./_}"
  if [ -n "${!override_var:-}" ]; then printf '%s\n' "${!override_var}"; return; fi
  case "$series" in
    6.1) lab_newest_package '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
    6.12) lab_newest_package '^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned$' ;;
    *) lab_die "unknown kernel series $series (known: 6.1, 6.12)" ;;
  esac
}

# Fetches (apt-get download) and unpacks an image package; prints the unpacked root.
lab_fetch() {
  local package=$1 version dir deb
  version=$(apt-cache policy "$package" | awk '/Candidate:/ {print $2}')
  [ -n "$version" ] && [ "$version" != "(none)" ] || lab_die "apt has no candidate version of $package"
  dir="$KERNEL_LAB_CACHE/packages/${package}_${version}"
  if [ ! -f "$dir/.unpacked" ]; then
    mkdir -p "$KERNEL_LAB_CACHE/debs" "$dir"
    # apt drops privileges to _apt for downloads; a root-owned cache folder is fine for root.
    (cd "$KERNEL_LAB_CACHE/debs" && apt-get download -q "$package=$version" >&2 2>/dev/null) ||
      (cd "$KERNEL_LAB_CACHE/debs" && apt-get download "$package=$version" >&2) ||
      lab_die "apt-get download $package=$version failed"
    deb=$(ls "$KERNEL_LAB_CACHE/debs/${package}_"*"_amd64.deb" 2>/dev/null | grep -F "_$(printf '%s' "$version" | sed 's/:/%3a/')_" | head -n 1)
    [ -n "$deb" ] || deb=$(ls -t "$KERNEL_LAB_CACHE/debs/${package}_"*.deb | head -n 1)
    dpkg-deb -x "$deb" "$dir"
    printf '%s\n%s\n' "$package" "$version" > "$dir/.package"
    touch "$dir/.unpacked"
  fi
  printf '%s\n' "$dir"
}

# The kernel release (uname -r) inside an unpacked image package.
lab_release_of() {
  local root=$1
  basename "$(ls -d "$root"/lib/modules/*/ | head -n 1)"
}

# Module folders whose modules the VM loads: every networking protocol and netfilter module,
# plus filesystem and md modules because they add sysctls (fs.nfs.*, fs.xfs.*, sunrpc.*, dev.raid.*)
# that config files set.
KERNEL_LAB_MODULE_DIRS=${KERNEL_LAB_MODULE_DIRS:-"kernel/net kernel/fs kernel/drivers/md"}

# Builds the base initramfs of an unpacked kernel (cached): busybox, the modules under
# KERNEL_LAB_MODULE_DIRS with everything they depend on (decompressed, with modules.dep),
# node and procps' sysctl with their shared libraries, and /init. Prints the cpio's path.
lab_base_initramfs() {
  local root=$1 release out stage moddir node
  release=$(lab_release_of "$root")
  node=$(readlink -f "$(command -v node)")
  out="$KERNEL_LAB_CACHE/initramfs/${release}.cpio"
  local stamp
  stamp="$(cat "$LAB_DIR/guest/init" "$LAB_DIR/lib.sh" "$BUSYBOX" "$node" /usr/sbin/sysctl 2>/dev/null | md5sum | cut -c1-12)-$(printf '%s' "$KERNEL_LAB_MODULE_DIRS" | md5sum | cut -c1-8)"
  if [ -f "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then printf '%s\n' "$out"; return; fi
  mkdir -p "$KERNEL_LAB_CACHE/initramfs"
  stage=$(mktemp -d "$KERNEL_LAB_CACHE/initramfs/stage.XXXXXX")
  moddir="$stage/lib/modules/$release"
  mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,lab,lib64,lib/x86_64-linux-gnu} "$moddir"
  cp "$BUSYBOX" "$stage/bin/busybox"
  cp "$LAB_DIR/guest/init" "$stage/init"
  chmod 755 "$stage/init"
  # Modules: dependencies from busybox depmod over the whole unpacked tree, then the wanted
  # folders plus their dependencies are copied, decompressed (6.12 ships .ko.xz).
  local src="$root/lib/modules/$release"
  if [ ! -f "$src/.depmod-done" ]; then
    find "$src" -name '*.ko.xz' -exec xz -d {} +
    "$BUSYBOX" depmod -b "$root" "$release"
    touch "$src/.depmod-done"
  fi
  local wanted="$stage/.wanted"
  : > "$wanted"
  for d in $KERNEL_LAB_MODULE_DIRS; do
    [ -d "$src/$d" ] && (cd "$src" && find "$d" -name '*.ko') >> "$wanted"
  done
  # Crypto and library modules are copied too (not loaded): modules request them at init
  # (libcrc32c asks for "crc32c"), and the kernel then runs /sbin/modprobe.
  # The dummy network device lets the behaviour tests discard a listener's SYN-ACKs.
  (cd "$src" && find kernel/crypto kernel/lib kernel/arch/x86/crypto -name '*.ko' 2>/dev/null; echo kernel/drivers/net/dummy.ko) > "$stage/.extra"
  cat "$wanted" "$stage/.extra" > "$stage/.closure"
  awk -v list="$stage/.closure" '
    BEGIN { while ((getline line < list) > 0) want[line] = 1 }
    { sub(":", "", $1); deps[$1] = $0 }
    END { for (m in want) if (m in deps) { n = split(deps[m], parts, " "); for (i = 1; i <= n; i++) print parts[i] } }
  ' "$src/modules.dep" | sort -u > "$stage/.copy"
  (cd "$src" && tar -cf - -T "$stage/.copy") | (cd "$moddir" && tar -xf -)
  grep -F -f <(sed 's/$/:/' "$stage/.copy") "$src/modules.dep" > "$moddir/modules.dep" || true
  cp "$src/modules.builtin" "$src/modules.order" "$src/modules.alias" "$src/modules.symbols" "$moddir/" 2>/dev/null || true
  # The modules the VM loads, in modules.order order (the order the kernel build lists them).
  grep -F -x -f "$wanted" <(sed 's/\.ko\.xz$/.ko/' "$src/modules.order") > "$moddir/lab.load" || true
  # node and procps sysctl, with the shared libraries they link.
  cp "$node" "$stage/usr/bin/node"
  cp /usr/sbin/sysctl "$stage/usr/sbin/sysctl"
  local lib
  for lib in $(ldd "$node" /usr/sbin/sysctl | awk '/=> \// {print $3}' | sort -u); do
    cp -L "$lib" "$stage$lib" 2>/dev/null || { mkdir -p "$stage$(dirname "$lib")"; cp -L "$lib" "$stage$lib"; }
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$stage/lib64/"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$stage/etc/passwd"
  rm -f "$stage/.wanted" "$stage/.copy" "$stage/.extra" "$stage/.closure"
  (cd "$stage" && find . | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null) > "$out.tmp"
  mv "$out.tmp" "$out"
  printf '%s' "$stamp" > "$out.stamp"
  rm -rf "$stage"
  printf '%s\n' "$out"
}

# Packs a folder as an initramfs overlay (a second cpio appended to the base: the kernel
# unpacks both in order). Prints the cpio path.
lab_overlay_cpio() {
  local dir=$1 out=$2
  (cd "$dir" && find . | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null) > "$out"
  printf '%s\n' "$out"
}

# Boots a kernel with the base initramfs plus an overlay whose /lab/run the guest's /init runs.
# The guest writes its results to its second serial port (ttyS1), which becomes $data; its
# console (ttyS0) goes to $console. Returns QEMU's status (124 on timeout).
lab_boot() {
  local root=$1 base=$2 overlay=$3 data=$4 console=$5 release initrd status
  release=$(lab_release_of "$root")
  initrd="${data}.initrd"
  cat "$base" "$overlay" > "$initrd"
  : > "$data"
  timeout --kill-after=10 "$KERNEL_LAB_TIMEOUT" qemu-system-x86_64 \
    -accel tcg -cpu max -smp 1 -m "$KERNEL_LAB_MEMORY" \
    -display none -monitor none -no-reboot -nodefaults \
    -serial "file:$console" -serial "file:$data" \
    -kernel "$root/boot/vmlinuz-$release" -initrd "$initrd" \
    -append "console=ttyS0 panic=-1 quiet loglevel=4 rdinit=/init" </dev/null
  status=$?
  rm -f "$initrd"
  return $status
}
