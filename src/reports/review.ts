/**
 * The review vocabulary: line-anchored findings over config files, and the report the
 * reporters (src/reporters/review-*.ts) turn into text, JSON, SARIF, GitHub annotations or a
 * Markdown table. Everything here is plain data.
 */
import type { ForeignFormat } from '../config/index.js';
import type { AppliedTool, EmbeddedFormat } from '../readers/embedded/types.js';
import type { Severity, Skipped } from '../engine/types.js';

export type ReviewFormat = 'text' | 'json' | 'sarif' | 'github' | 'markdown';

/** Rule ids review adds to the engine's rules (described in src/engine/builtin-checks.ts). */
export const PROFILE_POLICY = 'profile-policy';
export const WAIVER = 'waiver';
export const NOT_SYSCTL = 'not-sysctl';
export const NOT_CHECKED = 'not-checked';

/**
 * A region of a file, 1-based lines and UTF-16 columns (SARIF's defaults); the end is exclusive.
 * Removing a whole line ends at column 1 of the next line, so the line ending goes too.
 */
export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One edit that fixes a finding: replace `region` with `insert` ("" deletes). */
export interface ReviewFix {
  readonly kind: 'remove-line' | 'replace-value';
  readonly description: string;
  readonly region: Region;
  readonly insert: string;
}

export interface ReviewFinding {
  readonly rule: string;
  /** The message template's id in the rule's (or built-in check's) meta.messages. */
  readonly messageId: string;
  readonly severity: Severity;
  /** The headline: what is wrong and what to do, one line. */
  readonly message: string;
  /** The numbers, caveats and source behind the headline; absent when the headline says it all. */
  readonly detail?: string | undefined;
  /** What filled the message template's placeholders. */
  readonly data?: Readonly<Record<string, string | number>> | undefined;
  /** Path relative to the working directory, with "/" separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /**
   * `file`: about the file as a whole (not a sysctl file, a key the profile wants that no line
   * sets); --diff-base keeps it when the file changed at all. `line`: about this line only.
   */
  readonly scope: 'line' | 'file';
  readonly key?: string;
  readonly fix?: ReviewFix;
}

/** A finding a waiver comment silenced, kept so JSON and SARIF consumers can audit waivers. */
export interface SuppressedFinding extends ReviewFinding {
  /** The line of the waiver comment. */
  readonly waiverLine: number;
  readonly reason: string;
}

export interface ReviewedFile {
  /** Relative to the working directory, "/" separators. */
  readonly path: string;
  /** `embedded`: sysctls set in another format (Ansible, Kubernetes, TuneD, shell, ...), read by src/readers/embedded. */
  readonly kind: 'sysctl' | 'not-sysctl' | 'embedded';
  /** What it is instead, for kind not-sysctl; the format read, for kind embedded. */
  readonly format?: ForeignFormat | EmbeddedFormat;
  /** For kind embedded: every setting found, in file order. */
  readonly assignments?: readonly ReviewedAssignment[];
}

/** A sysctl setting found in an embedded file: where its key and value are, and what applies it. */
export interface ReviewedAssignment {
  /** Canonical dotted key. */
  readonly key: string;
  /** What reaches the kernel; null when the file does not say (a template, a variable). */
  readonly value: string | null;
  readonly line: number;
  readonly column: number;
  readonly keyLine: number;
  readonly keyColumn: number;
  /** The file the setting is written in, when it is not this one (a TuneD profile this one includes, the role defaults an Ansible loop takes its items from); line and column are in it. */
  readonly file?: string;
  /** For a setting an Ansible task applies: the task, `FILE:LINE (name)`, in the file reviewed. */
  readonly task?: string;
  readonly appliedBy: AppliedTool;
  /** The application unit, e.g. "the pod of Deployment/web". */
  readonly unit: string;
}

/** Metadata of one rule id, for SARIF's tool.driver.rules and the Markdown links. */
export interface RuleDescriptor {
  readonly id: string;
  /** Message templates by id, as the rule's meta has them (SARIF: messageStrings). */
  readonly messages: Readonly<Record<string, string>>;
  readonly description: string;
  readonly fullDescription: string;
  readonly defaultSeverity: Severity;
  /** Where the rule is documented, relative to the package root ("docs/rules/tw-recycle.md"). */
  readonly page: string;
  /** Sources a user can open: package pages and https URLs (src/params/references.ts). */
  readonly references: readonly string[];
  /** A web link for the Markdown report's rule ids. */
  readonly helpUri: string;
}

export interface ReviewKernel {
  /** X.Y[.Z]. */
  readonly version: string;
  /** true: no --kernel was given, so the newest known kernel was assumed. */
  readonly assumed: boolean;
  /** "--kernel" or "newest known (6.18)". */
  readonly source: string;
}

export interface ReviewReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly kernel: ReviewKernel;
  /** The profile used as a policy (--profile), or null. */
  readonly policy: string | null;
  /** --root DIR as given, or null when files were named. */
  readonly root: string | null;
  /** --diff-base REF, or null. */
  readonly diffBase: string | null;
  readonly files: readonly ReviewedFile[];
  /** Sorted by file (in review order), line, column, severity. */
  readonly findings: readonly ReviewFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Findings left out because their lines did not change since --diff-base. */
  readonly unchangedLineFindings: number;
  /** Rules that did not run, and why (rules that need a live host, kernel ranges). */
  readonly skipped: readonly Skipped[];
  /** Every rule id review can report, for SARIF. */
  readonly rules: readonly RuleDescriptor[];
}
