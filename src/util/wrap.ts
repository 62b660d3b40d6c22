/** Word wrap for terminal reports. */

/** The width reporters wrap to when stdout is not a terminal (a pipe, a CI log). */
export const DEFAULT_WIDTH = 80;

/**
 * `text` as lines of at most `width` characters, each starting with `indent`; the text's own line
 * breaks are kept. A word longer than the line (a URL) stands alone on its line rather than being cut.
 */
export function wrapText(text: string, indent: string, width: number): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (current && current.length + word.length + 1 > room) {
        lines.push(indent + current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    if (current) lines.push(indent + current);
  }
  return lines;
}
