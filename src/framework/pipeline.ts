// The conversion pipeline: source -> framer -> converter -> finisher -> validator -> sink, with
// every record accounted for as converted, skipped or rejected.
import type { Converter, ConvertContext, ConvertResult, MessageObject, RecordSource } from "../core/converter.js";
import { ConversionError, IdmefError, isIdmefError } from "../core/errors.js";
import { recordIds, uuidV5 } from "../core/ids.js";
import { Message } from "../core/message.js";
import { normalizeTimestamp, nowTimestamp, type NormalizeTimestampOptions } from "../core/timestamps.js";
import { messageProblems, type Problem } from "../core/validator.js";
import { DEFAULT_VERSION, type IdmefVersion } from "../core/versions.js";
import { Accounting, type RunStats } from "./accounting.js";
import { prepareConverter, type PreparedConverter } from "./setup.js";
import { finishMessage, translateFinished } from "./finisher.js";
import { createFramer, type Framed, type FramedRecord, type FramingLimits } from "./framers/index.js";
import type { ConversionWarning, MessageSink, RejectedRecord, RejectSink, WarningSink } from "./sinks.js";
import type { PipelineInput, RecordPlace } from "./sources.js";

export interface PipelineSinks {
  readonly messages: MessageSink;
  /** Rejected records; without one they are only counted (the CLI always gives one). */
  readonly rejects?: RejectSink;
  readonly warnings?: WarningSink;
}

/** A position that is safe to resume from: everything before `offset` in `input` is written. */
export interface Commit {
  readonly input: string;
  readonly offset: number;
}

export interface Progress {
  readonly input: string;
  /** Bytes read so far, over all inputs. */
  readonly bytes: number;
  readonly records: number;
}

export interface PipelineOptions {
  /** The converter for every input that does not name its own. */
  readonly converter: Converter;
  readonly inputs: Iterable<PipelineInput> | AsyncIterable<PipelineInput>;
  /**
   * Target IDMEFv2 version: converters produce 2.D.V08, the finisher translates to this one
   * (docs/mapping-drafts.md) and messages are validated against it.
   */
  readonly version?: IdmefVersion;
  /** Fields filled in wherever a message lacks them (the config's `defaults`). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** The converter's options (`options.<format>` of the config). */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Where message and item IDs come from. Default: derived per record (version 8 UUIDs from a SHA-256 of the converter,
   * the input's identity, the record's end offset and its bytes), so re-converting the same input
   * gives the same IDs. Give `newId` (e.g. a counter in tests, or `newId` from idmefv2 for random
   * v4 IDs) to draw every ID of the run from it instead.
   */
  readonly newId?: () => string;
  readonly now?: () => string;
  readonly sinks: PipelineSinks;
  readonly limits?: FramingLimits;
  /**
   * Called after the sinks have flushed, with the offset up to which every record of an input is
   * written or rejected: follow mode stores it as the position to resume from. Given this hook,
   * the pipeline flushes after each chunk read; without it, only at the end.
   */
  readonly onCommit?: (commit: Commit) => void | Promise<void>;
  /** Called after each chunk read (the progress bar). */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops reading at the next chunk; what was read is finished and flushed. */
  readonly signal?: AbortSignal;
  /**
   * The books to keep (default: new ones). Give them to read the counts while the run goes (a
   * long-running worker's stats on a signal, its metrics).
   */
  readonly accounting?: Accounting;
  /**
   * Read every input at once instead of one after another (follow mode over several files: none
   * of them ends). Their chunks are still handled one at a time, each flushed and committed before
   * the next, so at any commit every input's records in the sinks are exactly those before its own
   * last committed offset: one saved state can cover them all. New inputs may keep arriving.
   */
  readonly inputsAtOnce?: {
    /** Called once when an input fails, to end the others (their streams end on the caller's signal). */
    readonly stop: () => void;
  };
}

export interface PipelineReport {
  readonly stats: RunStats;
  /** read = converted + skipped + rejected (always true unless there is a bug). */
  readonly balanced: boolean;
}

