// Schema validation: one compiled validator per version, built lazily on first use and reused.
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import { loadSchema } from "./schemas.js";
import { DEFAULT_VERSION, resolveVersion, type IdmefVersion, type VersionPolicy } from "./versions.js";

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the
// module object, so take `.default` when it is there.
type AjvConstructor = typeof Ajv04Module.default;
const Ajv04 = ((Ajv04Module as unknown as { default?: AjvConstructor }).default ??
  Ajv04Module) as AjvConstructor;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as AddFormats;

/** One thing wrong with a message, as data. */
export interface Problem {
  /** JSON pointer to the offending value ("" for the message itself). */
  readonly pointer: string;
  /** The JSON Schema keyword that failed ("enum", "required", ...), or a semantic check's name. */
  readonly keyword: string;
  readonly message: string;
  /** For enum failures: the allowed values. */
  readonly allowed?: readonly unknown[];
  /** A near miss among the allowed values ("medium" -> "Medium"). */
  readonly suggestion?: string;
  /** "error" for schema failures; semantic checks are "warning" unless asked to be errors. */
  readonly severity: "error" | "warning";
}

export interface ValidateOptions {
  /** Validate against this version instead of the message's own `Version`. */
  readonly version?: IdmefVersion;
  /** What to do when the message's `Version` is unknown; default "strict". */
  readonly versionPolicy?: VersionPolicy;
}

let ajv: InstanceType<AjvConstructor> | undefined;
const compiled = new Map<IdmefVersion, ValidateFunction>();

function getAjv(): InstanceType<AjvConstructor> {
  if (ajv === undefined) {
    // allErrors: report every problem, not only the first (python-idmefv2 stops at the first).
    ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv, ["uri", "email"]);
  }
  return ajv;
}

/** The compiled validator of one version, compiled once. */
export function schemaValidator(version: IdmefVersion): ValidateFunction {
  let fn = compiled.get(version);
  if (fn === undefined) {
    fn = getAjv().compile(loadSchema(version));
    compiled.set(version, fn);
  }
  return fn;
}

function toProblem(error: ErrorObject): Problem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    const missing = String(params["missingProperty"]);
    return {
      pointer: `${error.instancePath}/${missing}`,
      keyword: "required",
      message: `missing required property "${missing}"`,
      severity: "error",
    };
  }
  if (error.keyword === "additionalProperties") {
    const extra = String(params["additionalProperty"]);
    return {
      pointer: `${error.instancePath}/${extra}`,
      keyword: "additionalProperties",
      message: `property "${extra}" is not allowed here`,
      severity: "error",
    };
  }
  if (error.keyword === "enum") {
    const allowed = params["allowedValues"] as readonly unknown[];
    return {
      pointer: error.instancePath,
      keyword: "enum",
      message: `${error.message ?? "must be one of the allowed values"}`,
      allowed,
      severity: "error",
    };
  }
  return {
    pointer: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? `fails ${error.keyword}`,
    severity: "error",
  };
}

/**
 * Validates a plain object against the schema of its own `Version` (or `options.version`) and
 * returns every problem; an empty list means valid. Throws UnknownVersionError under the strict
 * policy when the version is unknown.
 */
export function schemaProblems(message: unknown, options: ValidateOptions = {}): Problem[] {
  const declared = (message as { Version?: unknown } | null)?.Version;
  const version =
    options.version ?? resolveVersion(declared ?? DEFAULT_VERSION, options.versionPolicy ?? "strict");
  const validate = schemaValidator(version);
  if (validate(message)) return [];
  return (validate.errors ?? []).map(toProblem);
}
