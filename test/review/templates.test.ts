/**
 * Templated sysctl files (Jinja, ERB, Go templates) named on their own: template lines are not
 * errors (they are gone once the template renders), template values are not-checked notes, and the
 * literal lines are still checked. (easzlab/kubeasz's 95-k8s-sysctl.conf.j2 once got an
 * invalid-syntax error on "{% endif %}"; the corpus labels pin that file too.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const TEMPLATES: readonly (readonly [string, string, string, string])[] = [
  ['Jinja', '95-k8s-sysctl.conf.j2', '{% if PROXY_MODE == "ipvs" %}', '{% endif %}'],
  ['ERB', '60-app.conf.erb', '<% if @nat -%>', '<% end -%>'],
  ['Go template', '60-app.conf.tmpl', '{{ if .Nat }}', '{{- end }}'],
];

for (const [engine, name, open, close] of TEMPLATES) {
  test(`review: a ${engine} sysctl template: tags are not errors, literal lines are checked`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'template-'));
    try {
      const file = join(dir, name);
      const value = engine === 'ERB' ? '<%= @keepalive %>' : engine === 'Jinja' ? '{{ keepalive }}' : '{{ .Keepalive }}';
      writeFileSync(
        file,
        [open, 'net.ipv4.tcp_tw_reuse = 1', close, `net.ipv4.tcp_keepalive_time = ${value}`, 'net.ipv4.tcp_tw_recycle = 1', ''].join('\n'),
      );
      const run = runCli(['review', file, '--format', 'json', '--fail-on', 'error']);
      const findings = (JSON.parse(run.stdout) as { findings: { rule: string; severity: string; line: number }[] }).findings;
      assert.deepEqual(
        findings.filter((f) => f.line === 1 || f.line === 3),
        [],
        'template tags are not findings',
      );
      assert.ok(
        findings.some((f) => f.line === 4 && f.rule === 'not-checked' && f.severity === 'info'),
        'a template value is not checked',
      );
      assert.ok(
        findings.some((f) => f.line === 5 && f.rule === 'tw-recycle' && f.severity === 'error'),
        'a literal line is checked',
      );
      assert.equal(run.status, 1, 'the literal tw_recycle line fails --fail-on error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
