/**
 * Build step, run by bundle.ts in a child process without NODE_OPTIONS (V8 takes a code cache
 * only under the flags it was made with): loads the standalone profile validator, validates every
 * built-in profile with it, so that V8 compiles what a profile load runs, and writes V8's code
 * cache of it next to each copy of the validator (dist/src/profiles for the tests, dist/bundle for
 * the bin). src/profiles/validator.ts loads the validator with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BUILTIN_PROFILE_DIR, builtinProfileNames } from '../profiles/builtin.js';
import { compileStandalone, VALIDATOR_CACHE_FILE, VALIDATOR_FILE } from '../profiles/validator.js';

const [bundleDir] = process.argv.slice(2);
if (!bundleDir) throw new Error('usage: record-validator-cache.js BUNDLE_DIR');

const { validate, script } = compileStandalone(fileURLToPath(VALIDATOR_FILE));
for (const name of builtinProfileNames()) {
  const data: unknown = parse(readFileSync(join(BUILTIN_PROFILE_DIR, `${name}.yaml`), 'utf8'));
  if (!validate(data)) throw new Error(`built-in profile ${name} fails its schema: ${JSON.stringify(validate.errors)}`);
}
const cache = script.createCachedData();
writeFileSync(fileURLToPath(VALIDATOR_CACHE_FILE), cache);
writeFileSync(join(bundleDir, 'profile-validator.code-cache'), cache);
