import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proposeFiles } from '../../src/writers/target-file.js';
import type { ConfigAssignment } from '../../src/facts/types.js';
import type { Change } from '../../src/engine/types.js';

const TARGET = '/etc/sysctl.d/90-sysctl-advisor.conf';
const change = (key: string, from: string | null, to: string | null, extra: Partial<Change> = {}): Change => ({
  key,
  from,
  to,
  runtime: null,
  rules: ['r'],
  why: 'because',
  ...extra,
});
const assignment = (file: string, line: number, key: string, value: string): ConfigAssignment => ({
  file,
  line,
  keyColumn: 1,
  valueColumn: 1,
  key,
  keyAsWritten: key,
  value,
  commentAbove: [],
});

test('a new target gets the header and one explained block per change', () => {
  const files = proposeFiles({
    targetFile: TARGET,
    targetContent: '',
    changes: [change('net.core.somaxconn', '128', '4096')],
    assignments: [],
    readFile: () => '',
    header: ['# header'],
  });
  assert.equal(files.target.after, '# header\n\n# net.core.somaxconn: was 128 → 4096 (r)\n# Why: because\nnet.core.somaxconn = 4096\n');
});

test('an existing line is replaced in place with its explanation; user comments stay', () => {
  const before = '# header\n\n# our nginx needs more\nnet.core.somaxconn = 1024\nnet.ipv4.tcp_fin_timeout = 30\n';
  const files = proposeFiles({
    targetFile: TARGET,
    targetContent: before,
    changes: [change('net.core.somaxconn', '1024', '4096')],
    assignments: [],
    readFile: () => '',
    header: [],
  });
  assert.equal(
    files.target.after,
    '# header\n\n# our nginx needs more\n# net.core.somaxconn: was 1024 → 4096 (r)\n# Why: because\nnet.core.somaxconn = 4096\nnet.ipv4.tcp_fin_timeout = 30\n',
  );
  // Applying the same change to the result changes nothing more: our own block is replaced, not stacked.
  const again = proposeFiles({
    targetFile: TARGET,
    targetContent: files.target.after,
    changes: [change('net.core.somaxconn', '1024', '4096')],
    assignments: [],
    readFile: () => '',
    header: [],
  });
  assert.equal(again.target.after, files.target.after);
});

test('a removal edits the file that sets the key; a change a later file overrides is held back', () => {
  const files = proposeFiles({
    targetFile: TARGET,
    targetContent: '',
    changes: [
      change('net.ipv4.tcp_tw_recycle', '1', null, { file: '/etc/sysctl.conf', line: 2 }),
      change('net.core.somaxconn', '128', '4096', { overriddenBy: { file: '/etc/sysctl.conf', line: 1, value: '128' } }),
    ],
    assignments: [assignment('/etc/sysctl.conf', 2, 'net.ipv4.tcp_tw_recycle', '1')],
    readFile: (file) => (file === '/etc/sysctl.conf' ? 'net.core.somaxconn = 128\nnet.ipv4.tcp_tw_recycle = 1\nvm.swappiness = 10\n' : ''),
    header: ['# header'],
  });
  assert.equal(files.target.after, '');
  assert.deepEqual(files.removals, [
    {
      file: '/etc/sysctl.conf',
      before: 'net.core.somaxconn = 128\nnet.ipv4.tcp_tw_recycle = 1\nvm.swappiness = 10\n',
      after: 'net.core.somaxconn = 128\nvm.swappiness = 10\n',
    },
  ]);
  assert.equal(files.blocked.length, 1);
});
