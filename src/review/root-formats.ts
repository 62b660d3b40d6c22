/**
 * `review --root DIR`: the files of the other formats review reads that have a fixed place on a
 * host, found under the root beside its sysctl files. Paths are resolved as the host would
 * resolve them (config/rootfs.ts: an absolute link stays in the root).
 *
 * - TuneD profiles: every profile in /etc/tuned (the administrator's own), and the active
 *   profile(s) named in /etc/tuned/active_profile, looked up as TuneD does (/etc/tuned before
 *   /usr/lib/tuned, and their profiles/ subdirectories since tuned 2.23:
 *   https://github.com/redhat-performance/tuned/blob/master/tuned/profiles/locator.py). The
 *   profiles TuneD ships in /usr/lib/tuned are read only when active, or when the root has no
 *   active_profile (a tree of profiles, not a host running TuneD): an inactive vendor profile
 *   applies nothing.
 * - cloud-init: /etc/cloud/cloud.cfg and /etc/cloud/cloud.cfg.d/*.cfg (cloud-init reads only
 *   *.cfg there: https://cloudinit.readthedocs.io/en/latest/reference/base_config_reference.html),
 *   read as cloud-config without the `#cloud-config` header user data needs.
 * - Kubernetes static pods: /etc/kubernetes/manifests (kubeadm's staticPodPath), whose pods the
 *   kubelet starts itself.
 * - /etc/rc.local and /etc/rc.d/rc.local: a shell script run at the end of boot.
 * - NixOS: the *.nix files of /etc/nixos.
 *
 * A file found here that sets no sysctl is left out of the report: it is only where such settings
 * would be.
 */
import { readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { decodeConfigBytes, parseConfigText, readConfigFileBytes } from '../config/index.js';
import { resolveInRoot } from '../util/in-root.js';
import { detectFormat, type DetectedFormat } from '../readers/embedded/detect.js';
import { displayPath, type SourceFile } from './sources.js';

/** TuneD's profile directories, highest priority first (reversed LOAD_DIRECTORIES of tuned/consts.py, old and new layouts). */
const TUNED_DIRECTORIES = ['/etc/tuned/profiles', '/etc/tuned', '/usr/lib/tuned/profiles', '/usr/lib/tuned'];
const ADMIN_TUNED_DIRECTORIES = new Set(['/etc/tuned/profiles', '/etc/tuned']);

interface Location {
  /** The directory, as on the host. */
  readonly directory: string;
  /** Which entries: a file name pattern. */
  readonly names: RegExp;
  readonly format: DetectedFormat;
}

const LOCATIONS: readonly Location[] = [
  { directory: '/etc/cloud', names: /^cloud\.cfg$/, format: 'cloud-init' },
  { directory: '/etc/cloud/cloud.cfg.d', names: /\.cfg$/, format: 'cloud-init' },
  { directory: '/etc/kubernetes/manifests', names: /\.(?:ya?ml|json)$/, format: 'yaml' },
  { directory: '/etc', names: /^rc\.local$/, format: 'shell' },
  { directory: '/etc/rc.d', names: /^rc\.local$/, format: 'shell' },
  { directory: '/etc/nixos', names: /\.nix$/, format: 'nixos' },
];

/** A directory's entry names inside the root, sorted; none when it is missing or not a directory. */
function namesIn(root: string, directory: string): { path: string; names: string[] } | undefined {
  const resolved = resolveInRoot(root, directory);
  if (resolved.kind !== 'path') return undefined;
  try {
    if (!statSync(resolved.hostPath).isDirectory()) return undefined;
    return { path: resolved.hostPath, names: readdirSync(resolved.hostPath).sort() };
  } catch {
    return undefined;
  }
}

/** The in-root host path of `hostPath` when it is a regular file (symlinks resolved in the root). */
function fileInRoot(root: string, hostPath: string): { onDisk: string; hostPath: string } | undefined {
  const resolved = resolveInRoot(root, hostPath);
  if (resolved.kind !== 'path') return undefined;
  try {
    // resolveInRoot's `path` is the path on the host the root came from, `hostPath` the file on this machine.
    return statSync(resolved.hostPath).isFile() ? { onDisk: resolved.hostPath, hostPath: resolved.path } : undefined;
  } catch {
    return undefined;
  }
}

/** The profile directory TuneD would load for `name`: the first of its directories that has NAME/tuned.conf. */
function tunedProfile(root: string, name: string): string | undefined {
  for (const directory of TUNED_DIRECTORIES) {
    const path = posix.join(directory, name, 'tuned.conf');
    if (fileInRoot(root, path)) return path;
  }
  return undefined;
}

/** The host paths of the TuneD profiles to review under the root, in the order TuneD would prefer them. */
function tunedProfiles(root: string): string[] {
  const active = fileInRoot(root, '/etc/tuned/active_profile');
  const activeNames = active
    ? decodeConfigBytes(readConfigFileBytes(active.onDisk))
        .text.split(/\s+/)
        .filter((name) => name !== '' && !name.includes('/'))
    : undefined;
  const paths: string[] = [];
  for (const name of activeNames ?? []) {
    const path = tunedProfile(root, name);
    if (path) paths.push(path);
  }
  for (const directory of TUNED_DIRECTORIES) {
    if (activeNames && !ADMIN_TUNED_DIRECTORIES.has(directory)) continue;
    for (const name of namesIn(root, directory)?.names ?? []) {
      // TuneD's own files in /etc/tuned (tuned-main.conf, active_profile, ...) are not profile directories.
      const path = posix.join(directory, name, 'tuned.conf');
      if (fileInRoot(root, path)) paths.push(path);
    }
  }
  return paths;
}

/** The files of the other formats under `root` (absolute), read, each once; `seen` holds real paths already reviewed. */
export function otherFormatFiles(root: string, cwd: string, seen: ReadonlySet<string>): SourceFile[] {
  const wanted: { hostPath: string; format: DetectedFormat }[] = tunedProfiles(root).map((hostPath) => ({
    hostPath,
    format: 'tuned',
  }));
  for (const location of LOCATIONS) {
    for (const name of namesIn(root, location.directory)?.names ?? []) {
      if (location.names.test(name)) wanted.push({ hostPath: posix.join(location.directory, name), format: location.format });
    }
  }
  const files: SourceFile[] = [];
  const taken = new Set(seen);
  for (const { hostPath, format } of wanted) {
    const found = fileInRoot(root, hostPath);
    if (!found || taken.has(found.hostPath)) continue;
    taken.add(found.hostPath);
    const display = displayPath(cwd, found.onDisk);
    const { text, notes } = decodeConfigBytes(readConfigFileBytes(found.onDisk, display));
    // The place decides the format: rc.local is run by sh and cloud.cfg.d read as YAML, whatever a few lines look like.
    files.push({
      id: found.hostPath,
      display,
      absolute: found.onDisk,
      parsed: parseConfigText(text, display, notes),
      notSysctl: detectFormat(display, text).notSysctl,
      embedded: format,
      text,
      optional: true,
    });
  }
  return files;
}
