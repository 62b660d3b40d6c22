/**
 * The vocabulary of the sysctl config-file layer: one parsed file (every line, lossless, with
 * columns for anchoring findings) and the effective configuration under a root (which line wins
 * under procps `sysctl --system` and under systemd-sysctl, and what it shadows).
 *
 * Columns are 1-based UTF-16 code-unit offsets into `text` (SARIF's default column unit).
 */

/** How a line ended on disk; `text + ending` reproduces the file byte for byte (after the BOM). */
export type LineEnding = 'lf' | 'crlf' | 'none';

/**
 * Something the real tools accept without a word but that changes what the line means.
 * These are facts about the line, not verdicts; reporters turn them into findings.
 */
export type LineNote =
  /** `key = 3 # text`: there are no inline comments, the whole `3 # text` goes to the kernel. */
  | { readonly kind: 'inline-comment'; readonly column: number; readonly comment: string; readonly valueBeforeComment: string }
  /** The line ends with `\`: there are no continuation lines; the `\` stays in the value. */
  | { readonly kind: 'trailing-backslash'; readonly column: number }
  /** The previous line ended with `\`, but this line is parsed on its own. */
  | { readonly kind: 'after-backslash' }
  /** `key =` with nothing after it: an empty string (a bare newline) is written. */
  | { readonly kind: 'empty-value' }
  /** The value is longer than the 4096 bytes a /proc/sys write takes (sysctl.conf(5)). */
  | { readonly kind: 'value-too-long'; readonly bytes: number; readonly limit: 4096 }
  /** The line ends with CR LF. Both tools strip the CR, so the value is unaffected. */
  | { readonly kind: 'crlf' }
  /** Line 1 starts with a UTF-8 byte-order mark, which both tools read as part of the line. */
  | { readonly kind: 'bom' }
  /** A NUL byte: procps ignores the rest of the line; systemd starts a new line there. */
  | { readonly kind: 'nul-byte'; readonly column: number; readonly ignored: string }
  /** A carriage return inside the line: procps keeps it; systemd starts a new line there. */
  | { readonly kind: 'lone-cr'; readonly column: number }
  /** The key has blanks inside (`sysctl -w net.x`): no sysctl has such a name. */
  | { readonly kind: 'whitespace-in-key'; readonly column: number; readonly looksLike?: ForeignLineHint }
  /** `- key = v`: procps keeps the blank in the key (so it names nothing); systemd strips it. */
  | { readonly kind: 'space-after-dash' }
  /** `--key = v`: procps drops both dashes; systemd looks for a key named `-key`. */
  | { readonly kind: 'double-dash' }
  /** Nothing before `=` (or after a lone `-`): the line names no key. */
  | { readonly kind: 'empty-key' }
  /** `net..ipv4` or `net//ipv4`: procps warns "separators should not be repeated". */
  | { readonly kind: 'repeated-separator'; readonly column: number }
  /** `key = "v"`: the quotes are part of the value the kernel receives. */
  | { readonly kind: 'quoted-value'; readonly quote: '"' | "'" };

export type LineNoteKind = LineNote['kind'];

/** Why a line is invalid. */
export type InvalidReason =
  /** No `=` and no leading `-`: procps prints "FILE(N): invalid syntax, continuing...",
   *  systemd "Line is not an assignment, ignoring" (and exits 1). */
  | 'no-equals'
  /** A single non-blank ASCII character with nothing after it on the last line (or before a
   *  NUL): procps skips it silently (it ignores lines shorter than 2 bytes), systemd rejects it
   *  as "not an assignment" — except a lone "=", which systemd reads as an empty key. */
  | 'single-character';

/** What an invalid (or oddly keyed) line looks like, to word a finding helpfully. */
export type ForeignLineHint =
  | 'shell-command' // sysctl -w ..., echo ..., cat <<EOF
  | 'section-header' // [sysctl] (tuned.conf, INI)
  | 'template-tag' // {% if %}, {{ var }}
  | 'yaml-mapping' // key: value, - name: x
  | 'heredoc-end'; // EOF

interface LineBase {
  /** 1-based line number, as procps and systemd count them (lines end at LF). */
  readonly line: number;
  /** The line as an editor shows it: without the line ending, and without the BOM on line 1. */
  readonly text: string;
  readonly ending: LineEnding;
  readonly notes: readonly LineNote[];
}

export interface BlankLine extends LineBase {
  readonly kind: 'blank';
}

export interface CommentLine extends LineBase {
  readonly kind: 'comment';
  readonly marker: '#' | ';';
  readonly column: number;
}

