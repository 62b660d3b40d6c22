/**
 * The JSON schemas' ids and the outputs' `$schema` name files that ship in the package: a
 * relative `$id` (the file's own name) resolves against wherever the schema is read from, where
 * an https URL would have to be a page that exists and stays.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { buildProfileSchema } from '../../src/profiles/schema.js';
import { STATES_SCHEMA_ID } from '../../src/reporters/states-json.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const SCHEMAS = join(REPO_ROOT, 'schemas');
const shipped = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;

test('every schema in schemas/ (shipped in the package) has its own file name as $id', () => {
  assert.ok(shipped.includes('schemas'));
  const names = readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'));
  assert.ok(names.length >= 4, names.join());
  for (const name of names) assert.equal((JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as { $id: string }).$id, name);
  assert.equal(buildProfileSchema().$id, 'profile.schema.json');
});

test("states --format json names its schema by that schema's $id, which Ajv finds among the shipped schemas", () => {
  const result = runCli(['states', '--root', join(REPO_ROOT, 'test', 'fixtures', 'roots', 'port-exhaustion', 'root'), '--format', 'json']);
  assert.equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout) as { $schema: string };
  assert.equal(output.$schema, STATES_SCHEMA_ID);
  const ajv = new Ajv2020Module.default({ strict: true });
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, output.$schema), 'utf8')) as object);
  const validate = ajv.getSchema(output.$schema);
  assert.ok(validate, `no schema with $id ${output.$schema}`);
  assert.equal(validate(output), true, JSON.stringify(validate.errors));
});
