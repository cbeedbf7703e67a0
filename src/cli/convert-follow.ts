// `convert --follow [--state FILE]`: checks the flags, builds the followed input and stops it on SIGINT/SIGTERM.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Converter } from "../core/converter.js";
import type { Commit } from "../framework/pipeline.js";
import type { PipelineInput } from "../framework/sources.js";
import { UsageError } from "./exit-codes.js";
import { followInput } from "../io/follow/index.js";
import type { CommittedLength } from "../io/ndjson-file-sink.js";

export interface FollowFlags {
  readonly follow?: boolean;
  readonly state?: string;
  /** `--max-record-bytes`: a line longer than this is not held back waiting for its end. */
  readonly maxRecordBytes?: string;
}

export interface FollowRun {
  readonly inputs: PipelineInput[];
  /** Saves the position, with the committed lengths of the local outputs (exactly-once --out). */
  readonly onCommit: (commit: Commit, outputs?: readonly CommittedLength[]) => Promise<void>;
  readonly signal: AbortSignal;
  /** Ends the followed stream after what was read (an output failed: nothing more can be written). */
  stop(): void;
  /** Removes the signal handlers (call when the run is over). */
  dispose(): void;
}

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Undefined without --follow. With it: exactly one file and a --from format (a file that may still
 * be empty cannot be detected). The first SIGINT/SIGTERM ends the stream after what was read is
 * converted, flushed and committed; a second one exits at once (the state file stays consistent:
 * it is only ever replaced whole, after the output it covers).
 */
export function setUpFollow(
  files: readonly string[],
  flags: FollowFlags,
  converter: Converter | undefined,
  converterOptions: (converter: Converter) => Record<string, unknown>,
  notice: (message: string) => void,
): FollowRun | undefined {
  if (flags.follow !== true) {
    if (flags.state !== undefined) throw new UsageError("--state is for --follow: add --follow, or drop --state");
    return undefined;
  }
  if (files.length !== 1 || files[0] === "-") throw new UsageError("--follow reads exactly one file (not stdin): give its path");
  if (converter === undefined) throw new UsageError("--follow needs --from <format>: a file that is still growing cannot be detected reliably");
  if (flags.state !== undefined) {
    const folder = dirname(resolve(flags.state));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new UsageError(`--state ${flags.state}: the folder ${folder} does not exist; create it or choose another path`);
    }
  }
  const controller = new AbortController();
  let stops = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    stops++;
    if (stops > 1) process.exit(signal === "SIGINT" ? 130 : 143);
    notice(`${signal}: finishing what was read, then stopping (send it again to stop at once)`);
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const followed = followInput(files[0]!, {
    ...(flags.state === undefined ? {} : { stateFile: flags.state }),
    ...(Number.isSafeInteger(Number(flags.maxRecordBytes)) && Number(flags.maxRecordBytes) > 0 ? { maxLineBytes: Number(flags.maxRecordBytes) } : {}),
    signal: controller.signal,
    onNotice: notice,
  });
  return {
    inputs: [{ ...followed.input, converter, options: converterOptions(converter) }],
    onCommit: followed.onCommit,
    signal: controller.signal,
    stop: () => controller.abort(),
    dispose: () => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    },
  };
}
