/**
 * A POSIX-shell lexer sized for what review needs: simple commands with their words (quotes
 * removed, each character remembering where it came from in the file), redirections, and
 * here-documents with their bodies, grouped into pipelines. It never runs anything: `$X`,
 * `$(...)` and backticks stay as written and are marked as expansions, so a value holding one is
 * known to be unknown.
 *
 * Not modelled (none changes where a sysctl command starts): aliases, arithmetic, `case`
 * patterns, brace expansion, globbing. Control words (`if`, `then`, `do`, ...) stay words; the
 * command analysis skips them.
 */

export interface ShellWord {
  /** The word after quote removal; expansions kept as written. */
  readonly text: string;
  /** For each character of `text`, its offset in the file. */
  readonly offsets: readonly number[];
  /** For each character of `text`, whether it comes from an expansion (`$X`, `$(..)`, backticks). */
  readonly expanded: readonly boolean[];
  /** Offset in the file of the word's first source character (a quote, possibly). */
  readonly start: number;
  /** Whether any part was quoted. */
  readonly quoted: boolean;
}

export interface HeredocLine {
  /** The line as the command reads it (leading tabs removed for `<<-`). */
  readonly text: string;
  /** File offset of text[i] is offsets[i] (a body inside `sh -c '...'` need not be contiguous). */
  readonly offsets: readonly number[];
}

export interface Heredoc {
  readonly delimiter: string;
  /** `<<'EOF'` / `<<"EOF"` / `<<\EOF`: the body is taken literally. */
  readonly quoted: boolean;
  readonly stripTabs: boolean;
  readonly lines: HeredocLine[];
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `&>`, `&>>`, `>|`, `<&`, `<>`. */
  readonly op: string;
  readonly fd: number | null;
  readonly target?: ShellWord;
  readonly heredoc?: Heredoc;
}

export interface SimpleCommand {
  readonly words: ShellWord[];
  readonly redirects: Redirect[];
}

/** Commands joined by `|`. */
export interface Pipeline {
  readonly commands: SimpleCommand[];
}

const BLANK = new Set([' ', '\t', '\r']);
const METACHARACTERS = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);
const REDIRECT = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;

interface WordBuilder {
  text: string;
  offsets: number[];
  expanded: boolean[];
  quoted: boolean;
}

/**
 * Lexes `source`; `offsetOf(i)` is the file offset of `source[i]` (identity for a whole file, a
 * word's offsets for the string of `sh -c '...'`).
 */
export function lexShell(source: string, offsetOf: (index: number) => number = (i) => i): Pipeline[] {
  return new Lexer(source, offsetOf).run();
}

class Lexer {
  private pos = 0;
  private readonly pipelines: Pipeline[] = [];
  private pipeline: SimpleCommand[] = [];
  private command: SimpleCommand = { words: [], redirects: [] };
  private pending: Heredoc[] = [];

  constructor(
    private readonly src: string,
    private readonly offsetOf: (index: number) => number,
  ) {}

  run(): Pipeline[] {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (BLANK.has(c)) {
        this.pos++;
        continue;
      }
      if (c === '\\' && src[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '\n') {
        this.pos++;
        this.endPipeline();
        this.readHeredocBodies();
        continue;
      }
      if (c === '#') {
        // A comment starts only where a word would.
        const end = src.indexOf('\n', this.pos);
        this.pos = end === -1 ? src.length : end;
        continue;
      }
      if (c === '|') {
        if (src[this.pos + 1] === '|') {
          this.pos += 2;
          this.endPipeline();
        } else {
          this.pos += src[this.pos + 1] === '&' ? 2 : 1;
          this.endCommand();
        }
        continue;
      }
      if (c === ';' || c === '(' || c === ')') {
        this.pos += c === ';' && src[this.pos + 1] === ';' ? 2 : 1;
        this.endPipeline();
        continue;
      }
      if (c === '&' && src[this.pos + 1] !== '>') {
        this.pos += src[this.pos + 1] === '&' ? 2 : 1;
        this.endPipeline();
        continue;
      }
      const redirect = REDIRECT.exec(src.slice(this.pos, this.pos + 8));
      if (redirect) {
        this.pos += redirect[0].length;
        this.readRedirect(redirect[2]!, redirect[1] === '' ? null : Number(redirect[1]));
        continue;
      }
      const word = this.readWord();
      if (word) this.command.words.push(word);
    }
    this.endPipeline();
    return this.pipelines;
  }

  private endCommand(): void {
    if (this.command.words.length > 0 || this.command.redirects.length > 0) this.pipeline.push(this.command);
    this.command = { words: [], redirects: [] };
  }

  private endPipeline(): void {
    this.endCommand();
    if (this.pipeline.length > 0) this.pipelines.push({ commands: this.pipeline });
    this.pipeline = [];
  }

