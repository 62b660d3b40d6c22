/**
 * cloud-init user data (`#cloud-config`): `write_files` entries whose path is a sysctl file (their
 * content is what procps and systemd-sysctl read), and `runcmd` / `bootcmd` commands, read as
 * shell (a string) or exec words (a list). runcmd runs once, late on the first boot; bootcmd on
 * every boot, early (cloud-init doc/examples/cloud-config-run-cmds.txt, https://github.com/canonical/cloud-init; Red Hat, Configuring and managing cloud-init for RHEL 8: bootcmd runs every boot, runcmd the first). Encoded content (b64, gzip) is not read.
 */
import type { ExtractionBuilder } from './builder.js';
import { readYamlCommand } from './yaml-command.js';
import { blockLines, contentOffset, get, isScalar, isSeq, pythonScalar, scalarWithOffsets, textOf, type Document } from './yaml-source.js';

const SYSCTL_FILE = /(?:^|\/)sysctl\.conf$|\/sysctl\.d\/[^/]+$/;

export function isCloudConfig(text: string): boolean {
  return /^#cloud-config\b/.test(text);
}

export function readCloudInit(builder: ExtractionBuilder, documents: readonly Document[]): void {
  const unit = builder.unit('instance', 'the instance');
  for (const document of documents) {
    const root = document.contents;
    const files = get(root, 'write_files');
    if (isSeq(files)) {
      for (const file of files.items) {
        const path = textOf(get(file, 'path'));
        const content = get(file, 'content');
        if (!path || !SYSCTL_FILE.test(path) || !isScalar(content)) continue;
        const encoding = textOf(get(file, 'encoding'));
        if (encoding && !/^text\/plain$/i.test(encoding)) {
          builder.skip(
            builder.at(contentOffset(content, builder.text)),
            `the content of ${path} is encoded (${encoding}); it is not decoded here`,
          );
          continue;
        }
        const scalar = content;
        const lines =
          scalar.type === 'BLOCK_LITERAL' ? blockLines(scalar, builder.text) : splitLines(scalarWithOffsets(scalar, builder.text));
        const append = pythonScalar(get(file, 'append'))?.text === 'True';
        builder.addSysctlContent(lines, { tool: 'sysctl-file', path, writer: 'write_files', append, context: 'cloud-init' }, unit);
      }
    }
    for (const list of ['bootcmd', 'runcmd']) {
      const commands = get(root, list);
      if (!isSeq(commands)) continue;
      for (const command of commands.items) {
        readYamlCommand(builder, command, { context: 'cloud-init', unit });
      }
    }
  }
}

function splitLines({ value, offsets }: { value: string; offsets: readonly number[] }): { text: string; offsets: number[] }[] {
  const lines: { text: string; offsets: number[] }[] = [];
  let start = 0;
  for (const part of value.split('\n')) {
    lines.push({ text: part, offsets: offsets.slice(start, start + part.length) });
    start += part.length + 1;
  }
  return lines;
}
