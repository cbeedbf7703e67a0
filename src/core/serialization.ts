// Serializers keyed by media type; built-in JSON, open to plugins (python-idmefv2 uses entry points).
import { IdmefError } from "./errors.js";
import { parseJsonSafely } from "./safe-json.js";
// A cycle with message.ts, safe: each side uses the other only inside functions, never at load.
import { Message } from "./message.js";
import type { ValidateOptions } from "./validator.js";

/** A serialized message and the media type of its payload, as in python-idmefv2. */
export class SerializedMessage {
  constructor(
    readonly contentType: string,
    readonly payload: string,
  ) {}
}

export interface Serializer {
  /** Media types this serializer handles, e.g. ["application/json", "text/json"]. */
  readonly contentTypes: readonly string[];
  serialize(fields: Readonly<Record<string, unknown>>): string;
  /** Parses a payload into plain fields; throws SerializationError with the position when malformed. */
  unserialize(payload: string): Record<string, unknown>;
}

export class SerializationError extends IdmefError {
  constructor(code: "UNKNOWN_CONTENT_TYPE" | "MALFORMED_PAYLOAD", message: string, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.name = "SerializationError";
  }
}

const registry = new Map<string, Serializer>();

/** Registers a serializer for each of its media types; a later registration replaces an earlier one. */
export function registerSerializer(serializer: Serializer): void {
  for (const type of serializer.contentTypes) registry.set(type.toLowerCase(), serializer);
}

export function knownContentTypes(): string[] {
  return [...registry.keys()].sort();
}

function serializerFor(contentType: string): Serializer {
  // Media type parameters (";charset=utf-8") do not choose the serializer.
  const key = contentType.split(";")[0]!.trim().toLowerCase();
  const serializer = registry.get(key);
  if (serializer === undefined) {
    throw new SerializationError(
      "UNKNOWN_CONTENT_TYPE",
      `no serializer for content type ${JSON.stringify(contentType)}: known types are ${knownContentTypes().join(", ")}`,
    );
  }
  return serializer;
}

export const jsonSerializer: Serializer = {
  contentTypes: ["application/json", "text/json"],
  serialize: (fields) => JSON.stringify(fields),
  unserialize(payload) {
    let parsed: unknown;
    try {
      parsed = parseJsonSafely(payload).value;
    } catch (error) {
      throw new SerializationError("MALFORMED_PAYLOAD", `malformed JSON payload: ${(error as Error).message}`, error);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new SerializationError("MALFORMED_PAYLOAD", "malformed payload: an IDMEFv2 message is a JSON object");
    }
    return parsed as Record<string, unknown>;
  },
};
registerSerializer(jsonSerializer);

export function serializeMessage(message: Message, contentType: string, options: ValidateOptions): SerializedMessage {
  const serializer = serializerFor(contentType);
  message.validate(options);
  return new SerializedMessage(contentType, serializer.serialize(message));
}

export function unserializeMessage(serialized: SerializedMessage, options: ValidateOptions): Message {
  const serializer = serializerFor(serialized.contentType);
  const fields = serializer.unserialize(serialized.payload);
  const message = new Message();
  Object.assign(message, fields);
  message.validate(options);
  return message;
}
