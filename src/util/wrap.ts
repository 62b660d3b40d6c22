/** Word wrap for prose in text reports and in the comments of written sysctl files. */

/** The width reporters wrap to when stdout is not a terminal (a pipe, a CI log). */
export const DEFAULT_WIDTH = 80;

/** Lines of at most `width` characters, broken between words; a longer word (a URL) stands on its own line. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/** `text` wrapped as above, each line starting with `indent`; the text's own line breaks are kept. */
export function wrapText(text: string, indent: string, width: number): string[] {
  const room = Math.max(20, width - indent.length);
  return text.split('\n').flatMap((paragraph) => wrapWords(paragraph, room).map((line) => indent + line));
}

/** Width of the "# " comment lines the tool writes into sysctl files. */
const COMMENT_WIDTH = 100;

/** Prose as "# " comment lines; never an inline comment after a value (docs/kernel/config-files-and-precedence.md#line-syntax). */
export function commentLines(text: string, indent = ''): string[] {
  return wrapWords(text, COMMENT_WIDTH - 2 - indent.length).map((line) => `# ${indent}${line}`);
}
