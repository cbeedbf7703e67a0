// `idmefv2 validate [FILE...]`: checks IDMEFv2 messages in files, folders or stdin and reports every problem.
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { Option, type Command } from "commander";
import type { Problem } from "../../core/problems.js";
import type { RecordVerdict } from "../../core/validate-stream.js";
import { KNOWN_VERSIONS, type IdmefVersion, type VersionPolicy } from "../../core/versions.js";
import { EXIT_OK, EXIT_REJECTS, UsageError } from "../exit-codes.js";
import { parseByteCount } from "../byte-count.js";

/** Same as DEFAULT_MAX_VALIDATE_RECORD_BYTES of core/validate-stream.ts (16 MiB), without importing it at start-up. */
const DEFAULT_MAX_RECORD_SIZE = "16M";

interface ValidateCommandOptions {
  json?: boolean;
  versionPolicy: VersionPolicy;
  schemaVersion?: IdmefVersion;
  semantic: "warning" | "error" | "off";
  semanticErrors?: boolean;
  maxRecordBytes: string;
  quiet?: boolean;
}

/** An input to read: a file path, or stdin (named "-" in reports as "<stdin>"). */
interface Input {
  readonly name: string;
  readonly path: string | undefined;
}

/** File names a folder argument contributes: JSON and NDJSON files, walked recursively. */
const MESSAGE_FILE = /\.(json|ndjson|jsonl)$/i;
/** Golden-test side files (`<case>.expected.json`, `<case>.options.json`) are not messages. */
const FIXTURE_SIDECAR = /\.(expected|options)\.json$/i;

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else if (MESSAGE_FILE.test(entry.name) && !FIXTURE_SIDECAR.test(entry.name)) found.push(full);
  }
  return found;
}

/** Resolves the arguments to inputs, failing (exit 2) before any output when one cannot be read. */
async function resolveInputs(args: readonly string[]): Promise<Input[]> {
  if (args.length === 0) return [{ name: "<stdin>", path: undefined }];
  const inputs: Input[] = [];
  if (args.filter((arg) => arg === "-").length > 1) throw new UsageError('stdin ("-") can be read only once');
  for (const arg of args) {
    if (arg === "-") {
      inputs.push({ name: "<stdin>", path: undefined });
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
      throw new UsageError(`cannot read ${arg}: ${why}`);
    }
    if (info.isDirectory()) {
      const files = await filesUnder(arg).catch((error: unknown) => {
        throw new UsageError(`cannot read folder ${arg}: ${(error as Error).message}`);
      });
      if (files.length === 0) throw new UsageError(`no .json, .ndjson or .jsonl file in folder ${arg}`);
      inputs.push(...files.map((f) => ({ name: f, path: f })));
    } else {
      inputs.push({ name: arg, path: arg });
    }
  }
  return inputs;
}

function formatProblem(problem: Problem): string {
  const where = problem.pointer === "" ? "(message)" : problem.pointer;
  const tag = problem.severity === "warning" ? "warning: " : "";
  return `  ${tag}${where}: ${problem.message} [${problem.keyword}]`;
}

function place(input: Input, verdict: RecordVerdict): string {
  return `${input.name}:${verdict.line}${verdict.column === undefined ? "" : `:${verdict.column}`}`;
}

interface Totals {
  messages: number;
  invalid: number;
  warnings: number;
}

