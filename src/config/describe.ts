/**
 * One-line English for the parser's structured facts, for reporters that need text. The facts
 * stay data (LineNote, InvalidReason); wording lives here only.
 */
import type { ForeignLineHint, InvalidLine, LineNote } from './types.js';

const HINTS: Record<ForeignLineHint, string> = {
  'shell-command': 'it looks like a shell command',
  'section-header': 'it looks like an INI section header (tuned.conf?)',
  'template-tag': 'it looks like a template tag (Jinja?)',
  'yaml-mapping': 'it looks like YAML',
  'heredoc-end': 'it looks like the end of a shell here-document',
};

export function describeNote(note: LineNote): string {
  switch (note.kind) {
    case 'inline-comment':
      return `"${note.comment}" is not a comment: sysctl has no inline comments, so the kernel receives it as part of the value`;
    case 'trailing-backslash':
      return 'a trailing "\\" does not continue the line: it stays in the value and the next line is read on its own';
    case 'after-backslash':
      return 'the previous line ends with "\\", but this line is read on its own (there are no continuation lines)';
    case 'empty-value':
      return 'the value is empty: an empty string is written to the key';
    case 'value-too-long':
      return `the value is ${note.bytes} bytes; the kernel takes at most ${note.limit}`;
    case 'crlf':
      return 'Windows (CR LF) line ending; both tools strip the CR';
    case 'bom':
      return 'the file starts with a UTF-8 byte-order mark, which both tools read as part of line 1';
    case 'nul-byte':
      return 'a NUL byte: procps ignores the rest of the line, systemd starts a new line there';
    case 'lone-cr':
      return 'a carriage return inside the line: procps keeps it in the line, systemd starts a new line there';
    case 'whitespace-in-key':
      return `the key contains a blank, so it names no sysctl${note.looksLike ? `; ${HINTS[note.looksLike]}` : ''}`;
    case 'space-after-dash':
      return 'a blank after "-": procps keeps it in the key (which then names nothing), systemd strips it';
    case 'double-dash':
      return '"--": procps drops both dashes, systemd looks for a key that starts with "-"';
    case 'empty-key':
      return 'no key before "="';
    case 'repeated-separator':
      return 'repeated separator in the key (procps warns "separators should not be repeated")';
    case 'quoted-value':
      return `the ${note.quote === '"' ? 'double' : 'single'} quotes are part of the value the kernel receives`;
  }
}

export function describeInvalid(line: InvalidLine): string {
  const hint = line.looksLike ? `; ${HINTS[line.looksLike]}` : '';
  switch (line.reason) {
    case 'no-equals':
      return `not a sysctl line: no "=" and no leading "-" (procps: "invalid syntax", systemd: "not an assignment")${hint}`;
    case 'single-character':
      return `a lone character on the last line: procps skips it silently, systemd rejects it as "not an assignment" (a lone "=" it reads as an empty key)${hint}`;
  }
}
