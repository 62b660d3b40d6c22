/**
 * The profile validator: the standalone code compiled at build time (build-validator.ts) when it
 * is there, else ajv compiling the schema now (a checkout that skipped the build step).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { buildProfileSchema } from './schema.js';

export const AJV_OPTIONS = { allErrors: true, strict: true } as const;
export const VALIDATOR_FILE = new URL('./profile-validator.cjs', import.meta.url);

let validator: ValidateFunction | undefined;

function load(): ValidateFunction {
  if (existsSync(fileURLToPath(VALIDATOR_FILE))) return createRequire(import.meta.url)(fileURLToPath(VALIDATOR_FILE)) as ValidateFunction;
  return new AjvModule.default(AJV_OPTIONS).compile(buildProfileSchema());
}

/** Schema errors of a parsed profile; empty when it is valid. */
export function profileSchemaErrors(data: unknown): readonly ErrorObject[] {
  validator ??= load();
  return validator(data) ? [] : (validator.errors ?? []);
}
