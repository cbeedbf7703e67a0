// Checks that every output of a run (messages, rejects, follow state, spool) is its own file: two
// writers sharing one file interleave and overwrite each other's lines.
import { fstatSync, lstatSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { IdmefError } from "../core/errors.js";

/** One output of a run, named as the user named it. `path` "-" is standard output. */
export interface RunOutput {
  /** How the user gave it: "--out", "--rejects (default <out>.rejects.ndjson)", "--state", "--spool". */
  readonly role: string;
  readonly path: string;
  /** A folder the output owns entirely (the spool): no other output may lie inside it. */
  readonly folder?: boolean;
}

/** What a path will open, whether or not it exists yet. */
interface Resolved {
  readonly output: RunOutput;
  /** Absolute path with every symbolic link resolved (of the parent, when the file is missing). */
  readonly real: string;
  /** Device and inode of an existing file (or of standard output): catches hard links too. */
  readonly id: string | undefined;
}

const STDOUT = "-";
/** Symbolic links followed at most while resolving a missing file (the kernel's own limit). */
const MAX_LINKS = 40;

/**
 * Throws a CONFIG_ERROR (a usage error) when two outputs are the same file, when an output lies
 * inside a folder output, or when an output is one of `inputs` (it would be truncated before it
 * is read). /dev/null may be shared: nothing is kept there to be corrupted.
 */
export function assertDistinctOutputs(outputs: readonly RunOutput[], inputs: readonly string[] = []): void {
  const resolved = outputs.map(resolveOutput).filter((r) => !isDevNull(r));
  for (let i = 0; i < resolved.length; i++) {
    for (let j = i + 1; j < resolved.length; j++) {
      const a = resolved[i]!;
      const b = resolved[j]!;
      if (a.real === b.real || (a.id !== undefined && a.id === b.id)) {
        throw new IdmefError(
          "CONFIG_ERROR",
          `${a.output.role} ${a.output.path} and ${b.output.role} ${b.output.path} are the same ${a.real === "<stdout>" ? "stream (standard output)" : `file (${a.real})`}: ` +
            `two writers would corrupt each other's lines; give ${b.output.role} its own file`,
        );
      }
      for (const [folder, file] of [
        [a, b],
        [b, a],
      ] as const) {
        if (folder.output.folder === true && file.real.startsWith(folder.real + sep)) {
          throw new IdmefError(
            "CONFIG_ERROR",
            `${file.output.role} ${file.output.path} lies inside ${folder.output.role} ${folder.output.path}, which the spool owns; put it elsewhere`,
          );
        }
      }
    }
  }
  const inputIds = new Set(
    inputs
      .filter((f) => f !== STDOUT)
      .map((f) => identity(statOrUndefined(f)))
      .filter((id) => id !== undefined),
  );
  for (const r of resolved) {
    if (r.id !== undefined && r.output.path !== STDOUT && inputIds.has(r.id)) {
      throw new IdmefError(
        "CONFIG_ERROR",
        `${r.output.path} is also an input: writing it would destroy what is to be read; choose another output file`,
      );
    }
  }
}

function resolveOutput(output: RunOutput): Resolved {
  if (output.path === STDOUT) {
    let stats: Stats | undefined;
    try {
      stats = fstatSync(1);
    } catch {
      stats = undefined;
    }
    return { output, real: "<stdout>", id: stats === undefined || isNullDevice(stats) ? undefined : identity(stats) };
  }
  const real = realPath(output.path);
  return { output, real, id: identity(statOrUndefined(output.path)) };
}

/** The real path of `path`, following symbolic links even when the file they name does not exist yet. */
function realPath(path: string): string {
  let current = resolve(path);
  for (let links = 0; links < MAX_LINKS; links++) {
    try {
      return realpathSync(current);
    } catch {
      // Missing (or a dangling link): resolve the folder, then follow the link by hand if it is one.
    }
    let link: string | undefined;
    try {
      if (lstatSync(current).isSymbolicLink()) link = readlinkSync(current);
    } catch {
      link = undefined;
    }
    if (link === undefined) {
      let folder: string;
      try {
        folder = realpathSync(dirname(current));
      } catch {
        folder = dirname(current);
      }
      return join(folder, basename(current));
    }
    current = isAbsolute(link) ? link : resolve(dirname(current), link);
  }
  return current;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function identity(stats: Stats | undefined): string | undefined {
  return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`;
}

let nullDevice: Stats | undefined | null = null;

function isNullDevice(stats: Stats): boolean {
  if (nullDevice === null) nullDevice = statOrUndefined("/dev/null");
  return nullDevice !== undefined && stats.isCharacterDevice() && stats.rdev === nullDevice.rdev;
}

function isDevNull(r: Resolved): boolean {
  if (r.real === "/dev/null") return true;
  if (r.output.path === STDOUT) return false;
  const stats = statOrUndefined(r.output.path);
  return stats !== undefined && isNullDevice(stats);
}
