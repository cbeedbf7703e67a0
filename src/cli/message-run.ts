// What `migrate` and `send` share: reading IDMEFv2 messages already made (JSON, NDJSON, pretty-
// printed sequences, as `validate` reads them), checking each against its own draft, translating
// it when asked, and handing it to the run's sinks, with the books `convert` keeps.
import { createReadStream, existsSync, statSync } from "node:fs";
import { boundedLines } from "../core/bounded-lines.js";
import { isIdmefError } from "../core/errors.js";
import { JsonRecordSplitter } from "../core/json-records.js";
import { Message } from "../core/message.js";
import type { Problem } from "../core/problems.js";
import { forbiddenKeyProblems, parseJsonObject, SerializationError } from "../core/serialization.js";
import { translateMessage } from "../core/translate/index.js";
import { messageProblems } from "../core/validator.js";
import type { IdmefVersion } from "../core/versions.js";
import { Accounting, type RunStats } from "../framework/accounting.js";
import type { MessageSink, RejectSink, WarningSink } from "../framework/sinks.js";
import { UsageError } from "./exit-codes.js";

export interface MessageRunOptions {
  /** Translate every message to this draft; undefined keeps each in its own draft. */
  readonly to: IdmefVersion | undefined;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  readonly maxRecordBytes: number;
  readonly sinks: { readonly messages: MessageSink; readonly rejects: RejectSink; readonly warnings: WarningSink };
}

export interface MessageRunReport {
  readonly stats: RunStats;
  readonly balanced: boolean;
}

/** Checks the inputs before anything is opened: a missing file or a folder is a usage error (exit 2). */
export function checkMessageInputs(files: readonly string[]): void {
  if (files.filter((f) => f === "-").length > 1) throw new UsageError('stdin ("-") can be read only once');
  for (const file of files) {
    if (file === "-") continue;
    if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
    if (statSync(file).isDirectory()) throw new UsageError(`cannot read ${file}: it is a folder (give the files)`);
  }
}

/** Reads every input in turn; resolves with the books once the sinks are flushed and closed. */
export async function runMessages(files: readonly string[], options: MessageRunOptions): Promise<MessageRunReport> {
  const accounting = new Accounting();
  const { sinks } = options;
  try {
    for (const file of files) {
      const name = file === "-" ? "<stdin>" : file;
      const stream = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
      accounting.stats.files++;
      try {
        await readInput(name, stream, options, accounting);
      } catch (error) {
        if (typeof (error as NodeJS.ErrnoException).syscall === "string")
          throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
        throw error;
      }
    }
  } finally {
    await sinks.messages.close?.();
    await sinks.rejects.close?.();
  }
  return { stats: accounting.stats, balanced: accounting.balances() };
}

async function readInput(
  name: string,
  stream: AsyncIterable<Buffer | string>,
  options: MessageRunOptions,
  accounting: Accounting,
): Promise<void> {
  const splitter = new JsonRecordSplitter(options.maxRecordBytes);
  const handle = async (line: number, text: string | undefined, size?: number): Promise<void> => {
    if (text === undefined) {
      await reject(
        name,
        line,
        "RECORD_TOO_LARGE",
        `record of ${size ?? 0} bytes is longer than the limit of ${options.maxRecordBytes} bytes`,
        [],
        "",
        options,
        accounting,
      );
      return;
    }
    if (text.trim() === "") {
      accounting.skipped("blank");
      return;
    }
    await handleRecord(name, line, text, options, accounting);
  };
  for await (const line of boundedLines(stream, options.maxRecordBytes)) {
    if (line.tooLongBytes !== undefined) {
      for (const record of splitter.end())
        await handle(record.line, record.tooLongChars === undefined ? record.text : undefined, record.tooLongChars);
      await handle(line.number, undefined, line.tooLongBytes);
      continue;
    }
    for (const record of splitter.push(line.number, line.text))
      await handle(record.line, record.tooLongChars === undefined ? record.text : undefined, record.tooLongChars);
  }
  for (const record of splitter.end())
    await handle(record.line, record.tooLongChars === undefined ? record.text : undefined, record.tooLongChars);
}

async function handleRecord(file: string, line: number, text: string, options: MessageRunOptions, accounting: Accounting): Promise<void> {
  let fields: Record<string, unknown>;
  try {
    const parsed = parseJsonObject(text, "message");
    const forbidden = forbiddenKeyProblems(parsed.droppedKeys ?? []);
    if (forbidden.length > 0)
      return reject(file, line, "INVALID_MESSAGE", `refused: ${forbidden[0]!.message}`, forbidden, text, options, accounting);
    fields = parsed.fields as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof SerializationError)) throw error;
    return reject(file, line, "MALFORMED_JSON", error.message, [], text, options, accounting);
  }
  // Each message is checked against its own draft first: a translation of an invalid message would
  // hide what was wrong with it.
  const own = messageProblems(fields, { semantic: "off" }).filter((p) => p.severity === "error");
  if (own.length > 0) {
    const more = own.length > 1 ? ` (and ${own.length - 1} more)` : "";
    const version = typeof fields["Version"] === "string" ? fields["Version"] : "IDMEFv2";
    return reject(
      file,
      line,
      "INVALID_MESSAGE",
      `invalid ${version} message: ${own[0]!.pointer || "/"}: ${own[0]!.message}${more}`,
      own,
      text,
      options,
      accounting,
    );
  }
  let message = fields;
  if (options.to !== undefined || options.defaults !== undefined) {
    try {
      const target = options.to ?? (fields["Version"] as IdmefVersion);
      const translation = translateMessage(fields, target, options.defaults !== undefined ? { defaults: options.defaults } : {});
      for (const warning of translation.warnings) {
        accounting.stats.warnings++;
        options.sinks.warnings.write({ file, line, message: `${warning.pointer}: ${warning.message}` });
      }
      message = translation.message;
    } catch (error) {
      if (!isIdmefError(error)) throw error;
      const problems = (error as { problems?: readonly Problem[] }).problems ?? [];
      return reject(file, line, error.code, error.message, problems, text, options, accounting);
    }
  }
  accounting.converted(1);
  await options.sinks.messages.write(Object.assign(new Message(), message), { file, line });
}

async function reject(
  file: string,
  line: number,
  code: string,
  reason: string,
  problems: readonly Problem[],
  record: string,
  options: MessageRunOptions,
  accounting: Accounting,
): Promise<void> {
  accounting.rejected(code);
  await options.sinks.rejects.write({ file, line, code, reason, problems, record });
}
