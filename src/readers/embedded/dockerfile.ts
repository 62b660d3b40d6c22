/**
 * Dockerfiles: `RUN` instructions are shell code, read like a script but applied at build time
 * only (a `sysctl -w` in RUN changes the build container, never the image or its containers
 * (https://github.com/moby/moby/pull/19265)); a sysctl file a RUN writes into the image is applied only where something in
 * the container runs procps or systemd-sysctl. `ENV` variables named after a sysctl with `__`
 * as the separator (`net__ipv4__tcp_fin_timeout=20`) are what in-container tuners such as
 * autotune.docker write to /proc/sys; only names that decode to a known sysctl are read.
 */
import { findParam } from '../../params/lookup.js';
import { lookupKey } from '../../params/key-database.js';
import { ExtractionBuilder } from './builder.js';
import { lexShell } from './shell-lexer.js';
import { readCommandWords, readShellSource } from './shell.js';
import type { Extraction } from './types.js';

const INSTRUCTION = /^[ \t]*([A-Za-z]+)[ \t]+/;
const ENV_SEPARATOR = '__';
const UNIT = 'image';

/** The logical lines of a Dockerfile: [start, end) offsets, a trailing "\" joining the next line. */
function logicalLines(text: string): { start: number; end: number }[] {
  const result: { start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    for (;;) {
      let lineEnd = text.indexOf('\n', end);
      if (lineEnd === -1) lineEnd = text.length;
      const line = text.slice(end, lineEnd).replace(/\r$/, '');
      end = lineEnd;
      if (!line.trimEnd().endsWith('\\') || lineEnd >= text.length) break;
      end = lineEnd + 1;
    }
    result.push({ start, end });
    start = end + 1;
  }
  return result;
}

/** `net__ipv4__tcp_fin_timeout` → `net.ipv4.tcp_fin_timeout`, when that is a sysctl. */
function sysctlOfVariable(name: string): string | undefined {
  if (!name.includes(ENV_SEPARATOR)) return undefined;
  let key = name.split(ENV_SEPARATOR).join('.');
  // autotune.docker's paths are relative to /proc: `sys__vm__drop_caches` is /proc/sys/vm/drop_caches.
  if (key.startsWith('sys.')) key = key.slice(4);
  return findParam(key) || lookupKey(key) ? key : undefined;
}

export function readDockerfile(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the image build');
  for (const { start, end } of logicalLines(text)) {
    const head = INSTRUCTION.exec(text.slice(start, Math.min(end, start + 40)));
    if (!head) continue;
    const instruction = head[1]!.toUpperCase();
    const bodyStart = start + head[0].length;
    const body = text.slice(bodyStart, end);
    if (instruction === 'RUN') {
      if (body.trimStart().startsWith('[')) {
        // Exec form: a JSON array of words, no shell.
        const words = lexShell(body.replace(/[[\],]/g, ' '), (i) => bodyStart + i)[0]?.commands[0]?.words ?? [];
        readCommandWords(builder, words, { context: 'dockerfile-run', unit: UNIT });
      } else {
        readShellSource(builder, body, (i) => bodyStart + i, { context: 'dockerfile-run', unit: UNIT });
      }
    } else if (instruction === 'ENV') {
      for (const pipeline of lexShell(body, (i) => bodyStart + i)) {
        for (const command of pipeline.commands) {
          for (const word of command.words) {
            const eq = word.text.indexOf('=');
            if (eq <= 0) continue;
            const key = sysctlOfVariable(word.text.slice(0, eq));
            if (!key) continue;
            const value = word.text.slice(eq + 1);
            builder.add({
              key,
              keyPosition: builder.at(word.offsets[0]!),
              value,
              valueText: value,
              valuePosition: builder.at(word.offsets[eq + 1] ?? word.offsets[eq]! + 1),
              via: { tool: 'container-env', variable: word.text.slice(0, eq) },
              unit: UNIT,
            });
          }
        }
      }
    }
  }
  return builder.build('dockerfile', 'Dockerfile');
}
