/** The anchors a Markdown page offers, the way GitHub derives them from headings, plus explicit ids. */
import { readFileSync } from 'node:fs';

/** GitHub's heading slug: lower case, punctuation other than "-" and "_" dropped, blanks to "-". */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(headingSlug(heading[1]!));
    for (const id of line.matchAll(/<a (?:id|name)="([^"]+)"/g)) anchors.add(id[1]!);
  }
  return anchors;
}
