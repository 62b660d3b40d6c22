/**
 * The unknown-key verdicts of issue 16's "Done when", end to end through the built CLI:
 * kernel.sysrq is a real sysctl, net.ipv4_timestamps a typo of net.ipv4.tcp_timestamps,
 * kernel.exec-shield never mainline, and tcp_syn_linear_timeouts exists from 6.5 on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sa-unknown-key-'));
const file = join(dir, '90-tuning.conf');
writeFileSync(file, 'kernel.sysrq = 1\nnet.ipv4_timestamps = 0\nkernel.exec-shield = 1\nnet.ipv4.tcp_syn_linear_timeouts = 4\n');

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly messageId: string;
  readonly message: string;
  readonly detail?: string;
  readonly line?: number;
}

function unknownKeyFindings(args: readonly string[]): Map<number, JsonFinding> {
  const result = runCli(['review', file, '--format', 'json', ...args]);
  assert.equal(result.status, 1, result.stderr);
  const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.rule === 'unknown-key');
  return new Map(findings.map((f) => [f.line!, f]));
}

for (const kernel of ['newest known', '6.1', '6.12']) {
  test(`review --kernel ${kernel}: sysrq exists, a typo, never mainline, and linear timeouts by version`, () => {
    const byLine = unknownKeyFindings(kernel === 'newest known' ? [] : ['--kernel', kernel]);
    assert.equal(byLine.get(1), undefined, 'kernel.sysrq: no unknown-key finding');
    assert.equal(byLine.get(2)?.severity, 'error');
    assert.equal(byLine.get(2)!.messageId, 'typo');
    assert.match(byLine.get(2)!.detail ?? '', /did you mean net\.ipv4\.tcp_timestamps\?/);
    assert.equal(byLine.get(3)?.severity, 'error');
    assert.equal(byLine.get(3)!.messageId, 'neverMainline');
    assert.match(byLine.get(3)!.detail ?? '', /^kernel\.exec-shield is not a sysctl of mainline Linux/);
    if (kernel === '6.1') {
      assert.equal(byLine.get(4)?.severity, 'error');
      assert.equal(byLine.get(4)!.messageId, 'notYetAdded');
      assert.match(byLine.get(4)!.message, /does not exist on Linux 6\.1 \(added in 6\.5\)/);
    } else {
      assert.equal(byLine.get(4), undefined, `tcp_syn_linear_timeouts exists on ${kernel}`);
    }
  });
}
