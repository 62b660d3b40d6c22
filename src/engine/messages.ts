/**
 * Templates split once into literal text and placeholder names, by template. Every template is a
 * constant of some rule, so this holds a few dozen entries; a big review fills the same ones tens
 * of thousands of times, and a regular-expression replace with a callback per message was a
 * measurable part of it (bench/review.ts).
 */
const COMPILED = new Map<string, readonly string[]>();

/** [text, name, text, name, ..., text]: split() with the capturing group keeps the names at odd indexes. */
function compiled(template: string): readonly string[] {
  let parts = COMPILED.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    COMPILED.set(template, parts);
  }
  return parts;
}

/** Fills "{name}" placeholders of a rule's message template from a finding's data; unknown names stay as written. */
export function fillMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  const parts = compiled(template);
  let message = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    message += (name in data ? String(data[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return message;
}
