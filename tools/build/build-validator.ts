/**
 * Build step (npm run build): compiles the profile schema to standalone validation code with
 * ajv, so loading a profile does not compile a 47 KB schema on every run (~150 ms of start-up).
 * Output: dist/src/profiles/profile-validator.cjs, loaded by src/profiles/validator.ts, with the few functions
 * of ajv's runtime that the code require()s bundled in (esbuild): the installed package has no
 * dependencies to find them in. The files it bundled are listed beside it (profile-validator.inputs.json)
 * for the bundle's third-party licence notices (tools/build/bundle.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { build } from 'esbuild';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { buildProfileSchema } from '../../src/profiles/schema.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { AJV_OPTIONS, VALIDATOR_FILE, VALIDATOR_INPUTS_FILE } from '../../src/profiles/validator.js';

const Ajv = AjvModule.default;
const standaloneCode = standaloneModule.default;

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(buildProfileSchema()));
// In ASCII, so validator.ts may read it as Latin-1: the few other characters (in the schema's
// descriptions and patterns) sit in string and regular-expression literals, which esbuild's
// default charset writes as \uXXXX escapes.
const { metafile } = await build({
  stdin: { contents: code, resolveDir: PACKAGE_ROOT, sourcefile: 'profile-validator.cjs', loader: 'js' },
  outfile: fileURLToPath(VALIDATOR_FILE),
  absWorkingDir: PACKAGE_ROOT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // As compact as ajv wrote it: every profile load reads and compiles the file.
  minifyWhitespace: true,
  logLevel: 'warning',
  metafile: true,
});
writeFileSync(fileURLToPath(VALIDATOR_INPUTS_FILE), `${JSON.stringify(Object.keys(metafile.inputs).sort())}\n`);
