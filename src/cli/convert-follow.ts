// `convert --follow [--state FILE]`: checks the flags, builds the followed inputs (one file, or
// several files and patterns) and stops them on SIGINT/SIGTERM.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import type { Converter } from "../core/converter.js";
import { IdmefError, isIdmefError } from "../core/errors.js";
import type { FollowSource } from "../framework/config.js";
import { detectFormat } from "../framework/detect.js";
import { readFileSample } from "../io/file-sample.js";
import type { Commit } from "../framework/pipeline.js";
import type { FormatRegistry } from "../framework/registry.js";
import type { PipelineInput } from "../framework/sources.js";
import { UsageError } from "./exit-codes.js";
import {
  followInput,
  hasWildcard,
  MultiFollower,
  patternNames,
  readFollowState,
  writeFollowState,
  type FileConverter,
} from "../io/follow/index.js";
import type { CommittedLength } from "../io/ndjson-file-sink.js";

export interface FollowFlags {
  readonly follow?: boolean;
  /** The outputs, never followed even when a pattern matches them. */
  readonly out?: string;
  readonly rejects?: string;
  readonly state?: string;
  /** `--max-record-bytes`: a line longer than this is not held back waiting for its end. */
  readonly maxRecordBytes?: string;
}

/** The config's `follow` entries, and the file they came from (for errors naming it). */
export interface ConfiguredFollow {
  readonly sources: readonly FollowSource[];
  readonly configFile: string | undefined;
}

export interface FollowRun {
  /** The files and patterns followed: those given, else the config's. */
  readonly files: readonly string[];
  /** A list for one file; for several, inputs arriving as files appear (read them at once). */
  readonly inputs: PipelineInput[] | AsyncIterable<PipelineInput>;
  /** True when the inputs must be read at once (runPipeline's `inputsAtOnce`). */
  readonly atOnce: boolean;
  /** Saves the position, with the committed lengths of the local outputs (exactly-once --out). */
  readonly onCommit: (commit: Commit, outputs?: readonly CommittedLength[]) => Promise<void>;
  /** Reads the state file: the outputs' committed lengths to cut back to, undefined on a first run. */
  resume(): Promise<{ readonly outputs?: readonly CommittedLength[] } | undefined>;
  /** A first run saves its starting point before reading, with the outputs' current lengths. */
  saveStartingPoint(outputs: readonly CommittedLength[]): Promise<void>;
  readonly signal: AbortSignal;
  /** Ends the followed stream after what was read (an output failed: nothing more can be written). */
  stop(): void;
  /** Removes the signal handlers (call when the run is over). */
  dispose(): void;
}

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;
const GZIP_SAMPLE_BYTES = 64 * 1024;

/**
 * Undefined without --follow. Without files, the config's `follow` patterns are followed. With one
 * file: a --from format, else the config's for it (a file that may still be empty cannot be
 * detected). With several files or a pattern (`/var/log/*.log`): each file's format is --from, else
 * that of the first config entry naming it, else detected on its first bytes once it has some. The
 * first SIGINT/SIGTERM ends the
 * streams after what was read is converted, flushed and committed; a second one exits at once
 * (the state file stays consistent: it is only ever replaced whole, after the output it covers).
 */
