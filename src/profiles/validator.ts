/**
 * The profile validator: the standalone code compiled at build time (tools/build/build-validator.ts) when it
 * is there, else ajv compiling the schema now (a checkout that skipped the build step).
 *
 * The standalone code is one 250 KB function, run as a classic script (Latin-1, see
 * compileStandalone). It needs nothing from node_modules: tools/build/build-validator.ts bundles the piece
 * of ajv's runtime it calls, so the installed package has no dependencies.
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
/** The files tools/build/build-validator.ts bundled into it (a build artefact, for licence notices). */
export const VALIDATOR_INPUTS_FILE = new URL('./profile-validator.inputs.json', import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * Runs the standalone validator file (CommonJS) as a script. Read as Latin-1: tools/build/build-validator.ts
 * writes it in ASCII, so that is exact.
 */
export function compileStandalone(file: string): ValidateFunction {
  const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file });
  const module = { exports: {} as ValidateFunction };
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: object,
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

function load(): ValidateFunction {
  const file = fileURLToPath(VALIDATOR_FILE);
  if (existsSync(file)) return compileStandalone(file);
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
