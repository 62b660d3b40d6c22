/**
 * What happens to a setting for a key the kernel does not have depends on what applies it, so
 * rules that say "this key does not exist" pick their message by applier:
 *
 * - procps (a sysctl file; `sysctl -p`): "cannot stat", exit 1 (docs/kernel/config-files-and-precedence.md#errors-and-exit-codes);
 * - a pod (the kubelet, then runc): the kubelet rejects a sysctl outside its allowlist
 *   (SysctlForbidden); allowlisted, runc's write to /proc/sys fails and the sandbox is not created;
 * - a container (compose, `docker run --sysctl`): runc writes every sysctl when the container
 *   starts, and a failed write aborts the start (runc libcontainer/standard_init_linux.go);
 * - an Ansible sysctl task: the module's reload (`sysctl -p FILE`) fails the task (ansible-reload-fails);
 * - TuneD: reads the current value first, logs "the parameter does not exist" and skips the
 *   option; the rest of the profile applies (tuned/plugins/plugin_sysctl.py _read_sysctl);
 * - a shell command: `sysctl -w` prints "cannot stat" and exits 1, a redirection into /proc/sys
 *   fails with "No such file or directory" (measured on 6.18 in a network namespace).
 */
import type { AppliedVia } from '../readers/embedded/types.js';

export type Applier = 'procps' | 'pod' | 'container' | 'ansible' | 'tuned' | 'shell';

export function applierOf(via: AppliedVia | undefined): Applier {
  switch (via?.tool) {
    case 'kubernetes':
      return 'pod';
    case 'compose':
    case 'docker-run':
      return 'container';
    case 'ansible':
      return 'ansible';
    case 'tuned':
      return 'tuned';
    case 'shell':
      return 'shell';
    default:
      return 'procps';
  }
}

/** The message id for `applier`: the procps id as is, the others with the applier appended (`removedKey` → `removedKeyPod`). */
export function messageIdFor(id: string, applier: Applier): string {
  return applier === 'procps' ? id : `${id}${applier[0]!.toUpperCase()}${applier.slice(1)}`;
}

/** What the command that applies a shell setting does with a key that does not exist. */
export function shellFailure(via: AppliedVia | undefined, path: string): string {
  if (via?.tool !== 'shell') return '';
  const written = via.command.endsWith('>') || via.command === 'tee' || via.helper === true;
  if (!written && via.ignoreUnknown) return `"${via.command}" with -e skips it without a word (exit 0): the command does nothing`;
  const failure = written
    ? `the write to /proc/sys/${path} fails ("No such file or directory") and the command exits non-zero`
    : `"${via.command}" prints "sysctl: cannot stat /proc/sys/${path}: No such file or directory" and exits 1`;
  const where =
    via.context === 'dockerfile-run'
      ? '; in a Dockerfile RUN that fails the build'
      : via.context === 'cloud-init'
        ? '; cloud-init logs the failed command and goes on'
        : via.context === 'ansible-task'
          ? '; the task fails'
          : '; a script run with set -e stops there';
  return failure + where;
}
