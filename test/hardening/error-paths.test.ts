/**
 * Every error path of the CLI, as a table: exit code 2, one line on stderr naming the file (and
 * line) and what is wrong, nothing on stdout, no stack trace — and with --debug the same line
 * followed by a stack. Cases run through runCli (src/main.ts, what cli.ts prints) in-process;
 * those that need another user run the built CLI as a child process, and a last test checks
 * the built CLI prints exactly what runCli returns.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/main.js';
import { copyBaseRoot, inPool, REPO_ROOT, runCliAsync, STACK_LINE, withScratch, type CliRun } from './helpers.js';
import { textOf } from '../../src/util/pieces.js';
import { inProcessEnvironment } from '../helpers/environment.js';

const NOBODY = 65534;

interface ErrorCase {
  readonly name: string;
  readonly args: (dir: string) => string[];
  /** The whole message line (after the "sysctl-advisor: " prefix, when the command prints one). */
  readonly message: (dir: string) => RegExp;
  /** Run as nobody (root reads any file; "permission denied" needs another user). */
  readonly asNobody?: boolean;
  /** Run the built CLI in this directory (git takes the repository from the working directory). */
  readonly inDir?: (dir: string) => string;
  /** Lines expected on stderr without --debug (a profile with two mistakes gives two). */
  readonly lines?: number;
}

const PROFILE_HEAD = 'name: errors\nsummary: A profile for the error-path tests.\n';

function setUp(dir: string): void {
  mkdirSync(join(dir, 'a-directory'));
  mkdirSync(join(dir, 'net-only/proc/net'), { recursive: true });
  symlinkSync(join(dir, 'loop.conf'), join(dir, 'loop.conf'));
  mkdirSync(join(dir, 'not-empty'));
  writeFileSync(join(dir, 'not-empty', 'x'), 'x\n');
  writeFileSync(join(dir, 'secret.yaml'), PROFILE_HEAD);
  chmodSync(join(dir, 'secret.yaml'), 0o000);
  writeFileSync(join(dir, 'secret.txt'), 'State Recv-Q Send-Q Local Address:Port Peer Address:Port\n');
  chmodSync(join(dir, 'secret.txt'), 0o000);
  mkdirSync(join(dir, 'closed-root'));
  chmodSync(join(dir, 'closed-root'), 0o000);
  chmodSync(dir, 0o755); // nobody must reach the files above to be refused by their own modes
  writeFileSync(join(dir, 'a-file'), 'net.ipv4.tcp_fin_timeout = 30\n');
  writeFileSync(join(dir, 'syntax.yaml'), `${PROFILE_HEAD}targets:\n  a: 1\n b: 2\n`);
  writeFileSync(
    join(dir, 'unknown-key.yaml'),
    `${PROFILE_HEAD}targets:\n  net.ipv4.tcp_fin_timout:\n    value: 30\n    why: A reason of at least ten characters.\n    source: test\n`,
  );
  writeFileSync(join(dir, 'two-mistakes.yaml'), `${PROFILE_HEAD}context:\n  natGateway: perhaps\nrules:\n  tw-recycle: loud\n`);
  writeFileSync(
    join(dir, 'bad-value.yaml'),
    `${PROFILE_HEAD}targets:\n  net.ipv4.ip_local_port_range:\n    value: "1024 99999"\n    why: A reason of at least ten characters.\n    source: test\n`,
  );
  writeFileSync(
    join(dir, 'cookies-off.yaml'),
    `${PROFILE_HEAD}targets:\n  net.ipv4.tcp_syncookies:\n    value: 0\n    why: Floods are absorbed upstream.\n    source: test\n`,
  );
  writeFileSync(join(dir, 'extends-nothing.yaml'), 'name: errors\nextends: nonexistent\nsummary: A profile for the error-path tests.\n');
  writeFileSync(join(dir, 'collection-key.yaml'), `${PROFILE_HEAD}? [1, 2]\n: 3\n`);
  writeFileSync(
    join(dir, 'bad-ss.txt'),
    'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 10.0.0.1:40000 10.0.0.2:443\nESTAB zero 0 10.0.0.1:40001 10.0.0.2:443\n',
  );
  writeFileSync(
    join(dir, 'bad-proc.txt'),
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1F90 00000000:0000 0Z 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n',
  );
  writeFileSync(join(dir, 'escape.txt'), 'ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\nESTAB \x1b[2J\x1b[31mfake 0 10.0.0.1:1 10.0.0.2:2\n');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0, 0]));
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'sysctl-a.txt'), 'net.ipv4.tcp_fin_timeout = 60\n');
  const badRelease = copyBaseRoot(join(dir, 'root-bad-release'));
  writeFileSync(join(badRelease, 'proc/sys/kernel/osrelease'), 'not a release\n');
  writeFileSync(join(dir, 'bad-rollback.conf'), 'foo bar\n-net.ipv4.tcp_fin_timeout\nnet.ipv4.conf.*.rp_filter = 1\n');
  writeFileSync(join(dir, 'comments-only.conf'), '# nothing to apply\n');
  writeFileSync(join(dir, 'answers-no-profile.yaml'), 'version: 1\n');
  writeFileSync(join(dir, 'answers-not-a-map.yaml'), 'not a mapping\n');
  mkdirSync(join(dir, 'repo'));
  execFileSync('git', ['init', '-q', join(dir, 'repo')]);
  mkdirSync(join(dir, 'repo', 'etc', 'sysctl.d'), { recursive: true });
  writeFileSync(join(dir, 'repo', 'etc', 'sysctl.d', 'a.conf'), 'net.ipv4.tcp_fin_timeout = 30\n');
  execFileSync('git', [
    '-C',
    join(dir, 'repo'),
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'init',
  ]);
  const badTcp = copyBaseRoot(join(dir, 'root-bad-tcp'));
  writeFileSync(join(badTcp, 'proc/net/tcp'), '  sl  local_address rem_address   st\n   1: garbage\n');
}

