// Shared helpers for the framework tests: run a converter over text and collect everything.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Converter } from "../../src/core/converter.js";
import type { Framed, Framer } from "../../src/framework/framers/index.js";
import { runPipeline, type PipelineOptions, type PipelineReport } from "../../src/framework/pipeline.js";
import { MemorySinks } from "../../src/framework/sinks.js";
import { textInput } from "../../src/framework/sources.js";

export const FIXED_NOW = "2026-01-15T12:00:00Z";

export function counterIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
}

export interface Collected extends PipelineReport {
  readonly sinks: MemorySinks;
}

export async function convertText(
  converter: Converter,
  text: string | Buffer,
  extra: Partial<PipelineOptions> & { chunkSize?: number; name?: string } = {},
): Promise<Collected> {
  const sinks = new MemorySinks();
  const { chunkSize, name, ...rest } = extra;
  const report = await runPipeline({
    converter,
    inputs: [textInput(name ?? "input.txt", text, chunkSize)],
    newId: counterIds(),
    now: () => FIXED_NOW,
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
    ...rest,
  });
  return { ...report, sinks };
}

/** Feeds a framer with the text cut into chunks of `chunkSize` bytes; returns everything framed. */
export function frameAll(framer: Framer, text: string | Buffer, chunkSize = 7): Framed[] {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const out: Framed[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) out.push(...framer.push(bytes.subarray(at, at + chunkSize)));
  out.push(...framer.end());
  return out;
}

export function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-test-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** A minimal valid 2.D.V08 message body (Version and ID come from the finisher). */
export function minimalMessage(description: string): Record<string, unknown> {
  return {
    CreateTime: "2026-01-15T12:00:00Z",
    Description: description,
    Analyzer: {
      IP: "192.0.2.1",
      Name: "test",
      Model: "test model",
      Category: ["NET.NIDS"],
      Data: ["Network"],
      Method: ["Signature"],
    },
  };
}
