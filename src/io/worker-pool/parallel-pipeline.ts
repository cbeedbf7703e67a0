// runPipeline on worker threads (`convert --jobs N`): the main thread reads and frames, N workers
// convert, finish and validate, and the main thread writes their results in input order, so the
// output, the rejects (with their lines), the warnings and the books are those of one thread.
import { Accounting } from "../../framework/accounting.js";
import type { LoadedConfig } from "../../framework/config.js";
import { createSplittingFramer, DEFAULT_MAX_RECORD_BYTES, type Framed } from "../../framework/framers/index.js";
import { inputChunks, runPipeline, type PipelineOptions, type PipelineReport } from "../../framework/pipeline.js";
import type { FormatRegistry } from "../../framework/registry.js";
import type { PipelineInput } from "../../framework/sources.js";
import { BatchBuilder } from "./batch-builder.js";
import { countLineEnds, cutAfterLastLineEnd, LineRangeCutter, RANGE_BYTES, type LineRange } from "./line-ranges.js";
import { OrderedWriter, type BatchPlace } from "./ordered-writer.js";
import { WorkerPool } from "./pool.js";
import type { BatchInput, BatchResult, RangeRequest, SplitRange } from "./protocol.js";
import { syslog } from "../../converters/syslog/index.js";
import { SplitReplay } from "../../converters/syslog/split-segment.js";
import { IdmefError } from "../../core/errors.js";

export interface ParallelPipelineOptions extends PipelineOptions {
  /** Worker threads; 1 (or fewer) runs runPipeline on this thread. */
  readonly jobs: number;
  /** The config the registry was built from: each worker builds the same one from it. */
  readonly config: LoadedConfig;
  /** The registry the inputs' converters come from (checked: a worker finds them by format name). */
  readonly registry: FormatRegistry;
}

/** Batches cut but not yet written, per worker, before reading waits (bounds memory). */
const BATCHES_OUT_PER_WORKER = 3;

/**
 * Runs the pipeline with `jobs` worker threads. Falls back to one thread where the results could
 * differ: a run-wide ID source (`newId`), or inputs read at once (follow over several files).
 */
export async function runParallelPipeline(options: ParallelPipelineOptions): Promise<PipelineReport> {
  if (options.jobs <= 1 || options.newId !== undefined || options.inputsAtOnce !== undefined) return runPipeline(options);
  const accounting = options.accounting ?? new Accounting();
  const pool = await WorkerPool.start(Math.floor(options.jobs), {
    config: options.config,
    version: options.version ?? "2.D.V08",
    ...(options.defaults !== undefined ? { defaults: options.defaults } : {}),
  });
  const stopped = new AbortController();
  const writer = new OrderedWriter(options.sinks, accounting, BATCHES_OUT_PER_WORKER * pool.size, options.onCommit, () => stopped.abort());
  const run = new ParallelRun(options, pool, writer, accounting, stopped.signal);
  let failure: { readonly error: unknown } | undefined;
  try {
    for await (const input of options.inputs) {
      if (options.signal?.aborted || stopped.signal.aborted) break;
      await run.readInput(input);
    }
  } catch (error) {
    failure = { error };
  }
  try {
    await writer.drain();
  } catch (error) {
    failure ??= { error };
  }
  try {
    await options.sinks.messages.close?.();
    await options.sinks.rejects?.close?.();
  } finally {
    await pool.close();
  }
  if (failure !== undefined) throw failure.error;
  return { stats: accounting.stats, balanced: accounting.balances() };
}

class ParallelRun {
  private seq = 0;
  private bytes = 0;

  constructor(
    private readonly options: ParallelPipelineOptions,
    private readonly pool: WorkerPool,
    private readonly writer: OrderedWriter,
    private readonly accounting: Accounting,
    private readonly stopped: AbortSignal,
  ) {}