type Outcome =
  | { readonly kind: "converted"; readonly messages: readonly Message[] }
  | { readonly kind: "skipped"; readonly reason: string }
  | {
      readonly kind: "rejected";
      readonly code: string;
      readonly reason: string;
      readonly problems: readonly Problem[];
    };

const NOT_RELEVANT = "not relevant";

/** Runs a whole conversion and resolves with the books once every sink is flushed and closed. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineReport> {
  const run = new PipelineRun(options);
  try {
    if (options.inputsAtOnce !== undefined) await readAtOnce(run, options.inputs, options.inputsAtOnce.stop);
    else {
      for await (const input of options.inputs) {
        if (options.signal?.aborted) break;
        await run.readInput(input);
      }
    }
  } finally {
    await closeSinks(options.sinks);
  }
  return { stats: run.accounting.stats, balanced: run.accounting.balances() };
}

/** Starts a reader per input as inputs arrive; the first failure stops the others and is thrown. */
async function readAtOnce(
  run: PipelineRun,
  inputs: Iterable<PipelineInput> | AsyncIterable<PipelineInput>,
  stop: () => void,
): Promise<void> {
  const readers: Promise<void>[] = [];
  let failure: { readonly error: unknown } | undefined;
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = { error };
    stop();
  };
  try {
    for await (const input of inputs) {
      if (failure !== undefined) break;
      readers.push(run.readInput(input).catch(fail));
    }
  } catch (error) {
    fail(error);
  }
  await Promise.all(readers);
  if (failure !== undefined) throw failure.error;
}

/** What `createRecordRunner` needs: the run's settings and sinks, without inputs. */
export type RecordRunnerOptions = Pick<PipelineOptions, "version" | "defaults" | "newId" | "now" | "sinks" | "accounting">;

/**
 * Records already framed, through convert, finish and validate, into the sinks, with the books:
 * the per-record half of runPipeline. A worker thread of `convert --jobs N` runs one (the framing
 * stays on the main thread, which writes the results in input order).
 */
export interface RecordRunner {
  readonly accounting: Accounting;
  /** The converter set up for these options (once per converter and options object). */
  prepare(converter: Converter, options: Readonly<Record<string, unknown>>): Promise<PreparedConverter>;
  /** Converts one framed record of `file` (its identity names it in derived IDs). */
  handle(framed: Framed, file: string, identity: string, prepared: PreparedConverter): void | Promise<void>;
}

export function createRecordRunner(options: RecordRunnerOptions): RecordRunner {
  return new PipelineRun(options);
}

async function closeSinks(sinks: PipelineSinks): Promise<void> {
  await sinks.messages.close?.();
  await sinks.rejects?.close?.();
}

class PipelineRun implements RecordRunner {
  readonly accounting: Accounting;
  readonly version: IdmefVersion;
  /** The run-wide ID source, when the caller gave one; otherwise IDs are derived per record. */
  readonly newId: (() => string) | undefined;
  readonly now: () => string;
  /** Prepared converters by converter and options object: `setup` runs once per run for each. */
  private readonly prepared = new Map<Converter, Map<object, PreparedConverter>>();
  /** The validator's options, made once: validation runs once per message. */
  private readonly validateOptions: { readonly version: IdmefVersion };
  private bytes = 0;
  /** With inputs read at once: the end of the chunk being handled, which the next waits for. */
  private chunkTurn: Promise<void> = Promise.resolve();

  constructor(private readonly options: RecordRunnerOptions & Partial<Omit<PipelineOptions, keyof RecordRunnerOptions>>) {
    this.accounting = options.accounting ?? new Accounting();
    this.version = options.version ?? DEFAULT_VERSION;
    this.newId = options.newId;
    this.now = options.now ?? (() => nowTimestamp());
    this.validateOptions = { version: this.version };
  }

