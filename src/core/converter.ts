// The public contract between the converter framework and every converter, built-in or plugin.
//
// Contract 2 (this file's `defineConverter({ options, setup })`): a converter declares its options
// as a schema and a `setup(options)` that returns the per-run convert function; everything a
// converter needs at run time (reject, skip, warn, IDs, timestamps) comes through `ctx`, so a
// plugin needs idmefv2 only for its types. Contract 1 (a plain `convert(record, ctx)`) still works.
import type { Message } from "./message.js";
import type { DraftMessage } from "./draft-message.js";
import type { OptionsSchema, OptionValues } from "./option-schema.js";
import type { NormalizeTimestampOptions } from "./timestamps.js";
import type { IdmefVersion } from "./versions.js";

export type { DraftMessage, DraftSource, DraftTarget, DraftSensor } from "./draft-message.js";
export type { OptionSpec, OptionsSchema, OptionValues } from "./option-schema.js";

/**
 * How the framework cuts an input into records before `convert` sees them:
 * - "lines": one text line (string, without its line ending);
 * - "json-lines": one parsed JSON value per line (prototype keys already removed);
 * - "document": one whole document per file (string), or, when the converter sets
 *   `recordElements`, one top-level XML element of those local names at a time (string).
 */
export type InputKind = "lines" | "json-lines" | "document";

/** The record type `convert` receives for each input kind: what `defineConverter` checks. */
export interface RecordTypes {
  readonly lines: string;
  /** Any JSON value: hostile input may hold anything, so a converter narrows it itself. */
  readonly "json-lines": unknown;
  readonly document: string;
}

/** Where the record being converted came from. `line` is 1-based; for documents, the start line. */
export interface RecordSource {
  readonly file: string;
  readonly line: number;
}

/** What a converter may use while converting one record. */
export interface ConvertContext {
  /** This format's options: contract 2 gets them checked, with defaults; contract 1 as given. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The IDMEFv2 version to produce: 2.D.V08 (the finisher translates to the run's --target-version). */
  readonly version: IdmefVersion;
  /**
   * A new message or item ID. By default derived from the record's identity (input, position,
   * bytes and converter, see docs/plugins.md "Stable IDs"): the same input converted twice gives
   * the same IDs. Tests may make it a counter.
   */
  newId(): string;
  /** A UUID v5 of `name` (in idmefv2's namespace, or `namespace`): for IDs derived from record fields. */
  uuidV5(name: string, namespace?: string): string;
  /** "Now" as an RFC 3339 timestamp with offset (tests may fix it). */
  now(): string;
  /**
   * A real-world timestamp in the schema's RFC 3339 form (see `normalizeTimestamp`); one that
   * cannot be read rejects the record as INVALID_TIMESTAMP or MISSING_TIMEZONE.
   */
  timestamp(text: string, options?: NormalizeTimestampOptions): string;
  readonly source: RecordSource;
  /** Says why the record is skipped; the record is counted under this reason. Return null after it. */
  skip(reason: string): void;
  /** Ends the record as a CONVERSION_FAILED reject with this reason. Never returns. */
  reject(reason: string): never;
  /** Reports something about this record that the output does not carry, or a doubt. */
  warn(message: string): void;
}

/** Plain IDMEFv2 fields; wrapped into a Message by the framework. */
export type MessageObject = Readonly<Record<string, unknown>>;

/** What a contract-1 `convert` may return: one message, several, or nothing (skipped as "not relevant"). */
export type ConvertResult = Message | MessageObject | readonly (Message | MessageObject)[] | null | undefined;

/** What a contract-2 convert function returns: typed messages (the finisher adds ID, Version and item IDs). */
export type ConvertOutput = DraftMessage | readonly DraftMessage[] | null | undefined;

/** The per-run convert function `setup` returns. */
export type ConvertFunction<TRecord> = (record: TRecord, ctx: ConvertContext) => ConvertOutput | Promise<ConvertOutput>;