async function validateInput(input: Input, options: ValidateCommandOptions, maxRecordBytes: number, totals: Totals): Promise<void> {
  const stream = input.path === undefined ? process.stdin : createReadStream(input.path, { highWaterMark: 64 * 1024 });
  const semantic = options.semanticErrors === true ? "error" : options.semantic;
  const out = process.stdout;
  // Imported here, not at the top: other subcommands then start without loading the validators' code.
  const { validateStream } = await import("../../core/validate-stream.js");
  try {
    const validateOptions = {
      versionPolicy: options.versionPolicy,
      semantic,
      maxRecordBytes,
      ...(options.schemaVersion === undefined ? {} : { version: options.schemaVersion }),
    };
    for await (const verdict of validateStream(stream, validateOptions)) {
      totals.messages++;
      if (!verdict.valid) totals.invalid++;
      const warnings = verdict.problems.filter((p) => p.severity === "warning").length;
      totals.warnings += warnings;
      if (verdict.problems.length === 0) continue;
      if (options.json === true) {
        for (const problem of verdict.problems) {
          const line = {
            file: input.name,
            line: verdict.line,
            ...(verdict.column === undefined ? {} : { column: verdict.column }),
            ...problem,
          };
          await write(out, `${JSON.stringify(line)}\n`);
        }
      } else {
        const errors = verdict.problems.length - warnings;
        const head = verdict.valid
          ? `${place(input, verdict)}: valid, with ${warnings} warning${warnings === 1 ? "" : "s"}`
          : `${place(input, verdict)}: invalid message (${errors} problem${errors === 1 ? "" : "s"})`;
        await write(out, [head, ...verdict.problems.map(formatProblem)].join("\n") + "\n");
      }
    }
  } catch (error) {
    // The file was checked before; a read error now (removed, a device error) is still a usage error.
    if (typeof (error as NodeJS.ErrnoException).syscall === "string") {
      throw new UsageError(`cannot read ${input.name}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Writes and waits for the stream to drain when its buffer is full (bounded memory on big reports). */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve) => stream.once("drain", () => resolve()));
}

async function runValidate(files: string[], options: ValidateCommandOptions): Promise<void> {
  const maxRecordBytes = parseByteCount(options.maxRecordBytes, "--max-record-bytes");
  const inputs = await resolveInputs(files);
  const totals: Totals = { messages: 0, invalid: 0, warnings: 0 };
  // `idmefv2 validate big.ndjson | head`: the reader went away; stop quietly, as other tools do,
  // with the exit code of what was seen so far.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(totals.invalid > 0 ? EXIT_REJECTS : EXIT_OK);
  });
  for (const input of inputs) await validateInput(input, options, maxRecordBytes, totals);
  const valid = totals.messages - totals.invalid;
  const summary =
    `checked ${totals.messages} message${totals.messages === 1 ? "" : "s"} in ${inputs.length} input${inputs.length === 1 ? "" : "s"}: ` +
    `${valid} valid, ${totals.invalid} invalid` +
    (totals.warnings > 0 ? `, ${totals.warnings} warning${totals.warnings === 1 ? "" : "s"}` : "");
  // With --json stdout carries only NDJSON; the summary goes to stderr.
  if (options.quiet !== true) (options.json === true ? process.stderr : process.stdout).write(`${summary}\n`);
  process.exitCode = totals.invalid > 0 ? EXIT_REJECTS : EXIT_OK;
}

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("validate IDMEFv2 messages (JSON or NDJSON) in files, folders or stdin; exit 1 when any is invalid")
    .argument("[file...]", 'files or folders to check ("-" or nothing: stdin)')
    .option("--json", "print each problem as one JSON line (NDJSON) on stdout; the summary goes to stderr")
    .addOption(
      new Option("--version-policy <policy>", 'for an unknown Version: "strict" (an error) or "latest" (validate against 2.D.V08)')
        .choices(["strict", "latest"])
        .default("strict"),
    )
    .addOption(
      new Option("--semantic <level>", "checks beyond the schema (attachment references, StartTime <= EndTime, unique IDs)")
        .choices(["warning", "error", "off"])
        .default("warning"),
    )
    .addOption(
      new Option("--schema-version <version>", "validate against this schema version, whatever each message's Version says").choices([
        ...KNOWN_VERSIONS,
      ]),
    )
    .option("--semantic-errors", "same as --semantic error: semantic problems make a message invalid")
    .option("--max-record-bytes <bytes>", "longest line or message accepted (k/M suffixes)", DEFAULT_MAX_RECORD_SIZE)
    .option("-q, --quiet", "no summary line")
    .action(async (files: string[], options: ValidateCommandOptions) => {
      await runValidate(files, options);
    });
}
