// The delivery client's connection to the receiver: a keep-alive undici pool, one POST per message,
// and what the answer says (the verdict, a refusal's explanation, Retry-After).
import type { Dispatcher, Pool } from "undici";
import type { ClientConfig } from "./client-config.js";
import { verdictForStatus, type DeliveryVerdict } from "./retry-policy.js";
import { probeForTlsAlert, tlsSetupFailure } from "./tls-failures.js";

/** The receiver's answer to one POST. */
export interface ReceiverAnswer {
  readonly status: number;
  readonly verdict: DeliveryVerdict;
  /** The body: parsed JSON when it says it is JSON, else the text; null for a 2xx (not read). */
  readonly answer: unknown;
  readonly retryAfter: string | string[] | undefined;
}

/** One line for an operator from a network error: its errno code, message and cause. */
export function describeError(error: unknown): string {
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

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class ReceiverConnection {
  /** undici is loaded on first use: importing it costs ~0.5 s of start-up on a busy machine. */
  private readonly pool: Promise<Pool>;
  /** The pool once loaded: a request then does not wait a turn of the microtask queue for it. */
  private loadedPool: Pool | undefined;
  private tlsProbe: Promise<string | undefined> | undefined;

  constructor(private readonly config: ClientConfig) {
    this.pool = import("undici").then(({ Pool: PoolClass }) => (this.loadedPool = new PoolClass(config.url.origin, config.poolOptions)));
  }

  /** POSTs one message; rejects with the network error when there is no answer. */
  async post(body: string): Promise<ReceiverAnswer> {
    const pool = this.loadedPool ?? (await this.pool);
    const response: Dispatcher.ResponseData = await pool.request({
      path: this.config.path,
      method: "POST",
      headers: this.config.headers,
      body,
    });
    const status = response.statusCode;
    const verdict = verdictForStatus(status);
    // The body must be consumed for the connection to be reused; only a refusal's is worth reading.
    if (verdict === "delivered") {
      await response.body.dump();
      return { status, verdict, answer: null, retryAfter: undefined };
    }
    const text = await response.body.text();
    const answer = parseAnswer(text, headerText(response.headers["content-type"]));
    return { status, verdict, answer, retryAfter: response.headers["retry-after"] };
  }

  /**
   * After a connection closed without an answer over https, finds out (shared by every request that
   * failed with it, for a second) whether the receiver sent a TLS alert refusing our client
   * certificate; the explanation when it did.
   */
  probeTls(): Promise<string | undefined> {
    const options = this.config.tlsProbeOptions;
    if (options === undefined) return Promise.resolve(undefined);
    this.tlsProbe ??= probeForTlsAlert(options, Math.min(1500, this.config.timeoutMs))
      .then((alert) => (alert === undefined ? undefined : tlsSetupFailure(alert, this.config.url.origin)))
      .finally(() => setTimeout(() => (this.tlsProbe = undefined), 1000).unref());
    return this.tlsProbe;
  }

  /** Closes every connection; requests still out fail. */
  async destroy(): Promise<void> {
    await this.pool.then((pool) => pool.destroy()).catch(() => undefined);
  }
}
