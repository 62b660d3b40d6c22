/**
 * A command given in YAML, as compose's `command:` and cloud-init's `runcmd` items take it: a
 * string is shell source; a list is the exec form, one word per item, each already a whole word
 * (no expansion, no splitting). Positions stay those of the YAML text.
 */
import type { ExtractionBuilder } from './builder.js';
import { readCommandWords, readShellSource, type ShellOptions } from './shell.js';
import { contentOffset, isScalar, isSeq, scalarWithOffsets, type Node } from './yaml-source.js';

export function readYamlCommand(builder: ExtractionBuilder, command: unknown, options: ShellOptions): void {
  if (isScalar(command)) {
    const { value, offsets } = scalarWithOffsets(command, builder.text);
    readShellSource(builder, value, (i) => offsets[i] ?? contentOffset(command as Node, builder.text), options);
  } else if (isSeq(command)) {
    const words = command.items.filter(isScalar).map((item) => {
      const { value, offsets } = scalarWithOffsets(item, builder.text);
      return {
        text: value,
        offsets,
        expanded: Array.from({ length: value.length }, () => false),
        start: contentOffset(item as Node, builder.text),
        quoted: true,
      };
    });
    readCommandWords(builder, words, options);
  }
}
