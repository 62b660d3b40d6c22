/**
 * Text produced piece by piece while it is written. A review of 1,000 files prints ~20 MB; held
 * whole it is one string of that size plus the buffer it is encoded into, fresh memory that this
 * kind of machine pays for page by page (bench/review.ts). Pieces are made again on each
 * iteration, so the text can be read more than once (tests compare it; the CLI writes it).
 */
export class Pieces implements Iterable<string> {
  constructor(private readonly produce: () => Iterable<string>) {}

  [Symbol.iterator](): Iterator<string> {
    return this.produce()[Symbol.iterator]();
  }

  /** The whole text in one string: for tests and callers that need it at once. */
  toString(): string {
    let text = '';
    for (const piece of this) text += piece;
    return text;
  }
}

/** What a command prints: a string, or pieces made as they are written. */
export type Printable = string | Pieces;

export function textOf(printable: Printable): string {
  return typeof printable === 'string' ? printable : printable.toString();
}
