/** The two 2 MiB contents crash-safety.test.ts writes in turn, shared by the test and its child. */
const SIZE = 2 << 20;

function build(name: 'A' | 'B'): string {
  const line = `${name} ${'0123456789abcdef'.repeat(4)}\n`;
  const head = `begin ${name}\n`;
  const tail = `end ${name}\n`;
  return head + line.repeat(Math.floor((SIZE - head.length - tail.length) / line.length)) + tail;
}

export const CONTENT = { A: build('A'), B: build('B') } as const;
