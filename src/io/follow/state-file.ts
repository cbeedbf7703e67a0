// The follow state file: which file (device + inode) was being read and up to which byte everything is written.
import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { IdmefError } from "../../core/errors.js";

export interface FollowState {
  /** The followed path, as given (informative: the identity is dev + ino). */
  readonly path: string;
  /** Device and inode numbers, as decimal strings (inodes may exceed 2^53). */
  readonly dev: string;
  readonly ino: string;
  /** Byte offset in that file up to which every line is converted and its output flushed. */
  readonly offset: number;
}

const STATE_VERSION = 1;

/** The saved state, or undefined when the file does not exist yet; a damaged file is an error. */
export async function readFollowState(stateFile: string): Promise<FollowState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new IdmefError("CONFIG_ERROR", `cannot read the follow state file ${stateFile}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(stateFile, `not JSON (${(error as Error).message})`, error);
  }
  const state = value as Record<string, unknown> | null;
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
  return { path: state["path"], dev: state["dev"], ino: state["ino"], offset: state["offset"] as number };
}

function damaged(stateFile: string, why: string, cause?: unknown): IdmefError {
  return new IdmefError(
    "CONFIG_ERROR",
    `the follow state file ${stateFile} is damaged: ${why}. Delete it to start again from the beginning of the file.`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Replaces the state file atomically: write a temporary file beside it, fsync it, rename it over
 * the old one. A crash leaves either the old state or the new one, never half a file.
 */
export async function writeFollowState(stateFile: string, state: FollowState): Promise<void> {
  const temporary = `${stateFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temporary, "w", 0o644);
  try {
    await handle.writeFile(`${JSON.stringify({ version: STATE_VERSION, ...state })}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, stateFile);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
