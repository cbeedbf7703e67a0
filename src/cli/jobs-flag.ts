// `convert --jobs N`: how many worker threads convert records. Without the flag, a run over files
// whose records convert independently (EVE, CEF, LEEF, OCSF, ...), big enough to repay the threads'
// start-up (each loads the converters and validators), uses the machine's cores, at most 8; a small
// or streamed input (stdin, follow mode) and a per-input format (syslog) stay on one thread.
import { availableParallelism } from "node:os";
import { positiveInteger } from "./number-flags.js";
import { UsageError } from "./exit-codes.js";
import type { ConverterInfo } from "../core/converter.js";

export const JOBS_FLAG = "-j, --jobs <n>";
export const JOBS_HELP =
  "worker threads converting records, output still in input order (default: the number of cores, at most 8, for 8 MiB or more of a format whose records convert independently, else 1; 1 converts on the main thread)";

/** Threads past this gain nothing: the main thread's reading and writing is the limit. */
export const MAX_DEFAULT_JOBS = 8;
/** Below this much input, starting threads costs more than it saves. */
export const AUTO_JOBS_MIN_BYTES = 8 * 1024 * 1024;
const MAX_JOBS = 64;

/**
 * The threads a run uses: `--jobs`, else the default for the total size of its inputs whose
 * records convert independently (undefined: unknown).
 */
export function jobsFor(flag: string | undefined, independentBytes: number | undefined, follow: boolean): number {
  if (flag !== undefined) {
    const jobs = positiveInteger(flag, "--jobs");
    if (jobs > MAX_JOBS) throw new UsageError(`--jobs ${jobs}: at most ${MAX_JOBS}`);
    return jobs;
  }
  if (follow || independentBytes === undefined || independentBytes < AUTO_JOBS_MIN_BYTES) return 1;
  return Math.min(availableParallelism(), MAX_DEFAULT_JOBS);
}

/**
 * The bytes the default thread count is decided on: those of the inputs whose converter says its
 * records convert independently (undefined when a size is unknown). A per-input format (syslog's
 * per-process memory) is split across threads only on request: on two cores it measured slower
 * and bigger with two threads than with one (docs/decisions.md, `convert --jobs N`).
 */
export function independentInputBytes(
  inputs: readonly { readonly size?: number | undefined; readonly converter?: Pick<ConverterInfo, "recordOrder"> | undefined }[],
  fixed: Pick<ConverterInfo, "recordOrder"> | undefined,
): number | undefined {
  let bytes = 0;
  for (const input of inputs) {
    if (input.size === undefined) return undefined;
    if ((input.converter ?? fixed)?.recordOrder === "independent") bytes += input.size;
  }
  return bytes;
}
