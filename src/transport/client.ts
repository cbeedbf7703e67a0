// Delivers IDMEFv2 messages to a receiver over HTTPS, one message per POST, from a durable spool:
// the send loop. Options are checked in client-config.ts; the POST itself is client-connection.ts.
import { IdmefError } from "../core/errors.js";
import { ValidationError, type Message } from "../core/message.js";
import { schemaProblems } from "../core/validator.js";
import { resolveClientConfig, type ClientConfig, type DeliveryClientOptions, type DeliveryStats } from "./client-config.js";
import { describeError, ReceiverConnection } from "./client-connection.js";
import { appendRejectsFile, type DeliveryRejection, type MessageOrigin } from "./delivery-rejects.js";
import { parseRetryAfter, retryDelay } from "./retry-policy.js";
import { Spool, type SpoolEntry } from "./spool.js";
import { SpoolAdmission } from "./spool-admission.js";
import { mayHideTlsAlert, tlsSetupFailure } from "./tls-failures.js";

export type { DeliveryRejection, MessageOrigin } from "./delivery-rejects.js";
export type { ClientTlsOptions, DeliveryClientOptions, DeliveryStats } from "./client-config.js";

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

/**
 * The delivery client. `send()` validates and appends a message to the spool; a pump keeps up to
 * `maxInFlight` POSTs going over a keep-alive pool. A 2xx marks the entry done; 408/425/429/5xx and
 * network errors pause the pump for the backoff (or Retry-After) and send the entry again; other 4xx
 * send it to the rejects. `close()` waits for the spool to drain (bounded), then fsyncs it.
 */
export class DeliveryClient {
  readonly url: URL;
  private readonly config: ClientConfig;
  private readonly spool: Spool;
  private readonly admission: SpoolAdmission;
  private readonly connection: ReceiverConnection;
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

  constructor(options: DeliveryClientOptions) {
    this.config = resolveClientConfig(options);
    this.url = this.config.url;
    this.spool = Spool.open(typeof options.spool === "string" ? { dir: options.spool } : options.spool);
    const spoolDir = this.spool.dir;
    this.onReject = options.onReject ?? ((rejection) => appendRejectsFile(spoolDir, rejection));
    this.onNotice = options.onNotice ?? (() => undefined);
    this.admission = new SpoolAdmission(this.spool, this.onNotice);
    this.connection = new ReceiverConnection(this.config);
    // Pending entries of an earlier run go out first.
    this.pump();
  }

  /**
   * Spools one message for delivery. Throws ValidationError (with every problem) when validation is
   * on and the message is invalid: nothing invalid is spooled. Resolves once the message is in the
   * spool, not when it is delivered. At the spool's cap it waits (back-pressure) until delivery has
   * made room; it fails only if delivery has stopped for good (see stats().halted).
   */
  async send(message: Message | Readonly<Record<string, unknown>>, origin?: MessageOrigin): Promise<void> {
    if (this.closing) throw new IdmefError("DELIVERY_FAILED", "send() after close(): the delivery client is closed");
    if (this.config.validate) {
      const problems = schemaProblems(message).filter((p) => p.severity === "error");
      if (problems.length > 0) throw new ValidationError(problems);
    }
    const body = JSON.stringify(message);
    const meta = origin === undefined ? "" : JSON.stringify({ file: origin.file, line: origin.line });
    if (this.halted !== undefined && this.admission.full) throw this.admission.refusal(this.halted);
    const waiting = this.admission.offer(body, meta);
    if (waiting === undefined) {
      this.pump();
      return;
    }
    if (this.halted !== undefined) this.admission.refuseAll(this.halted);
    await waiting;
    this.pump();
  }

  /**
   * Stops honouring the spool's cap from now on: sends waiting for room, and later ones, are spooled
   * at once. A daemon calls it when it stops, so that what it already took is kept, not dropped.
   */
  liftSpoolCap(): void {
    this.admission.lift();
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
      spoolBytes: spool.bytes,
      spoolMaxBytes: spool.maxBytes,
      spoolFull: this.admission.fullEpisodes,
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
    // Sends still waiting for room were accepted by the caller: they are spooled, not lost.
    this.admission.lift();
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<void>((resolve) => {
      if (this.isIdle() || (this.halted !== undefined && this.inFlight === 0)) resolve();
      else this.idleWaiters.push(resolve);
    });
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.config.drainTimeoutMs);
    });
    await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (this.resumeTimer !== undefined) clearTimeout(this.resumeTimer);
    this.closed = true;
    // Requests still out are abandoned; their entries stay un-acked in the spool.
    await this.connection.destroy();
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
    const limit = this.consecutiveFailures > 0 ? 1 : this.config.maxInFlight;
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
      const reply = await this.connection.post(entry.body);
      if (this.closed) return;
      status = reply.status;
      answer = reply.answer;
      if (reply.verdict === "delivered") {
        this.delivered(entry);
        return;
      }
      if (reply.verdict === "reject") {
        await this.reject(entry, status, answer, `receiver answered ${status}`);
        return;
      }
      if (reply.verdict === "halt") {
        this.retryQueue.unshift(entry);
        const told = answer !== null && typeof answer === "object" ? (answer as { error?: unknown }).error : answer;
        this.halt(
          `receiver answered ${status}${typeof told === "string" && told !== "" ? ` (${told.slice(0, 200)})` : ""}: ` +
            `${status === 401 || status === 403 || status === 407 ? "check the credentials and certificates" : "check the URL"}; ` +
            `delivery stopped, messages stay in the spool`,
        );
        return;
      }
      retryAfterMs = parseRetryAfter(reply.retryAfter);
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
    if (attempts >= this.config.policy.maxAttempts) {
      this.attempts.delete(entry.seq);
      await this.reject(entry, status, answer, `gave up after ${attempts} attempts: ${failure}`);
      return;
    }
    this.attempts.set(entry.seq, attempts);
    this.retried++;
    this.consecutiveFailures++;
    this.lastFailure = failure;
    const delay = retryDelay(this.consecutiveFailures, retryAfterMs, this.config.policy);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
    // One line per outage: the first failure says it, the requests in flight with it and the
    // probes after it do not; "resumed" closes it.
    if (!this.inOutage) {
      this.inOutage = true;
      this.onNotice(
        `delivery to ${this.url.origin} failed: ${failure}; retrying (every ${this.config.policy.maxDelayMs} ms at most) until it answers`,
      );
    }
    this.retryQueue.push(entry);
    this.retryQueue.sort((a, b) => a.seq - b.seq);
  }

  /** Whether a TLS alert explains a connection closed without an answer: asked once per outage. */
  private probeTls(): Promise<string | undefined> {
    return this.inOutage ? Promise.resolve(undefined) : this.connection.probeTls();
  }

  /** Stops delivery for good in this process; pending messages stay in the spool for a later run. */
  private halt(reason: string): void {
    if (this.halted !== undefined) return;
    this.halted = reason;
    this.lastFailure = reason;
    this.onNotice(reason);
    this.admission.refuseAll(reason);
  }

  private delivered(entry: SpoolEntry): void {
    this.spool.ack(entry.seq);
    this.admission.admit();
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
    this.admission.admit();
    this.attempts.delete(entry.seq);
    this.rejected++;
    // A refusal is an answer: the receiver is up, so stop backing off.
    this.consecutiveFailures = 0;
    this.endOutage();
  }
}
