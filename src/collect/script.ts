/**
 * `collect --script`: a POSIX sh script doing what `collect --out` does, for hosts without
 * Node: `sh collect.sh DIR` (as root for everything; unreadable files are skipped and named).
 * Generated from the same plan, so the bundle reads the same with --root.
 */
import { packageVersion } from '../util/package-info.js';
import {
  APP_CONFIG_DIRS,
  APP_CONFIG_FILES,
  CONFIG_DIRS,
  CONFIG_FILES,
  EARLIER_DIR,
  EARLIER_FILES,
  EARLIER_SECONDS_FILE,
  kernelFiles,
  NAMESPACE_LINKS,
} from '../readers/bundle-layout.js';
import { SS_CAPTURE_COMMAND, SS_CAPTURE_FILE } from '../readers/ss-capture.js';

const list = (paths: readonly string[]) => paths.map((p) => `  /${p}`).join(' \\\n');

export function collectScript(): string {
  return `#!/bin/sh
# sysctl-advisor ${packageVersion()} collect script: copies what "sysctl-advisor states --root DIR"
# (and the other root readers) read, at the same paths under DIR. Usage: sh collect.sh DIR [SECONDS]
# With SECONDS, the kernel counters are also read that long before the rest (for rates).
# /proc files report size 0, so they are read with cat; never cp or tar them.
set -u
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then echo "usage: sh collect.sh DIR [SECONDS]" >&2; exit 2; fi
out=$1
interval=\${2:-}
case "$interval" in
  '') ;;
  *[!0-9]*|0) echo "SECONDS must be a whole number above 0" >&2; exit 2 ;;
esac
if [ -e "$out" ] && [ ! -d "$out" ]; then echo "$out exists and is not a directory" >&2; exit 2; fi
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then echo "$out is not empty; collect into a new or empty directory" >&2; exit 2; fi
mkdir -p "$out" || exit 2
copied=0
skipped=0

# grab FILE: copy an existing file's content to $out/FILE (a failed read leaves nothing behind).
grab() {
  [ -e "$1" ] || return 0
  mkdir -p "$out\${1%/*}" || return 0
  if cat "$1" > "$out$1.partial" 2>/dev/null; then
    mv "$out$1.partial" "$out$1" && copied=$((copied + 1))
  else
    rm -f "$out$1.partial"; skipped=$((skipped + 1)); echo "skipped $1: not readable" >&2
  fi
}

# keep_link LINK [TARGET]: record a symlink with the same target text.
keep_link() {
  target=\${2:-$(readlink "$1" 2>/dev/null)} || { skipped=$((skipped + 1)); echo "skipped $1: not readable" >&2; return 0; }
  [ -n "$target" ] || return 0
  mkdir -p "$out\${1%/*}" && ln -s "$target" "$out$1"
}

# config_entry PATH: a mask (symlink to /dev/null) stays a symlink; a relative link to another
# collected config file (Debian's 99-sysctl.conf -> ../sysctl.conf) stays a link, so the tools do
# not read the same lines twice as two files; any other file (or link to one) is copied.
config_entry() {
  if [ -L "$1" ] && [ "$(readlink "$1")" = /dev/null ]; then keep_link "$1" /dev/null
  elif [ -L "$1" ] && collected_link "$1"; then keep_link "$1"
  elif [ -f "$1" ]; then grab "$1"
  fi
}

# collected_link LINK: true when LINK's target is relative and names a collected config file.
collected_link() {
  t=$(readlink "$1") || return 1
  case "$t" in /*) return 1 ;; esac
  r=$(cd "\${1%/*}" 2>/dev/null && cd "$(dirname "$t")" 2>/dev/null && pwd -P)/$(basename "$t") || return 1
  case "$r" in
    ${CONFIG_FILES.map((p) => `/${p}`).join('|')}) return 0 ;;
    ${CONFIG_DIRS.map((p) => `/${p}/*.conf`).join('|')}) return 0 ;;
  esac
  return 1
}

if [ -n "$interval" ]; then
  # The first reading of the counters, SECONDS before the rest.
  for f in${EARLIER_FILES.map((p) => ` /${p}`).join('')}; do
    [ -e "$f" ] || continue
    mkdir -p "$out/${EARLIER_DIR}\${f%/*}" && cat "$f" > "$out/${EARLIER_DIR}$f" 2>/dev/null && copied=$((copied + 1))
  done
  sleep "$interval"
  echo "$interval" > "$out/${EARLIER_SECONDS_FILE}"
fi

for f in \\
${list(kernelFiles())}
do grab "$f"; done

# Listeners' backlogs (Send-Q) and, as root, processes: only ss (netlink) shows them.
if command -v ss >/dev/null 2>&1; then
  mkdir -p "$out/${SS_CAPTURE_FILE.slice(0, SS_CAPTURE_FILE.lastIndexOf('/'))}"
  if ${SS_CAPTURE_COMMAND} > "$out/${SS_CAPTURE_FILE}.partial" 2>/dev/null; then
    mv "$out/${SS_CAPTURE_FILE}.partial" "$out/${SS_CAPTURE_FILE}" && copied=$((copied + 1))
  else
    rm -f "$out/${SS_CAPTURE_FILE}.partial"; skipped=$((skipped + 1)); echo "skipped ${SS_CAPTURE_COMMAND}: it failed" >&2
  fi
else
  echo "ss (iproute2) not found: listeners' backlogs are not in the bundle" >&2
fi

# /proc/self is the process reading it; every process here shares the netns being collected.
for l in${NAMESPACE_LINKS.map((p) => ` /${p}`).join('')}; do
  if [ -L "$l" ]; then keep_link "$l"; fi
done

for f in${CONFIG_FILES.map((p) => ` /${p}`).join('')}; do config_entry "$f"; done

seen=''
for d in${CONFIG_DIRS.map((p) => ` /${p}`).join('')}; do
  [ -d "$d" ] || continue
  real=$(cd "$d" && pwd -P) || continue
  same=''
  for pair in $seen; do
    if [ "\${pair%%=*}" = "$real" ]; then same=\${pair#*=}; fi
  done
  if [ -n "$same" ]; then
    # The same directory as an earlier one (merged /usr): a relative link to that copy.
    up=$(printf '%s' "\${d%/*}" | sed 's|/[^/]*|../|g')
    keep_link "$d" "$up\${same#/}"
    continue
  fi
  seen="$seen $real=$d"
  mkdir -p "$out$d"
  for f in "$d"/* "$d"/.[!.]*; do
    if [ -e "$f" ] || [ -L "$f" ]; then config_entry "$f"; fi
  done
done

# Application configs on the idle-timeout chain (nginx, Apache httpd, HAProxy, Envoy), where present.
for f in${APP_CONFIG_FILES.map((p) => ` /${p}`).join('')}; do config_entry "$f"; done
for d in${APP_CONFIG_DIRS.map((p) => ` /${p}`).join('')}; do
  [ -d "$d" ] || continue
  for f in "$d"/* "$d"/.[!.]*; do
    if [ -e "$f" ] || [ -L "$f" ]; then config_entry "$f"; fi
  done
done

echo "collected $copied files into $out ($skipped not readable)" >&2
`;
}
