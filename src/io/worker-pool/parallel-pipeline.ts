// runPipeline on worker threads (`convert --jobs N`): the main thread reads and frames, N workers
// convert, finish and validate, and the main thread writes their results in input order, so the
// output, the rejects (with their lines), the warnings and the books are those of one thread.
import { Accounting } from "../../framework/accounting.js";
import type { LoadedConfig } from "../../framework/config.js";
import { createSplittingFramer, type Framed } from "../../framework/framers/index.js";
import { inputChunks, runPipeline, type PipelineOptions, type PipelineReport } from "../../framework/pipeline.js";
import type { FormatRegistry } from "../../framework/registry.js";
import type { PipelineInput } from "../../framework/sources.js";
import { BatchBuilder } from "./batch-builder.js";
import { OrderedWriter } from "./ordered-writer.js";
import { WorkerPool } from "./pool.js";
import type { BatchInput } from "./protocol.js";

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
    let batchInput: BatchInput = {
      name: input.name,
      identity: input.identity ?? input.name,
      format: converter.format,
      options: (input.converter !== undefined ? input.options : this.options.options) ?? {},
      jsonLines: converter.input === "json-lines",
    };
    // A converter whose state crosses records gets all of an input's batches on one worker, in order.
    const pinned = (converter.recordOrder ?? "per-input") === "per-input" ? this.pool.leastBusy() : undefined;
    const framer = createSplittingFramer(converter, this.options.limits, input.startOffset ?? 0);
    const builder = new BatchBuilder();
    const committed = { value: input.startOffset ?? 0 };
    builder.lastEnd = committed.value;
    const { onProgress, onCommit, signal } = this.options;
    this.accounting.stats.files++;
    const send = async (): Promise<void> => {
      if (builder.count === 0) return;
      const seq = this.seq++;
      const what = `${input.name} from line ${builder.startLine}`;
      const batch = builder.take(seq, batchInput);
      const worker = pinned ?? this.pool.leastBusy();
      await this.writer.add(this.pool.submit(worker, batch, what), { input: input.name, lastEnd: builder.lastEnd, committed });
    };
    // Follow mode: a record's IDs name its file and its offset there; a batch holds one file's records.
    const { placeOf } = input;
    const add = async (framed: Framed): Promise<void> => {
      if (placeOf === undefined) {
        builder.add(framed);
        return;
      }
      const place = placeOf(framed.endOffset);
      if (place.identity !== batchInput.identity) {
        await send();
        batchInput = { ...batchInput, identity: place.identity };
      }
      builder.add(framed, place.offset);
    };
    for await (const chunk of inputChunks(input)) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.bytes += bytes.length;
      this.accounting.stats.bytes += bytes.length;
      for (const framed of framer.push(bytes)) {
        if (placeOf === undefined) builder.add(framed);
        else await add(framed);
        if (builder.full) await send();
      }
      // Follow mode commits after each chunk read: its records go out now, not when a batch fills.
      if (onCommit !== undefined) await send();
      onProgress?.({ input: input.name, bytes: this.bytes, records: this.accounting.stats.read });
      if (signal?.aborted || this.stopped.aborted) break;
    }
    if (this.stopped.aborted) return;
    for (const framed of framer.end()) await add(framed);
    await send();
  }
}
