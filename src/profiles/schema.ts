/**
 * The profile JSON Schema, generated from the parameter catalogue so a profile can name only
 * keys the catalogue knows, with values inside what the kernel accepts. The committed copy in
 * schemas/profile.schema.json is checked against this by a test (editors can use that file).
 */
import { SHORTEST_IDLE_TIMEOUT } from '../params/middleboxes.js';
import { CATALOGUE } from '../params/catalogue.js';
import { MIDDLEBOX_IDS } from '../params/middleboxes.js';
import { ASSUMED_HZ, integerBounds } from '../params/defaults.js';
import type { ParamSpec } from '../params/types.js';

type JsonSchema = Record<string, unknown>;

function valueSchema(spec: ParamSpec): JsonSchema {
  switch (spec.shape) {
    case 'integer': {
      // HZ is unknown for a profile's target hosts: the HZ=1000 bound holds on every kernel.
      const bounds = integerBounds(spec, { hz: ASSUMED_HZ });
      return { type: 'integer', ...(bounds ? { minimum: bounds.min, maximum: bounds.max } : {}) };
    }
    case 'port-range':
      return { type: 'string', pattern: '^[0-9]+[ \\t]+[0-9]+$', description: '"low high", e.g. "10240 65535"' };
    case 'port-list':
      return { type: 'string', pattern: '^$|^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$', description: '"8080,9000-9002"' };
  }
}

/**
 * Text a person writes (a summary, a why, a source): anything but blank. The profile is theirs;
 * a minimum length only made short, true answers fail.
 */
const TEXT = { type: 'string', pattern: '\\S' } as const;

function targetSchema(spec: ParamSpec): JsonSchema {
  return {
    type: 'object',
    description: spec.summary,
    required: ['value', 'why', 'source'],
    additionalProperties: false,
    properties: {
      value: valueSchema(spec),
      why: { ...TEXT, description: 'One line: why this value, with the numbers it means.' },
      source: {
        ...TEXT,
        description:
          'Where the fact comes from: a docs/kernel/ page anchor, kernel documentation or source at a release, a commit, an RFC.',
      },
      only: {
        enum: ['raise', 'lower'],
        description: 'Never move the current value the other way (TuneD\'s ">"/"<").',
      },
      pin: { type: 'boolean', description: 'Write the line even when it equals the kernel default (guards against other files).' },
      force: {
        type: 'string',
        minLength: 10,
        description: 'Emit a value the advisor refuses as harmful; the reason is written into the file with a warning.',
      },
    },
  };
}

export function buildProfileSchema(): JsonSchema {
  const targets: Record<string, JsonSchema> = {};
  for (const spec of CATALOGUE) if (!spec.readOnly) targets[spec.key] = targetSchema(spec);
  const thresholds = {
    type: 'object',
    propertyNames: { pattern: '^[A-Za-z_-]+$' },
    additionalProperties: { type: 'integer', minimum: 0 },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'profile.schema.json',
    title: 'sysctl-advisor profile',
    type: 'object',
    required: ['name', 'summary'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
      summary: { ...TEXT, description: 'One line: the workload the profile is for.' },
      extends: { type: 'string', minLength: 1, description: 'A built-in profile name or a path relative to this file.' },
      context: {
        type: 'object',
        additionalProperties: false,
        properties: {
          clientsBehindNat: { type: 'boolean' },
          natGateway: { type: 'boolean' },
          // The same floor as --idle-timeout (safety/keepalive.ts).
          idleTimeout: { type: ['integer', 'null'], minimum: SHORTEST_IDLE_TIMEOUT },
          // A preset name (params/middleboxes.ts) or seconds, as --lb and --nat take them.
          lb: { anyOf: [{ enum: [...MIDDLEBOX_IDS.lb, null] }, { type: 'integer', minimum: SHORTEST_IDLE_TIMEOUT }] },
          nat: { anyOf: [{ enum: [...MIDDLEBOX_IDS.nat, null] }, { type: 'integer', minimum: SHORTEST_IDLE_TIMEOUT }] },
        },
      },
      targets: { type: 'object', additionalProperties: false, properties: targets },
      rules: {
        type: 'object',
        description: 'Severity overrides per rule id.',
        propertyNames: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
        additionalProperties: { enum: ['off', 'info', 'warning', 'error'] },
      },
      monitor: {
        type: 'object',
        additionalProperties: false,
        description: 'Thresholds for `states --warn/--crit` monitoring, per TCP state.',
        properties: { warn: thresholds, crit: thresholds },
      },
    },
  };
}
