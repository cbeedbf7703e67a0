// The in-memory IDMEFv2 message: its own enumerable properties are exactly the message's fields.
import { IdmefError } from "./errors.js";
import { DEFAULT_VERSION, type IdmefVersion } from "./versions.js";
import { schemaProblems, type Problem, type ValidateOptions } from "./validator.js";
import { serializeMessage, unserializeMessage, type SerializedMessage } from "./serialization.js";

/** The fields of an IDMEFv2 message (any version); typed per version in the generated types. */
export interface MessageFields {
  Version?: string;
  ID?: string;
  CreateTime?: string;
  [field: string]: unknown;
}

/** Thrown by `validate()`: every problem found, not only the first. */
export class ValidationError extends IdmefError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(
      "INVALID_MESSAGE",
      first === undefined
        ? "invalid IDMEFv2 message"
        : `invalid IDMEFv2 message: ${first.pointer || "/"}: ${first.message}${more}`,
    );
    this.name = "ValidationError";
    this.problems = problems;
  }
}

// Declaration merging gives Message instances the typed fields without emitting class fields, so
// the only own properties of an instance are the fields that were set.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Message extends MessageFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Message {
  /** A message whose fields are copied from a plain object (deeply, so later edits stay separate). */
  static from(fields: Readonly<Record<string, unknown>>): Message {
    const message = new Message();
    Object.assign(message, structuredClone(fields));
    return message;
  }

  /** A new message of the default version (2.D.V08) with the given fields. */
  static create(fields: Readonly<Record<string, unknown>> = {}, version: IdmefVersion = DEFAULT_VERSION): Message {
    return Message.from({ Version: version, ...fields });
  }

  /** Parses and validates a serialized message; the content type picks the serializer. */
  static unserialize(serialized: SerializedMessage, options: ValidateOptions = {}): Message {
    return unserializeMessage(serialized, options);
  }

  /** Every schema problem of this message; an empty list means valid. Never throws for invalid data. */
  problems(options: ValidateOptions = {}): Problem[] {
    return schemaProblems(this, options);
  }

  /** Throws ValidationError holding every problem when the message is invalid. */
  validate(options: ValidateOptions = {}): void {
    const problems = this.problems(options).filter((p) => p.severity === "error");
    if (problems.length > 0) throw new ValidationError(problems);
  }

  /** Validates, then serializes with the serializer registered for `contentType`. */
  serialize(contentType = "application/json", options: ValidateOptions = {}): SerializedMessage {
    return serializeMessage(this, contentType, options);
  }

  /** The message as a plain object (what JSON.stringify sees). */
  toJSON(): Record<string, unknown> {
    return { ...this };
  }
}
