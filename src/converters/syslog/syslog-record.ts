// The parsed form of one syslog line, whichever wire format it came in, and the parse error type.
import { ConversionError } from "../../core/errors.js";

/** One SD-ELEMENT of RFC 5424: its SD-ID and its parameters in order (names may repeat). */
export interface StructuredDataElement {
  readonly id: string;
  readonly params: readonly (readonly [name: string, value: string])[];
}

/** How the line was read: a syslog wire format, a journal entry, or a program's own log line. */
export type SyslogFormat = "rfc5424" | "rfc3164" | "journal" | "applog";

/**
 * How the record's time was read: with its own zone, with a zone (and maybe a year) assumed, or
 * not at all (the line has no time stamp: the converter uses the time it read the line).
 */
export type TimestampOrigin = "explicit" | "assumed-zone" | "absent";

export interface SyslogRecord {
  readonly format: SyslogFormat;
  /** PRI as written, or undefined when the line had none (RFC 3164 allows that). */
  readonly pri: number | undefined;
  readonly facility: number | undefined;
  readonly severity: number | undefined;
  /** RFC 3339 with offset, fraction digits as written; undefined when the line has no time. */
  readonly timestamp: string | undefined;
  readonly timestampOrigin: TimestampOrigin;
  /** The zone that was assumed for a zone-less stamp (for the message's Note). */
  readonly assumedZone: string | undefined;
  /** True when a year-less BSD stamp had its year inferred from the reference time. */
  readonly yearInferred: boolean;
  /** The time as epoch milliseconds, when the line has one (per-process memory windows). */
  readonly timeMs: number | undefined;
  readonly hostname: string | undefined;
  /** RFC 5424 APP-NAME, or the program of an RFC 3164 tag (`sshd` of `sshd[12]:`). */
  readonly program: string | undefined;
  /** The `(pam_unix)` part of an old-style tag such as `sshd(pam_unix)[12]:`. */
  readonly subsystem: string | undefined;
  readonly procId: string | undefined;
  readonly msgId: string | undefined;
  readonly structuredData: readonly StructuredDataElement[];
  /** The MSG part (BOM removed). */
  readonly message: string;
  /**
   * True when the header reading is doubtful: no tag, a tag without ':' or `[pid]`, or a log level
   * read as the program (`Info:`). Only such records are tried with the application-log formats.
   */
  readonly loose?: boolean;
  /** syslogd's `-- MARK --` heartbeat. */
  readonly mark: boolean;
  /**
   * A repeat line: syslogd's `last message repeated N times` and syslog-ng's `Last message 'text'
   * repeated N times, ...` (`previous`: it repeats the previous line; syslog-ng quotes that line's
   * first 20 bytes, `quoted`) or rsyslog's `message repeated N times: [ msg ]` (`message` is then `msg`).
   */
  readonly repeat: { readonly count: number; readonly previous: boolean; readonly quoted?: string } | undefined;
}

/** Raised for a line that is not syslog; says at which 1-based column and why. */
export class SyslogParseError extends ConversionError {
  readonly column: number;
  readonly reason: string;

  constructor(column: number, reason: string) {
    super(`syslog parse error at column ${column}: ${reason}`);
    this.name = "SyslogParseError";
    this.column = column;
    this.reason = reason;
  }
}
