/**
 * The profile validator: the standalone code compiled at build time (build-validator.ts) when it
 * is there, else ajv compiling the schema now (a checkout that skipped the build step).
 *
 * The standalone code is one 250 KB function that V8 compiled on every profile load: ~20 ms of
 * each `advise`, `generate` or `review --profile` start (bench/cold-start.ts). The build records
 * V8's code cache of it after validating every built-in profile (src/build/record-validator-cache.ts),
 * and it is loaded with that cache, as the bin loads the bundle. V8 compiles as usual when the
 * cache does not fit (another Node version, other V8 flags).
 */
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type AjvModule from 'ajv';
import { buildProfileSchema } from './schema.js';

export const AJV_OPTIONS = { allErrors: true, strict: true } as const;
export const VALIDATOR_FILE = new URL('./profile-validator.cjs', import.meta.url);
export const VALIDATOR_CACHE_FILE = new URL('./profile-validator.code-cache', import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * Runs the standalone validator file (CommonJS) as a script, with `cachedData` when given.
 * Read as Latin-1: build-validator.ts writes it in ASCII, so that is exact.
 */
export function compileStandalone(file: string, cachedData?: Buffer): { validate: ValidateFunction; script: Script } {
  const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as ValidateFunction };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { validate: module.exports, script };
}

function load(): ValidateFunction {
  const file = fileURLToPath(VALIDATOR_FILE);
  if (existsSync(file)) {
    const cache = fileURLToPath(VALIDATOR_CACHE_FILE);
    return compileStandalone(file, existsSync(cache) ? readFileSync(cache) : undefined).validate;
  }
  // Required here, not imported at the top: ajv's compiler is ~60 CommonJS files that every
  // profile load would otherwise pay for although the standalone code needs none of them.
  const Ajv = (createRequire(import.meta.url)('ajv') as typeof AjvModule).default;
  return new Ajv(AJV_OPTIONS).compile(buildProfileSchema());
}

/** Schema errors of a parsed profile; empty when it is valid. */
export function profileSchemaErrors(data: unknown): readonly ErrorObject[] {
  validator ??= load();
  return validator(data) ? [] : (validator.errors ?? []);
}
