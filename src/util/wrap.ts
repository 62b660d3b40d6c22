/** Word wrap for prose in text reports and in the comments of written sysctl files. */

/** Lines of at most `width` characters, broken between words; a longer word stands on its own line. */
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

/** Width of the "# " comment lines the tool writes into sysctl files. */
const COMMENT_WIDTH = 100;

/** Prose as "# " comment lines; never an inline comment after a value (docs/kernel/config-files-and-precedence.md#line-syntax). */
export function commentLines(text: string, indent = ''): string[] {
  return wrapWords(text, COMMENT_WIDTH - 2 - indent.length).map((line) => `# ${indent}${line}`);
}
