// Turns ajv's error objects into Problems a person can act on: the pointer, a plain message, the
// allowed values of an enum and a "did you mean" for near misses.
import type { ErrorObject } from "ajv";
import { loadSchema } from "./schemas.js";
import { didYouMean } from "./suggest.js";
import type { IdmefVersion } from "./versions.js";

/** One thing wrong with a message, as data. */
export interface Problem {
  /** JSON pointer to the offending value ("" for the message itself). */
  readonly pointer: string;
  /**
   * The JSON Schema keyword that failed ("enum", "required", "pattern", ...), or the name of a check
   * beyond the schema: "version", "version-fallback", "forbidden-key", "attachment-reference",
   * "time-order", "unique-id".
   */
  readonly keyword: string;
  readonly message: string;
  /** For enum failures the allowed values; for unknown properties the allowed property names. */
  readonly allowed?: readonly unknown[];
  /** A near miss among the allowed values ("medium" -> "Medium"). */
  readonly suggestion?: string;
  /** "error" for schema failures; semantic checks are "warning" unless asked to be errors. */
  readonly severity: "error" | "warning";
  /** Where in the schema the failing keyword is (schema failures only), e.g. "#/definitions/uuidType/pattern". */
  readonly schemaPath?: string;
}

/** What each reusable schema type means, for messages better than "must match pattern ^...$". */
const DEFINITION_MEANINGS: Readonly<Record<string, string>> = {
  uuidType: "a UUID (8-4-4-4-12 hex digits)",
  timestampType: 'an RFC 3339 timestamp such as "2026-04-01T12:00:00.123+02:00"',
  ipType: "an IPv4 or IPv6 address (no prefix length)",
  geolocType: 'a "latitude, longitude[, altitude]" position',
  unlocodeType: 'a UN/LOCODE such as "FR PAR"',
  mediatypeType: 'a media type such as "text/plain"',
  protocolType: 'a protocol name such as "tcp"',
  hashType: 'an "algorithm:hexdigest" hash such as "sha256:00ff..."',
  attachmentNameType: "an attachment name of letters and digits only",
  portType: "a port number from 1 to 65535",
};

const FORMAT_MEANINGS: Readonly<Record<string, string>> = {
  uri: "a URI",
  email: "an e-mail address",
};

/** How many allowed values a message lists before it only says how many there are. */
const MAX_LISTED = 8;

function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: "an array",
  object: "an object",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  null: "null",
};

/** The value a JSON pointer names inside `root`, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (node === null || typeof node !== "object") return undefined;
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The schema node at a "#/a/b" schema path (for the property names allowed where a property is unknown). */
function schemaNodeAt(version: IdmefVersion, schemaPath: string): unknown {
  let node: unknown = loadSchema(version);
  for (const raw of schemaPath.replace(/^#\/?/, "").split("/")) {
    if (raw === "" || node === null || typeof node !== "object") continue;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

function definitionOf(schemaPath: string): string | undefined {
  return /^#\/definitions\/([^/]+)\//.exec(schemaPath)?.[1];
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function listAllowed(allowed: readonly unknown[]): string {
  if (allowed.length <= MAX_LISTED) return `one of ${allowed.map((a) => quote(a)).join(", ")}`;
  return `one of the ${allowed.length} values of the schema`;
}

/** One ajv error as a Problem; `message` is the validated value (for the offending values). */
export function toProblem(error: ErrorObject, message: unknown, version: IdmefVersion): Problem {
  const params = error.params as Record<string, unknown>;
  const schemaPath = error.schemaPath;
  switch (error.keyword) {
    case "required": {
      const missing = String(params["missingProperty"]);
      return {
        pointer: `${error.instancePath}/${escapePointerToken(missing)}`,
        keyword: "required",
        message: `missing required property "${missing}"`,
        severity: "error",
        schemaPath,
      };
    }
    case "additionalProperties": {
      const extra = String(params["additionalProperty"]);
      const parent = schemaNodeAt(version, schemaPath.replace(/\/additionalProperties$/, "")) as
        { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      const suggestion = didYouMean(extra, allowed);
      return {
        pointer: `${error.instancePath}/${escapePointerToken(extra)}`,
        keyword: "additionalProperties",
        message: `property "${extra}" is not allowed here` + (suggestion === undefined ? "" : `: did you mean "${suggestion}"?`),
        allowed,
        ...(suggestion === undefined ? {} : { suggestion }),
        severity: "error",
        schemaPath,
      };
    }
    case "enum": {
      const allowed = (params["allowedValues"] as readonly unknown[] | undefined) ?? [];
      const value = valueAt(message, error.instancePath);
      // A wrong Version is a version mismatch, not a typo: "2.D.V07" must not suggest "2.D.V08".
      const suggestion = error.instancePath === "/Version" ? undefined : didYouMean(value, allowed);
      return {
        pointer: error.instancePath,
        keyword: "enum",
        message:
          `${quote(value)} is not an allowed value` +
          (suggestion === undefined ? `: must be ${listAllowed(allowed)}` : `: did you mean "${suggestion}"?`),
        allowed,
        ...(suggestion === undefined ? {} : { suggestion }),
        severity: "error",
        schemaPath,
      };
    }
    case "type": {
      const wanted = String(params["type"])
        .split(",")
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(" or ");
      return {
        pointer: error.instancePath,
        keyword: "type",
        message: `must be ${wanted}, not ${jsonType(valueAt(message, error.instancePath))}`,
        severity: "error",
        schemaPath,
      };
    }
    case "pattern": {
      const definition = definitionOf(schemaPath);
      const meaning = definition === undefined ? undefined : DEFINITION_MEANINGS[definition];
      const value = valueAt(message, error.instancePath);
      return {
        pointer: error.instancePath,
        keyword: "pattern",
        message:
          meaning === undefined
            ? `${quote(value)} does not match the pattern ${String(params["pattern"])}`
            : `${quote(value)} is not ${meaning}`,
        severity: "error",
        schemaPath,
      };
    }
    case "format": {
      const format = String(params["format"]);
      return {
        pointer: error.instancePath,
        keyword: "format",
        message: `${quote(valueAt(message, error.instancePath))} is not ${FORMAT_MEANINGS[format] ?? `a valid ${format}`}`,
        severity: "error",
        schemaPath,
      };
    }
    default:
      return {
        pointer: error.instancePath,
        keyword: error.keyword,
        message: error.message ?? `fails ${error.keyword}`,
        severity: "error",
        schemaPath,
      };
  }
}
