/** Prints readHostSnapshot(ROOT) as JSON (bigints as strings): `node print-snapshot.js ROOT`, for tests that read inside a namespace. */
import { readHostSnapshot } from '../../src/readers/host.js';

process.stdout.write(
  `${JSON.stringify(readHostSnapshot(process.argv[2] ?? '/'), (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}\n`,
);
