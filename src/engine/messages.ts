/**
 * Templates split once into literal text and placeholder names, by template. Every template is a
 * constant of some rule, so this holds a few dozen entries, which a big review fills for every
 * finding (bench/review.ts).
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

/**
 * Fills "{name}" placeholders of a rule's message template from a finding's data; unknown names
 * stay as written. Joined rather than built with +=, which leaves a tree of string pieces that
 * JSON.stringify then has to copy into one string, message by message.
 */
export function fillMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  const pieces = [...compiled(template)];
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i]!;
    pieces[i] = name in data ? String(data[name]) : `{${name}}`;
  }
  return pieces.join('');
}

/** A filled message: its headline (first line) and its detail (the rest), as findings carry them. */
export interface FilledMessage {
  readonly message: string;
  readonly detail: string | undefined;
}

/** Fills a template and splits it at its first newline into headline and detail. */
export function renderMessage(template: string, data?: Readonly<Record<string, string | number>>): FilledMessage {
  const text = fillMessage(template, data);
  const newline = text.indexOf('\n');
  return newline === -1 ? { message: text, detail: undefined } : { message: text.slice(0, newline), detail: text.slice(newline + 1) };
}
