// The messages between the main thread of `convert --jobs N` and its worker threads. A batch is
// many whole records (never one message per record); its result holds, in record order, every
// sink call the records made, so the main thread replays them exactly as `--jobs 1` makes them.
import type { LoadedConfig } from "../../framework/config.js";
import type { Framed, FramingLimits } from "../../framework/framers/index.js";
import type { ConversionWarning, RejectedRecord } from "../../framework/sinks.js";
import type { IdmefVersion } from "../../core/versions.js";
import type { LastLine, MemorySeed, SegmentJournal } from "../../converters/syslog/split-segment.js";

/** What every worker is started with: it builds the same registry (built-ins, plugins, mappings). */
export interface WorkerSetup {
  readonly config: LoadedConfig;
  readonly version: IdmefVersion;
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/** The input a batch belongs to, as the worker needs it. */
export interface BatchInput {
  readonly name: string;
  readonly identity: string;
  /** The converter's format name: the worker's registry gives the same converter. */
  readonly format: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Cut on the main thread as lines; the worker parses each as JSON (json-lines). */
  readonly jsonLines: boolean;
  /** The run's framing limits: a worker framing a range of lines applies them as one thread does. */
  readonly limits: FramingLimits;
}

/**
 * Records cut on the main thread. The usual record (text only, no warnings) travels as its text
 * in `texts` with its line and end offset in `places`; anything else (skips, rejects, records with
 * warnings) as the framed object in `others`, at its index. Indexes count over both.
 */
export interface BatchRequest {
  readonly type: "batch";
  readonly seq: number;
  readonly input: BatchInput;
  readonly count: number;
  readonly texts: readonly string[];
  /** [line, endOffset] per entry of `texts` (a Float64Array: offsets pass 2^31 in big files). */
  readonly places: Float64Array;
  readonly textIndexes: Int32Array;
  readonly others: readonly (readonly [number, Framed])[];
  /** A split syslog input's rest, framed here: its records go on from this state (SplitRange.seed). */
  readonly seed?: SplitRange["seed"];
}

/**
 * Whole lines as bytes (a line format's input), framed on the worker: its ArrayBuffer is
 * transferred, so the main thread neither decodes nor copies them.
 */
export interface RangeRequest {
  readonly type: "range";
  readonly seq: number;
  readonly input: BatchInput;
  readonly bytes: Uint8Array;
  readonly startOffset: number;
  /** Lines before the range (its first line is startLine + 1). */
  readonly startLine: number;
  /** The input's last range: the framer's end runs after it (a last line without a newline). */
  readonly final: boolean;
  /** A range of a syslog input split across workers (src/converters/syslog/split-segment.ts). */
  readonly split?: SplitRange;
}

/** How a split range's state is rebuilt before it: from the lines before it, or the true state. */
export interface SplitRange {
  /** The last lines before the range (converted for their state only). */
  readonly leadIn?: { readonly bytes: Uint8Array; readonly startOffset: number; readonly startLine: number };
  /** A rerun: the true state at the range's start (the memory, and the line that set the last event). */
  readonly seed?: { readonly memory: MemorySeed; readonly last: LastLine | undefined };
}

export type ToWorker = BatchRequest | RangeRequest;

/** One sink call a record made. */
export const MESSAGE_EVENT = 0;
export const REJECT_EVENT = 1;
export const WARNING_EVENT = 2;
export type EventKind = typeof MESSAGE_EVENT | typeof REJECT_EVENT | typeof WARNING_EVENT;

export interface BatchBooks {
  readonly read: number;
  readonly converted: number;
  readonly messages: number;
  readonly warnings: number;
  /** In the order the reasons were first met in the batch (the books list them in that order). */
  readonly skipped: readonly (readonly [string, number])[];
  readonly rejected: readonly (readonly [string, number])[];
}

export interface BatchResult {
  readonly type: "result";
  readonly seq: number;
  readonly kinds: readonly EventKind[];
  /** A message's JSON (Message), a RejectedRecord (Reject), a ConversionWarning (Warning). */
  readonly values: readonly (string | RejectedRecord | ConversionWarning)[];
  /** The line of each message event (its origin), 0 for the others. */
  readonly lines: readonly number[];
  readonly books: BatchBooks;
  /** A split range: what its state reads gave, and its bytes back (for a rerun). */
  readonly journal?: SegmentJournal;
  readonly bytes?: Uint8Array;
}

/** A batch the worker could not run (its converter's setup failed, or a bug): the run stops. */
export interface BatchFailure {
  readonly type: "failed";
  readonly seq: number;
  readonly code: string | undefined;
  readonly message: string;
}

export interface WorkerReady {
  readonly type: "ready";
}

export interface WorkerSetupFailure {
  readonly type: "setup-failed";
  readonly code: string | undefined;
  readonly message: string;
}

export type FromWorker = BatchResult | BatchFailure | WorkerReady | WorkerSetupFailure;
