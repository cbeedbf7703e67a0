// What `idmefv2 convert` does to its arguments before the pipeline runs, as a library function:
// paths, folders, name patterns and "-" become PipelineInputs, each with its converter (given, or
// detected from the input's first bytes) and that converter's options. Everything is looked at
// before anything is opened, so a wrong argument fails the run before it reads or writes a byte.
import { createReadStream, lstatSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Converter } from "../core/converter.js";
import { IdmefError } from "../core/errors.js";
import { detectFormat, peekStream } from "../framework/detect.js";
import type { FormatRegistry } from "../framework/registry.js";
import { fileInput, READ_CHUNK_BYTES, stdinInput, type PipelineInput } from "../framework/sources.js";
import { readFileSample } from "./file-sample.js";
import { filesMatching, hasWildcard } from "./follow/file-pattern.js";

export interface OpenInputsOptions {
  /** The formats detection chooses from (and that `converter` would come from). */
  readonly registry: FormatRegistry;
  /** One converter for every input (`--from`); without it each input's format is detected. */
  readonly converter?: Converter;
  /** The options of an input's converter (default: none). */
  readonly optionsFor?: (converter: Converter) => Readonly<Record<string, unknown>>;
  /** Told about inputs left out because they are empty (default: ignored). */
  readonly onNotice?: (notice: string) => void;
  /** What "-" reads (default: process.stdin). */
  readonly stdin?: AsyncIterable<Buffer | string>;
}

/**
 * Opens the inputs `paths` name, in order: a file; "-" for stdin; a folder, for the regular files
 * under it (recursively, sorted, names starting with a dot left out); a pattern with `*` or `?`
 * in its file name (`logs/*.log`), for the files it matches now, sorted. Pipes and process
 * substitution are read once: detection peeks at their first bytes and replays them. Empty files
 * are left out (with a notice) when the format is to be detected: they have none.
 *
 * Throws IdmefError INPUT_ERROR for a path that does not exist, a pattern or folder that names no
 * file, or "-" given twice; UNKNOWN_FORMAT / AMBIGUOUS_FORMAT when detection cannot choose.
 */
export async function openInputs(paths: readonly string[], options: OpenInputsOptions): Promise<PipelineInput[]> {
  const { registry, converter: fixed, optionsFor = () => ({}), onNotice = () => {} } = options;
  // Every file's format is decided before any stream is opened, so a file detection cannot read
  // fails the run with nothing left open.
  const planned: { path: string; converter?: Converter }[] = [];
  for (const { path, kind } of expandPaths(paths)) {
    if (kind === undefined || !kind.isFile())
      planned.push({ path }); // read once: detected below, from the stream
    // An empty file has no format to detect and no record: leave it out rather than fail the run
    // (a cron job over a freshly rotated log finds empty files).
    else if (fixed === undefined && kind.size === 0) onNotice(`${path}: empty, nothing to convert`);
    else planned.push({ path, converter: fixed ?? detectFormat(readFileSample(path), registry, path).entry.converter });
  }
  const inputs: PipelineInput[] = [];
  try {
    for (const { path, converter } of planned) {
      if (converter !== undefined) {
        inputs.push(fileInput(path, { converter, options: optionsFor(converter) }));
        continue;
      }
      // stdin, pipes and process substitution (<(zcat eve.json.gz)) can be read only once:
      // detection peeks at their first bytes and replays them.
      const stream = path === "-" ? (options.stdin ?? stdinInput().stream) : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
      if (fixed !== undefined) {
        inputs.push({ name: path, stream, converter: fixed, options: optionsFor(fixed) });
        continue;
      }
      const peeked = await peekStream(stream);
      const what = path === "-" ? "stdin" : path;
      if (peeked.sample.length === 0) {
        onNotice(`${what}: empty, nothing to convert`);
        continue;
      }
      const detected = detectFormat(peeked.sample, registry, what).entry.converter;
      inputs.push({ name: path, stream: peeked.stream, converter: detected, options: optionsFor(detected) });
    }
  } catch (error) {
    for (const input of inputs) (input.stream as { destroy?: () => void }).destroy?.();
    throw error;
  }
  return inputs;
}

interface NamedPath {
  readonly path: string;
  /** Undefined for stdin. */
  readonly kind?: Stats;
}

/** Every argument resolved to the files it names, checked before any is opened. */
function expandPaths(paths: readonly string[]): NamedPath[] {
  if (paths.filter((p) => p === "-").length > 1) throw inputError('stdin ("-") can be read only once');
  const named: NamedPath[] = [];
  for (const path of paths) {
    if (path === "-") {
      named.push({ path });
      continue;
    }
    const kind = statOrUndefined(path);
    if (kind === undefined && hasWildcard(path)) {
      const matched = filesMatching(path);
      if (matched.length === 0) throw inputError(`no file matches ${path}`);
      for (const file of matched) named.push({ path: file, kind: statSync(file) });
      continue;
    }
    if (kind === undefined) throw inputError(`cannot read ${path}: no such file`);
    if (kind.isDirectory()) {
      const found = filesUnder(path);
      if (found.length === 0) throw inputError(`no file in folder ${path}`);
      named.push(...found);
      continue;
    }
    named.push({ path, kind });
  }
  return named;
}

/** The regular files under a folder, depth first in name order; dot names and links to folders left out. */
function filesUnder(folder: string): NamedPath[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    throw inputError(`cannot read folder ${folder}: ${(error as Error).message}`);
  }
  const found: NamedPath[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const path = join(folder, name);
    const kind = statOrUndefined(path);
    if (kind === undefined) continue; // vanished, or a dangling link
    // A symbolic link to a folder could loop: only real sub-folders are walked.
    if (kind.isDirectory()) {
      if (!isSymbolicLink(path)) found.push(...filesUnder(path));
    } else if (kind.isFile()) found.push({ path, kind });
  }
  return found;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function inputError(message: string): IdmefError {
  return new IdmefError("INPUT_ERROR", message);
}
