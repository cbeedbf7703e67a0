// Serializers keyed by media type; built-in JSON, open to plugins (python-idmefv2 uses entry points).
import { IdmefError, type InputPlace } from "./errors.js";
import { findJsonSyntaxError } from "./json-position.js";
import { forbiddenKeyMessage, parseJsonSafely } from "./safe-json.js";
// A cycle with message.ts, safe: each side uses the other only inside functions, never at load.
import { Message, ValidationError, assertValidMessage } from "./message.js";
import type { Problem } from "./problems.js";
import type { ValidateOptions } from "./validator.js";

/** A serialized message and the media type of its payload, as in python-idmefv2. */
export class SerializedMessage {
  constructor(
    readonly contentType: string,
    readonly payload: string,
  ) {}
}

/** What a serializer's `unserialize` returns: the fields, and keys it removed for safety (as pointers). */
export interface UnserializedFields {
  readonly fields: Record<string, unknown>;
  readonly droppedKeys?: readonly string[];
}

export interface Serializer {
  /** Media types this serializer handles, e.g. ["application/json", "text/json"]. */
  readonly contentTypes: readonly string[];
  serialize(fields: Readonly<Record<string, unknown>>): string;
  /**
   * Parses a payload into plain fields; throws SerializationError("MALFORMED_PAYLOAD") with the
   * position when malformed. May return the fields directly or `{ fields, droppedKeys }`.
   */
  unserialize(payload: string): Record<string, unknown> | UnserializedFields;
}

export class SerializationError extends IdmefError {
  constructor(code: "UNKNOWN_CONTENT_TYPE" | "MALFORMED_PAYLOAD", message: string, cause?: unknown, place?: InputPlace) {
    super(code, message, { ...(cause === undefined ? {} : { cause }), ...(place === undefined ? {} : { place }) });
    this.name = "SerializationError";
  }
}

const registry = new Map<string, Serializer>();

/** Registers a serializer for each of its media types; a later registration replaces an earlier one. */
export function registerSerializer(serializer: Serializer): void {
  for (const type of serializer.contentTypes) registry.set(mediaTypeKey(type), serializer);
}

export function knownContentTypes(): string[] {
  return [...registry.keys()].sort();
}

/** Media type parameters (";charset=utf-8") do not choose the serializer, and case does not matter. */
function mediaTypeKey(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

export function serializerFor(contentType: string): Serializer {
  const serializer = registry.get(mediaTypeKey(contentType));
  if (serializer === undefined) {
    throw new SerializationError(
      "UNKNOWN_CONTENT_TYPE",
      `no serializer for content type ${JSON.stringify(contentType)}: known types are ${knownContentTypes().join(", ")} ` +
        `(a plugin can add one with registerSerializer)`,
    );
  }
  return serializer;
}

/**
 * Parses a JSON text that must hold one object; throws SerializationError("MALFORMED_PAYLOAD")
 * naming the line and column of the first syntax error. Prototype keys are removed (and listed).
 */
export function parseJsonObject(text: string, file = "payload"): UnserializedFields {
  let parsed: { value: unknown; dropped: string[] };
  try {
    parsed = parseJsonSafely(text);
  } catch (error) {
    const place = findJsonSyntaxError(text);
    if (place === undefined)
      throw new SerializationError("MALFORMED_PAYLOAD", `malformed JSON ${file}: ${(error as Error).message}`, error);
    throw new SerializationError(
      "MALFORMED_PAYLOAD",
      `malformed JSON ${file} at line ${place.line}, column ${place.column}: ${place.reason}`,
      error,
      { file, line: place.line, column: place.column },
    );
  }
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new SerializationError("MALFORMED_PAYLOAD", `malformed ${file}: an IDMEFv2 message is a JSON object, not ${kind}`);
  }
  return { fields: value as Record<string, unknown>, droppedKeys: parsed.dropped };
}

export const jsonSerializer: Serializer = {
  contentTypes: ["application/json", "text/json"],
  serialize: (fields) => JSON.stringify(fields),
  unserialize: (payload) => parseJsonObject(payload),
};
registerSerializer(jsonSerializer);

/** Prototype keys removed while parsing, as error problems: such a message is rejected, not silently changed. */
export function forbiddenKeyProblems(droppedKeys: readonly string[]): Problem[] {
  return droppedKeys.map((pointer) => ({
    pointer,
    keyword: "forbidden-key",
    message: forbiddenKeyMessage(pointer),
    severity: "error" as const,
  }));
}

export function serializeMessage(message: Message, contentType: string, options: ValidateOptions): SerializedMessage {
  const serializer = serializerFor(contentType);
  assertValidMessage(message, options);
  return new SerializedMessage(contentType, serializer.serialize(message));
}

function isUnserializedFields(value: Record<string, unknown> | UnserializedFields): value is UnserializedFields {
  const fields = (value as { fields?: unknown }).fields;
  return Object.keys(value).every((k) => k === "fields" || k === "droppedKeys") && fields !== null && typeof fields === "object";
}

export function unserializeMessage(serialized: SerializedMessage, options: ValidateOptions): Message {
  const serializer = serializerFor(serialized.contentType);
  const result = serializer.unserialize(serialized.payload);
  const { fields, droppedKeys = [] } = isUnserializedFields(result) ? result : { fields: result };
  const message = new Message();
  Object.assign(message, fields);
  if (droppedKeys.length > 0) {
    let others: Problem[] = [];
    try {
      assertValidMessage(message, options);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      others = [...error.problems];
    }
    throw new ValidationError([...forbiddenKeyProblems(droppedKeys), ...others]);
  }
  assertValidMessage(message, options);
  return message;
}
