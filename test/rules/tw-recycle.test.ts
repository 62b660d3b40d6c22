import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { twRecycle } from '../../src/rules/tw-recycle.js';
import { ruleTester } from '../helpers/rule-tester.js';

const recycle = (via: AppliedVia) => ({ kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1, via }] });
const shell = (command: string, extra: Partial<Extract<AppliedVia, { tool: 'shell' }>> = {}): AppliedVia => ({
  tool: 'shell',
  command,
  context: 'script',
  ignoreUnknown: false,
  ...extra,
});

ruleTester(twRecycle, {
  valid: [
    { name: 'not set anywhere', facts: { config: [{ key: 'net.ipv4.tcp_tw_reuse', value: 1 }] } },
    {
      name: '0 on an old kernel is the harmless default',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 0 }] },
    },
    { name: 'live 0 on an old kernel', facts: { kernel: '4.9', live: { 'net.ipv4.tcp_tw_recycle': 0 } } },
  ],
  // What fails depends on what applies the line: not every applier runs sysctl -p.
  invalid: [
    {
      name: 'in a pod: the pod never starts',
      facts: recycle({ tool: 'kubernetes', workload: 'Deployment/web', hostNetwork: false, hostIPC: false, valueType: 'string' }),
      findings: [
        {
          messageId: 'removedKeyPod',
          message:
            /^tcp_tw_recycle: the pod never starts on 6\.8, which has no such key \(removed in 4\.12\); remove it from sysctls\.\n.*SysctlForbidden.*FailedCreatePodSandBox/s,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'in a compose service: the container fails to start (runc), no sysctl -p',
      facts: recycle({ tool: 'compose', service: 'api', networkMode: null, ipc: null, valueType: 'integer' }),
      findings: [
        {
          messageId: 'removedKeyContainer',
          message: /^tcp_tw_recycle: the container fails to start on 6\.8[^\n]*\n.*runc.*no such file or directory/s,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'docker run --sysctl: the container fails to start',
      facts: recycle({ tool: 'docker-run', networkMode: null, ipc: null }),
      findings: [{ messageId: 'removedKeyContainer', message: /^tcp_tw_recycle: the container fails to start/ }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'an Ansible task: the task fails, and the line stays in its file',
      facts: recycle({
        tool: 'ansible',
        module: 'sysctl',
        sysctlFile: '/etc/sysctl.d/90-net.conf',
        reload: true,
        ignoreErrors: false,
        sysctlSet: false,
        taskLine: 3,
      }),
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
      findings: [
        {
          messageId: 'removedKeyAnsible',
          message: /^tcp_tw_recycle: this sysctl task fails on 6\.8[^\n]*remove the task\.\n.*"sysctl -p \/etc\/sysctl\.d\/90-net\.conf"/s,
        },
      ],
    },
    {
      name: 'a TuneD profile: TuneD skips the option and applies the rest',
      facts: recycle({ tool: 'tuned', section: 'sysctl', modifier: null }),
      findings: [
        {
          messageId: 'removedKeyTuned',
          message: /^tcp_tw_recycle: TuneD skips this option on 6\.8[^\n]*\n.*the parameter does not exist/s,
          severity: 'error',
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'sysctl -w in a script: cannot stat, exit 1',
      facts: recycle(shell('sysctl -w')),
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
      findings: [
        {
          messageId: 'removedKeyShell',
          message:
            /^tcp_tw_recycle: this command fails on 6\.8[^\n]*\n"sysctl -w" prints "sysctl: cannot stat \/proc\/sys\/net\/ipv4\/tcp_tw_recycle: No such file or directory" and exits 1; a script run with set -e stops there\.$/s,
        },
      ],
    },
    {
      name: 'echo into /proc/sys in a Dockerfile RUN: the write fails and so does the build',
      facts: recycle(shell('echo >', { context: 'dockerfile-run' })),
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
      findings: [
        {
          messageId: 'removedKeyShell',
          message:
            /\nthe write to \/proc\/sys\/net\/ipv4\/tcp_tw_recycle fails \("No such file or directory"\).*in a Dockerfile RUN that fails the build\.$/s,
        },
      ],
    },
    {
      name: 'sysctl -e -w: skipped without a word',
      facts: recycle(shell('sysctl -w', { ignoreUnknown: true })),
      findings: [{ messageId: 'removedKeyShell', message: /\n"sysctl -w" with -e skips it without a word \(exit 0\)/ }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'set on 6.8: the key does not exist and sysctl -p fails',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1, file: '/etc/sysctl.conf' }] },
      findings: [
        {
          messageId: 'removedKey',
          data: { kernel: '6.8' },
          message:
            /^tcp_tw_recycle does not exist on 6\.8: sysctl -p fails on this line; remove it tcp_tw_recycle was removed in 4\.12: .*exits 1/,
          severity: 'error',
          file: '/etc/sysctl.conf',
          line: 1,
          column: 1,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null, from: '1', file: '/etc/sysctl.conf', line: 1, rules: ['tw-recycle'] }],
    },
    {
      name: 'even 0 is an error on 4.12+',
      facts: { kernel: '5.4', config: [{ key: 'net/ipv4/tcp_tw_recycle', value: 0 }] },
      findings: [{ messageId: 'removedKey', data: { kernel: '5.4', value: '0' } }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.9, before per-connection offsets, it drops SYNs from clients behind NAT',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [
        {
          messageId: 'natDrops',
          data: { value: '1' },
          message: /drops SYNs from clients behind NAT: remove the line .*\(counted as PAWSPassive\)\. The key was removed in 4\.12/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.10 per-connection offsets break it for every client',
      facts: { kernel: '4.10', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [{ messageId: 'natDropsAnyClient', data: { value: '1' }, message: /On 4\.10 timestamps have per-connection offsets/ }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.11, back to per-host offsets (commit 28ee1b746f49), it drops SYNs from clients behind NAT',
      facts: { kernel: '4.11', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [{ messageId: 'natDrops' }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'live 1 on an old kernel without a config line',
      facts: { kernel: '4.4', live: { 'net.ipv4.tcp_tw_recycle': 1 }, config: [] },
      // No line to write (it would fail from 4.12 on): the running kernel gets the default 0.
      findings: [
        {
          messageId: 'liveOn',
          data: { value: '1' },
          message: /No config file sets it\. The plan turns it off now \(0, the kernel default\) and writes no line/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', from: null, to: null, runtime: { from: '1', to: '0' } }],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check: no config files were read; no live values/ }],
});
