/**
 * Code-unit order for sorting names (rule ids, sysctl keys, file names shown in reports). Not
 * localeCompare: the first localeCompare in a process sets up an ICU collator, about 7 ms, a
 * tenth of `node -e 0` (bench/cold-start.ts), and its order would change with the locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