  async readInput(input: PipelineInput): Promise<void> {
    const converter = input.converter ?? this.options.converter;
    if (this.options.registry.lookup(converter.format)?.converter !== converter) {
      throw new TypeError(`runParallelPipeline: the converter of ${input.name} is not the registry's "${converter.format}"`);
    }
    const limits = this.options.limits ?? {};
    let batchInput: BatchInput = {
      name: input.name,
      identity: input.identity ?? input.name,
      format: converter.format,
      options: (input.converter !== undefined ? input.options : this.options.options) ?? {},
      jsonLines: converter.input === "json-lines",
      limits,
    };
    const startOffset = input.startOffset ?? 0;
    // Follow mode: a record's IDs name its file and its offset there (PipelineInput.placeOf), which
    // only this thread can tell: its records are framed here, and a batch holds one file's records.
    const { placeOf } = input;
    // Syslog's state crosses lines, but a range's reads of it are checked here in input order.
    const split = converter === syslog && placeOf === undefined ? new SplitInput(this.pool, input.name) : undefined;
    // Another converter whose state crosses records gets all of an input's batches on one worker, in order.
    let pinned = split === undefined && (converter.recordOrder ?? "per-input") === "per-input" ? this.pool.leastBusy() : undefined;
    // Independent lines go out as byte ranges the workers frame; the rest is framed here.
    const rangeBytes = rangeBytesFor(split !== undefined);
    let cutter =
      pinned === undefined && converter.input !== "document" && placeOf === undefined
        ? new LineRangeCutter(startOffset, (limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES) + rangeBytes, rangeBytes)
        : undefined;
    let framer = cutter === undefined ? createSplittingFramer(converter, limits, startOffset) : undefined;
    const builder = new BatchBuilder();
    const committed = { value: startOffset };
    builder.lastEnd = committed.value;
    const { onProgress, onCommit, signal } = this.options;
    this.accounting.stats.files++;
    const place = (lastEnd: number): BatchPlace => ({ input: input.name, lastEnd, committed });
    const send = async (): Promise<void> => {
      if (builder.count === 0) return;
      const seq = this.seq++;
      const what = `${input.name} from line ${builder.startLine}`;
      const batch = builder.take(seq, batchInput);
      const worker = pinned ?? this.pool.leastBusy();
      await this.writer.add(this.pool.submit(worker, batch, what), place(builder.lastEnd));
    };
    const sendRange = async (range: LineRange | undefined): Promise<void> => {
      if (range === undefined) return;
      const what = `${input.name} from line ${range.startLine + 1}`;
      const request: RangeRequest = { type: "range", seq: this.seq++, input: batchInput, ...range, ...split?.next(range) };
      // Taken before the bytes are transferred (a transferred buffer reads as empty here).
      const end = place(range.startOffset + range.bytes.length);
      const check = split?.checker(request, what);
      await this.writer.add(this.pool.submit(this.pool.leastBusy(), request, what), check !== undefined ? { ...end, check } : end);
    };
    const add = async (framed: Framed): Promise<void> => {
      if (placeOf === undefined) {
        builder.add(framed);
        return;
      }
      const where = placeOf(framed.endOffset);
      if (where.identity !== batchInput.identity) {
        await send();
        batchInput = { ...batchInput, identity: where.identity };
      }
      builder.add(framed, where.offset);
    };
    const frame = async (bytes: Buffer): Promise<void> => {
      for (const framed of framer!.push(bytes)) {
        if (placeOf === undefined) builder.add(framed);
        else await add(framed);
        if (builder.full) await send();
      }
    };
    for await (const chunk of inputChunks(input)) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.bytes += bytes.length;
      this.accounting.stats.bytes += bytes.length;
      if (cutter !== undefined) {
        // Follow mode commits after each chunk read: its lines go out now, not when a range fills.
        for (const range of cutter.push(bytes, onCommit !== undefined)) await sendRange(range);
        if (cutter.overflowing) {
          // No line end for longer than a record may be: frame the rest of this input here (bounded).
          const held = cutter.takeHeld();
          cutter = undefined;
          framer = createSplittingFramer(converter, limits, held.startOffset, held.startLine);
          builder.lastEnd = held.startOffset;
          if (split !== undefined) {
            // The rest goes to one worker, in order, from the true state once every range before is checked.
            await this.writer.settled();
            pinned = this.pool.leastBusy();
            builder.seed = split.seed();
          }
          await frame(held.bytes);
        }
      } else {
        await frame(bytes);
        // Follow mode commits after each chunk read: its records go out now, not when a batch fills.
        if (onCommit !== undefined) await send();
      }
      onProgress?.({ input: input.name, bytes: this.bytes, records: this.accounting.stats.read });
      if (signal?.aborted || this.stopped.aborted) break;
    }
    if (this.stopped.aborted) return;
    if (cutter !== undefined) await sendRange(cutter.end());
    if (split !== undefined && process.env["IDMEFV2_JOBS_TRACE"] !== undefined) {
      await this.writer.settled();
      process.stderr.write(`idmefv2: --jobs trace: ${input.name}: ${split.ranges} range(s), ${split.reruns} converted again\n`);
    }
    if (cutter !== undefined) return;
    for (const framed of framer!.end()) await add(framed);
    await send();
  }
}

