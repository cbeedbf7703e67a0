// The default home of messages a receiver refused: one JSON line each, with the receiver's answer.
import fs from "node:fs";
import path from "node:path";
import type { DeliveryRejection } from "./client.js";

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

/** Appends a rejection to `<dir>/rejects.ndjson` and fsyncs it: the message is acked right after. */
export function appendRejectsFile(dir: string, rejection: DeliveryRejection): void {
  // Owner-only, like the spool it sits in: refused alerts are as sensitive as delivered ones.
  const fd = fs.openSync(path.join(dir, REJECTS_FILE), "a", 0o600);
  try {
    fs.writeSync(fd, formatRejection(rejection));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
