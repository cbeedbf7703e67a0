// Where records come from: a named stream of bytes. Files, stdin and strings here; follow mode and
// listeners build the same shape.
import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Converter } from "../core/converter.js";

/** A record's place for its derived message IDs (see recordIds): what holds it and its end offset there. */
export interface RecordPlace {
  readonly identity: string;
  readonly offset: number;
}

/** One input of a run. */
export interface PipelineInput {
  /** Shown in rejects and warnings as `file` (a path, "-" for stdin, or any label). */
  readonly name: string;
  /**
   * What identifies this input in derived message IDs (default: `name`). fileInput gives the
   * absolute path, so `a.log` and `./a.log` convert to the same IDs.
   */
  readonly identity?: string;
  readonly stream: AsyncIterable<Buffer | string>;
  /** Total bytes when known (for the progress bar's ETA). */
  readonly size?: number;
  /**
   * Byte offset in the underlying file where `stream` starts (follow mode resuming from a state
   * file): record offsets reported to `onCommit` count from there. Line numbers still start at 1.
   */
  readonly startOffset?: number;
  /**
   * Where the record ending at `endOffset` (as counted from `startOffset`) lies, for its derived
   * message IDs, when that is not `identity` and the offset as counted: follow mode, whose stream
   * runs on across rotations and starts anew on a resumed run, names the file and the offset in it.
   */
  readonly placeOf?: (endOffset: number) => RecordPlace;
  /** This input's converter when it differs from the run's (format detected per file). */
  readonly converter?: Converter;
  /** This input's converter options, when `converter` is given. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export const READ_CHUNK_BYTES = 64 * 1024;

export function fileInput(path: string, extra: Partial<Omit<PipelineInput, "name" | "stream">> = {}): PipelineInput {
  return {
    name: path,
    identity: resolve(path),
    stream: createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }),
    size: statSync(path).size,
    ...extra,
  };
}

export function stdinInput(extra: Partial<Omit<PipelineInput, "name" | "stream">> = {}): PipelineInput {
  return { name: "-", stream: process.stdin, ...extra };
}

/** An in-memory input, cut into chunks of `chunkSize` bytes to exercise the framers' joins. */
export function textInput(name: string, text: string | Buffer, chunkSize = READ_CHUNK_BYTES): PipelineInput {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return {
    name,
    size: bytes.length,
    stream: (async function* chunks() {
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    })(),
  };
}
