// Golden-file cases: run one fixture through the real pipeline with a deterministic context and
// give the result in the shape of `<case>.expected.json`. Shared by the golden test, the
// regeneration script and plugin authors' own tests.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Converter } from "../core/converter.js";
import type { IdmefVersion } from "../core/versions.js";
import { runPipeline } from "./pipeline.js";
import { MemorySinks } from "./sinks.js";
import { fileInput } from "./sources.js";

/** The content of `<case>.expected.json`. */
export interface GoldenResult {
  messages: unknown[];
  skipped: Record<string, number>;
  rejected: { line: number; reason: string }[];
  warnings: { line: number; message: string }[];
}

export interface GoldenCase {
  /** "format/case" or "format/invalid/case", for test names. */
  readonly name: string;
  readonly input: string;
  readonly expected: string;
  readonly options: string;
}

/** The fixed "now" of golden runs (also the reference time for syslog year inference). */
export const GOLDEN_NOW = "2026-01-15T12:00:00Z";

/** IDs 00000000-0000-4000-8000-000000000001, ...002, ... : a fresh counter per case. */
export function goldenIds(): () => string {
  let counter = 0;
  return () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;
}

const NOT_INPUTS = [".expected.json", ".options.json"];
const NOT_INPUT_NAMES = new Set(["SOURCES.md", "README.md"]);

/** Every case in `fixtures/<format>/` and its `invalid/` folder. */
export function goldenCases(formatDir: string, format: string): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const [dir, prefix] of [
    [formatDir, format],
    [join(formatDir, "invalid"), `${format}/invalid`],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const path = join(dir, file);
      if (file.startsWith(".") || NOT_INPUT_NAMES.has(file) || NOT_INPUTS.some((s) => file.endsWith(s))) continue;
      if (!statSync(path).isFile()) continue;
      const dot = file.lastIndexOf(".");
      const stem = dot > 0 ? file.slice(0, dot) : file;
      cases.push({
        name: `${prefix}/${basename(file)}`,
        input: path,
        expected: join(dir, `${stem}.expected.json`),
        options: join(dir, `${stem}.options.json`),
      });
    }
  }
  return cases;
}

/** Runs one case through the pipeline as the CLI would, with deterministic IDs and time. */
export async function runGoldenCase(
  converter: Converter,
  goldenCase: { readonly input: string; readonly options?: string },
  version: IdmefVersion = "2.D.V08",
): Promise<GoldenResult> {
  const options = goldenCase.options !== undefined && existsSync(goldenCase.options)
    ? (JSON.parse(readFileSync(goldenCase.options, "utf8")) as Record<string, unknown>)
    : {};
  const sinks = new MemorySinks();
  const report = await runPipeline({
    converter,
    inputs: [fileInput(goldenCase.input)],
    options,
    version,
    newId: goldenIds(),
    now: () => GOLDEN_NOW,
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
  });
  return {
    messages: sinks.messages.map((m) => JSON.parse(JSON.stringify(m)) as unknown),
    skipped: { ...report.stats.skipped },
    rejected: sinks.rejects.map((r) => ({ line: r.line, reason: r.reason })),
    warnings: sinks.warnings.map((w) => ({ line: w.line, message: w.message })),
  };
}

/** The expected.json text for a result (stable formatting, so regenerating gives no diff). */
export function formatGolden(result: GoldenResult): string {
  return JSON.stringify(result, null, 2) + "\n";
}

/** What checkGoldenFolder found: cases whose output differs from (or lacks) its expected file. */
export interface GoldenFolderReport {
  readonly cases: number;
  /** Case names whose expected file is missing or differs (after an update: the ones rewritten). */
  readonly changed: readonly string[];
  readonly updated: boolean;
}

/**
 * Runs every case of a fixtures folder (`<case>.<ext>` beside `<case>.expected.json`, invalid
 * inputs under `invalid/`) and compares each with its expected file; with `update`, rewrites the
 * expected files that differ. What `idmefv2 golden` and plugin authors' tests run.
 */
export async function checkGoldenFolder(
  converter: Converter,
  folder: string,
  options: { readonly update?: boolean; readonly version?: IdmefVersion } = {},
): Promise<GoldenFolderReport> {
  const cases = goldenCases(folder, converter.format);
  const changed: string[] = [];
  for (const goldenCase of cases) {
    const text = formatGolden(await runGoldenCase(converter, goldenCase, options.version));
    const expected = existsSync(goldenCase.expected) ? readFileSync(goldenCase.expected, "utf8") : undefined;
    if (expected === text) continue;
    changed.push(goldenCase.name);
    if (options.update === true) writeFileSync(goldenCase.expected, text);
  }
  return { cases: cases.length, changed, updated: options.update === true };
}
