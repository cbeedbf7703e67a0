// Follows a growing file like `tail -F`: survives rotation (rename + new file) and truncation
// (copytruncate), yields only whole lines, and maps stream offsets back to file positions for the
// state file, so that a restart resumes exactly after the last line whose output was flushed.
import { readdir, open, stat, type FileHandle } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { BigIntStats } from "node:fs";
import { IdmefError } from "../../core/errors.js";
import { DEFAULT_MAX_RECORD_BYTES } from "../../framework/framers/types.js";
import type { RecordPlace } from "../../framework/sources.js";
import type { CommittedLength } from "../ndjson-file-sink.js";
import { sleep } from "./sleep.js";
import { readFollowState, writeFollowState, type FollowState } from "./state-file.js";

export interface FollowOptions {
  /** Where the position is kept between runs; without it every run starts at the beginning. */
  readonly stateFile?: string;
  /** How often to look for new data, rotation and truncation (default 200 ms). */
  readonly pollMs?: number;
  /** Ends the stream (after the lines already read) when aborted. */
  readonly signal?: AbortSignal;
  /** A line longer than this is passed on without waiting for its end (the framer rejects it). */
  readonly maxLineBytes?: number;
  /** After a rotation, how long the old file must stay unchanged before moving on (default 1000 ms). */
  readonly rotationQuietMs?: number;
  /** After a rotation, the longest wait for the old file to stop growing (default 60 s). */
  readonly rotationMaxWaitMs?: number;
  /** Told about rotation, truncation and resumption, for the user (stderr in the CLI). */
  readonly onNotice?: (message: string) => void;
  /**
   * Where to resume instead of reading `stateFile` (several followed files share one state file,
   * kept by their caller); null: start at the beginning.
   */
  readonly resume?: FilePosition | null;
}

/** A position in one file, by identity: everything before `offset` is converted and written. */
export interface FilePosition {
  /** Device and inode numbers, as decimal strings (inodes may exceed 2^53). */
  readonly dev: string;
  readonly ino: string;
  readonly offset: number;
}

interface Identity {
  readonly dev: string;
  readonly ino: string;
}

/** A stretch of the output stream that came from one file (or one generation of a truncated file). */
interface Segment extends Identity {
  /** What names this file in derived message IDs (see recordPlace). */
  readonly idName: string;
  readonly streamStart: number;
  readonly fileStart: number;
  /** File position where this segment ended, once the follower moved on. */
  fileEnd?: number;
}

const READ_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from("\n");

function identityOf(stats: BigIntStats): Identity {
  return { dev: stats.dev.toString(), ino: stats.ino.toString() };
}

/**
 * A followed file's name in derived message IDs: its device and inode, which stay the same when
 * logrotate renames it, unlike its path (and cannot be taken for a path: no leading slash).
 */