/** What every converter has, whichever contract it follows. */
export interface ConverterInfo {
  /** The name used with `--from`, e.g. "suricata". Later registrations of a name win. */
  readonly format: string;
  readonly aliases?: readonly string[];
  /** One line for `idmefv2 formats`. */
  readonly description: string;
  readonly input: InputKind;
  /** For input "document" on XML: stream each top-level element with one of these local names. */
  readonly recordElements?: readonly string[];
  /** 0..1: how sure this converter is that a sample (the first 64 KB of an input) is its format. */
  detect?(sample: string): number;
  /**
   * Whether a record's result depends on the records before it (`convert --jobs N`):
   * - "independent": each record converts the same whatever came before it, so the framework may
   *   convert an input's records on several threads at once (output still written in order);
   * - "per-input" (the default, the safe reading for a converter that does not say): the run
   *   keeps state from record to record of an input (syslog's per-process memory, a TSV header),
   *   so an input's records are converted in order on one thread.
   */
  readonly recordOrder?: RecordOrder;
}

/** See ConverterInfo.recordOrder. */
export type RecordOrder = "independent" | "per-input";

/** Contract 1: one `convert` for every run, options read from `ctx.options` on each record. */
export interface LegacyConverter<TRecord = unknown> extends ConverterInfo {
  /**
   * Checks this format's options once, before any record is read. Throw (an IdmefError with code
   * CONFIG_ERROR names the problem best) to stop the run as a configuration error (CLI exit 2)
   * instead of rejecting every record for the same wrong option.
   */
  checkOptions?(options: Readonly<Record<string, unknown>>): void;
  /**
   * Turns one record into messages. Throw (an error whose `code` is CONVERSION_FAILED, or call
   * ctx.reject) to reject the record with that reason; return null/undefined, or call
   * ctx.skip(reason), to skip it.
   */
  convert(record: TRecord, ctx: ConvertContext): ConvertResult | Promise<ConvertResult>;
  readonly setup?: undefined;
}

/**
 * Contract 2 as the framework holds it: the options schema and `setup`, with the record and option
 * types erased (`never`), so converters of every input kind and options fit one registry. Write
 * converters with `defineConverter`, which checks the types this view erases.
 */
export interface SetupConverter extends ConverterInfo {
  /** The options this format accepts (`options.<format>` in config, `-O key=value`). */
  readonly options?: OptionsSchema;
  /**
   * Called once per run with the checked options (defaults filled in), before any record is read;
   * returns the convert function for that run, which holds the run's state. Throwing here stops
   * the run as a configuration error naming the format.
   */
  setup(options: never): ConvertFunction<never> | Promise<ConvertFunction<never>>;
  readonly convert?: undefined;
}

/** Any converter the framework accepts: contract 2 (`setup`) or contract 1 (`convert`). */
export type Converter = SetupConverter | LegacyConverter;

/** What `defineConverter` takes for a contract-2 converter of input kind K and options schema S. */
export interface ConverterDefinition<K extends InputKind, S extends OptionsSchema> extends ConverterInfo {
  readonly input: K;
  readonly options?: S;
  /** See SetupConverter.setup. The returned function receives records of the input kind's type. */
  readonly setup: (options: OptionValues<S>) => ConvertFunction<RecordTypes[K]> | Promise<ConvertFunction<RecordTypes[K]>>;
}

/** What a plugin module's default export is. */
export interface Plugin {
  readonly name: string;
  readonly converters: readonly Converter[];
}

/** Identity function that gives a plugin object its type (like prettier's and vite's defineConfig). */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}

/**
 * Types one converter. Contract 2: the record type of the function `setup` returns is checked
 * against the input kind (a "lines" converter gets strings), the options `setup` receives are typed
 * from the schema, and the output is a DraftMessage (a wrong enum value fails to compile).
 * Contract 1 (`convert`) is accepted as before.
 */
export function defineConverter<const K extends InputKind, const S extends OptionsSchema = Record<never, never>>(
  converter: ConverterDefinition<K, S>,
): SetupConverter & ConverterDefinition<K, S>;
export function defineConverter<TRecord>(converter: LegacyConverter<TRecord>): LegacyConverter<TRecord>;
export function defineConverter(converter: object): object {
  return converter;
}

/**
 * Marks a message built from untyped parts (fields copied from a record, a mapping template) as a
 * DraftMessage. Nothing is checked at compile time for it; the framework still validates every
 * message against the schema at run time and rejects the record when it is invalid.
 */
export function untypedMessage(fields: MessageObject): DraftMessage {
  return fields as unknown as DraftMessage;
}