  async readInput(input: PipelineInput): Promise<void> {
    const converter = input.converter ?? this.options.converter;
    if (converter === undefined) throw new TypeError(`runPipeline: no converter for input ${input.name}`);
    const converterOptions = (input.converter !== undefined ? input.options : this.options.options) ?? {};
    const prepared = await this.prepare(converter, converterOptions);
    const identity = input.identity ?? input.name;
    const { placeOf } = input;
    const framer = createFramer(converter, this.options.limits, input.startOffset ?? 0);
    const { onProgress, signal } = this.options;
    this.accounting.stats.files++;
    const place = { committed: input.startOffset ?? 0, lastEnd: input.startOffset ?? 0 };
    for await (const chunk of inputChunks(input)) {
      await this.inTurn(async () => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        this.bytes += bytes.length;
        this.accounting.stats.bytes += bytes.length;
        for (const framed of framer.push(bytes)) {
          // Synchronous unless a converter or sink returns a promise: no microtask per record.
          const pending =
            placeOf === undefined
              ? this.handle(framed, input.name, identity, prepared)
              : this.handlePlaced(framed, input.name, placeOf, prepared);
          if (pending !== undefined) await pending;
          place.lastEnd = framed.endOffset;
        }
        onProgress?.({ input: input.name, bytes: this.bytes, records: this.accounting.stats.read });
        await this.commitUpTo(input.name, place);
      });
      if (signal?.aborted) break;
    }
    await this.inTurn(async () => {
      for (const framed of framer.end()) {
        const pending =
          placeOf === undefined
            ? this.handle(framed, input.name, identity, prepared)
            : this.handlePlaced(framed, input.name, placeOf, prepared);
        if (pending !== undefined) await pending;
        place.lastEnd = Math.max(place.lastEnd, framed.endOffset);
      }
      await this.commitUpTo(input.name, place);
    });
  }

  /** With onCommit: flushes the sinks and commits the input up to its last record's end. */
  private async commitUpTo(input: string, place: { committed: number; lastEnd: number }): Promise<void> {
    const { onCommit } = this.options;
    if (onCommit === undefined || place.lastEnd <= place.committed) return;
    await this.flush();
    await onCommit({ input, offset: place.lastEnd });
    place.committed = place.lastEnd;
  }

  /**
   * Runs `step` (one chunk: its records handled, flushed, committed). With inputs read at once,
   * after the step of any other input has finished, so that no commit sees half a chunk written.
   */
  private async inTurn(step: () => Promise<void>): Promise<void> {
    if (this.options.inputsAtOnce === undefined) return step();
    const previous = this.chunkTurn;
    let release!: () => void;
    this.chunkTurn = new Promise((done) => (release = done));
    await previous;
    try {
      await step();
    } finally {
      release();
    }
  }

  async prepare(converter: Converter, options: Readonly<Record<string, unknown>>): Promise<PreparedConverter> {
    let byOptions = this.prepared.get(converter);
    if (byOptions === undefined) this.prepared.set(converter, (byOptions = new Map()));
    let prepared = byOptions.get(options);
    if (prepared === undefined) byOptions.set(options, (prepared = await prepareConverter(converter, options)));
    return prepared;
  }

  private async flush(): Promise<void> {
    await this.options.sinks.messages.flush?.();
    await this.options.sinks.rejects?.flush?.();
  }

  /** `handle` with the record's IDs derived from where `placeOf` says it lies (follow mode). */
  private handlePlaced(
    framed: Framed,
    file: string,
    placeOf: (endOffset: number) => RecordPlace,
    prepared: PreparedConverter,
  ): void | Promise<void> {
    const place = placeOf(framed.endOffset);
    return this.handle(place.offset === framed.endOffset ? framed : { ...framed, endOffset: place.offset }, file, place.identity, prepared);
  }

  handle(framed: Framed, file: string, identity: string, prepared: PreparedConverter): void | Promise<void> {
    if (framed.kind === "skip") {
      this.accounting.skipped(framed.reason);
      return;
    }
    if (framed.kind === "reject") {
      return this.reject(file, framed.line, framed.code, framed.reason, [], framed.text);
    }
    const source = { file, line: framed.line };
    if (framed.warnings !== undefined) for (const message of framed.warnings) this.warn(source, message);
    const ctx = new RecordContext(this, prepared, source, identity, framed);
    const converter = prepared.converter;
    let returned: ConvertResult | Promise<ConvertResult>;
    try {
      returned = prepared.convert(framed.value, ctx);
    } catch (error) {
      return this.record(rejectionFor(error), framed, source);
    }
    if (isPromise(returned)) {
      return returned.then(
        (result) => this.record(this.finishSafely(result, ctx, converter), framed, source),
        (error: unknown) => this.record(rejectionFor(error), framed, source),
      );
    }
    return this.record(this.finishSafely(returned, ctx, converter), framed, source);
  }

  private finishSafely(result: ConvertResult, ctx: RecordContext, converter: Converter): Outcome {
    try {
      return this.finish(result, ctx, converter);
    } catch (error) {
      // An output the finisher or validator cannot walk (a getter that throws, a cycle): this record only.
      return rejectionFor(error);
    }
  }

  /** Books the outcome and hands it to the sinks. */
  private record(outcome: Outcome, framed: FramedRecord, source: RecordSource): void | Promise<void> {
    switch (outcome.kind) {
      case "skipped":
        this.accounting.skipped(outcome.reason);
        return;
      case "rejected":
        return this.reject(source.file, framed.line, outcome.code, outcome.reason, outcome.problems, framed.text);
      case "converted":
        this.accounting.converted(outcome.messages.length);
        return this.write(outcome.messages, source);
    }
  }

  private async writeRest(messages: readonly Message[], from: number, source: RecordSource): Promise<void> {
    for (let i = from; i < messages.length; i++) await this.options.sinks.messages.write(messages[i]!, source);
  }

  private write(messages: readonly Message[], source: RecordSource): void | Promise<void> {
    const sink = this.options.sinks.messages;
    for (let i = 0; i < messages.length; i++) {
      const pending = sink.write(messages[i]!, source);
      if (pending !== undefined) return pending.then(() => this.writeRest(messages, i + 1, source));
    }
  }

  private reject(
    file: string,
    line: number,
    code: string,
    reason: string,
    problems: readonly Problem[],
    text: string,
  ): void | Promise<void> {
    this.accounting.rejected(code);
    const reject: RejectedRecord = { file, line, code, reason, problems, record: text };
    return this.options.sinks.rejects?.write(reject);
  }

  /** Counts a warning about a record and hands it to the warnings sink. */
  warn(source: RecordSource, message: string): void {
    this.accounting.stats.warnings++;
    const warning: ConversionWarning = { file: source.file, line: source.line, message };
    this.options.sinks.warnings?.write(warning);
  }

  /** Finishes and validates what `convert` returned; never throws for anything the record did. */
  private finish(result: ConvertResult, ctx: RecordContext, converter: Converter): Outcome {
    const source = ctx.source;
    if (result === null || result === undefined) return { kind: "skipped", reason: ctx.skipReason ?? NOT_RELEVANT };
    const outputs: readonly (Message | MessageObject)[] = Array.isArray(result)
      ? (result as readonly (Message | MessageObject)[])
      : [result as Message | MessageObject];
    if (outputs.length === 0) return { kind: "skipped", reason: ctx.skipReason ?? NOT_RELEVANT };
    const messages: Message[] = [];
    // Made only for an invalid message: the usual record allocates no list of problems.
    let problems: Problem[] | undefined;
    for (let index = 0; index < outputs.length; index++) {
      const output = outputs[index];
      if (output === null || typeof output !== "object" || Array.isArray(output)) {
        return {
          kind: "rejected",
          code: "CONVERTER_ERROR",
          reason: `converter "${converter.format}" returned ${describe(output)} instead of a message object`,
          problems: [],
        };
      }
      const finished = finishMessage(output, DEFAULT_VERSION, ctx.newId);
      const message = translateFinished(finished, this.version, this.options.defaults, (warning) =>
        this.warn(source, `${outputs.length > 1 ? `/${index}` : ""}${warning.pointer}: ${warning.message}`),
      );
      // Only errors reject; semantic warnings (if a validator gives them) travel as warnings.
      for (const problem of messageProblems(message, this.validateOptions)) {
        if (problem.severity === "error") {
          (problems ??= []).push(outputs.length > 1 ? { ...problem, pointer: `/${index}${problem.pointer}` } : problem);
        } else {
          this.warn(source, `${problem.pointer || "/"}: ${problem.message}`);
        }
      }
      messages.push(message);
    }
    if (problems !== undefined) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
      return {
        kind: "rejected",
        code: "INVALID_MESSAGE",
        reason: `invalid IDMEFv2 ${this.version} message: ${first.pointer || "/"}: ${first.message}${more}`,
        problems,
      };
    }
    return { kind: "converted", messages };
  }
}

