/** Reading values out of Facts: live beats configured beats the kernel default. */
import { defaultFor } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import { parseParamValue } from '../params/values.js';
import type { Facts } from '../facts/types.js';

export function normaliseValue(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

/** A configured value as the kernel would store it (trailing text dropped), or as written when unparseable. */
export function configuredValue(key: string, value: string): string {
  const spec = findParam(key);
  if (!spec) return normaliseValue(value);
  const parsed = parseParamValue(spec, value);
  return parsed.ok ? parsed.canonical : normaliseValue(value);
}

export function defaultValue(facts: Facts, key: string): string | undefined {
  const spec = findParam(key);
  return spec ? defaultFor(spec, facts.kernel, facts.host).value : undefined;
}

/** The value in force now: live, else what config sets, else the kernel default. */
export function valueInForce(facts: Facts, key: string): string | undefined {
  const state = facts.keys.get(key);
  if (state?.live !== undefined) return state.live;
  if (state?.configured) return configuredValue(key, state.configured.value);
  return defaultValue(facts, key);
}

/** The value that persists across a reboot: configured, else live (a runtime-only value is lost), else default. */
export function persistedValue(facts: Facts, key: string): string | undefined {
  const state = facts.keys.get(key);
  if (state?.configured) return configuredValue(key, state.configured.value);
  return defaultValue(facts, key) ?? state?.live;
}

export function firstNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim().split(/\s+/)[0]);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}