/** `key = value` or `-key = value`. */
export interface AssignmentLine extends LineBase {
  readonly kind: 'assignment';
  /**
   * The key exactly as procps reads it: after the optional leading `-`, trailing blanks removed.
   * (On line 1 of a file with a BOM it starts with U+FEFF, which is not in `text`.)
   */
  readonly key: string;
  /** One dotted spelling of the key (`net.ipv4.conf.eth0/100.rp_filter`), `..`, `//` resolved. */
  readonly canonicalKey: string;
  /**
   * The path under /proc/sys the key names (`net/ipv4/tcp_fin_timeout`), or null when it names
   * nothing below /proc/sys (empty key, `..` above it): procps then says "Path is not under /proc/sys/".
   */
  readonly procPath: string | null;
  /** Exactly what procps passes to the kernel: blanks around it trimmed, inner blanks kept. */
  readonly value: string;
  /** Leading `-`: systemd ignores any failure; procps 4.0.2 only open() failures (docs/kernel/config-files-and-precedence.md#line-syntax). */
  readonly ignoreFailure: boolean;
  /** The key has `*`, `?` or `[`: it is expanded against the existing keys. */
  readonly isGlob: boolean;
  readonly keyColumn: number;
  readonly equalsColumn: number;
  /** Where the value starts; for an empty value, the column just after `=`. */
  readonly valueColumn: number;
}

/** `-key` without `=`: keeps globs away from that key (exact key in procps 4.0.2 and systemd 252). */
export interface ExclusionLine extends LineBase {
  readonly kind: 'exclusion';
  readonly key: string;
  readonly canonicalKey: string;
  readonly procPath: string | null;
  readonly isGlob: boolean;
  readonly keyColumn: number;
}

export interface InvalidLine extends LineBase {
  readonly kind: 'invalid';
  readonly reason: InvalidReason;
  /** Column of the first non-blank character. */
  readonly column: number;
  readonly looksLike?: ForeignLineHint;
}

export type ConfigLine = BlankLine | CommentLine | AssignmentLine | ExclusionLine | InvalidLine;
export type ConfigLineKind = ConfigLine['kind'];

/** Facts about a whole file that make it something other than plain text. */
export type FileNote =
  /** NUL bytes: the file is binary, not a text config file. */
  | { readonly kind: 'binary'; readonly nulBytes: number; readonly firstLine: number }
  /** Bytes that are not valid UTF-8 (shown as U+FFFD in `text`). */
  | { readonly kind: 'invalid-utf8' };

export interface ParsedConfigFile {
  /** The path as shown to the user. */
  readonly path: string;
  readonly lines: readonly ConfigLine[];
  /** The assignment lines in file order (a view of `lines`). */
  readonly assignments: readonly AssignmentLine[];
  readonly exclusions: readonly ExclusionLine[];
  readonly invalid: readonly InvalidLine[];
  /** The file starts with a UTF-8 BOM (kept out of line 1's `text`). */
  readonly bom: boolean;
  readonly fileNotes: readonly FileNote[];
}

// ---------------------------------------------------------------------------------------------
// Effective configuration

/** The two programs that apply sysctl.d files. */
export type Tool = 'procps' | 'systemd';

/** Which tool sets the values at boot on this root, when we can tell. */
export type BootTool = Tool | 'unknown';

/** A line in a config file, as a tool reads it. Paths are absolute inside the root. */
export interface LineRef {
  /** The file as the tool lists it, e.g. /etc/sysctl.d/99-sysctl.conf. */
  readonly file: string;
  /** The file actually read after resolving symlinks inside the root, e.g. /etc/sysctl.conf. */
  readonly realFile: string;
  readonly line: number;
  /** Column of the key. */
  readonly column: number;
}

/** One assignment reaching one key. */
export interface AppliedValue extends LineRef {
  readonly value: string;
  /** The key as written; a glob pattern when `viaGlob`. */
  readonly keyAsWritten: string;
  readonly viaGlob: boolean;
  readonly ignoreFailure: boolean;
}

export type ShadowReason =
  /** A later write to the same key replaced this value. */
  | 'overwritten'
  /** systemd: the same key with the same value again; the earlier line stays in force. */
  | 'repeat-ignored'
  /** systemd: a later `-key` line dropped this assignment. */
  | 'removed-by-exclusion'
  /** A glob that matches this key, skipped because the key has an explicit line (in any file). */
  | 'glob-skipped-explicit'
  /** A glob that matches this key, skipped because of a `-key` line. */
  | 'glob-skipped-excluded';

export interface ShadowedValue extends AppliedValue {
  readonly reason: ShadowReason;
  /** The line that caused it (the overwriting assignment, the exclusion, the explicit line). */
  readonly by?: LineRef;
}