/** The `ctx` of one record: a small object rather than closures, since there is one per record. */
class RecordContext implements ConvertContext {
  skipReason: string | undefined;
  readonly version: IdmefVersion;
  readonly now: () => string;
  readonly options: Readonly<Record<string, unknown>>;
  private derived: (() => string) | undefined;

  constructor(
    private readonly run: PipelineRun,
    private readonly prepared: PreparedConverter,
    readonly source: RecordSource,
    private readonly identity: string,
    private readonly framed: FramedRecord,
  ) {
    // Converters produce 2.D.V08 whatever the target: the finisher translates.
    this.version = DEFAULT_VERSION;
    this.now = run.now;
    this.options = prepared.options;
  }

  // Getters that return a fresh arrow: a converter may destructure `const { skip } = ctx` and
  // still work, and a record that neither skips nor warns allocates no closure.
  get newId(): () => string {
    const fixed = this.run.newId;
    if (fixed !== undefined) return fixed;
    // Made on first use: the record's bytes are hashed only when it gets an ID.
    return (this.derived ??= recordIds(this.prepared.converter.format, this.identity, this.framed.endOffset, this.framed.text));
  }

  get skip(): (reason: string) => void {
    return (reason: string): void => {
      this.skipReason = reason;
    };
  }

  get reject(): (reason: string) => never {
    return (reason: string): never => {
      throw new ConversionError(reason);
    };
  }

