// The in-memory IDMEFv2 message: its own enumerable properties are exactly the message's fields.
import { IdmefError } from "./errors.js";
import { DEFAULT_VERSION, type IdmefVersion } from "./versions.js";
import { isValid, messageProblems, schemaProblems, type Problem, type ValidateOptions } from "./validator.js";
import { semanticProblems } from "./semantic.js";
import { serializeMessage, unserializeMessage, type SerializedMessage } from "./serialization.js";
import type { IdmefMessage } from "./generated/types/2.D.V08.js";

/**
 * The fields of an IDMEFv2 message, typed by the generated 2.D.V08 types (the default version).
 * `Version` is any string so that older drafts fit; fields of other versions (e.g. `Vector` up to
 * 2.D.V06) are reached with brackets, `msg["Vector"]`, as unknown.
 */
export interface MessageFields extends Partial<Omit<IdmefMessage, "Version">> {
  Version?: string;
  [field: string]: unknown;
}

/** Thrown by `validate()`: every error found, not only the first (and the warnings beside them). */
export class ValidationError extends IdmefError {
  /** Every problem of severity "error". */
  readonly problems: readonly Problem[];
  /** Problems that do not make the message invalid (semantic checks by default). */
  readonly warnings: readonly Problem[];

  constructor(problems: readonly Problem[], warnings: readonly Problem[] = []) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(
      "INVALID_MESSAGE",
      first === undefined ? "invalid IDMEFv2 message" : `invalid IDMEFv2 message: ${first.pointer || "/"}: ${first.message}${more}`,
    );
    this.name = "ValidationError";
    this.problems = problems;
    this.warnings = warnings;
  }
}

/**
 * Validates a plain object and throws ValidationError (every error) when it is invalid, or
 * UnknownVersionError when its Version is unknown under the strict policy. Returns the warnings.
 */
export function assertValidMessage(fields: unknown, options: ValidateOptions = {}): Problem[] {
  const problems = schemaProblems(fields, options);
  const semantic = options.semantic ?? "warning";
  if (semantic !== "off") problems.push(...semanticProblems(fields, semantic));
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity !== "error");
  if (errors.length > 0) throw new ValidationError(errors, warnings);
  return warnings;
}

// Declaration merging gives Message instances the typed fields without emitting class fields, so
// the only own properties of an instance are the fields that were set.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Message extends MessageFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Message {
  /** A message whose fields are copied from a plain object (deeply, so later edits stay separate). */
  static from(fields: MessageFields | Readonly<Record<string, unknown>>): Message {
    const message = new Message();
    Object.assign(message, structuredClone(fields));
    return message;
  }

  /** A new message of the default version (2.D.V08) with the given fields. */
  static create(fields: MessageFields | Readonly<Record<string, unknown>> = {}, version: IdmefVersion = DEFAULT_VERSION): Message {
    return Message.from({ Version: version, ...fields });
  }

  /** Parses and validates a serialized message; the content type picks the serializer. */
  static unserialize(serialized: SerializedMessage, options: ValidateOptions = {}): Message {
    return unserializeMessage(serialized, options);
  }

  /**
   * Every problem of this message (schema, unknown version, and semantic checks as warnings unless
   * `semantic: "error"`); no error among them means valid. Never throws for invalid data.
   */
  problems(options: ValidateOptions = {}): Problem[] {
    return messageProblems(this, options);
  }

  /** True when the message has no problem of severity "error". */
  isValid(options: ValidateOptions = {}): boolean {
    return isValid(this.problems(options));
  }

  /**
   * Throws ValidationError holding every error when the message is invalid (UnknownVersionError
   * when its Version is unknown under the strict policy). Returns the warnings.
   */
  validate(options: ValidateOptions = {}): Problem[] {
    return assertValidMessage(this, options);
  }

  /** Validates, then serializes with the serializer registered for `contentType`. */
  serialize(contentType = "application/json", options: ValidateOptions = {}): SerializedMessage {
    return serializeMessage(this, contentType, options);
  }
}
