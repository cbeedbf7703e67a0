// Delivers IDMEFv2 messages to a receiver over HTTPS, one message per POST, from a durable spool.
import type { Dispatcher, Pool } from "undici";
import { IdmefError } from "../core/errors.js";
import { ValidationError, type Message } from "../core/message.js";
import { schemaProblems } from "../core/validator.js";
import { basicAuthorizationHeader, type BasicCredentials } from "./basic-auth.js";
import { parseDeliveryUrl } from "./endpoint.js";
import { checkReceiverIdentity } from "./peer-identity.js";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay, verdictForStatus, type RetryPolicy } from "./retry-policy.js";
import { Spool, type SpoolEntry, type SpoolOptions } from "./spool.js";
import { MIN_TLS_VERSION } from "./tls-files.js";
import { checkClientTlsMaterial, mayHideTlsAlert, probeForTlsAlert, tlsSetupFailure } from "./tls-failures.js";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { appendRejectsFile, type DeliveryRejection, type MessageOrigin } from "./delivery-rejects.js";

export type { DeliveryRejection, MessageOrigin } from "./delivery-rejects.js";

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
  /** Requests in flight at most (and connections in the pool); default 16. */
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
  /** Why delivery stopped for good (the setup: certificates, credentials, URL), when it did. */
  readonly halted?: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : "";
    return code !== undefined ? `${code} (${error.message}${causeText})` : `${error.message}${causeText}`;
  }
  return String(error);
}

