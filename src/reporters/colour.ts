/** ANSI colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export interface Paint {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly green: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const plain = (s: string) => s;
const PLAIN: Paint = { red: plain, yellow: plain, cyan: plain, green: plain, bold: plain, dim: plain };
const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const ANSI: Paint = {
  red: code(31, 39),
  yellow: code(33, 39),
  cyan: code(36, 39),
  green: code(32, 39),
  bold: code(1, 22),
  dim: code(2, 22),
};

export function paintFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Paint {
  return isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '') ? ANSI : PLAIN;
}
