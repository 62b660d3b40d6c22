/** Time values as each application writes them, in seconds (fractions kept). */

const UNIT_SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/**
 * nginx: "75", "75s", "1m30s", "500ms"; a bare number is seconds (ngx_parse_time). Units ms s m h d w M y.
 * https://nginx.org/en/docs/syntax.html
 */
export function nginxSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]!]!, 0);
}

/** HAProxy: a bare number is milliseconds; units us ms s m h d (doc/configuration.txt, "Time format"). */
export function haproxySeconds(text: string): number | undefined {
  const match = /^(\d+)(us|ms|s|m|h|d)?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? UNIT_SECONDS[match[2]]! : 1e-3);
}

/** Apache httpd KeepAliveTimeout: seconds, or milliseconds with "ms" (2.4). */
export function apacheSeconds(text: string): number | undefined {
  const match = /^(\d+)(ms)?$/i.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? 1e-3 : 1);
}

/** Envoy (protobuf JSON Duration): "3600s", "0.5s", or { seconds, nanos }. */
export function envoySeconds(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return match ? Number(match[1]) : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const s = Number(seconds ?? 0);
    const n = Number(nanos ?? 0);
    return Number.isFinite(s) && Number.isFinite(n) ? s + n / 1e9 : undefined;
  }
  return undefined;
}

/** "75 s", "0.5 s", "1 h" for messages. */
export function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(3))} s`;
}
