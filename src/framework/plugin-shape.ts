// Checks that a loaded plugin has the shape of the contract, so a bad plugin fails at load time
// with what is wrong instead of deep inside a run.
import type { Converter, Plugin } from "../core/converter.js";

const INPUT_KINDS = ["lines", "json-lines", "document"] as const;

/** Every shape problem of a plugin's export, as "converters[1].input must be ..." phrases. */
export function pluginShapeProblems(value: unknown): string[] {
  if (value === null || typeof value !== "object") {
    return [`the module must export (default) an object { name, converters }, got ${typeName(value)}`];
  }
  const plugin = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof plugin["name"] !== "string" || plugin["name"] === "") problems.push("name must be a non-empty string");
  const converters = plugin["converters"];
  if (!Array.isArray(converters)) {
    problems.push(`converters must be an array of converters, got ${typeName(converters)}`);
  } else if (converters.length === 0) {
    problems.push("converters is empty: a plugin brings at least one converter");
  } else {
    converters.forEach((converter, index) => problems.push(...converterShapeProblems(converter, `converters[${index}]`)));
  }
  return problems;
}

export function converterShapeProblems(value: unknown, at: string): string[] {
  if (value === null || typeof value !== "object") return [`${at} must be a converter object, got ${typeName(value)}`];
  const converter = value as Record<string, unknown>;
  const problems: string[] = [];
  const format = converter["format"];
  if (typeof format !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(format)) {
    problems.push(`${at}.format must be a name of letters, digits, ".", "_" or "-", got ${JSON.stringify(format) ?? "undefined"}`);
  }
  if (typeof converter["description"] !== "string") problems.push(`${at}.description must be a string`);
  const input = converter["input"];
  if (!INPUT_KINDS.includes(input as (typeof INPUT_KINDS)[number])) {
    problems.push(`${at}.input must be "lines", "json-lines" or "document", got ${JSON.stringify(input) ?? "undefined"}`);
  }
  const setup = converter["setup"];
  const convert = converter["convert"];
  if (setup !== undefined && convert !== undefined) {
    problems.push(`${at} has both setup (contract 2) and convert (contract 1): give one`);
  } else if (setup !== undefined) {
    if (typeof setup !== "function") problems.push(`${at}.setup must be a function (options) => convert function`);
    problems.push(...optionsSchemaProblems(converter["options"], `${at}.options`));
  } else if (typeof convert !== "function") {
    problems.push(`${at} needs setup(options) => (record, ctx) => message(s) | null (or, contract 1, convert(record, ctx))`);
  }
  if (converter["detect"] !== undefined && typeof converter["detect"] !== "function") {
    problems.push(`${at}.detect must be a function (sample) => number when present`);
  }
  for (const list of ["aliases", "recordElements"] as const) {
    const items = converter[list];
    if (items !== undefined && (!Array.isArray(items) || !items.every((item) => typeof item === "string" && item !== ""))) {
      problems.push(`${at}.${list} must be an array of non-empty strings when present`);
    }
  }
  if (converter["recordElements"] !== undefined && input !== "document") {
    problems.push(`${at}.recordElements only makes sense with input "document"`);
  }
  const order = converter["recordOrder"];
  if (order !== undefined && order !== "independent" && order !== "per-input") {
    problems.push(`${at}.recordOrder must be "independent" or "per-input" when present, got ${JSON.stringify(order) ?? "undefined"}`);
  }
  return problems;
}

const OPTION_TYPES = ["string", "number", "integer", "boolean", "strings"];

/** Problems of a declared options schema: { name: { type, description, default?, enum?, check? } }. */
function optionsSchemaProblems(value: unknown, at: string): string[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return [`${at} must be an object of { <name>: { type, description } }`];
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
    if (spec === null || typeof spec !== "object") {
      problems.push(`${at}.${name} must be an object { type, description }`);
      continue;
    }
    const fields = spec as Record<string, unknown>;
    if (!OPTION_TYPES.includes(fields["type"] as string)) problems.push(`${at}.${name}.type must be one of ${OPTION_TYPES.join(", ")}`);
    if (typeof fields["description"] !== "string") problems.push(`${at}.${name}.description must be a string`);
    if (fields["check"] !== undefined && typeof fields["check"] !== "function")
      problems.push(`${at}.${name}.check must be a function when present`);
    const allowed = fields["enum"];
    if (allowed !== undefined && (!Array.isArray(allowed) || !allowed.every((item) => typeof item === "string"))) {
      problems.push(`${at}.${name}.enum must be an array of strings when present`);
    }
  }
  return problems;
}

export function isPlugin(value: unknown): value is Plugin {
  return pluginShapeProblems(value).length === 0;
}

export function isConverter(value: unknown): value is Converter {
  return converterShapeProblems(value, "converter").length === 0;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
