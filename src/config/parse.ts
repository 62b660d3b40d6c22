/**
 * The sysctl.conf / sysctl.d line parser. It follows procps-ng 4.0.2 (Preload and
 * parse_setting_line in src/sysctl.c), checked by running `sysctl --dry-run -p FILE` inside
 * `unshare --net` on this machine; each rule below cites what the real tool did (probe names
 * refer to the probes listed in docs/config-files.md). systemd 252 reads the same syntax; where
 * it differs, the line carries a note saying so.
 *
 * The parser never throws: every input, binary included, becomes a list of classified lines.
 */
import { isGlob } from './glob.js';
import { foreignLineHint } from './detect.js';
import { procpsSpelling, repeatedSeparatorIndex } from './keypath.js';
import type { AssignmentLine, ConfigLine, ExclusionLine, FileNote, InvalidLine, LineEnding, LineNote, ParsedConfigFile } from './types.js';

const BOM = '\uFEFF';
/** A module constant: a regular-expression literal is a new object each time a line runs it. */
const BLANK = /\s/;
/** sysctl.conf(5): "Maximum supported line length of the value is 4096 characters". */
const VALUE_LIMIT = 4096;

/**
 * isspace() in the C and C.UTF-8 locales: procps' lstrip/rstrip use it, so a vertical tab or a
 * form feed is trimmed like a blank (probe vtff, docs/config-files.md), while U+00A0 is not (probe nbsp, docs/config-files.md).
 */
function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/**
 * procps' rstrip(): trims trailing isspace() but never the first character, so a key that is
 * only blanks keeps one ("- = 1" makes procps stat "/proc/sys/ ") (probe dash_empty_key, docs/config-files.md).
 */
function rstripLikeProcps(text: string): string {
  if (text === '') return text;
  let end = text.length - 1;
  while (end > 0 && isCSpace(text[end])) end--;
  return text.slice(0, end + 1);
}

/** The notes of a line that has none: one shared array, not one per line (a big review holds every line). */
const NO_NOTES: readonly LineNote[] = Object.freeze([]);

/** Mutable state carried from line to line. */
interface ParseState {
  previousEndedWithBackslash: boolean;
}

/** Parses the text of a config file; `path` is only carried along for display. */
export function parseConfigText(content: string, path: string, fileNotes: readonly FileNote[] = []): ParsedConfigFile {
  const bom = content.startsWith(BOM);
  const text = bom ? content.slice(1) : content;
  const lines: ConfigLine[] = [];
  const state: ParseState = { previousEndedWithBackslash: false };
  let nulBytes = 0;
  let firstNulLine = 0;
  // Lines end at LF only, as getline() splits them; a last line without LF is still a line.
  let number = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    const hasNewline = end !== -1;
    if (!hasNewline) end = text.length;
    const raw = text.slice(start, end);
    number++;
    lines.push(parseLine(raw, number, hasNewline, bom && number === 1, state));
    if (raw.includes('\0')) {
      if (nulBytes === 0) firstNulLine = number;
      for (const ch of raw) if (ch === '\0') nulBytes++;
    }
    start = end + 1;
  }
  // A file holding only a BOM still has one line for the tools: the three BOM bytes.
  if (bom && number === 0) lines.push(parseLine('', 1, false, true, state));
  const notes: FileNote[] = [...fileNotes];
  if (nulBytes > 0 && !notes.some((n) => n.kind === 'binary')) notes.push({ kind: 'binary', nulBytes, firstLine: firstNulLine });
  return {
    path,
    lines,
    assignments: lines.filter((l): l is AssignmentLine => l.kind === 'assignment'),
    exclusions: lines.filter((l): l is ExclusionLine => l.kind === 'exclusion'),
    invalid: lines.filter((l): l is InvalidLine => l.kind === 'invalid'),
    bom,
    fileNotes: notes,
  };
}

/** Columns are 1-based and do not count the BOM glued to line 1. */
function columnAt(index: number, prefixLength: number): number {
  return Math.max(1, index - prefixLength + 1);
}

