import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay, verdictForStatus } from "../../src/transport/retry-policy.js";

test("2xx is delivered; 408, 425, 429 and 5xx retried; endpoint errors halt; other statuses reject the message", () => {
  for (const status of [200, 201, 202, 204]) assert.equal(verdictForStatus(status), "delivered", String(status));
  for (const status of [408, 425, 429, 500, 502, 503, 504]) assert.equal(verdictForStatus(status), "retry", String(status));
  for (const status of [401, 403, 404, 405, 406, 407, 415]) assert.equal(verdictForStatus(status), "halt", String(status));
  for (const status of [301, 400, 409, 410, 413, 422]) assert.equal(verdictForStatus(status), "reject", String(status));
});

test("Retry-After in delay-seconds", () => {
  assert.equal(parseRetryAfter("3"), 3000);
  assert.equal(parseRetryAfter(" 0 "), 0);
  assert.equal(parseRetryAfter(["7", "9"]), 7000);
});

test("Retry-After as an HTTP-date (IMF-fixdate and the obsolete forms), relative to now", () => {
  const now = Date.parse("2026-01-15T12:00:00Z");
  assert.equal(parseRetryAfter("Thu, 15 Jan 2026 12:00:05 GMT", now), 5000);
  assert.equal(parseRetryAfter("Thursday, 15-Jan-26 12:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Thu Jan 15 12:01:00 2026", now) !== undefined, true);
  // A date in the past means "retry now".
  assert.equal(parseRetryAfter("Wed, 14 Jan 2026 12:00:00 GMT", now), 0);
});

test("an absent or malformed Retry-After is ignored", () => {
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter(""), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
  assert.equal(parseRetryAfter("-5"), undefined);
  assert.equal(parseRetryAfter("1.5"), undefined);
});

test("backoff doubles per consecutive failure, with jitter between half and all of it, up to the cap", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelay(1, policy, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(1, policy, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, policy, () => 1),
    400,
  );
  assert.equal(
    backoffDelay(3, policy, () => 0),
    200,
  );
  assert.equal(
    backoffDelay(50, policy, () => 1),
    1000,
  );
  const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
  assert.ok(seen.size > 1, "jitter spreads the delays");
  for (const delay of seen) assert.ok(delay >= 400 && delay <= 800, `delay ${delay} within [400, 800]`);
});

test("Retry-After wins over the backoff, capped, and never makes a busy loop", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxRetryAfterMs: 60_000 };
  assert.equal(retryDelay(1, 5000, policy), 5000);
  assert.equal(retryDelay(1, 3_600_000, policy), 60_000);
  assert.equal(retryDelay(1, 0, policy), 50);
});
