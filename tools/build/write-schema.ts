/**
 * Writes schemas/profile.schema.json from the catalogue (npm run schemas). The committed file is
 * for editors and users; a test fails when it drifts from the catalogue.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFile } from '../../src/util/atomic-write.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { buildProfileSchema } from '../../src/profiles/schema.js';

export const PROFILE_SCHEMA_FILE = join(PACKAGE_ROOT, 'schemas', 'profile.schema.json');

export function profileSchemaText(): string {
  return `${JSON.stringify(buildProfileSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  atomicWriteFile(PROFILE_SCHEMA_FILE, profileSchemaText(), { backup: false });
  process.stdout.write(`wrote ${PROFILE_SCHEMA_FILE}\n`);
}
