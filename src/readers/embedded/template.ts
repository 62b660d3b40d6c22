/**
 * A sysctl file written as a template (Jinja `.j2`, ERB, Go templates): after rendering it is a
 * sysctl file, so its lines are read as one, except that template tags (`{% if %}`, `{{ var }}`
 * alone on a line) are template logic, not "invalid syntax", and a value holding an expression
 * is unknown until the template renders. Lines inside a conditional are read as if it held.
 */
import { ExtractionBuilder, type ContentLine } from './builder.js';
import type { Extraction } from './types.js';

const TAG_LINE = /^[ \t]*(?:\{%.*%\}|\{\{.*\}\}|\{#.*#\}|<%.*%>)[ \t]*$/;
const EXPRESSION = /\{\{|\{%|<%/;
const UNIT = 'rendered';

export function readSysctlTemplate(text: string, path: string | undefined): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the rendered file');
  const lines: ContentLine[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    // A tag line becomes a comment line for the parser: same line number, nothing applied.
    const content = TAG_LINE.test(line) ? '#' : line;
    lines.push({ text: content, offsets: Array.from({ length: content.length }, (_, i) => offset + i) });
    offset += raw.length + 1;
  }
  const target = path?.replace(/\.(?:j2|jinja2?|tmpl|tpl|erb)$/, '') ?? null;
  builder.addSysctlContent(lines, { tool: 'sysctl-file', path: target, writer: 'template', append: false, context: 'script' }, UNIT);
  // Values with an expression are unknown until rendering.
  const known = builder.assignments.splice(0);
  for (const assignment of known) {
    if (assignment.value !== undefined && EXPRESSION.test(assignment.value)) {
      builder.add({
        ...assignment,
        value: undefined,
        unknownValue: `the value ${assignment.value} is a template expression, known only when the template renders`,
      });
    } else if (EXPRESSION.test(assignment.key)) {
      builder.skip(assignment.keyPosition, `the key ${assignment.key} is a template expression`);
    } else builder.add(assignment);
  }
  return builder.build('sysctl-template', 'sysctl file template');
}