export function setUpFollow(
  given: readonly string[],
  flags: FollowFlags,
  converter: Converter | undefined,
  converterOptions: (converter: Converter) => Record<string, unknown>,
  notice: (message: string) => void,
  registry: FormatRegistry,
  configured: ConfiguredFollow = { sources: [], configFile: undefined },
): FollowRun | undefined {
  if (flags.follow !== true) {
    if (flags.state !== undefined) throw new UsageError("--state is for --follow: add --follow, or drop --state");
    return undefined;
  }
  const files = given.length > 0 ? given : configured.sources.map((source) => source.files);
  if (files.length === 0 || files.includes("-"))
    throw new UsageError('--follow reads files (not stdin): give their paths or patterns, or list them under "follow" in the config');
  const configuredFormat = formatsByPattern(configured, registry);
  const several = files.length > 1 || files.some(hasWildcard);
  const single = several ? undefined : (converter ?? configuredFormat(files[0]!));
  if (!several && single === undefined)
    throw new UsageError(
      '--follow needs --from <format> (or a "follow" entry in the config naming the file\'s format): a file that is still growing cannot be detected reliably',
    );
  for (const file of files) {
    if (hasWildcard(dirname(file))) throw new UsageError(`--follow ${file}: only the file name may hold * or ? (not the folders)`);
  }
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
  const maxLine = Number(flags.maxRecordBytes);
  const followOptions = {
    ...(Number.isSafeInteger(maxLine) && maxLine > 0 ? { maxLineBytes: maxLine } : {}),
    signal: controller.signal,
    onNotice: notice,
  };
  const common = {
    signal: controller.signal,
    stop: () => controller.abort(),
    dispose: () => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    },
  };
  const { state } = flags;
  if (several) {
    const multi = new MultiFollower(files, {
      ...followOptions,
      ...(state === undefined ? {} : { stateFile: state }),
      converterFor: fileConverters(converter, configuredFormat, converterOptions, notice, registry),
      ignore: outputsOf(flags),
    });
    return {
      ...common,
      files,
      inputs: multi.inputs(),
      atOnce: true,
      onCommit: (commit, outputs) => multi.commit(commit, outputs),
      resume: () => multi.load(),
      saveStartingPoint: (outputs) => multi.save(outputs),
    };
  }
  const path = files[0]!;
  const followed = followInput(path, { ...followOptions, ...(state === undefined ? {} : { stateFile: state }) });
  return {
    ...common,
    files,
    inputs: [{ ...followed.input, converter: single!, options: converterOptions(single!) }],
    atOnce: false,
    onCommit: followed.onCommit,
    resume: async () => (state === undefined ? undefined : await readFollowState(state)),
    saveStartingPoint: async (outputs) => {
      if (state === undefined) return;
      let stats;
      try {
        stats = statSync(path, { bigint: true });
      } catch {
        return; // not there yet: nothing is read (nor written) before it appears and is committed
      }
      await writeFollowState(state, { path: resolve(path), dev: stats.dev.toString(), ino: stats.ino.toString(), offset: 0, outputs });
    },
  };
}

/** Whether a path is one of the run's outputs (a pattern over the folder holding them matches them). */
function outputsOf(flags: FollowFlags): (path: string) => boolean {
  const outputs = [flags.state, flags.out, flags.rejects ?? (flags.out !== undefined ? `${flags.out}.rejects.ndjson` : undefined)];
  const resolved = new Set(outputs.filter((p): p is string => p !== undefined && p !== "-").map((p) => resolve(p)));
  return (path) => resolved.has(resolve(path));
}

/**
 * The format the config's `follow` entries give a path (the first entry naming it), or undefined.
 * Every entry's format is looked up now: a misspelt one is an error naming the config file.
 */
function formatsByPattern(configured: ConfiguredFollow, registry: FormatRegistry): (path: string) => Converter | undefined {
  const entries = configured.sources.map((source) => {
    try {
      return { files: source.files, converter: registry.get(source.from) };
    } catch (error) {
      if (!isIdmefError(error)) throw error;
      throw new IdmefError("CONFIG_ERROR", `${configured.configFile ?? "the config"}: "${source.place}.from": ${error.message}`, {
        cause: error,
      });
    }
  });
  return (path) => entries.find((entry) => patternNames(entry.files, path))?.converter;
}

/**
 * Each file's converter: --from, else the config's for it, else detected on its first bytes
 * (decompressed for `.gz`). An empty file is asked again later; a file no converter recognizes is
 * told once and left alone.
 */
function fileConverters(
  fixed: Converter | undefined,
  configuredFormat: (path: string) => Converter | undefined,
  converterOptions: (converter: Converter) => Record<string, unknown>,
  notice: (message: string) => void,
  registry: FormatRegistry,
): (path: string) => FileConverter | undefined {
  const unknown = new Set<string>();
  return (path) => {
    const named = fixed ?? configuredFormat(path);
    if (named !== undefined) return { converter: named, options: converterOptions(named) };
    if (unknown.has(path)) return undefined;
    let sample: string;
    try {
      sample = path.endsWith(".gz") ? gzipSample(path) : readFileSample(path);
    } catch (error) {
      notice(`${path}: cannot read its first bytes to tell its format (${(error as Error).message}): not followed`);
      unknown.add(path);
      return undefined;
    }
    if (sample.length === 0) return undefined;
    try {
      const detected = detectFormat(sample, registry, path).entry.converter;
      return { converter: detected, options: converterOptions(detected) };
    } catch (error) {
      notice(`${(error as Error).message}: not followed`);
      unknown.add(path);
      return undefined;
    }
  };
}

/** The first decompressed bytes of a gzip file (the rest is not needed to tell its format). */
function gzipSample(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(GZIP_SAMPLE_BYTES);
    const read = readSync(fd, buffer, 0, GZIP_SAMPLE_BYTES, 0);
    if (read === 0) return "";
    const text = gunzipSync(buffer.subarray(0, read), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: GZIP_SAMPLE_BYTES * 4 });
    return text.toString("utf8", 0, Math.min(text.length, GZIP_SAMPLE_BYTES));
  } finally {
    closeSync(fd);
  }
}
