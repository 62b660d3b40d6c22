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
const code = standaloneCode(ajv, ajv.compile(buildProfileSchema()));
// In ASCII, so validator.ts may read it as Latin-1: the few other characters (in the schema's
// descriptions and patterns) sit in string and regular-expression literals, where \uXXXX means
// the same character.
const ascii = code.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(fileURLToPath(VALIDATOR_FILE), ascii);
