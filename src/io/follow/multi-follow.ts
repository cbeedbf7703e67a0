// Follow mode over several files and patterns: one FileFollower per file (each with its own
// converter), new files picked up as they appear, rotated `.gz` files read once, and every file's
// position with the outputs' committed lengths in ONE state file, saved by each commit.
import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { createGunzip } from "node:zlib";
import type { Converter } from "../../core/converter.js";
import { IdmefError } from "../../core/errors.js";
import type { Commit } from "../../framework/pipeline.js";
import type { PipelineInput } from "../../framework/sources.js";
import type { CommittedLength } from "../ndjson-file-sink.js";
import { FileFollower, type FilePosition, type FollowOptions } from "./file-follower.js";
import { filesMatching } from "./file-pattern.js";
import { sleep } from "./sleep.js";
import { readMultiFollowState, writeMultiFollowState, type FollowedFileState } from "./state-file.js";

export interface FileConverter {
  readonly converter: Converter;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface MultiFollowOptions extends Omit<FollowOptions, "resume" | "stateFile"> {
  /** Where every file's position is kept between runs (without it every run starts at the beginning). */
  readonly stateFile?: string;
  /**
   * The converter of a file found (by `--from`, or detected on its first bytes); undefined when
   * it cannot be told yet (an empty file): asked again at the next look.
   */
  readonly converterFor: (path: string) => FileConverter | undefined;
  /** Paths never to follow though a pattern matches them (the run's own outputs). */
  readonly ignore?: (path: string) => boolean;
}

interface Tracked {
  readonly path: string;
  readonly gzip: boolean;
  /** The position to save: updated by each commit of this file. */
  position: FilePosition;
  readonly follower?: FileFollower;
}

function identityKey(position: { readonly dev: string; readonly ino: string }): string {
  return `${position.dev}:${position.ino}`;
}

/** The lines of a gzip file from decompressed byte `skip` on (a resumed file skips what was read). */
async function* gunzipFrom(path: string, skip: number): AsyncGenerator<Buffer> {
  let left = skip;
  for await (const chunk of createReadStream(path).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

export class MultiFollower {
  private readonly tracked = new Map<string, Tracked>();
  /** The state read at start: entries for files not opened yet are kept in every save. */
  private saved: readonly FollowedFileState[] = [];
  private readonly pollMs: number;

  constructor(
    private readonly patterns: readonly string[],
    private readonly options: MultiFollowOptions,
  ) {
    this.pollMs = options.pollMs ?? 200;
  }

  /** Reads the state file (once, before inputs()); what it says about the outputs, for cutting them back. */
  async load(): Promise<{ readonly outputs?: readonly CommittedLength[] } | undefined> {
    if (this.options.stateFile === undefined) return undefined;
    const state = await readMultiFollowState(this.options.stateFile);
    this.saved = state?.files ?? [];
    return state;
  }

  /**
   * One pipeline input per file, as files appear, until the signal aborts. Give them to
   * runPipeline with `inputsAtOnce` (none of them ends before the abort, except `.gz` files).
   */
  async *inputs(): AsyncGenerator<PipelineInput> {
    const { signal } = this.options;
    while (signal?.aborted !== true) {
      for (const input of this.newInputs()) yield input;
      await sleep(this.pollMs, signal);
    }
  }

  /** Saves every file's position: `commit` is one file's, the others' are those of their last commits. */
  async commit(commit: Commit, outputs?: readonly CommittedLength[]): Promise<void> {
    const tracked = this.tracked.get(commit.input);
    if (tracked !== undefined) {
      if (tracked.follower !== undefined) {
        const position = tracked.follower.positionAt(commit.offset);
        if (position !== undefined) tracked.position = position;
      } else tracked.position = { ...tracked.position, offset: commit.offset };
    }
    await this.save(outputs);
  }

  /** Saves the current positions with the outputs' lengths (a first run, before reading). */
  async save(outputs?: readonly CommittedLength[]): Promise<void> {
    const { stateFile } = this.options;
    if (stateFile === undefined) return;
    const files: FollowedFileState[] = [];
    const covered = new Set<string>();
    for (const t of this.tracked.values()) {
      files.push({ path: resolve(t.path), ...t.position, ...(t.gzip ? { gzip: true as const } : {}) });
      covered.add(resolve(t.path));
      covered.add(identityKey(t.position));
    }
    for (const entry of this.saved) if (!covered.has(entry.path) && !covered.has(identityKey(entry))) files.push(entry);
    try {
      await writeMultiFollowState(stateFile, { files, ...(outputs !== undefined ? { outputs } : {}) });
    } catch (error) {
      throw new IdmefError("CONFIG_ERROR", `cannot save the follow state to ${stateFile}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Files that match now and are not read yet (a rotated file keeps its identity: not new). */
  private newInputs(): PipelineInput[] {
    const seen = new Set<string>();
    for (const t of this.tracked.values()) {
      seen.add(identityKey(t.position));
      for (const identity of t.follower?.identities() ?? []) seen.add(identity);
    }
    const inputs: PipelineInput[] = [];
    for (const pattern of this.patterns) {
      for (const path of filesMatching(pattern)) {
        if (this.tracked.has(path) || this.options.ignore?.(path) === true) continue;
        let stats;
        try {
          stats = statSync(path, { bigint: true });
        } catch {
          continue;
        }
        const identity = { dev: stats.dev.toString(), ino: stats.ino.toString() };
        if (seen.has(identityKey(identity))) continue;
        const absolute = resolve(path);
        // A file the state names under another path that is also followed is that path's rotated file.
        if (
          this.saved.some(
            (e) =>
              e.path !== absolute &&
              identityKey(e) === identityKey(identity) &&
              this.patterns.some((p) => filesMatching(p).some((q) => resolve(q) === e.path)),
          )
        )
          continue;
        const gzip = path.endsWith(".gz");
        const converter = this.options.converterFor(path);
        if (converter === undefined) continue;
        seen.add(identityKey(identity));
        inputs.push(gzip ? this.gzipInput(path, identity, converter) : this.followedInput(path, absolute, identity, converter));
      }
    }
    return inputs;
  }

  private gzipInput(path: string, identity: { dev: string; ino: string }, converter: FileConverter): PipelineInput {
    const resumed = this.saved.find((e) => e.gzip === true && identityKey(e) === identityKey(identity));
    const skip = resumed?.offset ?? 0;
    this.tracked.set(path, { path, gzip: true, position: { ...identity, offset: skip } });
    return { name: path, identity: resolve(path), stream: gunzipFrom(path, skip), startOffset: skip, ...converter };
  }

  private followedInput(path: string, absolute: string, identity: { dev: string; ino: string }, converter: FileConverter): PipelineInput {
    const resumed = this.saved.find((e) => e.gzip !== true && e.path === absolute);
    const { converterFor: _converterFor, stateFile: _stateFile, ignore: _ignore, ...followOptions } = this.options;
    const follower = new FileFollower(path, { ...followOptions, resume: resumed ?? null });
    this.tracked.set(path, {
      path,
      gzip: false,
      position: resumed !== undefined ? { dev: resumed.dev, ino: resumed.ino, offset: resumed.offset } : { ...identity, offset: 0 },
      follower,
    });
    return {
      name: path,
      identity: absolute,
      stream: follower.chunks(),
      startOffset: 0,
      placeOf: (endOffset) => follower.recordPlace(endOffset),
      ...converter,
    };
  }
}
