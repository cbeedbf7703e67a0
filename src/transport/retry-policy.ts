// When to retry a delivery and how long to wait: exponential backoff with jitter, and Retry-After.

export interface RetryPolicy {
  /** Delay after the first failure; doubles with each consecutive failure. */
  readonly baseDelayMs: number;
  /** Ceiling of the backoff delay. */
  readonly maxDelayMs: number;
  /** Ceiling applied to a server's Retry-After, so a bogus value cannot stall delivery for days. */
  readonly maxRetryAfterMs: number;
  /** Attempts per message before it is rejected; Infinity retries until the client is closed. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 250,
  // A probe every 2 s at most during an outage (one request, not one per message): delivery
  // resumes within ~2 s of the receiver coming back, and the receiver sees no storm.
  maxDelayMs: 2_000,
  maxRetryAfterMs: 300_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** What a response (or its absence) means for the message that was sent. */
export type DeliveryVerdict = "delivered" | "retry" | "reject" | "halt";

/**
 * Statuses that describe the endpoint or our configuration, not the message: wrong credentials
 * (401, 403, 407), wrong URL (404, 405), or a receiver that does not speak JSON (406, 415). Every
 * message would get the same answer, so rejecting them one by one would empty the whole stream into
 * the rejects; delivery stops instead and the messages wait in the spool until the setup is fixed.
 */
const ENDPOINT_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 405, 406, 407, 415]);

/**
 * 2xx acknowledges the message (draft 4.3: the status code is the acknowledgement). 408, 425, 429
 * and 5xx are the server's trouble, not the message's: retry. The endpoint statuses above halt
 * delivery. Every other status (other 4xx, and 1xx/3xx, which this client does not follow) says
 * this message will never be accepted: reject it.
 */
export function verdictForStatus(status: number): DeliveryVerdict {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  if (ENDPOINT_STATUSES.has(status)) return "halt";
  return "reject";
}

/**
 * Backoff before the next attempt after `failures` consecutive failures (1 = the first). "Equal
 * jitter": half the exponential delay fixed, half random, so that many clients restarted together
 * spread out yet no retry comes immediately.
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses a Retry-After header (RFC 9110 10.2.3): delay-seconds or an HTTP-date. Returns the wait in
 * milliseconds, or undefined when absent or unparsable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value) as string | undefined;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP-date: IMF-fixdate (and the two obsolete forms), all of which Date.parse understands.
  if (!/^[A-Za-z]{3,9}, /.test(trimmed) && !/^[A-Za-z]{3} [A-Za-z]{3} /.test(trimmed)) return undefined;
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, when - nowMs);
}

/**
 * The wait before the next attempt: the server's Retry-After when it sent one (capped, and never
 * below half the base delay so that "Retry-After: 0" cannot make a busy loop), else the backoff.
 */
export function retryDelay(
  failures: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs === undefined) return backoffDelay(failures, policy, random);
  return Math.max(Math.min(retryAfterMs, policy.maxRetryAfterMs), policy.baseDelayMs / 2);
}
