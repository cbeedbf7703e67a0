// The public API of idmefv2. Everything not exported here is internal; the per-draft generated
// types are under "idmefv2/types" and the test helpers under "idmefv2/testing". The surface is
// recorded in api/idmefv2.api.md (npm run api:update), so a change of it is a reviewed diff.
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
export { Message, ValidationError, assertValidMessage, type MessageFields } from "./core/message.js";
export { schemaProblems, messageProblems, isValid, versionFor, type Problem, type ValidateOptions } from "./core/validator.js";
export { semanticProblems, compareTimestamps } from "./core/semantic.js";
// Translation between drafts (docs/mapping-drafts.md).
export {
  translateMessage,
  TranslationError,
  applyDefaults,
  DRAFT_STEPS,
  type TranslateOptions,
  type Translation,
  type TranslationWarning,
  type DraftStep,
  type EnumMapping,
} from "./core/translate/index.js";
export {
  validateStream,
  DEFAULT_MAX_VALIDATE_RECORD_BYTES,
  type RecordVerdict,
  type ValidateStreamOptions,
} from "./core/validate-stream.js";
/** Longest line or XML element `runPipeline` (and `idmefv2 convert`) accepts by default: 1 MiB. */
export { DEFAULT_MAX_RECORD_BYTES } from "./framework/framers/types.js";
// The 2.D.V08 message types (IdmefMessage, Analyzer, Priority, ...); every draft's types and
// allowed-value lists are in "idmefv2/types".
export type * from "./core/generated/types/2.D.V08.js";
export {
  SerializedMessage,
  SerializationError,
  registerSerializer,
  knownContentTypes,
  parseJsonObject,
  type Serializer,
  type UnserializedFields,
} from "./core/serialization.js";
export { newId, uuidV5, isUuid, IDMEFV2_NAMESPACE } from "./core/ids.js";
export { nowTimestamp, normalizeTimestamp, assertKnownTimezone, type NormalizeTimestampOptions } from "./core/timestamps.js";
export {
  definePlugin,
  defineConverter,
  untypedMessage,
  type Converter,
  type ConverterDefinition,
  type ConverterInfo,
  type ConvertContext,
  type ConvertFunction,
  type ConvertOutput,
  type ConvertResult,
  type DraftMessage,
  type DraftSensor,
  type DraftSource,
  type DraftTarget,
  type InputKind,
  type LegacyConverter,
  type MessageObject,
  type OptionSpec,
  type OptionsSchema,
  type OptionValues,
  type Plugin,
  type RecordOrder,
  type RecordSource,
  type RecordTypes,
  type SetupConverter,
} from "./core/converter.js";
export { isIdmefError } from "./core/errors.js";
// The conversion framework: pipeline, sources, sinks, registry (golden-file helpers: "idmefv2/testing").
export {
  runPipeline,
  type PipelineOptions,
  type PipelineSinks,
  type PipelineReport,
  type Commit,
  type Progress,
} from "./framework/pipeline.js";
export { fileInput, stdinInput, textInput, type PipelineInput, type RecordPlace } from "./framework/sources.js";
// What `idmefv2 convert` does to its arguments: files, folders, patterns and stdin, detected per input.
export { openInputs, type OpenInputsOptions } from "./io/open-inputs.js";
// ... and to its output files: whole lines (a full disk cuts back a torn one), fsync'd on commit.
export { NdjsonFileSink, type NdjsonFileOptions, type CommittedLength } from "./io/ndjson-file-sink.js";
export { OutputFailure } from "./io/output-failure.js";
// `convert --jobs N`: the pipeline with its records converted on worker threads, output in input order.
export { runParallelPipeline, type ParallelPipelineOptions } from "./io/worker-pool/parallel-pipeline.js";
export {
  NdjsonMessageSink,
  NdjsonRejectSink,
  type MessageSink,
  type RejectSink,
  type WarningSink,
  type RejectedRecord,
  type ConversionWarning,
} from "./framework/sinks.js";
export { Accounting, type RunStats } from "./framework/accounting.js";
export { FormatRegistry, describeOrigin, type ConverterOrigin, type RegisteredFormat } from "./framework/registry.js";
export {
  loadConfig,
  buildRegistry,
  loadRegistry,
  loadPlugin,
  CONFIG_SEARCH_PLACES,
  type IdmefConfig,
  type FollowSource,
  type LoadedConfig,
  type LoadConfigOptions,
} from "./framework/config.js";
export { loadMappingFile, compileMapping } from "./framework/mappings/load.js";
export { detectFormat, scoreSample, type Detection, type DetectionScore } from "./framework/detect.js";
export { builtinConverters } from "./converters/index.js";
// Transport: IDMEFv2 over HTTPS (draft-lehmann-idmefv2-https-transport), client with spool and receiver.
export {
  DeliveryClient,
  type DeliveryClientOptions,
  type DeliveryStats,
  type DeliveryRejection,
  type ClientTlsOptions,
  type MessageOrigin,
} from "./transport/client.js";
export { DeliverySink, DELIVERY_REJECTED, type DeliverySinkOptions } from "./transport/delivery-sink.js";
export { Spool, type SpoolOptions, type SpoolEntry, type SpoolStats } from "./transport/spool.js";
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  verdictForStatus,
  type RetryPolicy,
  type DeliveryVerdict,
} from "./transport/retry-policy.js";
export { BASIC_AUTH_ENV, parseBasicCredentials, type BasicCredentials } from "./transport/basic-auth.js";
export {
  startReceiver,
  DEFAULT_MAX_BODY_BYTES,
  type Receiver,
  type ReceiverOptions,
  type ReceiverStats,
  type ReceiverTlsOptions,
} from "./transport/receiver.js";
export { NdjsonFileStore, StreamStore, type MessageStore } from "./transport/message-store.js";
// NATS JetStream: a message sink (publish, await the PubAck, Nats-Msg-Id = the message ID).
export {
  checkSubject,
  connectNats,
  isNatsUrl,
  parseNatsUrl,
  JetStreamMessageSink,
  JetStreamPublisher,
  startNatsWorker,
  FORMAT_HEADER,
  type NatsWorker,
  type WorkerOptions,
  type WorkerStats,
  type JetStreamSinkOptions,
  type JetStreamSinkStats,
  type NatsConnectOptions,
  type NatsDestination,
  type PublisherOptions,
  type PublisherStats,
  type PublisherTarget,
} from "./transport/nats/index.js";
// IDMEF v1 (RFC 4765) converter; mapping in docs/mapping-idmefv1.md.
export { idmefv1Converter, detectIdmefv1 } from "./converters/idmefv1/index.js";
// Suricata EVE converter and follow mode (tail -F with a state file).
export { suricataConverter, SuricataClasstypeTable, classtypeForCategoryText, normalizeCve } from "./converters/suricata/index.js";
export {
  followInput,
  type FollowedInput,
  type FollowOptions,
  type FilePosition,
  MultiFollower,
  type MultiFollowOptions,
  type FileConverter,
} from "./io/follow/index.js";
// Syslog converter (RFC 5424 / RFC 3164 parser, rule set as data) and the live syslog listener;
// mapping in docs/mapping-syslog.md.
export {
  syslog as syslogConverter,
  parseSyslog,
  SyslogParseError,
  loadRuleFile as loadSyslogRuleFile,
  type ParseSyslogOptions,
  type SyslogConverterOptions,
  type SyslogRecord,
  type StructuredDataElement,
  type RuleSpec as SyslogRuleSpec,
} from "./converters/syslog/index.js";
// A program's own log files (docs/mapping-applog.md) and the systemd journal, with the syslog rules.
export { applog as applogConverter, type ApplogConverterOptions } from "./converters/applog/index.js";
export { journal as journalConverter } from "./converters/journal/index.js";
export {
  startSyslogListener,
  type SyslogListener,
  type SyslogListenerOptions,
  type ListenerReport,
  type ListenerStats,
  type BoundAddress,
} from "./io/syslog-listener/index.js";
