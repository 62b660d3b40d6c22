/**
 * Blank-separated words of a line, as byte offsets. ss and netstat pad their columns with long
 * runs of spaces, so blanks are skipped four bytes at a time with 32-bit loads; words themselves
 * are short and scanned byte by byte. No string is made.
 */
import { SPACE, TAB } from '../util/bytes.js';

const FOUR_SPACES = 0x20202020;

export class WordSplitter {
  /** Start/end offsets of the words found by the last split(): word k is [words[2k], words[2k+1]). */
  readonly words: Int32Array;
  private view: DataView | undefined;

  constructor(readonly maxWords: number) {
    this.words = new Int32Array(2 * maxWords);
  }

  /** Finds up to maxWords words in buf[start, end); returns how many. */
  split(buf: Buffer, start: number, end: number): number {
    let view = this.view;
    if (view === undefined || view.buffer !== buf.buffer || view.byteOffset !== buf.byteOffset || view.byteLength !== buf.length) {
      view = this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    const words = this.words;
    let count = 0;
    let i = start;
    while (count < this.maxWords) {
      while (i + 4 <= end && view.getUint32(i) === FOUR_SPACES) i += 4;
      let byte = buf[i];
      while (i < end && (byte === SPACE || byte === TAB)) byte = buf[++i];
      if (i >= end) break;
      words[2 * count] = i;
      while (i < end && byte !== SPACE && byte !== TAB) byte = buf[++i];
      words[2 * count + 1] = i;
      count++;
    }
    return count;
  }
}
