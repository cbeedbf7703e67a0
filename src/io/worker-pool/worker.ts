// A worker thread of `convert --jobs N`: builds the run's registry as the main thread did (the
// same config, so the same plugins from the same resolved paths), then converts batches of
// framed records, in the order they arrive, with one record runner for its whole life (a
// per-input converter's state carries from one batch of its input to the next).
import { parentPort, workerData } from "node:worker_threads";
import { builtinConverters } from "../../converters/index.js";
import { Accounting } from "../../framework/accounting.js";
import { buildRegistry } from "../../framework/config.js";
import { createFramer, jsonLineRecord, type Framed } from "../../framework/framers/index.js";
import { createRecordRunner, type RecordRunner } from "../../framework/pipeline.js";
import type { PreparedConverter } from "../../framework/setup.js";
import { activeSegment, endSegment, startSegment, type Segment, type SegmentJournal } from "../../converters/syslog/split-segment.js";
import type { ConversionWarning, RejectedRecord } from "../../framework/sinks.js";
import type { FormatRegistry } from "../../framework/registry.js";
import {
  MESSAGE_EVENT,
  REJECT_EVENT,
  WARNING_EVENT,
  type BatchBooks,
  type BatchInput,
  type BatchRequest,
  type BatchResult,
  type EventKind,
  type FromWorker,
  type RangeRequest,
  type SplitRange,
  type ToWorker,
  type WorkerSetup,
} from "./protocol.js";

const port = parentPort;
if (port === null) throw new Error("worker.ts runs as a worker thread of convert --jobs");
const setup = workerData as WorkerSetup;

// The sink calls of the batch being converted, in order.
let kinds: EventKind[] = [];
let values: (string | RejectedRecord | ConversionWarning)[] = [];
let lines: number[] = [];
const accounting = new Accounting();
const runner: RecordRunner = createRecordRunner({
  version: setup.version,
  ...(setup.defaults !== undefined ? { defaults: setup.defaults } : {}),
  accounting,
  sinks: {
    messages: {
      write(message, origin) {
        kinds.push(MESSAGE_EVENT);
        values.push(JSON.stringify(message));
        lines.push(origin.line);
      },
    },
    rejects: {
      write(reject) {
        kinds.push(REJECT_EVENT);
        values.push(reject);
        lines.push(0);
      },
    },
    warnings: {
      write(warning) {
        kinds.push(WARNING_EVENT);
        values.push(warning);
        lines.push(0);
      },
    },
  },
});

/** Prepared converters by format and options (as JSON): `setup` once per worker for each. */
const prepared = new Map<string, Promise<PreparedConverter>>();
let registry: FormatRegistry | undefined;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

function errorFields(error: unknown): { code: string | undefined; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return { code: typeof code === "string" ? code : undefined, message: error instanceof Error ? error.message : String(error) };
}

function preparedFor(batch: ToWorker): Promise<PreparedConverter> {
  const key = `${batch.input.format}\u0000${JSON.stringify(batch.input.options)}`;
  let ready = prepared.get(key);
  if (ready === undefined) {
    const converter = registry!.get(batch.input.format);
    prepared.set(key, (ready = runner.prepare(converter, batch.input.options)));
  }
  return ready;
}

/** The batch's records in order, rebuilt from their compact form. */
function framedRecords(batch: BatchRequest): Framed[] {
  const records: Framed[] = new Array<Framed>(batch.count);
  for (const [index, framed] of batch.others) records[index] = framed;
  const { texts, places, textIndexes, input } = batch;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const line = places[2 * i]!;
    const endOffset = places[2 * i + 1]!;
    records[textIndexes[i]!] = input.jsonLines
      ? jsonLineRecord(text, line, endOffset, undefined)
      : { kind: "record", value: text, text, line, endOffset };
  }
  if (input.jsonLines) {
    // A line with warnings (invalid UTF-8, NUL bytes before it) came whole: parse it here too.
    for (const [index, framed] of batch.others) {
      if (framed.kind === "record") records[index] = jsonLineRecord(framed.text, framed.line, framed.endOffset, framed.warnings);
    }
  }
  return records;
}

function takeBooks(): BatchBooks {
  const stats = accounting.stats;
  const books: BatchBooks = {
    read: stats.read,
    converted: stats.converted,
    messages: stats.messages,
    warnings: stats.warnings,
    skipped: Object.entries(stats.skipped),
    rejected: Object.entries(stats.rejected),
  };
  stats.read = stats.converted = stats.messages = stats.warnings = 0;
  stats.skipped = Object.create(null) as Record<string, number>;
  stats.rejected = Object.create(null) as Record<string, number>;
  return books;
}

/** A range's bytes are framed this much at a time: the records of one slice die young. */
const SLICE_BYTES = 64 * 1024;