function fileIdName(identity: Identity): string {
  return `inode:${identity.dev}:${identity.ino}`;
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

async function statOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export class FileFollower {
  readonly path: string;
  private readonly options: FollowOptions;
  private readonly pollMs: number;
  private readonly maxLineBytes: number;
  private handle: FileHandle | undefined;
  private identity: Identity | undefined;
  /** Next byte of the current file to read. */
  private position = 0;
  /** Bytes after the last newline read: a line still being written. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes handed out so far: the pipeline's record offsets count these. */
  private streamOffset = 0;
  private segments: Segment[] = [];
  /** `dev:ino` of every file opened. */
  private readonly seen = new Set<string>();
  /** Set when the state file named a rotated-away file: after it, go on with `path` from 0. */
  private readingRotatedAway = false;
  /** When a new file appeared at `path`, and when the old one last grew since. */
  private rotation: { readonly seenAt: number; lastGrowth: number } | undefined;
  private readonly rotationQuietMs: number;
  private readonly rotationMaxWaitMs: number;
  /** True while chunks() waits at a yield for its consumer (see chunks()). */
  private parkedAtYield = false;

  constructor(path: string, options: FollowOptions = {}) {
    this.path = path;
    this.options = options;
    this.pollMs = options.pollMs ?? 200;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.rotationQuietMs = options.rotationQuietMs ?? 1000;
    this.rotationMaxWaitMs = Math.max(this.rotationQuietMs, options.rotationMaxWaitMs ?? 60_000);
  }

  /**
   * After a rotation, whether to stay on the old file a little longer. logrotate's `create` makes
   * the new file before Suricata reopens its log (postrotate SIGHUP), so lines can still land in
   * the old file after the new one exists: the follower moves on once the old file has stopped
   * growing for `rotationQuietMs` (or after `rotationMaxWaitMs` at most). Lines written to the new
   * file meanwhile are not lost: it is read from its start.
   */
  private keepReadingRotated(grew: boolean): boolean {
    const now = Date.now();
    if (this.rotation === undefined) this.rotation = { seenAt: now, lastGrowth: now };
    if (grew) this.rotation.lastGrowth = now;
    const waiting = now - this.rotation.lastGrowth < this.rotationQuietMs && now - this.rotation.seenAt < this.rotationMaxWaitMs;
    if (!waiting) this.rotation = undefined;
    return waiting;
  }

  /**
   * The file's bytes, whole lines at a time, until the signal aborts. A consumer that stops on the
   * abort may never resume nor return() this generator, so its `finally` may never run: the abort
   * itself closes the file when the generator is parked at a yield, and nothing is read after it.
   */
  async *chunks(): AsyncGenerator<Buffer> {
    const { signal } = this.options;
    const closeIfParked = (): void => {
      if (this.parkedAtYield) void this.closeHandle();
    };
    signal?.addEventListener("abort", closeIfParked, { once: true });
    try {
      await this.openFirst();
      if (this.handle === undefined) return;
      while (!signal?.aborted) {
        let readSomething = false;
        for (let chunk = await this.readMore(); chunk !== undefined; chunk = await this.readMore()) {
          readSomething = true;
          if (chunk.length > 0 && !(yield* this.emit(chunk))) return;
          if (signal?.aborted) return;
        }
        const change = await this.detectChange();
        if (change === "rotated" && this.keepReadingRotated(readSomething)) {
          await sleep(this.pollMs, signal);
          continue;
        }
        if (change === "rotated") {
          // Whatever reached the old file since the read above comes first.
          for (let chunk = await this.readMore(); chunk !== undefined; chunk = await this.readMore()) {
            if (chunk.length > 0 && !(yield* this.emit(chunk))) return;
          }
        }
        if (change !== undefined) {
          const tail = await this.switchTo(this.path, change);
          if (tail.length > 0 && !(yield* this.emit(tail))) return;
          continue;
        }
        if (!readSomething) await sleep(this.pollMs, signal);
      }
    } finally {
      signal?.removeEventListener("abort", closeIfParked);
      await this.closeHandle();
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  /**
   * Saves the file position matching `streamOffset` (a record end whose output is flushed), with
   * the committed lengths of the outputs that hold exactly the records before it.
   */
  async commit(streamOffset: number, outputs?: readonly CommittedLength[]): Promise<void> {
    const { stateFile } = this.options;
    const position = this.positionAt(streamOffset);
    if (position === undefined || stateFile === undefined) return;
    const state: FollowState = { path: resolve(this.path), ...position, ...(outputs !== undefined ? { outputs } : {}) };
    try {
      await writeFollowState(stateFile, state);
    } catch (error) {
      throw new IdmefError("CONFIG_ERROR", `cannot save the follow state to ${stateFile}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The file and position matching `streamOffset` (a record end whose output is flushed). */
  positionAt(streamOffset: number): FilePosition | undefined {
    let index = this.segments.length - 1;
    while (index > 0 && this.segments[index]!.streamStart > streamOffset) index--;
    const segment = this.segments[index];
    if (segment === undefined) return;
    // Older segments can no longer be committed to.
    if (index > 0) this.segments.splice(0, index);
    let offset = segment.fileStart + (streamOffset - segment.streamStart);
    if (segment.fileEnd !== undefined) offset = Math.min(offset, segment.fileEnd);
    return { dev: segment.dev, ino: segment.ino, offset };
  }

  /**
   * Where the record ending at `streamOffset` lies: its file (by device and inode) and its end
   * offset in that file. Message IDs derive from these, not from the stream offset, which runs on
   * across rotations and starts again at 0 on a resumed run: so an uninterrupted run, a run killed
   * and resumed and a run across a rotation give a record the same IDs. A record ends after its
   * segment's start (it holds a byte at least), hence `>=`: a record ending where the next file's
   * segment starts is the old file's last one.
   */
  recordPlace(streamOffset: number): RecordPlace {
    let index = this.segments.length - 1;
    while (index > 0 && this.segments[index]!.streamStart >= streamOffset) index--;
    const segment = this.segments[index]!;
    let offset = segment.fileStart + (streamOffset - segment.streamStart);
    // The newline added after a last line the rotated file left unfinished is not in the file.
    if (segment.fileEnd !== undefined && offset > segment.fileEnd) offset = segment.fileEnd;
    return { identity: segment.idName, offset };
  }

  /** Device and inode of every file this follower has read (a rotated file is not a new one). */
  identities(): readonly string[] {
    return [...this.seen];
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }

  /** Yields `chunk` unless the signal aborted; whether to go on reading (false: aborted). */
  private *emit(chunk: Buffer): Generator<Buffer, boolean> {
    if (this.aborted()) return false;
    this.streamOffset += chunk.length;
    this.parkedAtYield = true;
    try {
      yield chunk;
    } finally {
      this.parkedAtYield = false;
    }
    // Read again after the yield: the signal may have aborted meanwhile.
    return !this.aborted();
  }

  private aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Waits for the file to exist, then opens it where the state file says (or at 0). */
  private async openFirst(): Promise<void> {
    const { stateFile, signal } = this.options;
    const { resume } = this.options;
    const state = resume !== undefined ? (resume ?? undefined) : stateFile === undefined ? undefined : await readFollowState(stateFile);
    let announced = false;
    while ((await statOrUndefined(this.path)) === undefined) {
      if (signal?.aborted) return;
      if (!announced) this.notice(`waiting for ${this.path} to appear`);
      announced = true;
      await sleep(this.pollMs, signal);
    }
    if (state !== undefined) {
      const current = identityOf(await stat(this.path, { bigint: true }));
      if (sameIdentity(current, state)) {
        await this.openAt(this.path, state.offset);
        if (this.position !== state.offset) this.notice(`${this.path} was truncated while stopped: reading it from the start`);
        return;
      }
      const rotated = await this.findByIdentity(state);
      if (rotated !== undefined) {
        this.notice(`${this.path} was rotated while stopped: finishing ${rotated} first`);
        await this.openAt(rotated, state.offset);
        this.readingRotatedAway = true;
        return;
      }
      this.notice(`the file read before (inode ${state.ino}) is gone: reading ${this.path} from the start`);
    }
    await this.openAt(this.path, 0);
  }

  /** A file of the followed file's directory with the given device and inode (its rotated name). */
  private async findByIdentity(wanted: Identity): Promise<string | undefined> {
    const directory = dirname(this.path);
    let names: string[];
    try {
      names = await readdir(directory);
    } catch {
      return undefined;
    }
    for (const name of names.sort()) {
      const candidate = join(directory, name);
      const stats = await statOrUndefined(candidate);
      if (stats !== undefined && stats.isFile() && sameIdentity(identityOf(stats), wanted)) return candidate;
    }
    return undefined;
  }

  private async openAt(path: string, offset: number): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      throw new IdmefError("INPUT_ERROR", `cannot read ${path}: ${(error as Error).message}`, { place: { file: path }, cause: error });
    }
    let stats: BigIntStats;
    try {
      stats = await handle.stat({ bigint: true });
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw new IdmefError("INPUT_ERROR", `cannot read ${path}: ${(error as Error).message}`, { place: { file: path }, cause: error });
    }
    this.handle = handle;
    this.identity = identityOf(stats);
    this.seen.add(`${this.identity.dev}:${this.identity.ino}`);
    this.position = offset <= Number(stats.size) ? offset : 0;
    if (this.position > 0) {
      // The framer ends a line at a CR at once; when the saved position falls between a CR and
      // its LF, that LF belongs to the line already converted, not to a new (blank) one.
      const around = Buffer.alloc(2);
      const { bytesRead } = await handle.read(around, 0, 2, this.position - 1);
      if (bytesRead === 2 && around[0] === CR && around[1] === LF) this.position++;
    }
    this.segments.push({
      ...this.identity,
      idName: fileIdName(this.identity),
      streamStart: this.streamOffset,
      fileStart: this.position,
    });
  }

  /** The next whole lines read from the file (may be empty), or undefined at its current end. */
  private async readMore(): Promise<Buffer | undefined> {
    const handle = this.handle!;
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, this.position);
    if (bytesRead === 0) return undefined;
    this.position += bytesRead;
    const data = buffer.subarray(0, bytesRead);
    // A line ends at LF or at a lone CR (the framer treats both as line ends).
    const lastNewline = Math.max(data.lastIndexOf(LF), data.lastIndexOf(CR));
    if (lastNewline === -1) {
      this.pending.push(data);
      this.pendingBytes += data.length;
      if (this.pendingBytes <= this.maxLineBytes) return Buffer.alloc(0);
      // Too long to be a record: pass it on so the framer rejects it, without holding it here.
      return this.takePending();
    }
    const lines = data.subarray(0, lastNewline + 1);
    const whole = this.pendingBytes === 0 ? Buffer.from(lines) : Buffer.concat([...this.pending, lines]);
    this.pending = [];
    this.pendingBytes = 0;
    if (lastNewline + 1 < data.length) {
      const rest = Buffer.from(data.subarray(lastNewline + 1));
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return whole;
  }

  private takePending(): Buffer {
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return bytes;
  }

  /**
   * After reaching the end of the current file: has `path` become another file (rotation), or
   * shrunk below the position (copytruncate)? Either way reading goes on in `path` from 0.
   */
  private async detectChange(): Promise<"rotated" | "truncated" | undefined> {
    const current = await statOrUndefined(this.path);
    // Renamed and the new file not created yet: keep reading the old one and wait.
    if (current === undefined) return undefined;
    if (this.readingRotatedAway || !sameIdentity(identityOf(current), this.identity!)) return "rotated";
    const size = Number((await this.handle!.stat({ bigint: true })).size);
    if (size < this.position) {
      this.notice(`${this.path} was truncated: reading it again from the start`);
      return "truncated";
    }
    return undefined;
  }

  /**
   * Moves to `path` from byte 0. A line the old file left without its newline is complete as it
   * will ever be: it is returned with a newline added, to be emitted before the new file's bytes.
   */
  private async switchTo(path: string, reason: "rotated" | "truncated"): Promise<Buffer> {
    if (reason === "rotated") {
      const what = this.readingRotatedAway ? "finished the rotated file" : `${path} was rotated`;
      this.notice(`${what}: now reading the new ${path} from the start`);
    }
    this.readingRotatedAway = false;
    const previous = this.segments[this.segments.length - 1];
    if (previous !== undefined) previous.fileEnd = this.position;
    const tail = this.pendingBytes > 0 ? Buffer.concat([this.takePending(), NEWLINE]) : Buffer.alloc(0);
    const old = this.handle;
    // The new segment begins after the tail, which the caller emits next; openAt records
    // the segment at the current stream offset, so count the tail in for that moment.
    this.streamOffset += tail.length;
    await this.openAt(path, 0);
    this.streamOffset -= tail.length;
    await old?.close().catch(() => undefined);
    return tail;
  }
}
