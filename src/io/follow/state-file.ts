// The follow state file: which file (device + inode) was being read and up to which byte everything is written.
import { readFile } from "node:fs/promises";
import { IdmefError } from "../../core/errors.js";
import { replaceFileDurably } from "../durable-file.js";
import type { CommittedLength } from "../ndjson-file-sink.js";

export interface FollowState {
  /** The followed path, as given (informative: the identity is dev + ino). */
  readonly path: string;
  /** Device and inode numbers, as decimal strings (inodes may exceed 2^53). */
  readonly dev: string;
  readonly ino: string;
  /** Byte offset in that file up to which every line is converted and its output flushed. */
  readonly offset: number;
  /**
   * The length of each local output file (--out, the rejects file) that holds exactly the records
   * before `offset`, fsync'd before this state was saved: a restart cuts anything after it.
   */
  readonly outputs?: readonly CommittedLength[];
}

/** The state file's JSON value, or undefined when it does not exist yet; unreadable or not JSON is an error. */
async function readStateJson(stateFile: string): Promise<Record<string, unknown> | null | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new IdmefError("CONFIG_ERROR", `cannot read the follow state file ${stateFile}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as Record<string, unknown> | null;
  } catch (error) {
    throw damaged(stateFile, `not JSON (${(error as Error).message})`, error);
  }
}

const STATE_VERSION = 1;

/** The saved state, or undefined when the file does not exist yet; a damaged file is an error. */
export async function readFollowState(stateFile: string): Promise<FollowState | undefined> {
  const state = await readStateJson(stateFile);
  if (state === undefined) return undefined;
  if (
    state === null ||
    typeof state !== "object" ||
    state["version"] !== STATE_VERSION ||
    typeof state["path"] !== "string" ||
    typeof state["dev"] !== "string" ||
    typeof state["ino"] !== "string" ||
    !Number.isSafeInteger(state["offset"]) ||
    (state["offset"] as number) < 0
  ) {
    throw damaged(stateFile, `expected {"version":${STATE_VERSION},"path","dev","ino","offset"}`);
  }
  const outputs = state["outputs"];
  if (outputs !== undefined && !(Array.isArray(outputs) && outputs.every(isCommittedLength))) {
    throw damaged(stateFile, `"outputs" must be a list of {"path","dev","ino","length"}`);
  }
  return {
    path: state["path"],
    dev: state["dev"],
    ino: state["ino"],
    offset: state["offset"] as number,
    ...(outputs !== undefined ? { outputs: outputs as CommittedLength[] } : {}),
  };
}

function isCommittedLength(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["path"] === "string" &&
    typeof v["dev"] === "string" &&
    typeof v["ino"] === "string" &&
    Number.isSafeInteger(v["length"]) &&
    (v["length"] as number) >= 0
  );
}

function damaged(stateFile: string, why: string, cause?: unknown): IdmefError {
  return new IdmefError(
    "CONFIG_ERROR",
    `the follow state file ${stateFile} is damaged: ${why}. Delete it to start again from the beginning of the file.`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Replaces the state file atomically: a temporary file beside it (owner-only: it names what is
 * read), fsync'd, renamed over the old one, the folder fsync'd. A crash leaves the old state or
 * the new one, never half a file.
 */
export async function writeFollowState(stateFile: string, state: FollowState): Promise<void> {
  replaceFileDurably(stateFile, `${JSON.stringify({ version: STATE_VERSION, ...state })}\n`);
}

/** One file of a multi-file follow: its path when last seen (for people), identity and position. */
export interface FollowedFileState {
  readonly path: string;
  readonly dev: string;
  readonly ino: string;
  readonly offset: number;
  /** A rotated `.gz` file, read once: `offset` counts decompressed bytes. */
  readonly gzip?: true;
}

/** The state of `convert --follow` over several files: one commit covers every file and the outputs. */
export interface MultiFollowState {
  readonly files: readonly FollowedFileState[];
  readonly outputs?: readonly CommittedLength[];
}

const MULTI_STATE_VERSION = 2;

/** The saved multi-file state, or undefined when the file does not exist yet; a damaged file is an error. */
export async function readMultiFollowState(stateFile: string): Promise<MultiFollowState | undefined> {
  const state = await readStateJson(stateFile);
  if (state === undefined) return undefined;
  if (
    state === null ||
    typeof state !== "object" ||
    state["version"] !== MULTI_STATE_VERSION ||
    !Array.isArray(state["files"]) ||
    !state["files"].every(isFileState)
  ) {
    throw damaged(
      stateFile,
      `expected {"version":${MULTI_STATE_VERSION},"files":[{"path","dev","ino","offset"}]} (a state file of a one-file follow cannot be used for several files)`,
    );
  }
  const outputs = state["outputs"];
  if (outputs !== undefined && !(Array.isArray(outputs) && outputs.every(isCommittedLength))) {
    throw damaged(stateFile, `"outputs" must be a list of {"path","dev","ino","length"}`);
  }
  const files = (state["files"] as Record<string, unknown>[]).map((f) => ({
    path: f["path"] as string,
    dev: f["dev"] as string,
    ino: f["ino"] as string,
    offset: f["offset"] as number,
    ...(f["gzip"] === true ? { gzip: true as const } : {}),
  }));
  return { files, ...(outputs !== undefined ? { outputs: outputs as CommittedLength[] } : {}) };
}

function isFileState(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["path"] === "string" &&
    typeof v["dev"] === "string" &&
    typeof v["ino"] === "string" &&
    Number.isSafeInteger(v["offset"]) &&
    (v["offset"] as number) >= 0
  );
}

/** Replaces the multi-file state atomically (see writeFollowState). */
export async function writeMultiFollowState(stateFile: string, state: MultiFollowState): Promise<void> {
  replaceFileDurably(stateFile, `${JSON.stringify({ version: MULTI_STATE_VERSION, ...state })}\n`);
}
