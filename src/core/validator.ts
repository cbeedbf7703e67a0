// Schema validation with the precompiled validator of each version (src/core/generated/validators),
// each loaded on first use and reused; plus the checks beyond the schema.
import type { ErrorObject } from "ajv";
import { UnknownVersionError } from "./errors.js";
import { loadStandaloneValidator } from "./platform.js";
import { toProblem, type Problem } from "./problems.js";
import { addSemanticProblems } from "./semantic.js";
import { didYouMean } from "./suggest.js";
import {
  DEFAULT_VERSION,
  KNOWN_VERSIONS,
  LATEST_STABLE_VERSION,
  isKnownVersion,
  type IdmefVersion,
  type VersionPolicy,
} from "./versions.js";

export type { Problem } from "./problems.js";

export interface ValidateOptions {
  /** Validate against this version instead of the message's own `Version`. */
  readonly version?: IdmefVersion;
  /** What to do when the message's `Version` is unknown; default "strict". */
  readonly versionPolicy?: VersionPolicy;
  /**
   * The checks beyond the schema (attachment references, StartTime <= EndTime, unique IDs):
   * "warning" (default) reports them without making the message invalid, "error" makes them
   * errors, "off" skips them.
   */
  readonly semantic?: "warning" | "error" | "off";
  /**
   * Schema problems described at most (default: all). Past it, one "truncated" problem says how many
   * more there were: a huge invalid message from an untrusted sender must not cost memory and CPU
   * in proportion to its problems (the receiver answers with a bounded list).
   */
  readonly maxProblems?: number;
}

/** What an ajv standalone validator module exports. */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Each generated validator is loaded only when its version is first needed: startup pays for none.
const loaded = new Map<IdmefVersion, StandaloneValidator>();

/** The precompiled validator of one version, loaded once. */
export function schemaValidator(version: IdmefVersion): StandaloneValidator {
  let validate = loaded.get(version);
  if (validate === undefined) {
    validate = loadStandaloneValidator(version) as StandaloneValidator;
    loaded.set(version, validate);
  }
  return validate;
}

/** The schema version a message is validated against, and whether the "latest" fallback was taken. */
export function versionFor(message: unknown, options: ValidateOptions = {}): { version: IdmefVersion; fellBack: boolean } {
  if (options.version !== undefined) return { version: options.version, fellBack: false };
  const declared = isRecordLike(message) ? message["Version"] : undefined;
  // No Version at all: validate against the default so that "missing Version" is reported as such.
  if (declared === undefined) return { version: DEFAULT_VERSION, fellBack: false };
  if (isKnownVersion(declared)) return { version: declared, fellBack: false };
  if (options.versionPolicy === "latest") return { version: LATEST_STABLE_VERSION, fellBack: true };
  throw new UnknownVersionError(declared, KNOWN_VERSIONS);
}

function isRecordLike(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Validates a plain object against the schema of its own `Version` (or `options.version`) and
 * returns every schema problem; an empty list means valid. Throws UnknownVersionError under the
 * strict policy when the version is unknown. Under the "latest" policy an unknown version is
 * validated against the latest stable schema and reported as a warning instead of an enum error.
 */
export function schemaProblems(message: unknown, options: ValidateOptions = {}): Problem[] {
  // A version given by the caller (the pipeline's target) needs no look at the message.
  let version: IdmefVersion;
  let fellBack = false;
  if (options.version !== undefined) version = options.version;
  else ({ version, fellBack } = versionFor(message, options));
  const validate = schemaValidator(version);
  if (validate(message) && !fellBack) return [];
  const errors = validate.errors ?? [];
  const limit = options.maxProblems ?? errors.length;
  const problems = errors.slice(0, limit).map((error) => toProblem(error, message, version));
  if (errors.length > limit) {
    problems.push({
      pointer: "",
      keyword: "truncated",
      message: `and ${errors.length - limit} more problem(s) not listed`,
      severity: "error",
    });
  }
  if (!fellBack) return problems;
  const declared = (message as Record<string, unknown>)["Version"];
  return [
    {
      pointer: "/Version",
      keyword: "version-fallback",
      message: `unknown Version ${JSON.stringify(declared)}: validated against ${version} (version policy "latest")`,
      allowed: KNOWN_VERSIONS,
      severity: "warning",
    },
    ...problems.filter((p) => !(p.pointer === "/Version" && p.keyword === "enum")),
  ];
}

/**
 * The known version an unknown one was surely meant as: the same but for case, or a missing zero
 * ("2.d.v8" -> "2.D.V08"). No guess by edit distance: "2.D.V08-Dev" is not "2.D.V09-Dev".
 */
function versionMeant(version: unknown): string | undefined {
  if (typeof version !== "string") return undefined;
  const padded = version.trim().replace(/^(2\.D\.V)(\d)(?!\d)/i, "$10$2");
  return didYouMean(
    padded,
    KNOWN_VERSIONS.filter((v) => v.toLowerCase() === padded.toLowerCase()),
  );
}

/** An unknown version as a Problem, for the non-throwing forms. */
function unknownVersionProblem(error: UnknownVersionError): Problem {
  const suggestion = versionMeant(error.version);
  return {
    pointer: "/Version",
    keyword: "version",
    message: error.message + (suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`),
    allowed: KNOWN_VERSIONS,
    ...(suggestion === undefined ? {} : { suggestion }),
    severity: "error",
  };
}

/**
 * Every problem of a message, never throwing for bad data: schema problems (an unknown version
 * under the strict policy becomes one "version" problem), then the semantic checks with the
 * severity `options.semantic` asks for. A message is valid when no problem has severity "error".
 */
export function messageProblems(message: unknown, options: ValidateOptions = {}): Problem[] {
  let problems: Problem[];
  try {
    problems = schemaProblems(message, options);
  } catch (error) {
    if (!(error instanceof UnknownVersionError)) throw error;
    problems = [unknownVersionProblem(error)];
  }
  const semantic = options.semantic ?? "warning";
  if (semantic !== "off") addSemanticProblems(message, semantic, problems);
  return problems;
}

/** True when no problem is an error (warnings do not make a message invalid). */
export function isValid(problems: readonly Problem[]): boolean {
  return problems.every((p) => p.severity !== "error");
}
