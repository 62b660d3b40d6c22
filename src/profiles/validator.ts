/**
 * The profile validator: the standalone code compiled at build time (build-validator.ts) when it
 * is there, else ajv compiling the schema now (a checkout that skipped the build step).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type AjvModule from 'ajv';
import { buildProfileSchema } from './schema.js';

export const AJV_OPTIONS = { allErrors: true, strict: true } as const;
export const VALIDATOR_FILE = new URL('./profile-validator.cjs', import.meta.url);

let validator: ValidateFunction | undefined;

function load(): ValidateFunction {
  const require = createRequire(import.meta.url);
  if (existsSync(fileURLToPath(VALIDATOR_FILE))) return require(fileURLToPath(VALIDATOR_FILE)) as ValidateFunction;
  // Required here, not imported at the top: ajv's compiler is ~60 CommonJS files that every
  // profile load would otherwise pay for although the standalone code needs none of them.
  const Ajv = (require('ajv') as typeof AjvModule).default;
  return new Ajv(AJV_OPTIONS).compile(buildProfileSchema());
}

/** Schema errors of a parsed profile; empty when it is valid. */
export function profileSchemaErrors(data: unknown): readonly ErrorObject[] {
  validator ??= load();
  return validator(data) ? [] : (validator.errors ?? []);
}