const CASES: readonly ErrorCase[] = [
  // Usage.
  { name: 'unknown command', args: () => ['frobnicate'], message: () => /^Unknown argument: frobnicate$/ },
  { name: 'unknown option', args: () => ['advise', '--frobnicate'], message: () => /^Unknown argument: frobnicate$/ },
  {
    name: 'a value outside the choices',
    args: () => ['states', '--format', 'xml'],
    message: () => /^Invalid values: Argument: format, Given: "xml", Choices: "text", "json", "prometheus"$/,
  },
  {
    name: 'bad option value',
    args: () => ['states', '--top', '0', '--from', join(REPO_ROOT, 'test/fixtures/dumps/ss-tan.txt')],
    message: () => /^--top takes a whole number from 1 to 10000, e\.g\. 20 \(not "0"\)$/,
  },
  { name: 'generate without a profile', args: () => ['generate'], message: () => /^Missing required argument: profile/ },
  { name: 'collect without --out', args: () => ['collect'], message: () => /^give --out DIR .* or --script/ },
  {
    name: 'explain: unknown key',
    args: () => ['explain', 'tcp_fin_timout'],
    message: () => /^unknown key "tcp_fin_timout"; did you mean net\.ipv4\.tcp_fin_timeout\?/,
  },
  {
    name: 'a bad --kernel',
    args: () => ['generate', '--profile', 'web-server', '--kernel', '6'],
    message: () => /^--kernel takes X\.Y, X\.Y\.Z or a "uname -r" release \(e\.g\. 6\.8 or 6\.8\.0-1014-aws\), not "6"$/,
  },
  {
    name: 'collect: --out and --script',
    args: (d) => ['collect', '--out', `${d}/o`, '--script'],
    message: () => /^--out and --script exclude each other$/,
  },
  {
    name: 'profiles show: two names',
    args: () => ['profiles', 'show', 'edge', 'web-server'],
    message: () => /^profiles show takes one profile name or file$/,
  },
  {
    name: 'profiles validate: nothing to validate',
    args: () => ['profiles', 'validate'],
    message: () => /^profiles validate takes one or more files$/,
  },
  {
    name: 'wizard without a terminal',
    args: () => ['wizard'],
    message: () =>
      /^the wizard needs a terminal \(stdin and stdout must be a TTY\); non-interactively use: sysctl-advisor advise --profile NAME/,
  },
  {
    name: 'unknown built-in profile',
    args: () => ['generate', '--profile', 'no-such-profile'],
    message: () => /^no built-in profile "no-such-profile" \(see "sysctl-advisor profiles list"\)/,
  },

  // generate --profile FILE.
  {
    name: 'generate --profile: missing file',
    args: (d) => ['generate', '--profile', `${d}/missing.yaml`],
    message: (d) => new RegExp(`^${d}/missing\\.yaml: cannot read profile: no such file$`),
  },
  {
    name: 'generate --profile: a directory',
    args: (d) => ['generate', '--profile', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-directory: cannot read profile: it is a directory$`),
  },
  {
    name: 'generate --profile: unreadable',
    args: (d) => ['generate', '--profile', `${d}/secret.yaml`],
    asNobody: true,
    message: (d) => new RegExp(`^${d}/secret\\.yaml: cannot read profile: permission denied$`),
  },
  {
    name: 'generate --profile: YAML syntax',
    args: (d) => ['generate', '--profile', `${d}/syntax.yaml`],
    message: (d) => new RegExp(`^${d}/syntax\\.yaml:5:1: All mapping items must start at the same column$`),
  },
  {
    name: 'generate --profile: unknown key',
    args: (d) => ['generate', '--profile', `${d}/unknown-key.yaml`],
    message: (d) =>
      new RegExp(
        `^${d}/unknown-key\\.yaml:4:3: unknown sysctl key "net\\.ipv4\\.tcp_fin_timout" under targets; did you mean net\\.ipv4\\.tcp_fin_timeout\\?$`,
      ),
  },
  {
    name: 'generate --profile: a value the kernel refuses',
    args: (d) => ['generate', '--profile', `${d}/bad-value.yaml`],
    message: (d) => new RegExp(`^${d}/bad-value\\.yaml:5:12: target net\\.ipv4\\.ip_local_port_range: value "1024 99999": .*65535`),
  },
  {
    name: 'generate --profile: a collection as a key (no yaml warning on stderr)',
    args: (d) => ['generate', '--profile', `${d}/collection-key.yaml`],
    message: (d) => new RegExp(`^${d}/collection-key\\.yaml:\\d+:\\d+: unknown field "\\[ 1, 2 \\]" at the top level`),
  },
  {
    name: 'generate -o: directory missing',
    args: (d) => ['generate', '--profile', 'web-server', '-o', `${d}/nowhere/x.conf`],
    message: (d) => new RegExp(`^${d}/nowhere/x\\.conf: cannot write: the directory ${d}/nowhere does not exist$`),
  },
  {
    name: 'generate -o: a directory',
    args: (d) => ['generate', '--profile', 'web-server', '-o', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-directory: cannot write: it is a directory; give a file path$`),
  },

  {
    name: 'generate --profile: a value refused everywhere, without force',
    args: (d) => ['generate', '--profile', `${d}/cookies-off.yaml`],
    message: (d) =>
      new RegExp(
        `^${d}/cookies-off\\.yaml:5:12: target net\\.ipv4\\.tcp_syncookies: value 0 is refused on every host and kernel: .*; remove the target, or add force: "your reason" to write it anyway \\(docs/profiles\\.md\\)$`,
      ),
  },
  {
    name: 'review --profile: a value refused everywhere, without force',
    args: (d) => ['review', '--profile', `${d}/cookies-off.yaml`, `${d}/a-file`],
    message: (d) =>
      new RegExp(`^${d}/cookies-off\\.yaml:5:12: target net\\.ipv4\\.tcp_syncookies: value 0 is refused on every host and kernel: `),
  },
  {
    name: 'advise --profile: extends a profile that does not exist',
    args: (d) => ['advise', '--profile', `${d}/extends-nothing.yaml`],
    message: (d) =>
      new RegExp(
        `^${d}/extends-nothing\\.yaml:2:10: extends: no built-in profile "nonexistent" \\(built-in: conservative, edge, .*\\); a profile file is a path with "/" or "\\.", e\\.g\\. \\./base\\.yaml$`,
      ),
  },

  // profiles validate FILE (every line of its report with the "sysctl-advisor:" prefix, as every other command's).
  {
    name: 'profiles validate: missing file',
    args: (d) => ['profiles', 'validate', `${d}/missing.yaml`],
    message: (d) => new RegExp(`^${d}/missing\\.yaml: cannot read profile: no such file$`),
  },
  {
    name: 'profiles validate: a directory',
    args: (d) => ['profiles', 'validate', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-directory: cannot read profile: it is a directory$`),
  },
  {
    name: 'profiles validate: unreadable',
    args: (d) => ['profiles', 'validate', `${d}/secret.yaml`],
    asNobody: true,
    message: (d) => new RegExp(`^${d}/secret\\.yaml: cannot read profile: permission denied$`),
  },
  {
    name: 'profiles validate: two mistakes, two lines',
    args: (d) => ['profiles', 'validate', `${d}/two-mistakes.yaml`],
    lines: 2,
    message: (d) =>
      new RegExp(
        `^${d}/two-mistakes\\.yaml:4:15: context\\.natGateway must be true or false\\n${d}/two-mistakes\\.yaml:6:15: rules\\.tw-recycle must be one of off, info, warning, error$`,
      ),
  },

  // states --from FILE.
  {
    name: 'states --from: missing file',
    args: (d) => ['states', '--from', `${d}/missing.txt`],
    message: (d) => new RegExp(`^${d}/missing\\.txt: no such file$`),
  },
  {
    name: 'states --from: a directory',
    args: (d) => ['states', '--from', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-directory: not a regular file`),
  },
  {
    name: 'states --from: unreadable',
    args: (d) => ['states', '--from', `${d}/secret.txt`],
    asNobody: true,
    message: (d) => new RegExp(`^${d}/secret\\.txt: permission denied$`),
  },
  {
    name: 'states --from: a bad ss row',
    args: (d) => ['states', '--from', `${d}/bad-ss.txt`],
    message: (d) =>
      new RegExp(
        `^${d}/bad-ss\\.txt:3: not an ss -tan row \\(Recv-Q and Send-Q must be numbers\\): "ESTAB zero 0 10\\.0\\.0\\.1:40001 10\\.0\\.0\\.2:443"$`,
      ),
  },
  {
    name: 'states --from: a bad /proc/net/tcp row',
    args: (d) => ['states', '--from', `${d}/bad-proc.txt`],
    message: (d) => new RegExp(`^${d}/bad-proc\\.txt:2: not a /proc/net/tcp row \\(state 0Z is not a TCP state code \\(01\\.\\.0B\\)\\)`),
  },
  {
    name: 'states --from: terminal escapes in a row are not printed raw',
    args: (d) => ['states', '--from', `${d}/escape.txt`],
    message: (d) =>
      new RegExp(`^${d}/escape\\.txt:2: not an ss -tan row \\(Recv-Q and Send-Q must be numbers\\): "ESTAB  \\[2J \\[31mfake`),
  },
  {
    name: 'states --from: binary',
    args: (d) => ['states', '--from', `${d}/binary.txt`],
    message: (d) => new RegExp(`^${d}/binary\\.txt:1: unrecognised input \\(tried ss -tan, netstat -nat, /proc/net/tcp\\)`),
  },
  {
    name: 'states --from: empty',
    args: (d) => ['states', '--from', `${d}/empty.txt`],
    message: (d) => new RegExp(`^${d}/empty\\.txt: empty input: expected ss -tan, netstat -nat, /proc/net/tcp output$`),
  },
  {
    name: 'states --from: not a socket table',
    args: (d) => ['states', '--from', `${d}/sysctl-a.txt`],
    message: (d) => new RegExp(`^${d}/sysctl-a\\.txt:1: this is sysctl -a output, not a socket table`),
  },

  // states: options that do not go together.
  {
    name: 'states: --root and --from',
    args: (d) => ['states', '--root', d, '--from', `${d}/a-file`],
    message: () => /^--root and --from exclude each other: read a root or a dump$/,
  },
  {
    name: 'states: --state without --from',
    args: () => ['states', '--state', 'TIME_WAIT'],
    message: () => /^--state goes with --from \(ss output without a State column\)$/,
  },
  {
    name: 'states: --input-format without --from',
    args: () => ['states', '--input-format', 'ss'],
    message: () => /^--input-format goes with --from$/,
  },
  {
    name: 'states: --state not a state',
    args: () => ['states', '--from', join(REPO_ROOT, 'test/fixtures/dumps/ss-tan.txt'), '--state', 'BOGUS'],
    message: () => /^--state BOGUS: not a TCP state \(use ESTABLISHED\/ESTAB, .*CLOSING\)$/,
  },
  {
    name: 'states --root: not a host root',
    args: (d) => ['states', '--root', `${d}/a-directory`],
    message: (d) =>
      new RegExp(
        `^cannot use ${d}/a-directory as a root: ${d}/a-directory/proc/net is missing; a host root \\(/, or a bundle from "collect"\\) has it; for config files alone use: sysctl-advisor review --root ${d}/a-directory$`,
      ),
  },
  {
    name: 'states --root: no socket table',
    args: (d) => ['states', '--root', `${d}/net-only`],
    message: (d) =>
      new RegExp(`^no socket table: ${d}/net-only/proc/net/tcp and its tcp6 sibling do not exist \\(is ${d}/net-only a root\\?\\)$`),
  },
  {
    name: 'advise --root: not a host root',
    args: (d) => ['advise', '--root', `${d}/a-directory`],
    message: (d) =>
      new RegExp(
        `^cannot use ${d}/a-directory as a root: ${d}/a-directory/proc/sys is missing; .* sysctl-advisor review --root ${d}/a-directory$`,
      ),
  },
  {
    name: 'collect --root: not a host root',
    args: (d) => ['collect', '--root', `${d}/a-directory`, '--out', `${d}/out-of-nothing`],
    message: (d) => new RegExp(`^cannot use ${d}/a-directory as a root: ${d}/a-directory/proc/sys is missing; `),
  },
  {
    name: 'review: an empty directory',
    args: (d) => ['review', `${d}/a-directory`],
    message: (d) =>
      new RegExp(
        `^nothing to review: ${d}/a-directory has no \\*\\.conf file \\(a directory is read as sysctl\\.d: its \\*\\.conf files in name order\\)$`,
      ),
  },
  {
    name: 'review --root: no sysctl file',
    args: (d) => ['review', '--root', `${d}/a-directory`],
    message: (d) =>
      new RegExp(
        `^nothing to review: --root ${d}/a-directory has no sysctl file \\(looked for etc/sysctl\\.conf, etc/sysctl\\.d/\\*\\.conf, .*lib/sysctl\\.d/\\*\\.conf\\)$`,
      ),
  },
  {
    name: 'review --root PATH: no sysctl file in PATH',
    args: (d) => ['review', '--root', `${d}/root-bad-tcp`, `${d}/root-bad-tcp/proc`],
    message: (d) => new RegExp(`^nothing to review: no sysctl file read under --root ${d}/root-bad-tcp is in ${d}/root-bad-tcp/proc$`),
  },

  // review.
  {
    name: 'review: nothing to read',
    args: () => ['review'],
    message: () => /^review needs files or directories to read \(review PATH\.\.\.\), or --root DIR$/,
  },
  {
    name: 'review: a missing path',
    args: (d) => ['review', `${d}/missing.conf`],
    message: (d) => new RegExp(`^${d}/missing\\.conf: no such file or directory$`),
  },
  {
    name: 'review: --root a file',
    args: (d) => ['review', '--root', `${d}/a-file`],
    message: (d) => new RegExp(`^cannot use ${d}/a-file as a root: not a directory$`),
  },
  {
    name: 'review: a path outside --root',
    args: (d) => ['review', `${d}/a-file`, '--root', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-file is not under --root ${d}/a-directory$`),
  },
  {
    name: 'review --diff-base: not a repository',
    args: (d) => ['review', `${d}/a-file`, '--diff-base', 'HEAD'],
    inDir: (d) => d,
    message: () => /^--diff-base needs a git repository: /,
  },
  {
    name: 'review --diff-base: no such commit',
    args: (d) => ['review', `${d}/repo/etc/sysctl.d/a.conf`, '--root', `${d}/repo`, '--diff-base', 'no-such-ref'],
    inDir: (d) => `${d}/repo`,
    message: () => /^--diff-base no-such-ref: no such commit in this repository$/,
  },

  // apply and answers files.
  {
    name: 'apply: neither a file nor --rollback',
    args: () => ['apply'],
    message: () => /^give a drop-in to apply \(apply FILE\) or a rollback file to restore \(apply --rollback FILE\)$/,
  },
  {
    name: 'apply --rollback: missing file',
    args: (d) => ['apply', '--rollback', `${d}/missing.conf`],
    message: (d) => new RegExp(`^${d}/missing\\.conf: no such file$`),
  },
  {
    name: 'apply: a directory',
    args: (d) => ['apply', `${d}/a-directory`],
    message: (d) => new RegExp(`^${d}/a-directory: is a directory, not a file$`),
  },
  {
    name: 'review: a symlink loop',
    args: (d) => ['review', `${d}/loop.conf`],
    message: (d) => new RegExp(`^${d}/loop\\.conf: too many levels of symbolic links \\(a link that points back to itself\\?\\)$`),
  },
  {
    name: 'apply: --save-rollback onto an existing file',
    args: (d) => ['apply', `${d}/a-file`, '--save-rollback', `${d}/a-file`],
    message: (d) => new RegExp(`^--save-rollback ${d}/a-file: the file exists, and rollback files are never overwritten; `),
  },
  {
    name: 'explain: no key',
    args: () => ['explain'],
    message: () => /^explain needs a sysctl key, e\.g\. sysctl-advisor explain tcp_fin_timeout$/,
  },
  {
    name: 'profiles: no action',
    args: () => ['profiles'],
    message: () => /^profiles needs an action: profiles list, profiles show NAME\|FILE, or profiles validate FILE\.\.\.$/,
  },
  {
    name: 'apply --rollback: nothing to apply',
    args: (d) => ['apply', '--rollback', `${d}/comments-only.conf`],
    message: (d) => new RegExp(`^${d}/comments-only\\.conf: no "key = value" line to apply$`),
  },
  {
    name: 'apply --rollback: three bad lines, three lines',
    args: (d) => ['apply', '--rollback', `${d}/bad-rollback.conf`],
    lines: 3,
    message: (d) =>
      new RegExp(
        `^${d}/bad-rollback\\.conf:1: not a sysctl line: .*; fix it before applying\\n${d}/bad-rollback\\.conf:2: "-key" exclusions .*\\n${d}/bad-rollback\\.conf:3: glob keys \\(net\\.ipv4\\.conf\\.\\*\\.rp_filter\\) are not applied by apply; use "sysctl -p" for them$`,
      ),
  },
  {
    name: 'advise --answers: missing file',
    args: (d) => ['advise', '--answers', `${d}/missing.yaml`],
    message: (d) => new RegExp(`^${d}/missing\\.yaml: cannot read answers: no such file$`),
  },
  {
    name: 'advise --answers: not a mapping',
    args: (d) => ['advise', '--answers', `${d}/answers-not-a-map.yaml`],
    message: (d) => new RegExp(`^${d}/answers-not-a-map\\.yaml: not a wizard answers file \\(expected a YAML mapping\\)$`),
  },
  {
    name: 'advise --answers: no profile',
    args: (d) => ['advise', '--answers', `${d}/answers-no-profile.yaml`],
    message: (d) => new RegExp(`^${d}/answers-no-profile\\.yaml: profile must name a built-in profile or a profile file$`),
  },
  {
    name: 'advise --target: outside --root',
    args: (d) => ['advise', '--root', `${d}/root-bad-tcp`, '--target', '/etc/x.conf'],
    message: (d) => new RegExp(`^--target /etc/x\\.conf is not under --root ${d}/root-bad-tcp$`),
  },

  // advise/states --root DIR.
  {
    name: 'advise --root: missing',
    args: (d) => ['advise', '--root', `${d}/missing`],
    message: (d) => new RegExp(`^cannot use ${d}/missing as a root: no such directory$`),
  },
  {
    name: 'advise --root: a file',
    args: (d) => ['advise', '--root', `${d}/a-file`],
    message: (d) => new RegExp(`^cannot use ${d}/a-file as a root: not a directory$`),
  },
  {
    name: 'advise --root: unreadable',
    args: (d) => ['advise', '--root', `${d}/closed-root`],
    asNobody: true,
    message: (d) => new RegExp(`^cannot use ${d}/closed-root as a root: permission denied$`),
  },
  {
    name: 'states --root: a file',
    args: (d) => ['states', '--root', `${d}/a-file`],
    message: (d) => new RegExp(`^cannot use ${d}/a-file as a root: not a directory$`),
  },
  {
    name: 'advise --root: a bad kernel release',
    args: (d) => ['advise', '--root', `${d}/root-bad-release`],
    message: (d) => new RegExp(`^${d}/root-bad-release/proc/sys/kernel/osrelease:1: not a kernel release: "not a release"$`),
  },
  {
    name: 'states --root: a bad proc/net/tcp',
    args: (d) => ['states', '--root', `${d}/root-bad-tcp`],
    message: (d) => new RegExp(`^${d}/root-bad-tcp/proc/net/tcp:2: not a /proc/net/tcp row`),
  },

  // collect --out DIR.
  {
    name: 'collect --out: not empty',
    args: (d) => ['collect', '--out', `${d}/not-empty`],
    message: (d) => new RegExp(`^${d}/not-empty: is not empty; collect into a new or empty directory$`),
  },
  {
    name: 'collect --out: a file',
    args: (d) => ['collect', '--out', `${d}/a-file`],
    message: (d) => new RegExp(`^${d}/a-file: exists and is not a directory$`),
  },
  {
    name: 'collect --root: a file',
    args: (d) => ['collect', '--root', `${d}/a-file`, '--out', `${d}/out`],
    message: (d) => new RegExp(`^cannot use ${d}/a-file as a root: not a directory$`),
  },
];

const PREFIX = 'sysctl-advisor: ';

/** What the CLI prints for `args`: runCli in-process (cli.ts writes exactly this), or the built CLI as another user. */
async function run(args: readonly string[], asNobody: boolean, cwd?: string): Promise<CliRun> {
  if (asNobody) return runCliAsync(args, { uid: NOBODY });
  if (cwd !== undefined) return runCliAsync(args, { cwd });
  const output = await runCli(args, inProcessEnvironment({ env: { ...process.env, NO_COLOR: '1' } }));
  return { stdout: textOf(output.stdout), stderr: output.stderr ?? '', status: output.exitCode };
}

function problemsOf(c: ErrorCase, dir: string, debug: boolean, result: CliRun): string[] {
  const problems: string[] = [];
  if (result.status !== 2) problems.push(`exit ${result.status}, not 2`);
  if (result.stdout !== '') problems.push(`stdout is not empty: ${JSON.stringify(result.stdout.slice(0, 200))}`);
  const lines = c.lines ?? 1;
  const text = result.stderr.replace(/\n$/, '');
  const shown = debug ? text.split('\n').filter((line) => !STACK_LINE.test(line) && line.trim() !== '') : text.split('\n');
  const message = shown.slice(0, lines).join('\n').split(PREFIX).join('');
  if (!c.message(dir).test(message)) problems.push(`message ${JSON.stringify(message)} does not match ${c.message(dir)}`);
  if (/internal error/.test(text)) problems.push('reported as an internal error');
  if (debug) {
    if (!STACK_LINE.test(text)) problems.push('--debug printed no stack trace');
  } else {
    if (STACK_LINE.test(text)) problems.push('a stack trace without --debug');
    if (text.split('\n').length !== lines) problems.push(`${text.split('\n').length} lines on stderr, not ${lines}`);
  }
  return problems;
}

test(
  'every CLI error path: exit 2, one clear line naming the file and the problem, a stack only with --debug',
  { timeout: 120_000 },
  async () => {
    await withScratch('errors', async (dir) => {
      setUp(dir);
      const runs = await inPool(
        CASES.flatMap((c) =>
          [false, true].map((debug) => async () => ({
            c,
            debug,
            result: await run([...c.args(dir), ...(debug ? ['--debug'] : [])], c.asNobody === true, c.inDir?.(dir)),
          })),
        ),
      );
      const failures = runs.flatMap(({ c, debug, result }) => {
        const problems = problemsOf(c, dir, debug, result);
        return problems.length === 0
          ? []
          : [`${c.name}${debug ? ' (--debug)' : ''}: ${problems.join('; ')}\n  stderr: ${JSON.stringify(result.stderr.slice(0, 300))}`];
      });
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  },
);

test('the built CLI prints what runCli returns, and exits with its code', { timeout: 60_000 }, async () => {
  await withScratch('errors-cli', async (dir) => {
    setUp(dir);
    const chosen = CASES.filter((c) => !c.asNobody && /unknown command|a bad ss row|two mistakes/.test(c.name));
    assert.equal(chosen.length, 3);
    const pairs = await inPool(
      chosen.flatMap((c) =>
        [false, true].map((debug) => async () => {
          const args = [...c.args(dir), ...(debug ? ['--debug'] : [])];
          return { c, debug, inProcess: await run(args, false), child: await runCliAsync(args) };
        }),
      ),
    );
    for (const { c, debug, inProcess, child } of pairs) {
      assert.equal(child.status, inProcess.status, c.name);
      assert.equal(child.stdout, inProcess.stdout, c.name);
      // Stack frames name the entry point (cli.js vs the test), so compare the message lines only.
      const messageLines = (text: string) => text.split('\n').filter((line) => !STACK_LINE.test(line));
      assert.deepEqual(messageLines(child.stderr), messageLines(inProcess.stderr), c.name);
      assert.deepEqual(problemsOf(c, dir, debug, child), [], c.name);
    }
  });
});
