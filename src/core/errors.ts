// One error base class for the whole library: a stable `code`, a place, and an optional cause.
// User-facing code (the CLI) prints `message` and never a stack for an IdmefError.

/** Every error code the library raises. Stable: callers may switch on it. */
export type IdmefErrorCode =
  | "UNKNOWN_VERSION"
  | "INVALID_MESSAGE"
  | "UNKNOWN_CONTENT_TYPE"
  | "MALFORMED_PAYLOAD"
  | "INVALID_TIMESTAMP"
  | "MISSING_TIMEZONE"
  | "CONVERSION_FAILED"
  | "INPUT_ERROR"
  | "OUTPUT_ERROR"
  /** A write failed because the disk or quota is full (ENOSPC, EDQUOT): an operational error. */
  | "STORAGE_FULL"
  /** A record cut short: an octet-counted TCP frame whose connection closed before its last byte. */
  | "TRUNCATED_RECORD"
  | "UNKNOWN_FORMAT"
  | "AMBIGUOUS_FORMAT"
  | "PLUGIN_ERROR"
  | "CONFIG_ERROR"
  | "DELIVERY_FAILED"
  | "TRANSLATION_FAILED"
  /** A worker thread of `convert --jobs N` stopped (a crash, out of memory): the run stops, exit 70. */
  | "WORKER_FAILED";

// A table, not a list: the compiler insists that every code of the union is in it.
const ERROR_CODE_TABLE: Readonly<Record<IdmefErrorCode, true>> = {
  UNKNOWN_VERSION: true,
  INVALID_MESSAGE: true,
  UNKNOWN_CONTENT_TYPE: true,
  MALFORMED_PAYLOAD: true,
  INVALID_TIMESTAMP: true,
  MISSING_TIMEZONE: true,
  CONVERSION_FAILED: true,
  INPUT_ERROR: true,
  OUTPUT_ERROR: true,
  UNKNOWN_FORMAT: true,
  AMBIGUOUS_FORMAT: true,
  PLUGIN_ERROR: true,
  CONFIG_ERROR: true,
  DELIVERY_FAILED: true,
  STORAGE_FULL: true,
  TRUNCATED_RECORD: true,
  TRANSLATION_FAILED: true,
  WORKER_FAILED: true,
};
const ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CODE_TABLE));

/**
 * Whether `value` is an idmefv2 error by its `code`, not by `instanceof`: a plugin loaded from its
 * own folder may carry its own copy of the library, whose IdmefError is another class.
 */
export function isIdmefError(value: unknown): value is Error & { readonly code: IdmefErrorCode } {
  if (value === null || typeof value !== "object") return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof code === "string" && ERROR_CODES.has(code) && typeof message === "string";
}

/** Where in an input file a problem is: 1-based line and column. */
export interface InputPlace {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface IdmefErrorOptions {
  readonly place?: InputPlace;
  readonly cause?: unknown;
}

export class IdmefError extends Error {
  readonly code: IdmefErrorCode;
  readonly place: InputPlace | undefined;

  constructor(code: IdmefErrorCode, message: string, options: IdmefErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IdmefError";
    this.code = code;
    this.place = options.place;
  }
}

/** Raised for a `Version` no registry entry matches (python-idmefv2 crashes here instead). */
export class UnknownVersionError extends IdmefError {
  readonly version: unknown;
  readonly knownVersions: readonly string[];

  constructor(version: unknown, knownVersions: readonly string[]) {
    const shown = typeof version === "string" ? JSON.stringify(version) : String(version);
    super(
      "UNKNOWN_VERSION",
      `Unknown IDMEFv2 version ${shown}: known versions are ${knownVersions.join(", ")}. ` +
        `Fix the message's Version, or validate with the "latest" version policy.`,
    );
    this.name = "UnknownVersionError";
    this.version = version;
    this.knownVersions = knownVersions;
  }
}

/** Raised by a converter when a record cannot become a message; the pipeline rejects the record. */
export class ConversionError extends IdmefError {
  constructor(message: string, options: IdmefErrorOptions = {}) {
    super("CONVERSION_FAILED", message, options);
    this.name = "ConversionError";
  }
}

/** Raised for timestamps that cannot be normalized to the schema's RFC 3339 form. */
export class TimestampError extends IdmefError {
  constructor(code: "INVALID_TIMESTAMP" | "MISSING_TIMEZONE", message: string) {
    super(code, message);
    this.name = "TimestampError";
  }
}

/** Renders an input place as `file:line:column` (the parts that are known). */
export function formatPlace(place: InputPlace): string {
  let text = place.file;
  if (place.line !== undefined) text += `:${place.line}`;
  if (place.line !== undefined && place.column !== undefined) text += `:${place.column}`;
  return text;
}
