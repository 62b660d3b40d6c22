/**
 * NixOS: `boot.kernel.sysctl = { "net.ipv4.tcp_keepalive_time" = 120; ... };` and
 * `boot.kernel.sysctl."net.core.somaxconn" = 1024;`. NixOS writes them to
 * /etc/sysctl.d/60-nixos.conf as `k=v` (true → 1, false → 0, null leaves the key out), and
 * systemd-sysctl applies that file (nixpkgs nixos/modules/config/sysctl.nix, https://github.com/NixOS/nixpkgs). `mkDefault`/`mkForce`/`mkOverride N` wrap a value; any
 * other expression is an unknown value.
 */
import { ExtractionBuilder } from './builder.js';
import type { Extraction } from './types.js';

const ATTRSET = /boot\.kernel\.sysctl\s*=\s*\{/g;
const ENTRY = /"([^"]+)"\s*=\s*([^;]+?)\s*;/g;
const SINGLE = /boot\.kernel\.sysctl\.(?:"([^"]+)"|([\w-]+(?:\.[\w-]+)*))\s*=\s*([^;]+?)\s*;/g;
const UNIT = 'system';

/** The value NixOS writes for a literal, null for `null`, undefined when it is an expression. */
function nixValue(expression: string): string | null | undefined {
  const t = expression
    .replace(/^\(\s*|\s*\)$/g, '')
    .replace(/^(?:lib\.)?(?:mkDefault|mkForce|mkOverride\s+\d+)\s+/, '')
    .replace(/^\(\s*|\s*\)$/g, '');
  if (/^-?\d+$/.test(t)) return t;
  const string = /^"((?:[^"\\$]|\\.)*)"$/.exec(t);
  if (string) return string[1]!;
  if (t === 'true') return '1';
  if (t === 'false') return '0';
  if (t === 'null') return null;
  return undefined;
}

export function readNixos(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the system');
  const add = (key: string, keyOffset: number, valueText: string, valueOffset: number) => {
    const value = nixValue(valueText);
    if (value === null) return; // null: the key is left out of 60-nixos.conf
    builder.add({
      key,
      keyPosition: builder.at(keyOffset),
      value,
      valueText,
      valuePosition: builder.at(valueOffset),
      ...(value === undefined ? { unknownValue: `${valueText} is a Nix expression, known only when the system is built` } : {}),
      via: { tool: 'nixos' },
      unit: UNIT,
    });
  };
  // Comments blanked out (same length, so offsets hold): a commented-out entry sets nothing.
  const code = text.replace(/(^|[ \t])#[^\n]*/gm, (comment) => ' '.repeat(comment.length));
  for (const set of code.matchAll(ATTRSET)) {
    const open = set.index + set[0].length - 1;
    const close = closingBrace(code, open);
    const body = code.slice(open + 1, close);
    for (const entry of body.matchAll(ENTRY)) {
      const entryStart = open + 1 + entry.index;
      add(entry[1]!, entryStart + 1, entry[2]!, entryStart + entry[0].lastIndexOf(entry[2]!, entry[0].length - 1));
    }
  }
  for (const single of code.matchAll(SINGLE)) {
    const key = single[1] ?? single[2]!;
    add(key, single.index + single[0].indexOf(key), single[3]!, single.index + single[0].lastIndexOf(single[3]!));
  }
  return builder.build('nixos', 'NixOS module');
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}
