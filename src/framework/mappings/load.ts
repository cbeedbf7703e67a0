// Declarative mappings: a JSON or YAML file that defines a converter with no code (format name,
// input kind, `match` filter, detection hints and a message template). See docs/plugins.md.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { untypedMessage, type Converter, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { IdmefError } from "../../core/errors.js";
import { parseJsonSafely } from "../../core/safe-json.js";
import { converterShapeProblems } from "../plugin-shape.js";
import { compilePath, readPath, type CompiledPath } from "./path.js";
import { compileTemplate, MappingSyntaxError } from "./template.js";

const MAPPING_KEYS = new Set(["format", "description", "aliases", "input", "match", "skipReason", "detect", "template"]);

/** A `match` condition on one path: a value, a list of values, or { exists: boolean }. */
type Condition = (value: unknown) => boolean;

export function loadMappingFile(path: string): Converter {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new IdmefError("CONFIG_ERROR", `mapping ${path}: cannot be read: ${(error as Error).message}`);
  }
  let spec: unknown;
  try {
    spec = extname(path).toLowerCase() === ".json" ? parseJsonSafely(text).value : parseYaml(text);
  } catch (error) {
    throw new IdmefError(
      "CONFIG_ERROR",
      `mapping ${path}: not valid ${extname(path) === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  try {
    return compileMapping(spec);
  } catch (error) {
    if (error instanceof MappingSyntaxError || error instanceof TypeError) {
      throw new IdmefError("CONFIG_ERROR", `mapping ${path}: ${error.message}`);
    }
    throw error;
  }
}

/** Builds a converter from a parsed mapping; throws MappingSyntaxError/TypeError saying what is wrong. */
export function compileMapping(spec: unknown): Converter {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new TypeError("a mapping is an object");
  const mapping = spec as Record<string, unknown>;
  for (const key of Object.keys(mapping)) {
    if (!MAPPING_KEYS.has(key)) throw new TypeError(`unknown key "${key}": the keys are ${[...MAPPING_KEYS].join(", ")}`);
  }
  const input = mapping["input"] ?? "json-lines";
  if (input !== "json-lines") throw new TypeError(`input must be "json-lines" (mappings read JSON records), got ${JSON.stringify(input)}`);
  if (mapping["template"] === undefined) throw new TypeError('"template" is missing: it is the shape of the IDMEFv2 message');
  const template = compileTemplate(mapping["template"]);
  const match = compileMatch(mapping["match"]);
  const skipReason = typeof mapping["skipReason"] === "string" ? mapping["skipReason"] : "not matched by the mapping's filter";
  const detectPaths = compileDetect(mapping["detect"]);
  const converter: Converter = {
    format: mapping["format"] as string,
    description: (mapping["description"] as string | undefined) ?? `declarative mapping ${String(mapping["format"])}`,
    input: "json-lines",
    recordOrder: "independent",
    ...(mapping["aliases"] !== undefined ? { aliases: mapping["aliases"] as string[] } : {}),
    ...(detectPaths.length > 0 ? { detect: (sample: string) => detectShare(sample, detectPaths, match) } : {}),
    // Contract 2 with no options: a mapping holds no per-run state.
    setup:
      () =>
      (record: unknown, ctx: ConvertContext): DraftMessage | null => {
        if (!match(record)) {
          ctx.skip(skipReason);
          return null;
        }
        const message = template({ record, element: undefined });
        if (message === undefined || message === null || typeof message !== "object" || Array.isArray(message)) return null;
        // The template is data: its output is checked by the validator, not by the compiler.
        return untypedMessage(message as Record<string, unknown>);
      },
  };
  const problems = converterShapeProblems(converter, "mapping");
  if (problems.length > 0) throw new TypeError(problems.join("; "));
  return converter;
}

function compileMatch(spec: unknown): (record: unknown) => boolean {
  if (spec === undefined) return () => true;
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError('"match" is an object of { "<path>": value | [values] | { "exists": true|false } }');
  }
  const checks: [CompiledPath, Condition][] = Object.entries(spec).map(([pathText, expected]) => {
    let path: CompiledPath;
    try {
      path = compilePath(pathText);
    } catch (error) {
      throw new TypeError(`match: ${(error as Error).message}`);
    }
    return [path, condition(expected)];
  });
  return (record) => checks.every(([path, check]) => check(readPath(path, record)));
}

function condition(expected: unknown): Condition {
  if (Array.isArray(expected)) return (value) => expected.some((e) => e === value);
  if (expected !== null && typeof expected === "object") {
    const exists = (expected as Record<string, unknown>)["exists"];
    if (typeof exists !== "boolean") throw new TypeError('match: an object condition is { "exists": true|false }');
    return (value) => (value !== undefined) === exists;
  }
  return (value) => value === expected;
}

function compileDetect(spec: unknown): CompiledPath[] {
  if (spec === undefined) return [];
  const paths = (spec as { paths?: unknown } | null)?.paths;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) {
    throw new TypeError('"detect" is { "paths": ["$.field", ...] }: the fields every record of this format has');
  }
  return paths.map((p: string) => compilePath(p));
}

/** Share of the sample's JSON lines that have every detect path and pass the match filter. */
function detectShare(sample: string, paths: readonly CompiledPath[], match: (record: unknown) => boolean): number {
  const lines = sample.split("\n", 50).filter((line) => line.trim() !== "");
  // The sample may end inside a line: that last line is not held against the format.
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const line of lines) {
    try {
      const record = parseJsonSafely(line).value;
      if (paths.every((p) => readPath(p, record) !== undefined) && match(record)) hits++;
    } catch {
      // Not JSON: not this format.
    }
  }
  return hits / lines.length;
}