/** Runs one framed record; `seen` is told of each record before it converts (split syslog). */
async function run(framed: Framed, input: BatchInput, converter: PreparedConverter, seen?: (framed: Framed) => void): Promise<void> {
  seen?.(framed);
  const pending = runner.handle(framed, input.name, input.identity, converter);
  if (pending !== undefined) await pending;
}

/** Frames whole lines as one thread would (from their offset and line) and runs each record. */
async function frameAndRun(
  place: { readonly bytes: Uint8Array; readonly startOffset: number; readonly startLine: number; readonly final?: boolean },
  input: BatchInput,
  converter: PreparedConverter,
  seen?: (framed: Framed) => void,
): Promise<void> {
  const framer = createFramer(registry!.get(input.format), input.limits, place.startOffset, place.startLine);
  const bytes = Buffer.from(place.bytes.buffer, place.bytes.byteOffset, place.bytes.byteLength);
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    for (const framed of framer.push(bytes.subarray(at, at + SLICE_BYTES))) await run(framed, input, converter, seen);
  }
  if (place.final !== true) return;
  for (const framed of framer.end()) await run(framed, input, converter, seen);
}

/** Forgets the sink calls and books so far (a lead-in's: it only rebuilds state). */
function discardResults(): void {
  kinds = [];
  values = [];
  lines = [];
  takeBooks();
}

/**
 * A range of a syslog input split across workers: its state rebuilt by a lead-in (or, for a
 * rerun, the true state the main thread sends), then converted journaling every state read and
 * write for the main thread's check (src/converters/syslog/split-segment.ts).
 */
async function runSplitRange(range: RangeRequest, split: SplitRange, converter: PreparedConverter): Promise<SegmentJournal> {
  startSegment(range.input.name);
  const segment = activeSegment()!;
  const seen = (framed: Framed): void => {
    if (framed.kind === "record") segment.current = framed;
  };
  segment.warmingUp = true;
  if (split.seed !== undefined) {
    await seedSegment(segment, split.seed, range.input, converter, seen);
  } else if (split.leadIn !== undefined) {
    await frameAndRun(split.leadIn, range.input, converter, seen);
  }
  discardResults();
  segment.warmingUp = false;
  segment.journaling = true;
  await frameAndRun(range, range.input, converter, seen);
  return endSegment()!;
}

/** Sets a segment's state to the true one: the line that set the last event converted again, then the memory. */
async function seedSegment(
  segment: Segment,
  seed: NonNullable<SplitRange["seed"]>,
  input: BatchInput,
  converter: PreparedConverter,
  seen: (framed: Framed) => void,
): Promise<void> {
  const last = seed.last;
  segment.warmingUp = true;
  if (last !== undefined)
    await run({ kind: "record", value: last.text, text: last.text, line: last.line, endOffset: last.endOffset }, input, converter, seen);
  segment.state.memory.restore(seed.memory);
  segment.warmingUp = false;
}

async function runBatch(batch: ToWorker): Promise<void> {
  let journal: SegmentJournal | undefined;
  try {
    const converter = await preparedFor(batch);
    if (batch.type === "range") {
      if (batch.split !== undefined) journal = await runSplitRange(batch, batch.split, converter);
      else await frameAndRun(batch, batch.input, converter);
    } else {
      let seen: ((framed: Framed) => void) | undefined;
      if (batch.seed !== undefined) {
        // The rest of a split input, in order on this worker: one segment from the true state on.
        startSegment(batch.input.name);
        const segment = activeSegment()!;
        seen = (framed) => {
          if (framed.kind === "record") segment.current = framed;
        };
        await seedSegment(segment, batch.seed, batch.input, converter, seen);
        discardResults();
      }
      for (const framed of framedRecords(batch)) await run(framed, batch.input, converter, seen);
    }
  } catch (error) {
    endSegment();
    discardResults();
    post({ type: "failed", seq: batch.seq, ...errorFields(error) });
    return;
  }
  const result: BatchResult = {
    type: "result",
    seq: batch.seq,
    kinds,
    values,
    lines,
    books: takeBooks(),
    // A split range's bytes go back with its journal: the main thread may have it converted again.
    ...(journal !== undefined && batch.type === "range" ? { journal, bytes: batch.bytes } : {}),
  };
  kinds = [];
  values = [];
  lines = [];
  port!.postMessage(result, result.bytes !== undefined ? [result.bytes.buffer as ArrayBuffer] : []);
}

// Batches are converted one after another, in the order they came, once the registry is built.
let queue: Promise<void> = buildRegistry(setup.config, builtinConverters).then(
  (built) => {
    registry = built;
    post({ type: "ready" });
  },
  (error: unknown) => post({ type: "setup-failed", ...errorFields(error) }),
);
port.on("message", (batch: ToWorker) => {
  queue = queue.then(() => runBatch(batch));
});
