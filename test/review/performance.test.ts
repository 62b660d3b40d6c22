/**
 * A directory of 1,000 files is reviewed in under a second (in process: reading, parsing, one
 * engine run, waivers, policy). Each file is read once and the engine runs once over all of
 * them, so the time grows with the number of lines, not lines × files. Best of three runs, so a
 * busy machine does not fail the test by accident.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReviewReport } from '../../src/review/run.js';

const FILES = 1000;
const LIMIT_MS = 1000;

/** Drop-ins as people write them: a comment, a few keys (different ones per file), now and then a mistake. */
function drop(index: number): string {
  const lines = [`# Drop-in ${index}: tuning for service ${index % 37}`];
  lines.push(`net.ipv4.conf.eth${index % 8}.rp_filter = ${index % 3}`);
  lines.push(`net.ipv4.neigh.eth${index % 8}.gc_stale_time = ${60 + (index % 50)}`);
  lines.push(`vm.dirty_ratio = ${10 + (index % 20)}`);
  if (index % 10 === 0) lines.push('net.ipv4.tcp_keepalive_time = 600', 'net.ipv4.tcp_keepalive_intvl = 30');
  if (index % 50 === 0) lines.push('net.ipv4.tcp_tw_recycle = 1', 'net.ipv4.tcp_syn_retries = 3 # fewer', 'this line is not valid');
  if (index % 200 === 0) lines.push('net.ipv4.tcp_fin_timout = 30', '# sysctl-advisor: ignore invalid-value -- measured', 'net.ipv4.tcp_tw_reuse = 3');
  return `${lines.join('\n')}\n`;
}

test(`review of a directory of ${FILES} files takes under ${LIMIT_MS} ms`, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'review-perf-'));
  try {
    const dir = join(work, 'sysctl.d');
    mkdirSync(dir);
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `${String(i).padStart(4, '0')}-service.conf`), drop(i));
    const times: number[] = [];
    let findings = 0;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const report = await buildReviewReport({ paths: [dir], format: 'json', failOn: 'error' }, work);
      times.push(performance.now() - start);
      findings = report.findings.length;
      assert.equal(report.files.length, FILES);
    }
    const best = Math.min(...times);
    t.diagnostic(`${FILES} files, ${findings} findings: ${times.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
    assert.ok(findings > 0);
    assert.ok(best < LIMIT_MS, `best of three: ${best.toFixed(0)} ms`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
