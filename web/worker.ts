// The conversion worker: the library's own pipeline and validator, run off the page's thread so
// a large input never freezes it. Nothing leaves the browser.
import { builtinConverters } from "../src/converters/index.js";
import { IdmefError, isIdmefError } from "../src/core/errors.js";
import { parseJsonObject } from "../src/core/serialization.js";
import { JsonRecordSplitter } from "../src/core/json-records.js";
import { validateStream } from "../src/core/validate-stream.js";
import { DEFAULT_VERSION, KNOWN_VERSIONS, isKnownVersion } from "../src/core/versions.js";
import { detectFormat, SAMPLE_BYTES } from "../src/framework/detect.js";
import { runPipeline } from "../src/framework/pipeline.js";
import { FormatRegistry } from "../src/framework/registry.js";
import type { ConversionWarning, RejectedRecord } from "../src/framework/sinks.js";
import type { ConvertReply, ValidateReply, ValidatedMessage, WorkerReply, WorkerRequest } from "./protocol.js";

// The same registry the CLI builds before plugins: every built-in, in registration order.
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const CHUNK_BYTES = 64 * 1024;
const encoder = new TextEncoder();

/** The input as the pipeline reads a file: UTF-8 bytes in 64 KiB chunks. */
async function* chunksOf(text: string): AsyncGenerator<Buffer> {
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK_BYTES, bytes.length - at));
  }
}

/** The options box: a JSON object (parsed with the library's safe parser: no __proto__ keys), or empty. */
function converterOptions(text: string): Readonly<Record<string, unknown>> | undefined {
  if (text.trim() === "") return undefined;
  try {
    return parseJsonObject(text, "converter options").fields;
  } catch (error) {
    throw new IdmefError("CONFIG_ERROR", `options: ${(error as Error).message}; write a JSON object such as {"timezone": "Z"}`);
  }
}

async function convert(request: Extract<WorkerRequest, { kind: "convert" }>): Promise<ConvertReply> {
  let converter;
  let detectedScore: number | undefined;
  if (request.format === "auto") {
    const sample = new TextDecoder().decode(encoder.encode(request.text.slice(0, SAMPLE_BYTES)).subarray(0, SAMPLE_BYTES));
    const detection = detectFormat(sample, registry, request.name);
    converter = detection.entry.converter;
    detectedScore = detection.score;
  } else {
    converter = registry.get(request.format);
  }
  if (!isKnownVersion(request.targetVersion)) throw new IdmefError("CONFIG_ERROR", `unknown target version ${request.targetVersion}`);
  const options = converterOptions(request.options);
  const messages: unknown[] = [];
  const rejects: RejectedRecord[] = [];
  const warnings: ConversionWarning[] = [];
  const report = await runPipeline({
    converter,
    inputs: [{ name: request.name, stream: chunksOf(request.text) }],
    version: request.targetVersion,
    ...(options === undefined ? {} : { options }),
    sinks: {
      // What the CLI writes as NDJSON, as a plain value the worker can post.
      messages: { write: (message) => void messages.push(JSON.parse(JSON.stringify(message)) as unknown) },
      rejects: { write: (reject) => void rejects.push(reject) },
      warnings: { write: (warning) => void warnings.push(warning) },
    },
  });
  return {
    kind: "convert",
    format: converter.format,
    ...(detectedScore === undefined ? {} : { detectedScore }),
    messages,
    rejects,
    warnings,
    stats: report.stats,
    balanced: report.balanced,
  };
}

/** The JSON records of the input by starting line, split as `idmefv2 validate` splits them. */
function recordsByLine(text: string): Map<number, string> {
  const splitter = new JsonRecordSplitter();
  const records = new Map<number, string>();
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const record of splitter.push(i + 1, line.endsWith("\r") ? line.slice(0, -1) : line)) records.set(record.line, record.text);
  });
  for (const record of splitter.end()) records.set(record.line, record.text);
  return records;
}

function parsedOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function validate(request: Extract<WorkerRequest, { kind: "validate" }>): Promise<ValidateReply> {
  const records = recordsByLine(request.text);
  const results: ValidatedMessage[] = [];
  for await (const verdict of validateStream(chunksOf(request.text))) {
    const message = parsedOrUndefined(records.get(verdict.line));
    results.push({ ...verdict, ...(message === undefined ? {} : { message }) });
  }
  return { kind: "validate", results };
}

async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    switch (request.kind) {
      case "init":
        return {
          kind: "init",
          formats: registry.entries().map(({ converter }) => ({
            format: converter.format,
            description: converter.description,
            aliases: converter.aliases ?? [],
          })),
          versions: KNOWN_VERSIONS,
          defaultVersion: DEFAULT_VERSION,
        };
      case "convert":
        return await convert(request);
      case "validate":
        return await validate(request);
    }
  } catch (error) {
    // Library errors carry a stable code and a message meant for the user (unknown format,
    // ambiguous detection...); anything else is a bug, shown as such.
    if (isIdmefError(error)) return { kind: "error", code: error.code, message: error.message };
    return { kind: "error", code: "INTERNAL_ERROR", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void answer(event.data).then((reply) => self.postMessage(reply));
};
