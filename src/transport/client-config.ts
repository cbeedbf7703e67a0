// The delivery client's options, checked once and turned into what the connection and the send
// loop use: the URL, the limits, the retry policy, the headers and the TLS settings of the pool.
import type { Pool } from "undici";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { IdmefError } from "../core/errors.js";
import { basicAuthorizationHeader, type BasicCredentials } from "./basic-auth.js";
import type { DeliveryRejection } from "./delivery-rejects.js";
import { parseDeliveryUrl } from "./endpoint.js";
import { checkReceiverIdentity } from "./peer-identity.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
import type { SpoolOptions } from "./spool.js";
import { checkClientTlsMaterial } from "./tls-failures.js";
import { MIN_TLS_VERSION } from "./tls-files.js";

/** TLS material for the connection (PEM contents, not paths). */
export interface ClientTlsOptions {
  /** Client certificate and key, for mutual TLS (the draft's MUST, 4.5.3). */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** CA bundle that signs the receiver's certificate; the system store when absent. */
  readonly ca?: string | Buffer;
}

export interface DeliveryClientOptions {
  /** Where to POST: https://..., or http:// to a loopback address. */
  readonly url: string | URL;
  /** The spool directory, or its full options. */
  readonly spool: string | SpoolOptions;
  readonly basicAuth?: BasicCredentials;
  readonly tls?: ClientTlsOptions;
  /**
   * Requests in flight at most (and connections in the pool); default 64 (DEFAULT_MAX_IN_FLIGHT).
   * Each request waits for the receiver's fsync, and a group commit shares one fsync among the
   * requests that arrive during it: throughput is about this many messages per fsync.
   */
  readonly maxInFlight?: number;
  /** Timeout of each attempt (connect, answer, body) in ms; default 10000. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** How long close() waits for pending messages to be delivered, in ms; default 300000. */
  readonly drainTimeoutMs?: number;
  /** Validate each message against its Version before spooling it (default true). */
  readonly validate?: boolean;
  /**
   * Where refused messages go. The default appends them to `rejects.ndjson` in the spool directory.
   * The message counts as done once this returns, so it must write somewhere durable.
   */
  readonly onReject?: (rejection: DeliveryRejection) => void | Promise<void>;
  /** Notices for an operator: retries and their reasons. */
  readonly onNotice?: (text: string) => void;
}

export interface DeliveryStats {
  /** Messages spooled by this run. */
  readonly spooled: number;
  /** Messages found in the spool from an earlier run. */
  readonly recovered: number;
  /** Messages acknowledged with 2xx. */
  readonly sent: number;
  /** Attempts that failed and were retried (a message may count several times). */
  readonly retried: number;
  /** Messages refused by the receiver and written to the rejects. */
  readonly rejected: number;
  /** Messages still in the spool (delivered by a later run). */
  readonly pending: number;
  /** Spool lines that could not be read back. */
  readonly corrupt: number;
  /** The spool directory. */
  readonly spoolDir: string;
  /** Bytes the spool's segments hold now, and their cap (SpoolOptions.maxBytes). */
  readonly spoolBytes: number;
  readonly spoolMaxBytes: number;
  /** Times the spool reached its cap and sends waited for room (back-pressure). */
  readonly spoolFull: number;
  /** Why delivery stopped for good (the setup: certificates, credentials, URL), when it did. */
  readonly halted?: string;
}

/** The largest answer read from the receiver (a refusal's explanation); more is cut. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface ClientConfig {
  readonly url: URL;
  /** Path and query of each POST. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxInFlight: number;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly drainTimeoutMs: number;
  readonly validate: boolean;
  readonly poolOptions: Pool.Options;
  /** Where to open a bare TLS connection to read an alert the pool hid (https only). */
  readonly tlsProbeOptions: ConnectionOptions | undefined;
}

/**
 * The default of `maxInFlight`. Measured with bench/transport.bench.ts (decisions.md, issue 17): 64
 * requests in flight deliver more than 16 (the earlier default) and than 128 on the 2-core machine.
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/** Checks the options (a CONFIG_ERROR names what is wrong) and derives the client's settings. */
export function resolveClientConfig(options: DeliveryClientOptions): ClientConfig {
  const url = parseDeliveryUrl(options.url);
  const maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tls = options.tls ?? {};
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new IdmefError("CONFIG_ERROR", "mutual TLS needs both a client certificate and its key (--tls-cert and --tls-key)");
  }
  if (url.protocol === "http:" && (tls.cert !== undefined || tls.ca !== undefined)) {
    throw new IdmefError("CONFIG_ERROR", `TLS options were given but ${url.href} is plain http://: use https://`);
  }
  checkClientTlsMaterial(tls);
  const poolOptions: Pool.Options = {
    connections: maxInFlight,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: MAX_ANSWER_BYTES,
    connect: {
      timeout: timeoutMs,
      ...(url.protocol === "https:"
        ? {
            minVersion: MIN_TLS_VERSION,
            rejectUnauthorized: true,
            checkServerIdentity: checkReceiverIdentity,
            ...(tls.ca === undefined ? {} : { ca: tls.ca }),
            ...(tls.cert === undefined ? {} : { cert: tls.cert }),
            ...(tls.key === undefined ? {} : { key: tls.key }),
          }
        : {}),
    },
  };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const tlsProbeOptions =
    url.protocol === "https:"
      ? ({
          ...(poolOptions.connect as ConnectionOptions),
          host,
          port: Number(url.port || 443),
          servername: isIP(host) === 0 ? url.hostname : undefined,
        } as ConnectionOptions)
      : undefined;
  return {
    url,
    path: `${url.pathname}${url.search}`,
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(options.basicAuth === undefined ? {} : { authorization: basicAuthorizationHeader(options.basicAuth) }),
    },
    maxInFlight,
    timeoutMs,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    drainTimeoutMs: options.drainTimeoutMs ?? 300_000,
    validate: options.validate ?? true,
    poolOptions,
    tlsProbeOptions,
  };
}
