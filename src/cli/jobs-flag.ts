// `convert --jobs N`: how many worker threads convert records. Without the flag, a run over files
// big enough to repay the threads' start-up (each loads the converters and validators) uses the
// machine's cores, at most 8; a small or streamed input (stdin, follow mode) stays on one thread.
import { availableParallelism } from "node:os";
import { positiveInteger } from "./number-flags.js";
import { UsageError } from "./exit-codes.js";

export const JOBS_FLAG = "-j, --jobs <n>";
export const JOBS_HELP =
  "worker threads converting records, output still in input order (default: the number of cores, at most 8, for inputs of 8 MiB or more, else 1; 1 converts on the main thread)";

/** Threads past this gain nothing: the main thread's reading and writing is the limit. */
export const MAX_DEFAULT_JOBS = 8;
/** Below this much input, starting threads costs more than it saves. */
export const AUTO_JOBS_MIN_BYTES = 8 * 1024 * 1024;
const MAX_JOBS = 64;

/** The threads a run uses: `--jobs`, else the default for its inputs' total size (undefined: unknown). */
export function jobsFor(flag: string | undefined, totalBytes: number | undefined, follow: boolean): number {
  if (flag !== undefined) {
    const jobs = positiveInteger(flag, "--jobs");
    if (jobs > MAX_JOBS) throw new UsageError(`--jobs ${jobs}: at most ${MAX_JOBS}`);
    return jobs;
  }
  if (follow || totalBytes === undefined || totalBytes < AUTO_JOBS_MIN_BYTES) return 1;
  return Math.min(availableParallelism(), MAX_DEFAULT_JOBS);
}
