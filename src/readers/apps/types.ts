/**
 * What the application readers find: servers that keep client connections open between
 * requests (their keep-alive idle timeout), and pools that keep idle connections to upstream
 * servers for reuse (their idle time). Every value keeps the file and line it came from; a value
 * nobody wrote is the application's documented default, marked as such.
 */
export type AppName = 'nginx' | 'apache' | 'haproxy' | 'envoy';

export interface Where {
  readonly file: string;
  readonly line: number;
}

export interface AppSetting {
  /** Seconds; 0 means keep-alive is off (no idle connection is kept). */
  readonly seconds: number;
  /** The directive as written ("keepalive_timeout 5s"), or the default's wording. */
  readonly directive: string;
  /** Where it is written; absent for a default. */
  readonly at?: Where;
  /** The documented default, when no line sets it. */
  readonly isDefault: boolean;
}

/** Accepts connections and keeps them idle between requests for `keepAlive` seconds. */
export interface AppServer {
  readonly app: AppName;
  /** "nginx server on :8080 (/etc/nginx/nginx.conf:14)". */
  readonly name: string;
  /** Ports it listens on (empty when the config does not say). */
  readonly ports: readonly number[];
  readonly keepAlive: AppSetting;
  /** Where the server block (or section) starts. */
  readonly at: Where;
}

/** Keeps idle connections to upstream servers and reuses them. */
export interface AppPool {
  readonly app: AppName;
  /** "HAProxy backend app (/etc/haproxy/haproxy.cfg:20)". */
  readonly name: string;
  /** Upstream servers as written: host and port. */
  readonly targets: readonly { readonly host: string; readonly port: number; readonly at: Where }[];
  /** How long an idle pooled connection is kept at least. */
  readonly idle: AppSetting;
  /** What makes it pool (e.g. "http-reuse always", "keepalive 16"), with its line. */
  readonly reuse: AppSetting;
  readonly at: Where;
  /** A fact the message adds (e.g. HAProxy closes half of the idle connections per purge interval). */
  readonly note?: string;
}

/** SO_KEEPALIVE as an application sets it on its own sockets. */
export interface AppTcpKeepalive {
  readonly app: AppName;
  readonly side: 'client' | 'server';
  readonly directive: string;
  readonly at: Where;
}

export interface AppFacts {
  readonly servers: readonly AppServer[];
  readonly pools: readonly AppPool[];
  readonly tcpKeepalive: readonly AppTcpKeepalive[];
  /** Every file read (main configs and their includes), in reading order. */
  readonly files: readonly string[];
  /** Things the readers could not follow (an include outside the root, a YAML error), one line each. */
  readonly notes: readonly string[];
}
