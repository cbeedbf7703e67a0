// The worker threads of `convert --jobs N`: started with the run's setup, each converts the
// batches sent to it in order. A worker that dies fails every batch it held, with a clear error:
// the run stops rather than lose their records.
import { Worker } from "node:worker_threads";
import { IdmefError, isIdmefError, type IdmefErrorCode } from "../../core/errors.js";
import type { BatchResult, FromWorker, ToWorker, WorkerSetup } from "./protocol.js";

interface Pending {
  readonly resolve: (result: BatchResult) => void;
  readonly reject: (error: Error) => void;
  /** Said in the error when the worker dies: which records were not converted. */
  readonly what: string;
}

interface PoolWorker {
  readonly thread: Worker;
  readonly pending: Map<number, Pending>;
  /** Set once the worker is gone: later batches fail at once. */
  failure: IdmefError | undefined;
}

/**
 * Each worker's V8 heap, capped. Uncapped, a worker's heap grows to its default limits (a 48 MB
 * young generation, and old-space limits that grow 4x past what is live, as on a heap of
 * gigabytes): with two workers and the main thread, `--jobs 2` on a 60 MB auth log peaked at
 * 404 MB RSS for ~30 MB live per worker. A young generation of 8 MB, and an old space capped at
 * 256 MB (which also makes V8 grow it by smaller steps), brought that to 270-276 MB, the output
 * the same (docs/decisions.md). A worker that does outgrow it fails its batches with a clear
 * error (exit 70), as any worker that dies. IDMEFV2_JOBS_HEAP_MB sets the old-space cap (tests).
 */
function workerLimits(): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  const forced = Number(process.env["IDMEFV2_JOBS_HEAP_MB"]);
  return { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: Number.isInteger(forced) && forced > 0 ? forced : 256 };
}

/** The worker's entry: worker.js beside this file (worker.ts when the tests run the sources). */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);

export class WorkerPool {
  private closing = false;
  private lastChosen = -1;

  private constructor(
    private readonly workers: readonly PoolWorker[],
    /** Each worker's old-space cap, said when one runs out of memory. */
    private readonly heapMb: number,
  ) {}

  /** Starts `jobs` workers and waits until each has built its registry (a bad plugin fails here). */
  static async start(jobs: number, setup: WorkerSetup): Promise<WorkerPool> {
    const workers: PoolWorker[] = [];
    const ready: Promise<void>[] = [];
    const resourceLimits = workerLimits();
    for (let i = 0; i < jobs; i++) {
      let thread: Worker;
      try {
        thread = new Worker(WORKER_URL, { workerData: setup, resourceLimits });
      } catch (error) {
        await Promise.all(workers.map((w) => w.thread.terminate()));
        // A config whose options hold functions (a JS config) cannot be handed to a thread.
        throw new IdmefError("CONFIG_ERROR", `cannot start the --jobs worker threads: ${(error as Error).message}; use --jobs 1`, {
          cause: error,
        });
      }
      const worker: PoolWorker = { thread, pending: new Map(), failure: undefined };
      workers.push(worker);
      ready.push(readyOf(worker, i + 1));
    }
    const pool = new WorkerPool(workers, resourceLimits.maxOldGenerationSizeMb);
    for (const [index, worker] of workers.entries()) pool.watch(worker, index + 1);
    try {
      await Promise.all(ready);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * The worker holding the fewest batches; among those, the one after the last chosen (always
   * the first would give it more of the work whenever the workers keep up).
   */
  leastBusy(): number {
    const count = this.workers.length;
    let best = (this.lastChosen + 1) % count;
    for (let step = 1; step < count; step++) {
      const i = (this.lastChosen + 1 + step) % count;
      if (this.workers[i]!.pending.size < this.workers[best]!.pending.size) best = i;
    }
    this.lastChosen = best;
    return best;
  }

  /** Sends a batch to worker `index`; resolves with its result, or rejects if the worker dies. */
  submit(index: number, batch: ToWorker, what: string): Promise<BatchResult> {
    const worker = this.workers[index]!;
    if (worker.failure !== undefined) return Promise.reject(worker.failure);
    return new Promise<BatchResult>((resolve, reject) => {
      worker.pending.set(batch.seq, { resolve, reject, what });
      // The arrays (a range's bytes: the buffer is the range's own) move to the worker, not copied.
      const transfer =
        batch.type === "range"
          ? [batch.bytes.buffer as ArrayBuffer]
          : [batch.places.buffer as ArrayBuffer, batch.textIndexes.buffer as ArrayBuffer];
      worker.thread.postMessage(batch, transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.thread.terminate()));
  }

  private watch(worker: PoolWorker, number: number): void {
    worker.thread.on("message", (message: FromWorker) => {
      if (message.type !== "result" && message.type !== "failed") return;
      const pending = worker.pending.get(message.seq);
      if (pending === undefined) return;
      worker.pending.delete(message.seq);
      if (message.type === "result") pending.resolve(message);
      // A converter's setup that fails (CONFIG_ERROR) keeps its code; anything else is a bug.
      else pending.reject(new IdmefError(knownCode(message.code), message.message));
    });
    const fail = (reason: string): void => {
      if (worker.failure !== undefined) return;
      const first = [...worker.pending.values()][0];
      worker.failure = new IdmefError(
        "WORKER_FAILED",
        `worker thread ${number} of --jobs stopped (${reason})` +
          (first !== undefined ? ` while converting ${first.what}; nothing from there on was written` : ""),
      );
      for (const pending of worker.pending.values()) pending.reject(worker.failure);
      worker.pending.clear();
    };
    worker.thread.on("error", (error: Error) => {
      const code = (error as { code?: unknown }).code;
      fail(code === "ERR_WORKER_OUT_OF_MEMORY" ? `out of memory: its heap is capped at ${this.heapMb} MB` : error.message);
    });
    worker.thread.on("exit", (code) => {
      if (!this.closing) fail(`exit code ${code}`);
    });
  }
}

/** Resolves when the worker has built its registry; rejects with its error (a plugin that does not load). */
function readyOf(worker: PoolWorker, number: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if (message.type === "ready") {
        done();
        resolve();
      } else if (message.type === "setup-failed") {
        done();
        reject(new IdmefError(knownCode(message.code, "CONFIG_ERROR"), message.message));
      }
    };
    const onError = (error: Error): void => {
      done();
      reject(new IdmefError("WORKER_FAILED", `worker thread ${number} of --jobs did not start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number): void => {
      done();
      reject(new IdmefError("WORKER_FAILED", `worker thread ${number} of --jobs did not start (exit code ${code})`));
    };
    const done = (): void => {
      worker.thread.off("message", onMessage);
      worker.thread.off("error", onError);
      worker.thread.off("exit", onExit);
    };
    worker.thread.on("message", onMessage);
    worker.thread.on("error", onError);
    worker.thread.on("exit", onExit);
  });
}

/** The code a worker's error carried, when it is one of ours; else `otherwise`. */
function knownCode(code: string | undefined, otherwise: IdmefErrorCode = "WORKER_FAILED"): IdmefErrorCode {
  const probe = { code, message: "" };
  return isIdmefError(probe) ? probe.code : otherwise;
}
