// The "document" framer without recordElements: the whole input is one record, up to a size limit.
import { DEFAULT_MAX_DOCUMENT_BYTES, EXCERPT_BYTES, formatBytes, type Framed, type Framer, type FramingLimits } from "./types.js";

export function createDocumentFramer(limits: FramingLimits = {}, startOffset = 0): Framer {
  const maxBytes = limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  let parts: Buffer[] = [];
  let size = 0;
  let excerpt: Buffer | undefined;
  return {
    push(chunk) {
      size += chunk.length;
      if (excerpt !== undefined) return [];
      if (size > maxBytes) {
        excerpt = Buffer.concat([...parts, chunk]).subarray(0, Math.min(EXCERPT_BYTES, size));
        parts = [];
        return [];
      }
      parts.push(Buffer.from(chunk));
      return [];
    },
    end() {
      const endOffset = startOffset + size;
      if (excerpt !== undefined) {
        return [
          {
            kind: "reject",
            code: "RECORD_TOO_LARGE",
            reason: `document is larger than the ${formatBytes(maxBytes)} limit (${size} bytes); raise maxDocumentBytes to accept it`,
            text: excerpt.toString("utf8"),
            line: 1,
            endOffset,
          },
        ];
      }
      let text = Buffer.concat(parts).toString("utf8");
      parts = [];
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === "") return [{ kind: "skip", reason: "empty document", line: 1, endOffset }];
      const out: Framed = { kind: "record", value: text, text, line: 1, endOffset };
      return [out];
    },
  };
}