/** `raw`: the line without its "\n", with the "\r" of a CRLF. */
function parseLine(raw: string, line: number, hasNewline: boolean, bomHere: boolean, state: ParseState): ConfigLine {
  const crlf = hasNewline && raw.endsWith('\r');
  const text = crlf ? raw.slice(0, -1) : raw;
  const ending: LineEnding = crlf ? 'crlf' : hasNewline ? 'lf' : 'none';
  const notes: LineNote[] = [];
  if (bomHere) notes.push({ kind: 'bom' });
  if (crlf) notes.push({ kind: 'crlf' });

  // What procps sees: the BOM glued to line 1 (probe bom, docs/config-files.md), the "\n" getline keeps, and
  // nothing after a NUL, because every string function stops there (probes nul, nul2, docs/config-files.md).
  // `view` is that text without the "\n"; `newline` says whether procps' copy ends with one (it
  // counts towards a line's length below). Building the copy with its "\n" for every line cost
  // a string per line.
  const prefix = bomHere ? 1 : 0;
  let view = bomHere ? BOM + raw : raw;
  let newline = hasNewline ? 1 : 0;
  const nul = view.indexOf('\0');
  if (nul !== -1) {
    notes.push({ kind: 'nul-byte', column: nul - prefix + 1, ignored: raw.slice(nul - prefix) });
    view = view.slice(0, nul);
    newline = 0;
  }
  // A CR that is not the one of a CRLF: procps keeps it inside the value, systemd's read_line()
  // ends the line there (systemd probe lone_cr set both keys, docs/config-files.md).
  const loneCr = text.indexOf('\r');
  if (loneCr !== -1 && (nul === -1 || loneCr < nul - prefix)) notes.push({ kind: 'lone-cr', column: loneCr + 1 });

  const afterBackslash = state.previousEndedWithBackslash;
  state.previousEndedWithBackslash = false;

  let start = 0;
  while (start < view.length && isCSpace(view[start])) start++;
  // Characters procps has left after lstrip, its "\n" included (none when only blanks are left).
  const rest = start === view.length ? 0 : view.length + newline - start;

  // Object literals are spelled out in full below (no spreads): this is the hot path of a big
  // review, and literals of one fixed shape are faster to build.

  // Blank and whitespace-only lines are skipped (probe ws_only, docs/config-files.md).
  if (rest === 0) return { kind: 'blank', line, text, ending, notes: notesOf(notes) };

  const first = view[start]!;
  // "#" or ";" as the first non-blank character, indented or not (probe lead_comment, hashes, docs/config-files.md).
  if (first === '#' || first === ';')
    return { kind: 'comment', line, text, ending, marker: first, column: columnAt(start, prefix), notes: notesOf(notes) };

  if (afterBackslash) notes.push({ kind: 'after-backslash' });

  // procps ignores lines shorter than 2 characters after lstrip (the "\n" counts): "x" on the
  // last line without LF, or "x" followed by a NUL, is skipped silently, while "x\n" is
  // "invalid syntax" (probes x_eof, sp_x_eof, x_nl, nul2, docs/config-files.md). A lone "-" is an exclusion of
  // nothing either way (probes dash_alone, dash_alone_eof, docs/config-files.md). procps counts bytes, so one
  // non-ASCII character (2+ bytes in UTF-8, or the 3-byte BOM) is long enough to be invalid.
  if (rest < 2 && first !== '-' && first < '\x80') {
    return { kind: 'invalid', line, text, ending, reason: 'single-character', column: columnAt(start, prefix), notes: notesOf(notes) };
  }

  const eq = view.indexOf('=', start);
  if (eq === -1) {
    if (first !== '-') {
      // "invalid syntax, continuing..." (probes x_nl, xy_eof, foreign, backslash line 2, docs/config-files.md).
      const trimmed = view.slice(start).trim();
      markBackslash(trimmed, view, start, notes, state, prefix);
      const looksLike = foreignLineHint(trimmed);
      const invalid: InvalidLine = {
        kind: 'invalid',
        line,
        text,
        ending,
        reason: 'no-equals',
        column: columnAt(start, prefix),
        notes: notesOf(notes),
      };
      return looksLike ? { ...invalid, looksLike } : invalid;
    }
    // "-key" without "=": a glob exclusion; procps rstrips the key but does not lstrip it
    // (probe excl_space: "- net.ipv4.conf.lo.rp_filter" excluded nothing, docs/config-files.md).
    let key = rstripLikeProcps(view.slice(start + 1));
    // A key of blanks only (from "-" alone) excludes nothing in either tool; keep it empty.
    if (key.trim() === '') key = '';
    keyNotes(key, start + 1, notes, prefix);
    const { procPath, dotted } = procpsSpelling(key);
    return {
      kind: 'exclusion',
      line,
      text,
      ending,
      key,
      canonicalKey: dotted ?? key.trim(),
      procPath,
      isGlob: isGlob(key),
      keyColumn: columnAt(start + 1, prefix),
      notes: notesOf(notes),
    };
  }

  // "key = value": the first "=" splits ("k = a = b" sets "a = b") (probe double_eq, docs/config-files.md).
  const ignoreFailure = first === '-';
  const keyStart = ignoreFailure ? start + 1 : start;
  const key = rstripLikeProcps(view.slice(keyStart, eq));
  let valueStart = eq + 1;
  while (valueStart < view.length && isCSpace(view[valueStart])) valueStart++;
  const value = rstripLikeProcps(view.slice(valueStart));

  keyNotes(key, keyStart, notes, prefix);
  valueNotes(value, valueStart, notes, prefix);
  markBackslash(value, view, valueStart, notes, state, prefix);
  const { procPath, dotted } = procpsSpelling(key);
  return {
    kind: 'assignment',
    line,
    text,
    ending,
    key,
    canonicalKey: dotted ?? key.trim(),
    procPath,
    value,
    ignoreFailure,
    isGlob: isGlob(key),
    keyColumn: columnAt(keyStart, prefix),
    equalsColumn: columnAt(eq, prefix),
    valueColumn: value === '' ? columnAt(eq + 1, prefix) : columnAt(valueStart, prefix),
    notes: notesOf(notes),
  };
}

