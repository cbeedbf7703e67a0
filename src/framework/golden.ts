// Golden-file cases: run one fixture through the real pipeline with a deterministic context and
// give the result in the shape of `<case>.expected.json`. Shared by the golden test, the
// regeneration script and plugin authors' own tests.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Converter } from "../core/converter.js";
import { isPlainObject, pointerKey } from "../core/translate/fields.js";
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
  const options =
    goldenCase.options !== undefined && existsSync(goldenCase.options)
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

/** A case whose result is not its expected file, and why. */
export interface GoldenCaseFailure {
  /** "format/case.ext" or "format/invalid/case.ext". */
  readonly name: string;
  /** The expected file's path. */
  readonly expected: string;
  /** "no expected file", "the expected file is not JSON: ...", or where the result first differs. */
  readonly reason: string;
}

/** What checkGoldenFolder found: cases whose output differs from (or lacks) its expected file. */
export interface GoldenFolderReport {
  readonly cases: number;
  /** Case names whose expected file is missing or differs (after an update: the ones rewritten). */
  readonly changed: readonly string[];
  /** The same cases, each with its expected file and the first difference. */
  readonly failures: readonly GoldenCaseFailure[];
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
  const failures: GoldenCaseFailure[] = [];
  for (const goldenCase of cases) {
    const result = await runGoldenCase(converter, goldenCase, options.version);
    const text = formatGolden(result);
    const expected = existsSync(goldenCase.expected) ? readFileSync(goldenCase.expected, "utf8") : undefined;
    if (expected === text) continue;
    failures.push({
      name: goldenCase.name,
      expected: goldenCase.expected,
      reason: expected === undefined ? "no expected file" : goldenDifference(expected, result),
    });
    if (options.update === true) writeFileSync(goldenCase.expected, text);
  }
  return { cases: cases.length, changed: failures.map((f) => f.name), failures, updated: options.update === true };
}

/** Where a result first differs from an expected file's text, as a JSON pointer with both values. */
function goldenDifference(expectedText: string, result: GoldenResult): string {
  let expected: unknown;
  try {
    expected = JSON.parse(expectedText);
  } catch (error) {
    return `the expected file is not JSON: ${(error as Error).message}`;
  }
  const actual = JSON.parse(JSON.stringify(result)) as unknown;
  return firstDifference(expected, actual, "") ?? "same content, different layout (--update rewrites it in the stable layout)";
}

function firstDifference(expected: unknown, actual: unknown, pointer: string): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const at = `${pointer}/${i}`;
      if (i >= expected.length) return `${at}: not expected, got ${shown(actual[i])}`;
      if (i >= actual.length) return `${at}: expected ${shown(expected[i])}, got nothing`;
      const found = firstDifference(expected[i], actual[i], at);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const at = `${pointer}/${pointerKey(key)}`;
      if (!Object.hasOwn(actual, key)) return `${at}: expected ${shown(expected[key])}, got nothing`;
      if (!Object.hasOwn(expected, key)) return `${at}: not expected, got ${shown(actual[key])}`;
      const found = firstDifference(expected[key], actual[key], at);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? undefined
    : `${pointer || "/"}: expected ${shown(expected)}, got ${shown(actual)}`;
}

/** A value in a difference line: its JSON, cut at 120 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
