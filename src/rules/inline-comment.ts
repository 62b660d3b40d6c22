/**
 * sysctl.conf has no inline comments: "key = 3 # x" passes "3 # x" to the kernel. Integer and
 * vector keys happen to ignore text after a blank; a string-valued key stores it (docs/kernel/config-files-and-precedence.md#line-syntax,
 * docs/kernel/sysctl-values.md#parsing integer parsing).
 */
import { parsedOnHost } from '../engine/parsed-value.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey, withoutIgnoreDash } from '../params/keys.js';
import { findParam } from '../params/lookup.js';

/** A "#" or ";" after a blank starts what the author meant as a comment. */
const COMMENT = /\s[#;]/;

export const inlineComment: Rule = {
  meta: {
    id: 'inline-comment',
    severity: 'warning',
    description: 'Trailing text after a value (an inline comment) is passed to the kernel; sysctl.conf has no inline comments.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'docs/kernel/sysctl-values.md#parsing',
      'docs/kernel/evidence/sysctl_realrun_netns2.txt',
    ],
    messages: {
      ignoredComment:
        "{key}: sysctl.conf has no inline comments; move the comment to its own line\n{key}: the kernel receives '{value}'; it stores {stored} and ignores '{ignored}' because this key is numeric, but a string-valued key would get the text. sysctl.conf has no inline comments (docs/kernel/config-files-and-precedence.md#line-syntax): move the comment to its own line above.",
      ignoredText:
        "{key}: the kernel ignores the text after the number; remove it\n{key}: the kernel receives '{value}'; it stores {stored} and silently ignores '{ignored}' (the integer parser stops at the first blank after the number, docs/kernel/sysctl-values.md#parsing). Remove the trailing text.",
      rejectedComment:
        "{key}: the kernel rejects the value with its inline comment; move the comment to its own line\n{key}: the kernel receives '{value}' and rejects it ({problem}); sysctl.conf has no inline comments (docs/kernel/config-files-and-precedence.md#line-syntax): move the comment to its own line above.",
      otherKey:
        "{key}: sysctl.conf has no inline comments; move the comment to its own line\n{key}: the kernel receives '{value}'; an integer key stores the number and ignores the rest, but a string-valued key would get the text '{comment}' as part of its value. sysctl.conf has no inline comments (docs/kernel/config-files-and-precedence.md#line-syntax): move the comment to its own line above.",
    },
  },
  *check({ facts }): Generator<RuleReport> {
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
          const isComment = /^[#;]/.test(parsed.ignored);
          yield {
            messageId: isComment ? 'ignoredComment' : 'ignoredText',
            data: { key, value, stored: parsed.canonical, ignored: parsed.ignored },
            key,
            location: at(value.lastIndexOf(parsed.ignored)),
            evidence: { sent: value, stored: parsed.canonical },
          };
        } else if (!parsed.ok && commentAt !== undefined) {
          yield {
            messageId: 'rejectedComment',
            data: { key, value, problem: parsed.problem },
            key,
            location: at(commentAt + 1),
            evidence: { sent: value },
          };
        }
        continue;
      }
      if (commentAt === undefined) continue;
      yield {
        messageId: 'otherKey',
        data: { key, value, comment: value.slice(commentAt + 1) },
        key,
        location: at(commentAt + 1),
        evidence: { sent: value },
      };
    }
  },
};
