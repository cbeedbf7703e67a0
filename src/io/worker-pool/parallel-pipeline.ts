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
import { LineRangeCutter, RANGE_BYTES, type LineRange } from "./line-ranges.js";
import { OrderedWriter, type BatchPlace } from "./ordered-writer.js";
import { WorkerPool } from "./pool.js";
import type { BatchInput, RangeRequest } from "./protocol.js";

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
    // A converter whose state crosses records gets all of an input's batches on one worker, in order.
    const pinned = (converter.recordOrder ?? "per-input") === "per-input" ? this.pool.leastBusy() : undefined;
    const startOffset = input.startOffset ?? 0;
    // Follow mode: a record's IDs name its file and its offset there (PipelineInput.placeOf), which
    // only this thread can tell: its records are framed here, and a batch holds one file's records.
    const { placeOf } = input;
    // Independent lines go out as byte ranges the workers frame; the rest is framed here.
    let cutter =
      pinned === undefined && converter.input !== "document" && placeOf === undefined
        ? new LineRangeCutter(startOffset, (limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES) + RANGE_BYTES)
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
      const request: RangeRequest = { type: "range", seq: this.seq++, input: batchInput, ...range };
      const what = `${input.name} from line ${range.startLine + 1}`;
      // Taken before the bytes are transferred (a transferred buffer reads as empty here).
      const end = place(range.startOffset + range.bytes.length);
      await this.writer.add(this.pool.submit(this.pool.leastBusy(), request, what), end);
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
        await sendRange(cutter.push(bytes, onCommit !== undefined));
        if (cutter.overflowing) {
          // No line end for longer than a record may be: frame the rest of this input here (bounded).
          const held = cutter.takeHeld();
          cutter = undefined;
          framer = createSplittingFramer(converter, limits, held.startOffset, held.startLine);
          builder.lastEnd = held.startOffset;
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
    if (cutter !== undefined) {
      await sendRange(cutter.end());
      return;
    }
    for (const framed of framer!.end()) await add(framed);
    await send();
  }
}
