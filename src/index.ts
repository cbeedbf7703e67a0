// The public API of idmefv2. Everything not exported here is internal.
export {
  IdmefError,
  UnknownVersionError,
  ConversionError,
  TimestampError,
  formatPlace,
  type IdmefErrorCode,
  type InputPlace,
} from "./core/errors.js";
export {
  KNOWN_VERSIONS,
  DEFAULT_VERSION,
  LATEST_STABLE_VERSION,
  isKnownVersion,
  resolveVersion,
  type IdmefVersion,
  type VersionPolicy,
} from "./core/versions.js";
export { Message, ValidationError, type MessageFields } from "./core/message.js";
export { schemaProblems, type Problem, type ValidateOptions } from "./core/validator.js";
export {
  SerializedMessage,
  SerializationError,
  registerSerializer,
  knownContentTypes,
  type Serializer,
} from "./core/serialization.js";
export { newId, uuidV5, isUuid, IDMEFV2_NAMESPACE } from "./core/ids.js";
export { nowTimestamp, normalizeTimestamp, zoneOffsetAt, type NormalizeTimestampOptions } from "./core/timestamps.js";
export { parseJsonSafely } from "./core/safe-json.js";
export {
  definePlugin,
  defineConverter,
  type Converter,
  type ConvertContext,
  type ConvertResult,
  type InputKind,
  type MessageObject,
  type Plugin,
  type RecordSource,
} from "./core/converter.js";
