// The default home of messages a receiver refused: one JSON line each, with the receiver's answer.
// It also owns the shape of a refusal, so that the client depends on it and not the other way round.
import path from "node:path";
import { DurableAppendFile } from "../io/durable-file.js";

/** Where a message came from, kept in the spool so that a rejection can name it. */
export interface MessageOrigin {
  readonly file: string;
  readonly line: number;
}

/** A message the receiver refused for good (a 4xx other than 408/425/429). */
export interface DeliveryRejection {
  /** The message as spooled (JSON text). */
  readonly body: string;
  /** The input record it was converted from, when the caller said. */
  readonly origin?: MessageOrigin;
  /** The HTTP status, or 0 when the client gave up without an answer (maxAttempts). */
  readonly status: number;
  /** The receiver's answer (its body, parsed when JSON), for the rejects file. */
  readonly answer: unknown;
  readonly reason: string;
}

/** The file, inside the spool directory, where refused messages go unless the caller says otherwise. */
export const REJECTS_FILE = "rejects.ndjson";

/**
 * One rejection as a JSON line. The message is embedded as the exact text that was spooled (not
 * re-parsed), so the rejects file holds what was sent, byte for byte.
 */
export function formatRejection(rejection: DeliveryRejection, time: Date = new Date()): string {
  const head = JSON.stringify({
    time: time.toISOString(),
    reason: rejection.reason,
    status: rejection.status,
    answer: rejection.answer,
  });
  return `${head.slice(0, -1)},"message":${rejection.body}}\n`;
}

/**
 * Appends a rejection to `<dir>/rejects.ndjson` and fsyncs it: the message is acked right after, so
 * it must be wholly on disk (a full disk throws STORAGE_FULL and leaves no half line; the entry
 * then stays in the spool). Created owner-only, like the spool: refused alerts are as sensitive.
 */
export function appendRejectsFile(dir: string, rejection: DeliveryRejection): void {
  const file = DurableAppendFile.open(path.join(dir, REJECTS_FILE));
  try {
    file.append(formatRejection(rejection));
  } finally {
    file.close();
  }
}