function notesOf(notes: LineNote[]): readonly LineNote[] {
  return notes.length === 0 ? NO_NOTES : notes;
}

function keyNotes(key: string, keyStart: number, notes: LineNote[], prefix: number): void {
  const trimmed = key.trim();
  if (trimmed === '') {
    // "= 5" and "-= 5": procps answers "Path is not under /proc/sys/: /proc/sys/" (probes empty_key, eqonly, docs/config-files.md).
    notes.push({ kind: 'empty-key' });
    return;
  }
  if (key.startsWith('-'))
    notes.push({ kind: 'double-dash' }); // (probe dashdash; systemd probe dashdash, docs/config-files.md)
  else if (isCSpace(key[0])) notes.push({ kind: 'space-after-dash' }); // (probe dash_space; systemd probe dash_space, docs/config-files.md)
  const inner = BLANK.exec(trimmed);
  if (inner) {
    // "sysctl -w net.x=1" parses as the key "sysctl -w net.x", which cannot exist
    // (probe foreign: "cannot stat /proc/sys/sysctl -w net/ipv4/tcp_fin_timeout", docs/config-files.md).
    const looksLike = foreignLineHint(trimmed);
    const at = columnAt(keyStart + key.indexOf(trimmed) + inner.index, prefix);
    notes.push({ kind: 'whitespace-in-key', column: at, ...(looksLike ? { looksLike } : {}) });
  }
  const repeated = repeatedSeparatorIndex(key);
  if (repeated !== -1) notes.push({ kind: 'repeated-separator', column: columnAt(keyStart + repeated, prefix) });
}

function valueNotes(value: string, valueStart: number, notes: LineNote[], prefix: number): void {
  if (value === '') {
    // procps prints "key = " and writes a bare newline (probes empty_value, empty_value_ws, docs/config-files.md).
    notes.push({ kind: 'empty-value' });
    return;
  }
  // The kernel gets "3 # x" whole; integer handlers happen to stop at the blank, string keys
  // keep the text (a.conf, c4.conf, c6.conf, docs/config-files.md).
  const comment = inlineCommentIndex(value);
  if (comment !== -1) {
    notes.push({
      kind: 'inline-comment',
      column: columnAt(valueStart + comment, prefix),
      comment: value.slice(comment),
      valueBeforeComment: value.slice(0, comment).trim(),
    });
  }
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) notes.push({ kind: 'quoted-value', quote: q });
  if (value.length > VALUE_LIMIT / 4) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > VALUE_LIMIT) notes.push({ kind: 'value-too-long', bytes, limit: VALUE_LIMIT });
  }
}

/** "#" or ";" at the start of the value or after a blank: what people mean as a comment. */
function inlineCommentIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if ((ch === '#' || ch === ';') && (i === 0 || value[i - 1] === ' ' || value[i - 1] === '\t')) return i;
  }
  return -1;
}

/**
 * No continuation lines: "v \" keeps the backslash in the value and the next line is parsed on
 * its own ("invalid syntax" when it has no "=") (probe backslash; a.conf lines 16-17, docs/config-files.md).
 */
function markBackslash(content: string, view: string, contentStart: number, notes: LineNote[], state: ParseState, prefix: number): void {
  if (!content.endsWith('\\')) return;
  const at = view.lastIndexOf('\\');
  notes.push({ kind: 'trailing-backslash', column: columnAt(at >= contentStart ? at : contentStart, prefix) });
  state.previousEndedWithBackslash = true;
}
