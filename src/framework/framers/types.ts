// What a framer hands to the pipeline: a record to convert, a line to skip, or input to reject.

/** Why the framing stage rejects input; the pipeline counts rejections under these codes. */
export type FramingRejectCode = "MALFORMED_RECORD" | "RECORD_TOO_LARGE" | "UNEXPECTED_ELEMENT" | "TRUNCATED_RECORD";

interface FramedBase {
  /** 1-based line where the record starts. */
  readonly line: number;
  /**
   * Byte offset just after this record in its input (counted from the stream's first byte plus
   * the input's `startOffset`), so a follow source can resume after it. Exact for lines and
   * JSON lines and XML elements (invalid UTF-8 included); for a whole document, the end of input.
   */
  readonly endOffset: number;
}

export interface FramedRecord extends FramedBase {
  readonly kind: "record";
  /** What `convert` receives: a string, or the parsed JSON value for json-lines. */
  readonly value: unknown;
  /** The record as text, for the rejects file. */
  readonly text: string;
  /** Things noticed while framing (invalid UTF-8 bytes, dropped prototype keys). */
  readonly warnings?: readonly string[];
}

export interface FramedSkip extends FramedBase {
  readonly kind: "skip";
  readonly reason: string;
}

export interface FramedReject extends FramedBase {
  readonly kind: "reject";
  readonly code: FramingRejectCode;
  readonly reason: string;
  /** The record's text, or its beginning when it was too large to keep. */
  readonly text: string;
}

export type Framed = FramedRecord | FramedSkip | FramedReject;

/**
 * Cuts a byte stream into records. Push-based and synchronous so that the pipeline pays no
 * promise per record; memory held between pushes is bounded by the record size limit.
 */
export interface Framer {
  push(chunk: Buffer): Framed[];
  /** End of input: the last record without a newline, or a truncated element. */
  end(): Framed[];
}

export interface FramingLimits {
  /** Longest line or XML element accepted, in bytes (default 1 MiB). */
  readonly maxRecordBytes?: number;
  /** Largest whole document accepted for input "document" without recordElements (default 64 MiB). */
  readonly maxDocumentBytes?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** How much of an over-long record is kept for the rejects file. */
export const EXCERPT_BYTES = 1024;

/** A readable size for messages: "1 MiB", "512 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
