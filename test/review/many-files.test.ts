/**
 * A directory of 1,000 drop-ins reviewed as one: every file once, in name order; each mistake
 * found where it is, in whichever file; precedence decided over all of them (each earlier
 * assignment of a key is shadowed by the last one); findings in file and line order. How fast
 * this runs is bench/review.ts's business, not a test's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReviewReport } from '../../src/review/run.js';

const FILES = 1000;

/** Drop-ins as people write them: a comment, a few keys (different ones per file), now and then a mistake. */
function drop(index: number): string[] {
  const lines = [`# Drop-in ${index}: tuning for service ${index % 37}`];
  lines.push(`net.ipv4.conf.eth${index % 8}.rp_filter = ${index % 3}`);
  lines.push(`net.ipv4.neigh.eth${index % 8}.gc_stale_time = ${60 + (index % 50)}`);
  lines.push(`vm.dirty_ratio = ${10 + (index % 20)}`);
  if (index % 10 === 0) lines.push('net.ipv4.tcp_keepalive_time = 600', 'net.ipv4.tcp_keepalive_intvl = 30');
  if (index % 50 === 0) lines.push('net.ipv4.tcp_tw_recycle = 1', 'net.ipv4.tcp_syn_retries = 3 # fewer', 'this line is not valid');
  if (index % 200 === 0)
    lines.push('net.ipv4.tcp_fin_timout = 30', '# sysctl-advisor: ignore invalid-value -- measured', 'net.ipv4.tcp_tw_reuse = 3');
  return lines;
}

const name = (index: number) => `${String(index).padStart(4, '0')}-service.conf`;

test(`review of a directory of ${FILES} files: each file once, each mistake where it is, precedence over all of them`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'review-many-'));
  try {
    const dir = join(work, 'sysctl.d');
    mkdirSync(dir);
    // What the files hold, to derive every expectation from: per rule, the places it must report.
    const expected = new Map<string, string[]>([
      ['tw-recycle', []],
      ['inline-comment', []],
      ['invalid-syntax', []],
      ['unknown-key', []],
    ]);
    const waived: string[] = [];
    const assignmentsPerKey = new Map<string, number>();
    for (let i = 0; i < FILES; i++) {
      const lines = drop(i);
      writeFileSync(join(dir, name(i)), `${lines.join('\n')}\n`);
      lines.forEach((text, at) => {
        const place = `sysctl.d/${name(i)}:${at + 1}`;
        if (text.startsWith('net.ipv4.tcp_tw_recycle')) expected.get('tw-recycle')!.push(place);
        if (text.includes(' # ')) expected.get('inline-comment')!.push(place);
        if (text === 'this line is not valid') expected.get('invalid-syntax')!.push(place);
        if (text.startsWith('net.ipv4.tcp_fin_timout')) expected.get('unknown-key')!.push(place);
        if (text === 'net.ipv4.tcp_tw_reuse = 3') waived.push(place);
        const key = /^([\w.]+) =/.exec(text)?.[1];
        if (key) assignmentsPerKey.set(key, (assignmentsPerKey.get(key) ?? 0) + 1);
      });
    }

    const report = await buildReviewReport({ paths: [dir], format: 'json', failOn: 'error' }, work);
    assert.deepEqual(
      report.files.map((file) => file.path),
      Array.from({ length: FILES }, (_, i) => `sysctl.d/${name(i)}`),
    );
    for (const [rule, places] of expected) {
      assert.deepEqual(
        report.findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.file}:${finding.line}`),
        places,
        rule,
      );
    }
    // Waived by the comment above the line, in whichever of the files it is.
    assert.deepEqual(
      report.suppressed.filter((finding) => finding.rule === 'invalid-value').map((finding) => `${finding.file}:${finding.line}`),
      waived,
    );
    // All but the last assignment of each key (the one applied last, across all files) is shadowed.
    const shadowed = [...assignmentsPerKey.values()].reduce((sum, count) => sum + count - 1, 0);
    assert.equal(report.findings.filter((finding) => finding.rule === 'shadowed-assignment').length, shadowed);
    // In file order, then line order.
    const order = new Map(report.files.map((file, index) => [file.path, index]));
    for (let i = 1; i < report.findings.length; i++) {
      const [a, b] = [report.findings[i - 1]!, report.findings[i]!];
      assert.ok(
        order.get(a.file)! < order.get(b.file)! || (a.file === b.file && a.line <= b.line),
        `${a.file}:${a.line} before ${b.file}:${b.line}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
