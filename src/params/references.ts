/**
 * Citations a user can open. A reference is either a page shipped in the package
 * ("docs/kernel/time-wait.md#tcp_tw_recycle", "docs/kernel/evidence/twreuse_test.txt") or an https
 * URL, optionally followed by a label in parentheses ("https://git.kernel.org/... (tcp_twsk_unique)").
 * Rules and catalogue entries hold them as plain strings; this module turns them into text for a
 * terminal (package pages as absolute paths, like the "docs:" line of advise) and into Markdown.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-info.js';

export type Reference =
  | { readonly kind: 'package'; readonly path: string; readonly anchor?: string }
  | { readonly kind: 'url'; readonly url: string; readonly label?: string };

const PACKAGE_PAGE = /^(docs\/[^\s#]+)(?:#(\S+))?$/;
const URL_WITH_LABEL = /^(https:\/\/\S+)(?:\s+\((.+)\))?$/;
const KERNEL_TREE = /\/tree\/(\S+)\?h=(v[\d.]+)$/;

/** undefined when the string is neither a package page nor an https URL. */
export function parseReference(text: string): Reference | undefined {
  const page = PACKAGE_PAGE.exec(text);
  if (page) return { kind: 'package', path: page[1]!, ...(page[2] ? { anchor: page[2] } : {}) };
  const url = URL_WITH_LABEL.exec(text);
  if (url) return { kind: 'url', url: url[1]!, ...(url[2] ? { label: url[2] } : {}) };
  return undefined;
}

/** The file a package reference names, on this installation. */
export function packageFile(reference: Extract<Reference, { kind: 'package' }>): string {
  return join(PACKAGE_ROOT, ...reference.path.split('/'));
}

/** One line for a terminal: package pages as absolute paths (with their anchor), URLs as they are. */
export function referenceText(text: string): string {
  const reference = parseReference(text);
  if (reference?.kind !== 'package') return text;
  return `${packageFile(reference)}${reference.anchor ? `#${reference.anchor}` : ''}`;
}

/** A Markdown list item body: a link for a URL; a package page as code, since a viewer cannot follow it. */
export function referenceMarkdown(text: string): string {
  const reference = parseReference(text);
  if (!reference) return text;
  if (reference.kind === 'package') return `\`${text}\` (in the sysctl-advisor package)`;
  const tree = KERNEL_TREE.exec(reference.url);
  const label = tree ? `Linux ${tree[2]} ${tree[1]}${reference.label ? ` (${reference.label})` : ''}` : (reference.label ?? reference.url);
  return `[${label.replace(/[[\]]/g, '\\$&')}](${reference.url})`;
}