  get warn(): (message: string) => void {
    return (message: string): void => {
      this.run.warn(this.source, message);
    };
  }

  uuidV5(name: string, namespace?: string): string {
    return uuidV5(name, namespace);
  }

  timestamp(text: string, options?: NormalizeTimestampOptions): string {
    return normalizeTimestamp(text, options);
  }
}

/**
 * The input's chunks, with a read failure (permission denied, a file removed under us, a broken
 * pipe) turned into an INPUT_ERROR naming the input, so the CLI reports it as a user error.
 */
export async function* inputChunks(input: PipelineInput): AsyncGenerator<Buffer | string> {
  const iterator = input.stream[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Buffer | string>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        const reason = error instanceof Error ? error.message : String(error);
        throw new IdmefError("INPUT_ERROR", `cannot read ${input.name}: ${reason}`, { place: { file: input.name }, cause: error });
      }
      if (next.done === true) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Left early (abort, an error downstream): let the source release what it holds (a follow
    // source closes its file, a stream is destroyed) instead of leaving it to the garbage collector.
    if (!finished) await iterator.return?.();
  }
}

function rejectionFor(error: unknown): Outcome {
  // By code, not instanceof: a plugin's own copy of idmefv2 throws its own ConversionError class.
  if (isIdmefError(error)) {
    const problems = (error as { problems?: unknown }).problems;
    return { kind: "rejected", code: error.code, reason: error.message, problems: Array.isArray(problems) ? (problems as Problem[]) : [] };
  }
  // Not a ConversionError: a converter bug or an unexpected shape. Still only this record fails.
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "rejected", code: "CONVERTER_ERROR", reason: `converter failed: ${message}`, problems: [] };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a nested array";
  return typeof value;
}