function parseAnswer(text: string, contentType: string | undefined): unknown {
  if (text === "") return null;
  if (contentType !== undefined && /\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function parseOrigin(meta: string): MessageOrigin | undefined {
  if (meta === "") return undefined;
  try {
    const value = JSON.parse(meta) as { file?: unknown; line?: unknown };
    if (typeof value.file === "string" && typeof value.line === "number") return { file: value.file, line: value.line };
  } catch {
    // Metadata is only for the rejects report; a damaged one does not stop delivery.
  }
  return undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The delivery client. `send()` validates and appends a message to the spool; a pump keeps up to
 * `maxInFlight` POSTs going over a keep-alive pool. A 2xx marks the entry done; 408/425/429/5xx and
 * network errors pause the pump for the backoff (or Retry-After) and send the entry again; other 4xx
 * send it to the rejects. `close()` waits for the spool to drain (bounded), then fsyncs it.
 */
export class DeliveryClient {
  readonly url: URL;
  private readonly spool: Spool;
  /** undici is loaded on first use: importing it costs ~0.5 s of start-up on a busy machine. */
  private readonly pool: Promise<Pool>;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly drainTimeoutMs: number;
  private readonly validate: boolean;
  private readonly onReject: (rejection: DeliveryRejection) => void | Promise<void>;
  private readonly onNotice: (text: string) => void;
  /** Entries whose last attempt failed, sent again before anything new (oldest first). */
  private readonly retryQueue: SpoolEntry[] = [];
  private readonly attempts = new Map<number, number>();
  private inFlight = 0;
  private consecutiveFailures = 0;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private closed = false;
  /** Why delivery stopped for good (the receiver refused our credentials or URL), if it did. */
  private halted: string | undefined;
  private idleWaiters: (() => void)[] = [];
  private sent = 0;
  private retried = 0;
  private rejected = 0;
  private lastFailure = "";
  private inOutage = false;
  private tlsProbe: Promise<string | undefined> | undefined;
  private readonly tlsProbeOptions: ConnectionOptions | undefined;

  constructor(options: DeliveryClientOptions) {
    this.url = parseDeliveryUrl(options.url);
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 16));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.drainTimeoutMs = options.drainTimeoutMs ?? 300_000;
    this.validate = options.validate ?? true;
    const tls = options.tls ?? {};
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      throw new IdmefError("CONFIG_ERROR", "mutual TLS needs both a client certificate and its key (--tls-cert and --tls-key)");
    }
    if (this.url.protocol === "http:" && (tls.cert !== undefined || tls.ca !== undefined)) {
      throw new IdmefError("CONFIG_ERROR", `TLS options were given but ${this.url.href} is plain http://: use https://`);
    }
    checkClientTlsMaterial(tls);
    this.spool = Spool.open(typeof options.spool === "string" ? { dir: options.spool } : options.spool);
    const spoolDir = this.spool.dir;
    this.onReject = options.onReject ?? ((rejection) => appendRejectsFile(spoolDir, rejection));
    this.onNotice = options.onNotice ?? (() => undefined);
    this.path = `${this.url.pathname}${this.url.search}`;
    this.headers = {
      "content-type": "application/json",
      accept: "application/json",
      ...(options.basicAuth === undefined ? {} : { authorization: basicAuthorizationHeader(options.basicAuth) }),
    };
    const poolOptions: Pool.Options = {
      connections: this.maxInFlight,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      maxResponseSize: MAX_ANSWER_BYTES,
      connect: {
        timeout: this.timeoutMs,
        ...(this.url.protocol === "https:"
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
    if (this.url.protocol === "https:") {
      this.tlsProbeOptions = {
        ...(poolOptions.connect as ConnectionOptions),
        host: this.url.hostname.replace(/^\[|\]$/g, ""),
        port: Number(this.url.port || 443),
        servername: isIP(this.url.hostname.replace(/^\[|\]$/g, "")) === 0 ? this.url.hostname : undefined,
      } as ConnectionOptions;
    }
    this.pool = import("undici").then(({ Pool: PoolClass }) => new PoolClass(this.url.origin, poolOptions));
    // Pending entries of an earlier run go out first.
    this.pump();
  }

  /**
   * Spools one message for delivery. Throws ValidationError (with every problem) when validation is
   * on and the message is invalid: nothing invalid is spooled. Resolves once the message is in the
   * spool, not when it is delivered.
   */
  async send(message: Message | Readonly<Record<string, unknown>>, origin?: MessageOrigin): Promise<void> {
    if (this.closing) throw new IdmefError("DELIVERY_FAILED", "send() after close(): the delivery client is closed");
    if (this.validate) {
      const problems = schemaProblems(message).filter((p) => p.severity === "error");
      if (problems.length > 0) throw new ValidationError(problems);
    }
    this.spool.append(JSON.stringify(message), origin === undefined ? "" : JSON.stringify({ file: origin.file, line: origin.line }));
    this.pump();
  }

  /** Forces the spool to stable storage (fsync): what was spooled so far survives a power loss. */
  async flush(): Promise<void> {
    if (!this.closed) this.spool.sync();
  }

  /** Counts so far; the books balance: recovered + spooled = sent + rejected + pending. */
  stats(): DeliveryStats {
    const spool = this.spool.stats();
    return {
      spooled: spool.appended,
      recovered: spool.recovered,
      sent: this.sent,
      retried: this.retried,
      rejected: this.rejected,
      pending: spool.pending,
      corrupt: spool.corrupt,
      spoolDir: this.spool.dir,
      ...(this.halted === undefined ? {} : { halted: this.halted }),
    };
  }

  /**
   * Waits until every spooled message is delivered or rejected, or until the drain timeout; then
   * stops, fsyncs and closes the spool. What is left stays in the spool for the next run.
   */
  async close(): Promise<DeliveryStats> {
    if (this.closed) return this.stats();
    this.closing = true;
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<void>((resolve) => {
      if (this.isIdle() || (this.halted !== undefined && this.inFlight === 0)) resolve();
      else this.idleWaiters.push(resolve);
    });
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.drainTimeoutMs);
    });
    await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (this.resumeTimer !== undefined) clearTimeout(this.resumeTimer);
    this.closed = true;
    // Requests still out are abandoned; their entries stay un-acked in the spool.
    await this.pool.then((pool) => pool.destroy()).catch(() => undefined);
    const stats = this.stats();
    this.spool.close();
    if (stats.pending > 0 && this.lastFailure !== "") {
      this.onNotice(`delivery stopped with ${stats.pending} message(s) pending; last failure: ${this.lastFailure}`);
    }
    return stats;
  }

  private isIdle(): boolean {
    return this.spool.pending === 0 && this.inFlight === 0;
  }

  private pump(): void {
    if (this.closed || this.halted !== undefined) return;
    const now = Date.now();
    if (now < this.pausedUntil) {
      if (this.resumeTimer === undefined) {
        this.resumeTimer = setTimeout(() => {
          this.resumeTimer = undefined;
          this.pump();
        }, this.pausedUntil - now);
      }
      return;
    }
    // After a failure, probe with one request before opening every slot again.
    const limit = this.consecutiveFailures > 0 ? 1 : this.maxInFlight;
    while (this.inFlight < limit) {
      const entry = this.retryQueue.shift() ?? this.spool.take();
      if (entry === undefined) break;
      this.inFlight++;
      void this.attempt(entry).then(
        () => this.settle(),
        (error: unknown) => {
          // Only the reject handler can throw here; keep the entry pending and stop hard.
          this.retryQueue.unshift(entry);
          this.halt(`rejects could not be written: ${describeError(error)}`);
          this.settle();
        },
      );
    }
  }

  private settle(): void {
    this.inFlight--;
    if (this.isIdle() || (this.halted !== undefined && this.inFlight === 0)) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.pump();
  }

  private async attempt(entry: SpoolEntry): Promise<void> {
    let status = 0;
    let answer: unknown = null;
    let retryAfterMs: number | undefined;
    let failure: string;
    try {
      const pool = await this.pool;
      const response: Dispatcher.ResponseData = await pool.request({
        path: this.path,
        method: "POST",
        headers: this.headers,
        body: entry.body,
      });
      status = response.statusCode;
      const verdict = verdictForStatus(status);
      // The body must be consumed for the connection to be reused; only a refusal's is worth reading.
      const text = verdict === "delivered" ? await response.body.dump().then(() => "") : await response.body.text();
      if (this.closed) return;
      if (verdict === "delivered") {
        this.delivered(entry);
        return;
      }
      answer = parseAnswer(text, headerText(response.headers["content-type"]));
      if (verdict === "reject") {
        await this.reject(entry, status, answer, `receiver answered ${status}`);
        return;
      }
      if (verdict === "halt") {
        this.retryQueue.unshift(entry);
        const told = answer !== null && typeof answer === "object" ? (answer as { error?: unknown }).error : answer;
        this.halt(
          `receiver answered ${status}${typeof told === "string" && told !== "" ? ` (${told.slice(0, 200)})` : ""}: ` +
            `${status === 401 || status === 403 || status === 407 ? "check the credentials and certificates" : "check the URL"}; ` +
            `delivery stopped, messages stay in the spool`,
        );
        return;
      }
      retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
      failure = `receiver answered ${status}${retryAfterMs === undefined ? "" : ` (Retry-After ${retryAfterMs} ms)`}`;
    } catch (error) {
      if (this.closed) return;
      const setup = tlsSetupFailure(error, this.url.origin) ?? (mayHideTlsAlert(error) ? await this.probeTls() : undefined);
      if (setup !== undefined) {
        this.retryQueue.unshift(entry);
        this.halt(setup);
        return;
      }
      failure = describeError(error);
    }
    const attempts = (this.attempts.get(entry.seq) ?? 0) + 1;
    if (attempts >= this.policy.maxAttempts) {
      this.attempts.delete(entry.seq);
      await this.reject(entry, status, answer, `gave up after ${attempts} attempts: ${failure}`);
      return;
    }
    this.attempts.set(entry.seq, attempts);
    this.retried++;
    this.consecutiveFailures++;
    this.lastFailure = failure;
    const delay = retryDelay(this.consecutiveFailures, retryAfterMs, this.policy);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
    // One line per outage: the first failure says it, the requests in flight with it and the
    // probes after it do not; "resumed" closes it.
    if (!this.inOutage) {
      this.inOutage = true;
      this.onNotice(`delivery to ${this.url.origin} failed: ${failure}; retrying (every ${this.policy.maxDelayMs} ms at most) until it answers`);
    }
    this.retryQueue.push(entry);
    this.retryQueue.sort((a, b) => a.seq - b.seq);
  }

  /**
   * After a connection closed without an answer over https, finds out (once per outage, shared by
   * every request that failed with it) whether the receiver sent a TLS alert refusing our client
   * certificate; the explanation when it did.
   */
  private probeTls(): Promise<string | undefined> {
    if (this.url.protocol !== "https:" || this.tlsProbeOptions === undefined) return Promise.resolve(undefined);
    if (this.inOutage) return Promise.resolve(undefined);
    this.tlsProbe ??= probeForTlsAlert(this.tlsProbeOptions, Math.min(1500, this.timeoutMs))
      .then((alert) => (alert === undefined ? undefined : tlsSetupFailure(alert, this.url.origin)))
      .finally(() => setTimeout(() => (this.tlsProbe = undefined), 1000).unref());
    return this.tlsProbe;
  }

  /** Stops delivery for good in this process; pending messages stay in the spool for a later run. */
  private halt(reason: string): void {
    if (this.halted !== undefined) return;
    this.halted = reason;
    this.lastFailure = reason;
    this.onNotice(reason);
  }

  private delivered(entry: SpoolEntry): void {
    this.spool.ack(entry.seq);
    this.attempts.delete(entry.seq);
    this.sent++;
    this.consecutiveFailures = 0;
    this.endOutage();
  }

  private endOutage(): void {
    if (!this.inOutage) return;
    this.inOutage = false;
    this.onNotice(`delivery to ${this.url.origin} resumed`);
  }

  private async reject(entry: SpoolEntry, status: number, answer: unknown, reason: string): Promise<void> {
    const origin = parseOrigin(entry.meta);
    await this.onReject({ body: entry.body, status, answer, reason, ...(origin === undefined ? {} : { origin }) });
    this.spool.ack(entry.seq);
    this.attempts.delete(entry.seq);
    this.rejected++;
    // A refusal is an answer: the receiver is up, so stop backing off.
    this.consecutiveFailures = 0;
    this.endOutage();
  }
}