/** A syslog range holds more lines: its lead-in (converted twice) is then a smaller share. */
const SPLIT_RANGE_BYTES = 1024 * 1024;
/** The lines before a split range that rebuild its state: the per-process memory's recent writes. */
const LEAD_IN_BYTES = 64 * 1024;

/** Range sizes; IDMEFV2_JOBS_RANGE_BYTES makes them small (tests cut small inputs into many ranges). */
function rangeBytesFor(split: boolean): number {
  const forced = Number(process.env["IDMEFV2_JOBS_RANGE_BYTES"]);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return split ? SPLIT_RANGE_BYTES : RANGE_BYTES;
}

/**
 * One syslog input split across workers (src/converters/syslog/split-segment.ts): each range goes
 * with the last lines before it as its lead-in; in input order, its journal is replayed on the
 * true state, and a range whose reads differ from the true state's is converted again from it.
 */
class SplitInput {
  private readonly replay = new SplitReplay();
  private leadIn: SplitRange["leadIn"];
  reruns = 0;
  ranges = 0;

  constructor(
    private readonly pool: WorkerPool,
    private readonly name: string,
  ) {}

  /** The split fields of a range's request; keeps its last lines as the next range's lead-in. */
  next(range: LineRange): { split: SplitRange } {
    this.ranges++;
    const split: SplitRange = this.leadIn !== undefined ? { leadIn: this.leadIn } : {};
    const bytes = range.bytes;
    const from = bytes.length <= LEAD_IN_BYTES ? 0 : cutAfterLastLineEnd(bytes.subarray(0, bytes.length - LEAD_IN_BYTES));
    // A copy: the range's own bytes are transferred.
    const tail = Uint8Array.prototype.slice.call(bytes, from);
    this.leadIn = {
      bytes: tail,
      startOffset: range.startOffset + from,
      startLine: range.startLine + countLineEnds(bytes.subarray(0, from)),
    };
    return { split };
  }

  /** The true state after every range checked so far. */
  seed(): NonNullable<SplitRange["seed"]> {
    return this.replay.seed();
  }

  checker(request: RangeRequest, what: string): (result: BatchResult) => Promise<BatchResult> {
    return async (result) => {
      if (this.replay.apply(result.journal!)) return result;
      this.reruns++;
      const rerun: RangeRequest = { ...request, bytes: result.bytes!, split: { seed: this.replay.seed() } };
      const again = await this.pool.submit(this.pool.leastBusy(), rerun, what);
      if (!this.replay.apply(again.journal!)) {
        throw new IdmefError(
          "WORKER_FAILED",
          `${this.name}: converted again from the true state, ${what} still read another state (a bug)`,
        );
      }
      return again;
    };
  }
}
