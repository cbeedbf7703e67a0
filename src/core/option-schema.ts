// A converter's declared options: the schema type, the option values it gives `setup`, and the one
// checker every converter shares (unknown names with a suggestion, types, allowed values, defaults).
import { IdmefError } from "./errors.js";
import { rejectUnknownOptions } from "./option-checks.js";

interface SpecBase {
  /** One line for `idmefv2 formats --options FORMAT`. */
  readonly description: string;
}

/** A string option; `enum` lists the allowed values; `check` throws (with a reason) for a bad value. */
export interface StringOptionSpec extends SpecBase {
  readonly type: "string";
  readonly default?: string;
  readonly enum?: readonly string[];
  readonly check?: (value: string) => void;
}

export interface NumberOptionSpec extends SpecBase {
  readonly type: "number" | "integer";
  readonly default?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanOptionSpec extends SpecBase {
  readonly type: "boolean";
  readonly default?: boolean;
}

/** A list of strings; from the command line also "a,b" (`-O events=alert,anomaly`). */
export interface StringListOptionSpec extends SpecBase {
  readonly type: "strings";
  readonly default?: readonly string[];
  readonly enum?: readonly string[];
  readonly check?: (value: string) => void;
}

export type OptionSpec = StringOptionSpec | NumberOptionSpec | BooleanOptionSpec | StringListOptionSpec;

/** Option name -> its spec. */
export type OptionsSchema = Readonly<Record<string, OptionSpec>>;

type Allowed<T> = T extends { readonly enum: readonly (infer E extends string)[] } ? E : string;

/** The value type of one option spec. */
export type OptionValue<T extends OptionSpec> = T extends StringOptionSpec
  ? Allowed<T>
  : T extends NumberOptionSpec
    ? number
    : T extends BooleanOptionSpec
      ? boolean
      : T extends StringListOptionSpec
        ? readonly Allowed<T>[]
        : never;

/** What `setup` receives for a schema: an option with a default is always there; others may be undefined. */
export type OptionValues<S extends OptionsSchema> = {
  readonly [K in keyof S]: S[K] extends { readonly default: unknown } ? OptionValue<S[K]> : OptionValue<S[K]> | undefined;
};

/**
 * Checks raw options (config and `-O`) against a schema and returns them with defaults filled in.
 * Throws IdmefError CONFIG_ERROR naming the format, the option and what is accepted.
 */
export function checkOptionValues(format: string, schema: OptionsSchema, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  rejectUnknownOptions(format, raw, Object.keys(schema));
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    const value = given === undefined || given === null ? spec.default : checkValue(format, name, spec, given);
    out[name] = Array.isArray(value) ? Object.freeze([...(value as unknown[])]) : value;
  }
  return out;
}

// The caller (framework/check-options.ts) puts "options of format <format>:" in front.
function fail(_format: string, name: string, what: string): never {
  throw new IdmefError("CONFIG_ERROR", `option "${name}"${what.startsWith(":") ? "" : " "}${what}`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

function checkValue(format: string, name: string, spec: OptionSpec, value: unknown): unknown {
  switch (spec.type) {
    case "string":
      if (typeof value !== "string") return fail(format, name, `must be a string, not ${show(value)}`);
      checkString(format, name, spec, value);
      return value;
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value) || (spec.type === "integer" && !Number.isInteger(value))) {
        return fail(format, name, `must be ${spec.type === "integer" ? "an integer" : "a number"}, not ${show(value)}`);
      }
      if (spec.minimum !== undefined && value < spec.minimum) fail(format, name, `must be at least ${spec.minimum}, not ${value}`);
      if (spec.maximum !== undefined && value > spec.maximum) fail(format, name, `must be at most ${spec.maximum}, not ${value}`);
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") return fail(format, name, `must be true or false, not ${show(value)}`);
      return value;
    case "strings": {
      const items = typeof value === "string" ? value.split(",").map((item) => item.trim()) : value;
      if (!Array.isArray(items) || !items.every((item): item is string => typeof item === "string")) {
        return fail(format, name, `must be a list of strings such as ["a","b"], not ${show(value)}`);
      }
      for (const item of items) checkString(format, name, spec, item);
      return items;
    }
  }
}

function checkString(format: string, name: string, spec: StringOptionSpec | StringListOptionSpec, value: string): void {
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    fail(format, name, `: ${show(value)} is not one of ${spec.enum.join(", ")}`);
  }
  if (spec.check === undefined) return;
  try {
    spec.check(value);
  } catch (error) {
    fail(format, name, `: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The schema as text lines for `idmefv2 formats --options FORMAT`. */
export function describeOptions(schema: OptionsSchema | undefined): string[] {
  const entries = Object.entries(schema ?? {});
  if (entries.length === 0) return ["(no options)"];
  return entries.map(([name, spec]) => {
    const type = spec.type === "strings" ? "list of strings" : spec.type;
    const allowed = "enum" in spec && spec.enum !== undefined ? ` (one of ${spec.enum.join(", ")})` : "";
    const fallback = spec.default === undefined ? "" : `; default ${JSON.stringify(spec.default)}`;
    return `${name}: ${type}${allowed}${fallback}\n    ${spec.description}`;
  });
}