  private skipBlanks(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (BLANK.has(c)) this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else break;
    }
  }

  private readRedirect(op: string, fd: number | null): void {
    this.skipBlanks();
    const before = this.pos;
    const target = this.readWord();
    if (op === '<<' || op === '<<-') {
      // Any quoting in the delimiter word makes the body literal (no expansions).
      const raw = this.src.slice(before, this.pos);
      const heredoc: Heredoc = { delimiter: target?.text ?? '', quoted: /['"\\]/.test(raw), stripTabs: op === '<<-', lines: [] };
      this.pending.push(heredoc);
      this.command.redirects.push({ op, fd, heredoc });
      return;
    }
    this.command.redirects.push({ op, fd, ...(target ? { target } : {}) });
  }

  /** Reads the bodies of the here-documents opened on the line that just ended. */
  private readHeredocBodies(): void {
    const src = this.src;
    for (const heredoc of this.pending) {
      while (this.pos < src.length) {
        let end = src.indexOf('\n', this.pos);
        if (end === -1) end = src.length;
        let start = this.pos;
        if (heredoc.stripTabs) while (start < end && src[start] === '\t') start++;
        let lineEnd = end;
        if (lineEnd > start && src[lineEnd - 1] === '\r') lineEnd--;
        const text = src.slice(start, lineEnd);
        this.pos = end + 1;
        if (text === heredoc.delimiter) break;
        const offsets: number[] = [];
        for (let i = start; i < lineEnd; i++) offsets.push(this.offsetOf(i));
        heredoc.lines.push({ text, offsets });
      }
    }
    this.pending = [];
  }

  private readWord(): ShellWord | undefined {
    const src = this.src;
    const start = this.pos;
    const word: WordBuilder = { text: '', offsets: [], expanded: [], quoted: false };
    const push = (ch: string, index: number, expanded: boolean) => {
      word.text += ch;
      word.offsets.push(this.offsetOf(index));
      word.expanded.push(expanded);
    };
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (METACHARACTERS.has(c)) break;
      if (c === '\\') {
        if (src[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        if (this.pos + 1 < src.length) push(src[this.pos + 1]!, this.pos + 1, false);
        word.quoted = true;
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        word.quoted = true;
        const end = src.indexOf("'", this.pos + 1);
        const stop = end === -1 ? src.length : end;
        for (let i = this.pos + 1; i < stop; i++) push(src[i]!, i, false);
        this.pos = stop + 1;
        continue;
      }
      if (c === '$' && src[this.pos + 1] === "'") {
        word.quoted = true;
        this.pos += 2;
        while (this.pos < src.length && src[this.pos] !== "'") {
          if (src[this.pos] === '\\' && this.pos + 1 < src.length) {
            const escaped = src[this.pos + 1]!;
            push(escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped, this.pos, false);
            this.pos += 2;
          } else {
            push(src[this.pos]!, this.pos, false);
            this.pos++;
          }
        }
        this.pos++;
        continue;
      }
      if (c === '"') {
        word.quoted = true;
        this.pos++;
        while (this.pos < src.length && src[this.pos] !== '"') {
          const d = src[this.pos]!;
          if (d === '\\' && '$`"\\\n'.includes(src[this.pos + 1] ?? '')) {
            if (src[this.pos + 1] !== '\n') push(src[this.pos + 1]!, this.pos + 1, false);
            this.pos += 2;
          } else if (d === '$' || d === '`') {
            this.readExpansion(push);
          } else {
            push(d, this.pos, false);
            this.pos++;
          }
        }
        this.pos++;
        continue;
      }
      if (c === '$' || c === '`') {
        this.readExpansion(push);
        continue;
      }
      push(c, this.pos, false);
      this.pos++;
    }
    if (this.pos === start) {
      // A metacharacter the caller did not consume: step over it.
      this.pos++;
      return undefined;
    }
    return { text: word.text, offsets: word.offsets, expanded: word.expanded, start: this.offsetOf(start), quoted: word.quoted };
  }

  /** `$NAME`, `${...}`, `$(...)`, `$((...))`, `` `...` ``: copied as written, marked as expansions. */
  private readExpansion(push: (ch: string, index: number, expanded: boolean) => void): void {
    const src = this.src;
    const start = this.pos;
    let end = start + 1;
    if (src[start] === '`') {
      while (end < src.length && src[end] !== '`') end += src[end] === '\\' ? 2 : 1;
      end++;
    } else if (src[start + 1] === '{') {
      end = matching(src, start + 1, '{', '}');
    } else if (src[start + 1] === '(') {
      end = matching(src, start + 1, '(', ')');
    } else if (NAME_START.test(src[start + 1] ?? '')) {
      end = start + 2;
      while (end < src.length && NAME_CHAR.test(src[end]!)) end++;
    } else if (SPECIAL_PARAMETER.test(src[start + 1] ?? '')) {
      end = start + 2;
    } else {
      // A lone "$" is just a dollar sign.
      push('$', start, false);
      this.pos = start + 1;
      return;
    }
    end = Math.min(end, src.length);
    for (let i = start; i < end; i++) push(src[i]!, i, true);
    this.pos = end;
  }
}

/** The index just after the bracket that closes the one at `open`, skipping quoted text. */
function matching(src: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      i = end === -1 ? src.length : end;
      continue;
    }
    if (c === left) depth++;
    else if (c === right && --depth === 0) return i + 1;
  }
  return src.length;
}

/** The word's text with every expansion, or undefined when it has none. */
export function hasExpansion(word: ShellWord, from = 0, to = word.text.length): boolean {
  for (let i = from; i < to; i++) if (word.expanded[i]) return true;
  return false;
}
