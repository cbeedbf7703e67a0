// Shared helpers for the syslog tests: a deterministic context, and a partial deep-equality check.
import type { ConvertContext, ConvertOutput, SetupConverter } from "../../../src/core/converter.js";
import { syslog } from "../../../src/converters/syslog/index.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { createTestContext } from "../../../src/testing/index.js";

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

type RunFunction = (record: unknown, ctx: ConvertContext) => ConvertOutput;

/**
 * A run of a contract-2 converter set up with these options, checked as the framework checks
 * them (throws the CONFIG_ERROR a run would stop with). The family's setup is synchronous.
 */
export function setUpRun(
  converter: SetupConverter,
  options: Readonly<Record<string, unknown>>,
): { convert: RunFunction; options: Readonly<Record<string, unknown>> } {
  const checked = checkConverterOptions(converter, options);
  const convert = (converter.setup as (options: Readonly<Record<string, unknown>>) => unknown)(checked);
  if (typeof convert !== "function") throw new Error(`${converter.format}: setup did not return a convert function synchronously`);
  return { convert: convert as RunFunction, options: checked };
}

// One run per converter and options for a test file: later lines of a file see what earlier
// lines of the same file (input name) left, as in one real run.
const runs = new Map<SetupConverter, Map<string, ReturnType<typeof setUpRun>>>();

/** The shared test run of a converter for these options (see `runs`). */
export function sharedRun(converter: SetupConverter, options: Readonly<Record<string, unknown>>): ReturnType<typeof setUpRun> {
  let byOptions = runs.get(converter);
  if (byOptions === undefined) runs.set(converter, (byOptions = new Map()));
  const key = JSON.stringify(options);
  let run = byOptions.get(key);
  if (run === undefined) byOptions.set(key, (run = setUpRun(converter, options)));
  return run;
}

/** Converts one record with a run, a fixed clock and counting IDs; returns the messages and the skip reason. */
export function convertWith(run: ReturnType<typeof setUpRun>, record: unknown, file: string, lineNumber: number): Converted {
  let counter = 0;
  let skipped: string | undefined;
  const ctx: ConvertContext = {
    options: run.options,
    version: "2.D.V08",
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`,
    now: () => REFERENCE_NOW,
    source: { file, line: lineNumber },
    skip: (reason) => {
      skipped = reason;
    },
    warn: () => undefined,
    ...pick(createTestContext(), "uuidV5", "timestamp", "reject"),
  };
  const result = run.convert(record, ctx);
  const messages = result === null || result === undefined ? [] : Array.isArray(result) ? result : [result];
  return { messages: messages as Record<string, unknown>[], skipped };
}

export const REFERENCE_NOW = "2026-01-15T12:00:00Z";

export interface Converted {
  readonly messages: Record<string, unknown>[];
  readonly skipped: string | undefined;
}

/** Runs the syslog converter on one line with a fixed clock, UTC for zone-less stamps by default. */
export function convertOne(line: string, options: Record<string, unknown> = {}, file = "test.log", lineNumber = 1): Converted {
  return convertWith(sharedRun(syslog, { timezone: "Z", ...options }), line, file, lineNumber);
}

/** Where `actual` differs from the subset `expected` (objects: listed keys; arrays: same length). */
export function subsetMismatch(actual: unknown, expected: unknown, path = ""): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length)
      return `${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const problem = subsetMismatch(actual[i], expected[i], `${path}/${i}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const problem = subsetMismatch((actual as Record<string, unknown>)[key], value, `${path}/${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  // YAML reads 1.2.3.4-like values as strings but bare numbers as numbers: compare as written.
  return actual === expected || String(actual) === String(expected)
    ? undefined
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** The id of the rule that produced a message (the converter writes it first in the Note). */
export function ruleIdOf(message: Record<string, unknown> | undefined): string | undefined {
  const note = message?.["Note"];
  if (typeof note !== "string" || !note.startsWith("syslog rule ")) return undefined;
  return note.slice("syslog rule ".length).split(/; |\. Message: /)[0];
}
