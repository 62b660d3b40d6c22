/**
 * Effective configuration under a root, on roots built in temp folders. The scenarios reproduce
 * docs/kernel/evidence/precedence_test.txt and the probes listed in docs/config-files.md;
 * precedence.test.ts checks the same scenarios against the real tools.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  effectiveConfig,
  laterOverrides,
  lookupKey,
  simulateLoad,
  type EffectiveConfig,
  type KeyOutcome,
  type ToolOutcome,
} from '../../src/config/index.js';
import { buildRoot, type RootSpec } from './helpers/roots.js';
import { PRECEDENCE_ROOT } from './helpers/scenarios.js';

function withRoot<T>(spec: RootSpec, body: (root: string) => T): T {
  const temp = buildRoot(spec);
  try {
    return body(temp.root);
  } finally {
    temp.remove();
  }
}

function key(effective: EffectiveConfig, name: string): KeyOutcome {
  const outcome = lookupKey(effective, name);
  assert.ok(outcome, `no outcome for ${name}`);
  return outcome;
}

function winner(outcome: ToolOutcome): string {
  assert.equal(outcome.status, 'set');
  return outcome.status === 'set' ? `${outcome.winner.value} @ ${outcome.winner.file}:${outcome.winner.line}` : '';
}

function shadowed(outcome: ToolOutcome): string[] {
  return outcome.shadowed.map((s) => `${s.value} @ ${s.file}:${s.line} (${s.reason})`);
}

test('precedence: same-name masking, /dev/null, .txt ignored, procps ends with /etc/sysctl.conf, systemd with 99-last.conf', () => {
  withRoot(PRECEDENCE_ROOT, (root) => {
    const effective = effectiveConfig(root);
    // "* Applying ..." lines of precedence_test.txt, in order.
    assert.deepEqual(
      effective.sources.procps.map((s) => s.path),
      [
        '/etc/sysctl.d/10-vendor.conf',
        '/run/sysctl.d/20-run.conf',
        '/etc/sysctl.d/30-masked.conf',
        '/etc/sysctl.d/99-last.conf',
        '/etc/sysctl.conf',
      ],
    );
    // "# <path>" headers of systemd-sysctl --cat-config.
    assert.deepEqual(
      effective.sources.systemd.map((s) => s.path),
      ['/etc/sysctl.d/10-vendor.conf', '/run/sysctl.d/20-run.conf', '/etc/sysctl.d/30-masked.conf', '/etc/sysctl.d/99-last.conf'],
    );
    assert.equal(effective.sources.procps[2]!.content.kind, 'dev-null');
    assert.deepEqual(effective.sources.procps[0]!.masks, ['/usr/local/lib/sysctl.d/10-vendor.conf', '/usr/lib/sysctl.d/10-vendor.conf']);
    assert.deepEqual(
      effective.ignored
        .filter((i) => i.tool === 'procps')
        .map((i) => `${i.path} ${i.reason}${i.maskedBy ? ` by ${i.maskedBy}` : ''}`)
        .sort(),
      [
        '/etc/sysctl.d/50-ignored.txt not-conf',
        '/usr/lib/sysctl.d/10-vendor.conf masked by /etc/sysctl.d/10-vendor.conf',
        '/usr/lib/sysctl.d/30-masked.conf masked by /etc/sysctl.d/30-masked.conf',
        '/usr/local/lib/sysctl.d/10-vendor.conf masked by /etc/sysctl.d/10-vendor.conf',
      ],
    );

    // procps' writes in order: "fin_timeout = 12, keepalive_time = 200, 300, 400".
    const files = effective.sources.procps.flatMap((s) => (s.content.kind === 'file' ? [{ path: s.path, file: s.content.file }] : []));
    assert.deepEqual(
      simulateLoad('procps', files).writes.map((w) => `${w.key} = ${w.applied.value}`),
      [
        'net.ipv4.tcp_fin_timeout = 12',
        'net.ipv4.tcp_keepalive_time = 200',
        'net.ipv4.tcp_keepalive_time = 300',
        'net.ipv4.tcp_keepalive_time = 400',
      ],
    );

    const keepalive = key(effective, 'net.ipv4.tcp_keepalive_time');
    assert.equal(winner(keepalive.procps), '400 @ /etc/sysctl.conf:1');
    assert.deepEqual(shadowed(keepalive.procps), [
      '200 @ /run/sysctl.d/20-run.conf:1 (overwritten)',
      '300 @ /etc/sysctl.d/99-last.conf:1 (overwritten)',
    ]);
    assert.equal(winner(keepalive.systemd), '300 @ /etc/sysctl.d/99-last.conf:1');
    assert.deepEqual(shadowed(keepalive.systemd), ['200 @ /run/sysctl.d/20-run.conf:1 (overwritten)']);
    assert.deepEqual(keepalive.agreement, { status: 'differ', procps: '400', systemd: '300', cause: 'etc-sysctl-conf', atBoot: 'unknown' });

    const fin = key(effective, 'net/ipv4/tcp_fin_timeout');
    assert.equal(winner(fin.procps), '12 @ /etc/sysctl.d/10-vendor.conf:1');
    assert.equal(winner(fin.systemd), '12 @ /etc/sysctl.d/10-vendor.conf:1');
    assert.deepEqual(fin.agreement, { status: 'same' });
    assert.equal(fin.exists, undefined);

    // Masked by /dev/null and by name: never read.
    assert.equal(lookupKey(effective, 'net.ipv4.tcp_syn_retries'), undefined);
    assert.equal(lookupKey(effective, 'net.ipv4.tcp_keepalive_intvl'), undefined);
    assert.deepEqual([...effective.keys.keys()], ['net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_time']);
  });
});

test('later overrides: a drop-in at 90- is overridden by 99-last.conf, and under procps by /etc/sysctl.conf', () => {
  withRoot(PRECEDENCE_ROOT, (root) => {
    const effective = effectiveConfig(root);
    const result = laterOverrides(effective, 'net.ipv4.tcp_keepalive_time', '/etc/sysctl.d/90-sysctl-advisor.conf');
    assert.equal(result.procps.status, 'applied');
    assert.equal(result.systemd.status, 'applied');
    if (result.procps.status !== 'applied' || result.systemd.status !== 'applied') return;
    assert.deepEqual(
      result.procps.overriddenBy.map((o) => `${o.file}:${o.line} ${o.kind} ${o.value}`),
      ['/etc/sysctl.d/99-last.conf:1 assignment 300', '/etc/sysctl.conf:1 assignment 400'],
    );
    assert.deepEqual(
      result.systemd.overriddenBy.map((o) => `${o.file}:${o.line}`),
      ['/etc/sysctl.d/99-last.conf:1'],
    );
    assert.deepEqual(result.procps.masks, []);

    // Nothing after a 99-zz file except /etc/sysctl.conf under procps.
    const late = laterOverrides(effective, 'net.ipv4.tcp_keepalive_time', '/etc/sysctl.d/99-zz.conf');
    assert.deepEqual(late.systemd, { status: 'applied', overriddenBy: [], masks: [] });
    assert.equal(late.procps.status === 'applied' && late.procps.overriddenBy.length, 1);

    // Writing /etc/sysctl.conf itself sticks under procps; systemd does not read it here.
    const etc = laterOverrides(effective, 'net.ipv4.tcp_keepalive_time', '/etc/sysctl.conf');
    assert.deepEqual(etc.procps, { status: 'applied', overriddenBy: [], masks: [] });
    assert.deepEqual(etc.systemd, { status: 'not-read', reason: 'sysctl-conf-not-linked' });

    // Same name as a vendor file: /etc wins and hides the others; /usr/lib loses.
    const sameName = laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/etc/sysctl.d/10-vendor.conf');
    assert.equal(
      sameName.procps.status === 'applied' && sameName.procps.masks.join(' '),
      '/usr/local/lib/sysctl.d/10-vendor.conf /usr/lib/sysctl.d/10-vendor.conf',
    );
    assert.deepEqual(laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/usr/lib/sysctl.d/10-vendor.conf').procps, {
      status: 'masked',
      by: '/etc/sysctl.d/10-vendor.conf',
    });
    const newVendor = laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/usr/lib/sysctl.d/05-new.conf');
    assert.equal(newVendor.procps.status === 'applied' && newVendor.procps.overriddenBy[0]?.file, '/etc/sysctl.d/10-vendor.conf');

    assert.deepEqual(laterOverrides(effective, 'x.y', '/etc/other/90.conf').procps, {
      status: 'not-read',
      reason: 'outside-config-directories',
    });
    assert.deepEqual(laterOverrides(effective, 'x.y', '/etc/sysctl.d/90.txt').systemd, { status: 'not-read', reason: 'not-conf' });
    assert.deepEqual(laterOverrides(effective, 'x.y', '/etc/sysctl.d/.90.conf').systemd, { status: 'not-read', reason: 'hidden' });
    assert.equal(laterOverrides(effective, 'x.y', '/etc/sysctl.d/.90.conf').procps.status, 'applied');
  });
});

test('Debian link 99-sysctl.conf -> ../sysctl.conf: procps reads the file twice, systemd once through the link', () => {
  const spec: RootSpec = {
    'etc/sysctl.conf': 'net.ipv4.tcp_fin_timeout = 20\n',
    'etc/sysctl.d/99-sysctl.conf': { symlink: '../sysctl.conf' },
    'etc/sysctl.d/50-x.conf': 'net.ipv4.tcp_fin_timeout = 15\n',
  };
  withRoot(spec, (root) => {
    const effective = effectiveConfig(root);
    assert.deepEqual(
      effective.sources.procps.map((s) => `${s.path} -> ${s.realPath}`),
      [
        '/etc/sysctl.d/50-x.conf -> /etc/sysctl.d/50-x.conf',
        '/etc/sysctl.d/99-sysctl.conf -> /etc/sysctl.conf',
        '/etc/sysctl.conf -> /etc/sysctl.conf',
      ],
    );
    assert.deepEqual(
      effective.sources.systemd.map((s) => s.path),
      ['/etc/sysctl.d/50-x.conf', '/etc/sysctl.d/99-sysctl.conf'],
    );
    assert.equal(effective.files.size, 2, 'each real file is parsed once');
    const fin = key(effective, 'net.ipv4.tcp_fin_timeout');
    assert.equal(winner(fin.procps), '20 @ /etc/sysctl.conf:1');
    assert.equal(winner(fin.systemd), '20 @ /etc/sysctl.d/99-sysctl.conf:1');
    assert.equal(fin.systemd.status === 'set' && fin.systemd.winner.realFile, '/etc/sysctl.conf');
    assert.deepEqual(fin.agreement, { status: 'same' });

    const drop = laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/etc/sysctl.d/60-advisor.conf');
    // The two procps reads of /etc/sysctl.conf line 1 are reported once, at the last read.
    assert.deepEqual(drop.procps.status === 'applied' && drop.procps.overriddenBy.map((o) => `${o.file} ${o.realFile}:${o.line}`), [
      '/etc/sysctl.conf /etc/sysctl.conf:1',
    ]);
    assert.deepEqual(drop.systemd.status === 'applied' && drop.systemd.overriddenBy.map((o) => `${o.file} ${o.realFile}:${o.line}`), [
      '/etc/sysctl.d/99-sysctl.conf /etc/sysctl.conf:1',
    ]);
    assert.deepEqual(laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/etc/sysctl.conf').systemd, {
      status: 'applied',
      overriddenBy: [],
      masks: [],
    });
    // Writing through the link: procps' final read of /etc/sysctl.conf is the same file, not an override.
    assert.deepEqual(laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/etc/sysctl.d/99-sysctl.conf').procps, {
      status: 'applied',
      overriddenBy: [],
      masks: [],
    });
  });
});

test('symlinks resolve inside the root: absolute targets are re-rooted, ".." stops at the root', () => {
  const spec: RootSpec = {
    'etc/real/a.conf': 'net.ipv4.tcp_fin_timeout = 21\n',
    'etc/sysctl.d/10-abs.conf': { symlink: '/etc/real/a.conf' },
    'etc/sysctl.d/20-escape.conf': { symlink: '../../../../../../etc/real/a.conf' },
    'etc/sysctl.d/30-broken.conf': { symlink: '/nowhere.conf' },
    'etc/sysctl.d/40-loop.conf': { symlink: '40-loop.conf' },
    'usr/lib/sysctl.d/50-vendor.conf': 'net.core.somaxconn = 4096\n',
    lib: { symlink: 'usr/lib' },
  };
  withRoot(spec, (root) => {
    const effective = effectiveConfig(root);
    const byPath = new Map(effective.sources.procps.map((s) => [s.path, s]));
    assert.equal(byPath.get('/etc/sysctl.d/10-abs.conf')?.realPath, '/etc/real/a.conf');
    assert.equal(byPath.get('/etc/sysctl.d/20-escape.conf')?.realPath, '/etc/real/a.conf');
    assert.deepEqual(byPath.get('/etc/sysctl.d/30-broken.conf')?.content, {
      kind: 'unreadable',
      problem: '/nowhere.conf does not exist (broken symlink?)',
    });
    assert.equal(byPath.get('/etc/sysctl.d/40-loop.conf')?.content.kind, 'unreadable');
    // /lib -> usr/lib: procps lists /lib/sysctl.d too, but the name is already taken.
    assert.ok(
      effective.ignored.some(
        (i) => i.tool === 'procps' && i.path === '/lib/sysctl.d/50-vendor.conf' && i.maskedBy === '/usr/lib/sysctl.d/50-vendor.conf',
      ),
    );
    assert.equal(winner(key(effective, 'net.core.somaxconn').systemd), '4096 @ /usr/lib/sysctl.d/50-vendor.conf:1');
    assert.equal(effective.files.size, 2);
  });
});

test('globs across files: explicit lines anywhere protect a key; -key keeps it unset; expansion needs known keys', () => {
  const spec: RootSpec = {
    'etc/sysctl.d/05-lo.conf': 'net.ipv4.conf.lo.rp_filter = 1\n',
    'etc/sysctl.d/30-glob.conf': 'net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n',
  };
  const knownKeys = [
    'net/ipv4/conf/all/rp_filter',
    'net/ipv4/conf/default/rp_filter',
    'net/ipv4/conf/lo/rp_filter',
    'net/ipv4/tcp_fin_timeout',
  ];
  withRoot(spec, (root) => {
    const effective = effectiveConfig(root, { knownKeys });
    const lo = key(effective, 'net.ipv4.conf.lo.rp_filter');
    assert.equal(winner(lo.procps), '1 @ /etc/sysctl.d/05-lo.conf:1');
    assert.deepEqual(shadowed(lo.procps), ['2 @ /etc/sysctl.d/30-glob.conf:1 (glob-skipped-explicit)']);
    assert.deepEqual(shadowed(lo.systemd), ['2 @ /etc/sysctl.d/30-glob.conf:1 (glob-skipped-explicit)']);
    assert.equal(lo.exists, true);
    const def = key(effective, 'net.ipv4.conf.default.rp_filter');
    assert.equal(winner(def.procps), '2 @ /etc/sysctl.d/30-glob.conf:1');
    assert.equal(def.procps.status === 'set' && def.procps.winner.viaGlob, true);
    assert.equal(def.procps.status === 'set' && def.procps.winner.keyAsWritten, 'net.ipv4.conf.*.rp_filter');
    const all = key(effective, 'net.ipv4.conf.all.rp_filter');
    for (const outcome of [all.procps, all.systemd]) {
      assert.equal(outcome.status, 'not-set');
      assert.equal(outcome.status === 'not-set' && outcome.reason, 'excluded');
      assert.deepEqual(shadowed(outcome), ['2 @ /etc/sysctl.d/30-glob.conf:1 (glob-skipped-excluded)']);
    }
    assert.deepEqual(
      effective.globs.map((g) => [g.file, g.line, g.pattern, g.matches]),
      [
        [
          '/etc/sysctl.d/30-glob.conf',
          1,
          'net.ipv4.conf.*.rp_filter',
          ['net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.default.rp_filter', 'net.ipv4.conf.lo.rp_filter'],
        ],
      ],
    );

    const unexpanded = effectiveConfig(root);
    assert.equal(lookupKey(unexpanded, 'net.ipv4.conf.default.rp_filter'), undefined);
    assert.equal(unexpanded.globs[0]?.matches, undefined);
    assert.deepEqual(shadowed(key(unexpanded, 'net.ipv4.conf.lo.rp_filter').procps), []);
  });
});

test('systemd drops an assignment followed by -key; procps does not (the tools disagree)', () => {
  const spec: RootSpec = {
    'etc/sysctl.d/10-a.conf': 'net.ipv4.tcp_fin_timeout = 11\n',
    'etc/sysctl.d/20-b.conf': '-net.ipv4.tcp_fin_timeout\n',
  };
  withRoot(spec, (root) => {
    const effective = effectiveConfig(root, { bootTool: 'systemd' });
    const fin = key(effective, 'net.ipv4.tcp_fin_timeout');
    assert.equal(winner(fin.procps), '11 @ /etc/sysctl.d/10-a.conf:1');
    assert.equal(fin.systemd.status, 'not-set');
    assert.deepEqual(shadowed(fin.systemd), ['11 @ /etc/sysctl.d/10-a.conf:1 (removed-by-exclusion)']);
    assert.deepEqual(fin.agreement, { status: 'differ', procps: '11', systemd: null, cause: 'exclusion', atBoot: 'systemd' });
    const later = laterOverrides(effective, 'net.ipv4.tcp_fin_timeout', '/etc/sysctl.d/15-advisor.conf');
    assert.deepEqual(later.procps, { status: 'applied', overriddenBy: [], masks: [] });
    assert.deepEqual(later.systemd.status === 'applied' && later.systemd.overriddenBy.map((o) => `${o.kind} ${o.file}:${o.line}`), [
      'exclusion /etc/sysctl.d/20-b.conf:1',
    ]);
  });
});

test('systemd keeps the first of two identical assignments in place; hidden files are procps-only', () => {
  const spec: RootSpec = {
    'etc/sysctl.d/10-a.conf': 'net.ipv4.tcp_fin_timeout = 11\n',
    'etc/sysctl.d/20-b.conf': 'net.ipv4.tcp_fin_timeout = 11\n',
    'etc/sysctl.d/.hidden.conf': 'net.core.somaxconn = 1\n',
    'etc/sysctl.d/dir.conf': { directory: true },
  };
  withRoot(spec, (root) => {
    const effective = effectiveConfig(root);
    const fin = key(effective, 'net.ipv4.tcp_fin_timeout');
    assert.equal(winner(fin.procps), '11 @ /etc/sysctl.d/20-b.conf:1');
    assert.equal(winner(fin.systemd), '11 @ /etc/sysctl.d/10-a.conf:1');
    assert.deepEqual(shadowed(fin.systemd), ['11 @ /etc/sysctl.d/20-b.conf:1 (repeat-ignored)']);
    assert.deepEqual(fin.agreement, { status: 'same' });
    const somaxconn = key(effective, 'net.core.somaxconn');
    assert.equal(winner(somaxconn.procps), '1 @ /etc/sysctl.d/.hidden.conf:1');
    assert.deepEqual(somaxconn.systemd, { status: 'not-set', reason: 'not-configured', shadowed: [] });
    assert.equal(somaxconn.agreement.status === 'differ' && somaxconn.agreement.cause, 'file-selection');
    assert.ok(effective.sources.procps.some((s) => s.path === '/etc/sysctl.d/dir.conf' && s.content.kind === 'directory'));
    assert.deepEqual(
      effective.ignored
        .filter((i) => i.tool === 'systemd')
        .map((i) => `${i.path} ${i.reason}`)
        .sort(),
      ['/etc/sysctl.d/.hidden.conf hidden', '/etc/sysctl.d/dir.conf directory'],
    );
  });
});

test('odd keys are data: __proto__, constructor, empty keys', () => {
  withRoot({ 'etc/sysctl.conf': '__proto__ = 1\nconstructor = 2\n= 3\ntoString = 4\n' }, (root) => {
    const effective = effectiveConfig(root);
    assert.deepEqual([...effective.keys.keys()], ['__proto__', 'constructor', 'toString']);
    assert.equal(winner(key(effective, '__proto__').procps), '1 @ /etc/sysctl.conf:1');
    assert.equal(({} as Record<string, unknown>)['1'], undefined);
  });
});

test('boot tool: systemd-sysctl in the root means systemd applies sysctl.d at boot', () => {
  withRoot({ 'usr/lib/systemd/systemd-sysctl': '' }, (root) => assert.equal(effectiveConfig(root).bootTool, 'systemd'));
  withRoot({ 'etc/init.d/procps': '' }, (root) => assert.equal(effectiveConfig(root).bootTool, 'procps'));
  withRoot({}, (root) => {
    const effective = effectiveConfig(root);
    assert.equal(effective.bootTool, 'unknown');
    assert.equal(effective.sources.procps.length, 0);
    assert.equal(effective.keys.size, 0);
  });
});
