/**
 * Build step (npm run build): compiles the profile schema to standalone validation code with
 * ajv, so loading a profile does not compile a 47 KB schema on every run (~150 ms of start-up).
 * Output: dist/src/profiles/profile-validator.cjs, loaded by validator.ts.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { buildProfileSchema } from './schema.js';
import { AJV_OPTIONS, VALIDATOR_FILE } from './validator.js';

const Ajv = AjvModule.default;
const standaloneCode = standaloneModule.default;

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
writeFileSync(fileURLToPath(VALIDATOR_FILE), standaloneCode(ajv, ajv.compile(buildProfileSchema())));
