// The public contract between the converter framework and every converter, built-in or plugin.
import type { Message } from "./message.js";
import type { IdmefVersion } from "./versions.js";

/**
 * How the framework cuts an input into records before `convert` sees them:
 * - "lines": one text line (string, without its line ending);
 * - "json-lines": one parsed JSON value per line (prototype keys already removed);
 * - "document": one whole document per file (string), or, when the converter sets
 *   `recordElements`, one top-level XML element of those local names at a time (string).
 */
export type InputKind = "lines" | "json-lines" | "document";

/** Where the record being converted came from. `line` is 1-based; for documents, the start line. */
export interface RecordSource {
  readonly file: string;
  readonly line: number;
}

/** What a converter may use while converting one record. */
export interface ConvertContext {
  /** This format's options from config (`options.<format>`) and the command line. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The IDMEFv2 version the output must validate against (default 2.D.V08). */
  readonly version: IdmefVersion;
  /** A new UUID v4 (tests may make it deterministic). */
  newId(): string;
  /** "Now" as an RFC 3339 timestamp with offset (tests may fix it). */
  now(): string;
  readonly source: RecordSource;
  /** Says why the record is skipped; the record is counted under this reason. Return null after it. */
  skip(reason: string): void;
  /** Reports something about this record that the output does not carry, or a doubt. */
  warn(message: string): void;
}

/** Plain IDMEFv2 fields; wrapped into a Message by the framework. */
export type MessageObject = Readonly<Record<string, unknown>>;

/** What `convert` may return: one message, several, or nothing (skipped as "not relevant"). */
export type ConvertResult = Message | MessageObject | readonly (Message | MessageObject)[] | null | undefined;

export interface Converter<TRecord = unknown> {
  /** The name used with `--from`, e.g. "suricata". Later registrations of a name win. */
  readonly format: string;
  readonly aliases?: readonly string[];
  /** One line for `idmefv2 formats`. */
  readonly description: string;
  readonly input: InputKind;
  /** For input "document" on XML: stream each top-level element with one of these local names. */
  readonly recordElements?: readonly string[];
  /**
   * Checks this format's options once, before any record is read. Throw (an IdmefError with code
   * CONFIG_ERROR names the problem best) to stop the run as a configuration error (CLI exit 2)
   * instead of rejecting every record for the same wrong option.
   */
  checkOptions?(options: Readonly<Record<string, unknown>>): void;
  /** 0..1: how sure this converter is that a sample (the first 64 KB of an input) is its format. */
  detect?(sample: string): number;
  /**
   * Turns one record into messages. Throw (ideally a ConversionError) to reject the record with
   * that reason; return null/undefined, or call ctx.skip(reason), to skip it.
   */
  convert(record: TRecord, ctx: ConvertContext): ConvertResult | Promise<ConvertResult>;
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

/** Identity function that types one converter, checking its record type against its input kind. */
export function defineConverter<TRecord>(converter: Converter<TRecord>): Converter<TRecord> {
  return converter;
}
