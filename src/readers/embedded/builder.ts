/**
 * Collects what a reader finds in one file, and turns sysctl-file content embedded in it (a
 * here-document body, `write_files` content, a TuneD-free INI value) into assignments anchored
 * in the original file, through the same lossless parser that reads sysctl.conf.
 */
import { parseConfigText } from '../../config/parse.js';
import { describeInvalid } from '../../config/describe.js';
import { LineIndex } from './line-index.js';
import type {
  AppliedVia,
  EmbeddedAssignment,
  EmbeddedFormat,
  EmbeddedInvalidLine,
  EmbeddedUnit,
  Extraction,
  FileOperation,
  NotChecked,
  Position,
} from './types.js';

/** A line of embedded content and the file offset of each of its characters. */
export interface ContentLine {
  readonly text: string;
  readonly offsets: readonly number[];
}

/** `$X`, `${X}`, `$(..)`, backticks, not escaped: what an unquoted here-document expands. */
const SHELL_EXPANSION = /(?<!\\)(?:\$[A-Za-z_{(0-9@*#?!-]|`)/;

export class ExtractionBuilder {
  readonly index: LineIndex;
  private readonly units = new Map<string, EmbeddedUnit>();
  readonly assignments: EmbeddedAssignment[] = [];
  readonly invalidLines: EmbeddedInvalidLine[] = [];
  readonly operations: FileOperation[] = [];
  readonly notChecked: NotChecked[] = [];

  constructor(readonly text: string) {
    this.index = new LineIndex(text);
  }

  at(offset: number): Position {
    return this.index.at(offset);
  }

  unit(id: string, label: string): string {
    if (!this.units.has(id)) this.units.set(id, { id, label });
    return id;
  }

  add(assignment: EmbeddedAssignment): void {
    this.assignments.push(assignment);
  }

  skip(position: Position, reason: string, origin?: string): void {
    this.notChecked.push(origin === undefined ? { position, reason } : { position, reason, origin });
  }

  /**
   * Lines of sysctl-file content (what procps will read), parsed like a sysctl.conf file.
   * `expands`: an unquoted here-document, where `$X` in a value is not known until the script runs.
   */
  addSysctlContent(lines: readonly ContentLine[], via: AppliedVia, unit: string, expands = false): void {
    const parsed = parseConfigText(lines.map((l) => l.text).join('\n'), '');
    const offsetAt = (lineIndex: number, column: number): number => {
      const line = lines[lineIndex]!;
      return line.offsets[column - 1] ?? (line.offsets.length > 0 ? line.offsets[line.offsets.length - 1]! + 1 : 0);
    };
    for (const line of parsed.lines) {
      const i = line.line - 1;
      if (i >= lines.length) continue;
      if (line.kind === 'assignment') {
        const keyPosition = this.at(offsetAt(i, line.keyColumn));
        const valuePosition = this.at(offsetAt(i, line.valueColumn));
        if (expands && SHELL_EXPANSION.test(line.key)) {
          this.skip(keyPosition, `the key ${line.key} is a shell expansion, known only when the script runs`);
          continue;
        }
        const unknown = expands && SHELL_EXPANSION.test(line.value);
        this.add({
          key: line.key,
          keyPosition,
          value: unknown ? undefined : line.value,
          valueText: line.value,
          valuePosition,
          ...(unknown
            ? {
                unknownValue: `the value ${line.value} is expanded by the shell (an unquoted here-document), known only when the script runs`,
              }
            : {}),
          via,
          unit,
        });
      } else if (line.kind === 'invalid') {
        this.invalidLines.push({ line: this.at(offsetAt(i, line.column)).line, text: line.text, reason: describeInvalid(line), unit });
      }
    }
  }

  build(format: EmbeddedFormat, label: string): Extraction {
    return {
      format,
      label,
      units: [...this.units.values()],
      assignments: this.assignments,
      invalidLines: this.invalidLines,
      operations: this.operations,
      notChecked: this.notChecked,
    };
  }
}
