// Validates a stream of JSON messages (NDJSON, or whole documents that may span lines) record by
// record, with bounded memory: what `idmefv2 validate` does, available to library users too.
import { boundedLines } from "./bounded-lines.js";
import { JsonRecordSplitter } from "./json-records.js";
import type { Problem } from "./problems.js";
import { forbiddenKeyProblems, parseJsonObject, SerializationError } from "./serialization.js";
import { isValid, messageProblems, type ValidateOptions } from "./validator.js";

/** The default cap on one line or one multi-line record: 16 MiB (attachments can be large). */
export const DEFAULT_MAX_VALIDATE_RECORD_BYTES = 16 * 1024 * 1024;

export interface ValidateStreamOptions extends ValidateOptions {
  /** Longest line or record accepted, in bytes; a longer one is reported as a "too-long" problem. */
  readonly maxRecordBytes?: number;
}

/** The outcome for one message of a stream. */
export interface RecordVerdict {
  /** 1-based line where the message starts (or where its syntax error is). */
  readonly line: number;
  /** 1-based column of a syntax error. */
  readonly column?: number;
  /** False when any problem is an error. */
  readonly valid: boolean;
  readonly problems: readonly Problem[];
}

function recordProblem(keyword: string, message: string): Problem {
  return { pointer: "", keyword, message, severity: "error" };
}

function verdictOf(line: number, text: string, options: ValidateOptions): RecordVerdict {
  let parsed;
  try {
    parsed = parseJsonObject(text, "message");
  } catch (error) {
    if (!(error instanceof SerializationError)) throw error;
    const place = error.place;
    if (place?.line === undefined) return { line, valid: false, problems: [recordProblem("syntax", error.message)] };
    // The parser counts lines within the record; report them within the input.
    const absolute = line + place.line - 1;
    const reason = error.message.replace(/^malformed JSON message at line \d+, column \d+: /, "");
    return {
      line: absolute,
      ...(place.column === undefined ? {} : { column: place.column }),
      valid: false,
      problems: [recordProblem("syntax", `malformed JSON: ${reason}`)],
    };
  }
  const problems = [...forbiddenKeyProblems(parsed.droppedKeys ?? []), ...messageProblems(parsed.fields, options)];
  return { line, valid: isValid(problems), problems };
}

/**
 * The verdict for every message in `stream`, in order. Each line (or multi-line document) is held
 * in memory only while it is checked, and never beyond `maxRecordBytes`.
 */
export async function* validateStream(
  stream: AsyncIterable<Buffer | string>,
  options: ValidateStreamOptions = {},
): AsyncGenerator<RecordVerdict> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_VALIDATE_RECORD_BYTES;
  const splitter = new JsonRecordSplitter(max);
  const tooLong = (line: number, size: number): RecordVerdict => ({
    line,
    valid: false,
    problems: [recordProblem("too-long", `record of ${size} bytes is longer than the limit of ${max} bytes; skipped`)],
  });
  for await (const line of boundedLines(stream, max)) {
    if (line.tooLongBytes !== undefined) {
      // The splitter never saw this line: any record it was building is broken too.
      for (const record of splitter.end()) yield verdictOf(record.line, record.text, options);
      yield tooLong(line.number, line.tooLongBytes);
      continue;
    }
    for (const record of splitter.push(line.number, line.text)) {
      yield record.tooLongChars === undefined ? verdictOf(record.line, record.text, options) : tooLong(record.line, record.tooLongChars);
    }
  }
  for (const record of splitter.end()) {
    yield record.tooLongChars === undefined ? verdictOf(record.line, record.text, options) : tooLong(record.line, record.tooLongChars);
  }
}
