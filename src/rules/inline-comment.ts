/**
 * sysctl.conf has no inline comments: "key = 3 # x" passes "3 # x" to the kernel. Integer and
 * vector keys happen to ignore text after a blank; a string-valued key stores it (docs/kernel/config-files-and-precedence.md#line-syntax,
 * docs/kernel/sysctl-values.md#parsing integer parsing).
 *
 * Severity follows what the kernel does with the line (docs/review.md#severity): a number stored and
 * the rest ignored is harmless, so those lines become ONE info finding per file that lists them; a
 * value the kernel rejects because of the comment is an error; text after a value that is not a
 * number (a string-valued key stores it, a name-valued key rejects it) is a warning.
 */
import { parsedOnHost } from '../engine/parsed-value.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey, withoutIgnoreDash } from '../params/keys.js';
import { findParam } from '../params/lookup.js';

/** A "#" or ";" after a blank starts what the author meant as a comment. */
const COMMENT = /\s[#;]/;

/** Numbers only: what an integer or vector handler parses before it stops at the trailing text. */
const NUMBERS = /^[-+]?\d+(?:\s+[-+]?\d+)*$/;

/** Lines listed in a grouped finding's headline before "and N more". */
const LISTED = 12;

interface Harmless {
  readonly line: number;
  readonly column: number;
  readonly key: string;
  readonly stored: string;
}

export const inlineComment: Rule = {
  meta: {
    id: 'inline-comment',
    severity: 'info',
    severities: {
      allowed: ['info', 'warning', 'error'],
      why: 'info: number stored, text ignored; warning: text stored or name rejected; error: value rejected',
    },
    description: 'Trailing text after a value (an inline comment) is passed to the kernel; sysctl.conf has no inline comments.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'docs/kernel/sysctl-values.md#parsing',
      'docs/kernel/evidence/sysctl_realrun_netns2.txt',
    ],
    messages: {
      harmlessInFile:
        'Inline comment or trailing text on {count} numeric {lines}: harmless (the number is stored), but move the text above\nsysctl.conf has no inline comments: the kernel receives everything after "=" ({example}). These keys take numbers, so the kernel stores the number and ignores the rest; a string-valued key would store the text (docs/kernel/config-files-and-precedence.md#line-syntax, docs/kernel/sysctl-values.md#parsing).',
      rejectedComment:
        "{key}: the kernel rejects the value with its inline comment; move the comment to its own line\n{key}: the kernel receives '{value}' and rejects it ({problem}); sysctl.conf has no inline comments (docs/kernel/config-files-and-precedence.md#line-syntax): move the comment to its own line above.",
      otherKey:
        "{key}: sysctl.conf has no inline comments; move the comment to its own line\n{key}: the kernel receives '{value}'; an integer key stores the number and ignores the rest, but a string-valued key would get the text '{comment}' as part of its value. sysctl.conf has no inline comments (docs/kernel/config-files-and-precedence.md#line-syntax): move the comment to its own line above.",
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const harmless = new Map<string, Harmless[]>();
    const harmlessIn = (file: string): Harmless[] => {
      let list = harmless.get(file);
      if (!list) harmless.set(file, (list = []));
      return list;
    };
    for (const assignment of facts.assignments) {
      const key = withoutIgnoreDash(assignment.key);
      if (isGlobKey(key)) continue;
      const value = assignment.value.trim();
      const at = (index: number) => ({ file: assignment.file, line: assignment.line, column: assignment.valueColumn + index });
      const spec = findParam(key);
      const commentAt = COMMENT.exec(value)?.index;
      if (spec && existsOn(spec, facts.kernel)) {
        const parsed = parsedOnHost(facts, spec, value);
        if (parsed.ok && 'ignored' in parsed && parsed.ignored !== undefined) {
          // A lone trailing backslash is continuation-line's finding.
          if (parsed.ignored === '\\') continue;
          harmlessIn(assignment.file).push({
            line: assignment.line,
            column: at(value.lastIndexOf(parsed.ignored)).column,
            key,
            stored: parsed.canonical,
          });
        } else if (!parsed.ok && commentAt !== undefined) {
          yield {
            messageId: 'rejectedComment',
            severity: 'error',
            data: { key, value, problem: parsed.problem },
            key,
            location: at(commentAt + 1),
            evidence: { sent: value },
          };
        }
        continue;
      }
      if (commentAt === undefined) continue;
      const before = value.slice(0, commentAt).trim();
      if (NUMBERS.test(before)) {
        // Every kernel handler that takes numbers stops at the first blank after them (docs/kernel/sysctl-values.md#parsing).
        harmlessIn(assignment.file).push({
          line: assignment.line,
          column: at(commentAt + 1).column,
          key,
          stored: before.split(/\s+/).join(' '),
        });
        continue;
      }
      yield {
        messageId: 'otherKey',
        severity: 'warning',
        data: { key, value, comment: value.slice(commentAt + 1) },
        key,
        location: at(commentAt + 1),
        evidence: { sent: value },
      };
    }
    for (const [file, lines] of harmless) {
      const first = lines[0]!;
      const listed = lines.slice(0, LISTED).map((l) => l.line);
      const more = lines.length > LISTED ? ` and ${lines.length - LISTED} more` : '';
      yield {
        messageId: 'harmlessInFile',
        data: {
          count: lines.length,
          lines: `${lines.length === 1 ? 'line' : 'lines'} ${listed.join(', ')}${more}`,
          example: `line ${first.line}: ${first.key} stores ${first.stored}`,
        },
        key: first.key,
        location: { file, line: first.line, column: first.column },
        evidence: { lines: lines.map((l) => l.line).join(',') },
      };
    }
  },
};
