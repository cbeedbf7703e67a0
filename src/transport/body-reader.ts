// Reads a request body up to a byte limit, and stops reading as soon as the limit is passed.
import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { readonly kind: "complete"; readonly body: Buffer }
  | { readonly kind: "too-large"; readonly received: number }
  | { readonly kind: "aborted" };

/**
 * Collects the body of `request` (Content-Length or chunked alike: Node has already decoded the
 * chunked framing). Once more than `maxBytes` arrived it resolves "too-large" at once, without
 * waiting for the end, and keeps nothing more in memory: the caller answers 413 and closes.
 */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("aborted", onAborted);
      request.off("error", onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        chunks.length = 0;
        // Drop the rest unread: nothing more is buffered while the 413 goes out.
        request.pause();
        finish({ kind: "too-large", received });
        return;
      }
      chunks.push(chunk);
    };
    // A small body usually arrives in one chunk: used as it is, not copied.
    const onEnd = (): void => finish({ kind: "complete", body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received) });
    const onAborted = (): void => finish({ kind: "aborted" });
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("aborted", onAborted);
    request.on("error", onAborted);
  });
}