export type ToolOutcome =
  | { readonly status: 'set'; readonly winner: AppliedValue; readonly shadowed: readonly ShadowedValue[] }
  | {
      readonly status: 'not-set';
      /** `excluded`: a `-key` line keeps it unset; `not-configured`: this tool reads no line for it. */
      readonly reason: 'excluded' | 'not-configured';
      readonly exclusion?: LineRef;
      readonly shadowed: readonly ShadowedValue[];
    };

/** Why the two tools end with different values for a key. */
export type DisagreementCause =
  /** procps applies /etc/sysctl.conf last; systemd does not read it (unless linked into sysctl.d). */
  | 'etc-sysctl-conf'
  /** A `-key` line: systemd drops an earlier assignment of the same key, procps does not. */
  | 'exclusion'
  /** The tools read different files (hidden files, /lib/sysctl.d, unreadable files). */
  | 'file-selection'
  /** Anything else: duplicate or glob ordering, key spelling (`- key`, `--key`). */
  | 'line-handling';

export type Agreement =
  | { readonly status: 'same' }
  | {
      readonly status: 'differ';
      /** null when the tool leaves the key unset. */
      readonly procps: string | null;
      readonly systemd: string | null;
      readonly cause: DisagreementCause;
      /**
       * Which value the host has after boot: systemd-sysctl runs at boot on systemd hosts;
       * `sysctl --system` (run by hand, by provisioning, or at boot without systemd) then
       * replaces it with procps' value until the next boot.
       */
      readonly atBoot: BootTool;
    };

export interface KeyOutcome {
  /** Canonical dotted key. */
  readonly key: string;
  readonly procPath: string;
  /** Whether the key exists among the known keys; undefined when none were given. */
  readonly exists: boolean | undefined;
  readonly procps: ToolOutcome;
  readonly systemd: ToolOutcome;
  readonly agreement: Agreement;
}

/** What a config file in a sysctl.d directory turned out to be. */
export type SourceContent =
  | { readonly kind: 'file'; readonly file: ParsedConfigFile }
  /** A symlink to /dev/null: reads as empty, so it masks same-name files (sysctl.d(5)). */
  | { readonly kind: 'dev-null' }
  /** A directory named *.conf (procps lists it and reads nothing). */
  | { readonly kind: 'directory' }
  /** Broken symlink, symlink loop, permission denied: procps says "cannot open", systemd skips it. */
  | { readonly kind: 'unreadable'; readonly problem: string };

/** One file a tool applies, in application order. */
export interface ConfigSource {
  /** Path as the tool names it (absolute inside the root). */
  readonly path: string;
  /** The file name, which decides the order. */
  readonly name: string;
  readonly directory: string;
  /** The file read after resolving symlinks inside the root; null for /dev/null or when unresolvable. */
  readonly realPath: string | null;
  readonly content: SourceContent;
  /** Same-name files in lower-priority directories that this one hides. */
  readonly masks: readonly string[];
}

export type IgnoredReason =
  | 'not-conf' // name does not end in .conf
  | 'hidden' // systemd skips names starting with "."
  | 'directory' // systemd skips directories
  | 'masked'; // a same-name file in a higher-priority directory wins

export interface IgnoredFile {
  readonly tool: Tool;
  readonly path: string;
  readonly reason: IgnoredReason;
  /** For `masked`: the file that wins. */
  readonly maskedBy?: string;
}

/** A glob line and the keys it matches among the known keys (before any skipping). */
export interface GlobUse extends LineRef {
  readonly pattern: string;
  readonly value: string;
  /** Sorted matching keys (dotted); undefined when no known keys were given. */
  readonly matches: readonly string[] | undefined;
}

export interface EffectiveConfig {
  /** The root directory on this machine ("/" for the live host). */
  readonly root: string;
  readonly bootTool: BootTool;
  /** The sysctl.d directories each tool reads, highest priority first. */
  readonly directories: { readonly procps: readonly string[]; readonly systemd: readonly string[] };
  /** Files each tool applies, in order (procps ends with /etc/sysctl.conf when it is a regular file). */
  readonly sources: { readonly procps: readonly ConfigSource[]; readonly systemd: readonly ConfigSource[] };
  readonly ignored: readonly IgnoredFile[];
  /** Every parsed file, by real path inside the root; each file is read once. */
  readonly files: ReadonlyMap<string, ParsedConfigFile>;
  /** Every key some line reaches, by canonical dotted key, sorted. */
  readonly keys: ReadonlyMap<string, KeyOutcome>;
  readonly globs: readonly GlobUse[];
  /** The known keys globs were expanded against, if any (kept so later questions agree). */
  readonly knownKeys: KnownKeysView | undefined;
}

/** The read-only face of a key index, as the effective config keeps it. */
export interface KnownKeysView {
  has(procPath: string): boolean;
  readonly size: number;
}
