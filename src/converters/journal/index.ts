// The built-in `journal` converter: `journalctl -o json` output (one JSON object per line, from a
// file, stdin or a growing export under --follow), `-o json-seq`, and `-o json-pretty` (one object
// over many lines, gathered here: see PrettyEntries), matched by the syslog rules. The entry's fields
// give what a syslog header would: SYSLOG_IDENTIFIER (else _COMM), SYSLOG_PID (else _PID),
// _HOSTNAME, __REALTIME_TIMESTAMP (microseconds since the epoch, UTC: no zone to guess), MESSAGE.
import { ConversionError } from "../../core/errors.js";
import { parseJsonSafely } from "../../core/safe-json.js";
import { defineConverter, type ConvertContext, type DraftMessage, type OptionValues } from "../../core/converter.js";
import { minPriorityRankOf, RULE_OPTIONS, ruleEngineFor } from "../syslog/options.js";
import { convertRecord } from "../syslog/convert-record.js";
import { RunState } from "../syslog/run-state.js";
import type { SyslogRecord } from "../syslog/syslog-record.js";

export const SKIP_NO_MESSAGE = "journal entry without a MESSAGE";
/** The journal format's options: no time zone (journal times are UTC microseconds). */
export const JOURNAL_OPTIONS = { ...RULE_OPTIONS } as const;
const NO_STRUCTURED_DATA = Object.freeze([]);
const MAX_MESSAGE_BYTES = 1 << 20;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A journal field as text: a string, or (journald's form for non-UTF-8 or binary data) an array of bytes. */
function fieldText(value: unknown, ctx: ConvertContext, name: string): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    if (value.length > MAX_MESSAGE_BYTES)
      throw new ConversionError(`journal field ${name} is over ${MAX_MESSAGE_BYTES} bytes`, {
        place: { file: ctx.source.file, line: ctx.source.line },
      });
    if (!value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      throw new ConversionError(`journal field ${name} is an array but not of bytes (0-255)`, {
        place: { file: ctx.source.file, line: ctx.source.line },
      });
    }
    const bytes = Buffer.from(value as number[]);
    const text = bytes.toString("utf8");
    if (text.includes("\uFFFD") && !bytes.includes(0xef)) ctx.warn(`journal field ${name} is not UTF-8: invalid bytes shown as U+FFFD`);
    return text;
  }
  return undefined;
}

/** `__REALTIME_TIMESTAMP` (decimal microseconds) as RFC 3339 UTC with microseconds, and ms. */
export function realtimeToRfc3339(text: string): { timestamp: string; ms: number } | undefined {
  if (!/^\d{1,17}$/.test(text)) return undefined;
  const micros = BigInt(text);
  const ms = Number(micros / 1000n);
  if (ms > 4102444800000) return undefined; // past 2100: not a real clock
  const iso = new Date(Number(micros / 1_000_000n) * 1000).toISOString().slice(0, 19);
  return { timestamp: `${iso}.${String(micros % 1_000_000n).padStart(6, "0")}Z`, ms };
}

/** The syslog-shaped record of one journal entry, or undefined when it has no MESSAGE. */
export function journalRecord(entry: unknown, ctx: ConvertContext): SyslogRecord | undefined {
  if (!isRecord(entry))
    throw new ConversionError("a journal entry must be a JSON object (journalctl -o json)", {
      place: { file: ctx.source.file, line: ctx.source.line },
    });
  const message = fieldText(entry["MESSAGE"], ctx, "MESSAGE");
  if (message === undefined) return undefined;
  const realtime = fieldText(entry["__REALTIME_TIMESTAMP"], ctx, "__REALTIME_TIMESTAMP");
  const time = realtime === undefined ? undefined : realtimeToRfc3339(realtime);
  if (realtime !== undefined && time === undefined) {
    throw new ConversionError(`__REALTIME_TIMESTAMP ${JSON.stringify(realtime.slice(0, 40))} is not a count of microseconds`, {
      place: { file: ctx.source.file, line: ctx.source.line },
    });
  }
  const priority = Number(fieldText(entry["PRIORITY"], ctx, "PRIORITY"));
  const facility = Number(fieldText(entry["SYSLOG_FACILITY"], ctx, "SYSLOG_FACILITY"));
  const program = fieldText(entry["SYSLOG_IDENTIFIER"], ctx, "SYSLOG_IDENTIFIER") ?? fieldText(entry["_COMM"], ctx, "_COMM");
  return {
    format: "journal",
    pri: undefined,
    facility: Number.isInteger(facility) && facility >= 0 && facility <= 23 ? facility : undefined,
    severity: Number.isInteger(priority) && priority >= 0 && priority <= 7 ? priority : undefined,
    timestamp: time?.timestamp,
    timestampOrigin: time === undefined ? "absent" : "explicit",
    assumedZone: undefined,
    yearInferred: false,
    timeMs: time?.ms,
    hostname: fieldText(entry["_HOSTNAME"], ctx, "_HOSTNAME") || undefined,
    program: program || undefined,
    subsystem: undefined,
    procId: fieldText(entry["SYSLOG_PID"], ctx, "SYSLOG_PID") ?? fieldText(entry["_PID"], ctx, "_PID"),
    msgId: undefined,
    structuredData: NO_STRUCTURED_DATA,
    message,
    mark: false,
    repeat: undefined,
  };
}

const BARE_OPTIONS = { referenceMs: 0, timezone: "Z" };

/** The readings of an entry's MESSAGE by the program formats, with the entry's own time, host and pid. */
function* bareReadings(entry: SyslogRecord, readings: Iterable<SyslogRecord>): Generator<SyslogRecord> {
  for (const reading of readings) {
    yield {
      ...reading,
      timestamp: entry.timestamp,
      timestampOrigin: entry.timestampOrigin,
      assumedZone: undefined,
      yearInferred: false,
      timeMs: entry.timeMs,
      hostname: entry.hostname ?? reading.hostname,
      procId: entry.procId ?? reading.procId,
      severity: entry.severity,
      facility: entry.facility,
    };
  }
}

export const SKIP_PRETTY_PART = "line of a multi-line journal entry (json-pretty): converted at its closing brace";
export const SKIP_PRETTY_ORPHAN = "line of a json-pretty entry whose opening brace was not read";
/** The longest json-pretty entry gathered (journald's own limit on a field is far below). */
const MAX_PRETTY_CHARS = 4 << 20;

/**
 * `journalctl -o json-pretty` writes each entry as `{`, one tab-indented `"FIELD" : value` line per
 * field (nested arrays of bytes indented further), and `}` alone at the start of a line. The lines
 * of an entry are gathered per input, and the entry is converted when its `}` is read; the earlier
 * lines are skipped (counted) so that every line ends as something.
 */
class PrettyEntries {
  private readonly open = new Map<string, { lines: string[]; chars: number; startLine: number }>();

  /** The entry's text when `line` closes one; undefined when the line was gathered or skipped. */
  take(line: string, ctx: ConvertContext): { text: string; startLine: number } | undefined {
    const file = ctx.source.file;
    const pending = this.open.get(file);
    if (line.trimEnd() === "{") {
      if (pending !== undefined) ctx.warn(`the json-pretty entry opened at line ${pending.startLine} never closed: dropped`);
      this.open.set(file, { lines: ["{"], chars: 1, startLine: ctx.source.line });
      ctx.skip(SKIP_PRETTY_PART);
      return undefined;
    }
    if (pending === undefined) {
      ctx.skip(SKIP_PRETTY_ORPHAN);
      return undefined;
    }
    pending.lines.push(line);
    pending.chars += line.length + 1;
    if (line.trimEnd() === "}") {
      this.open.delete(file);
      return { text: pending.lines.join("\n"), startLine: pending.startLine };
    }
    if (pending.chars > MAX_PRETTY_CHARS) {
      this.open.delete(file);
      throw new ConversionError(`the json-pretty entry opened at line ${pending.startLine} is over ${MAX_PRETTY_CHARS} characters`, {
        place: { file, line: ctx.source.line },
      });
    }
    ctx.skip(SKIP_PRETTY_PART);
    return undefined;
  }
}

/** One line of input as a journal entry: a one-line JSON object, or the close of a json-pretty one. */
function entryOfLine(line: string, pretty: PrettyEntries, ctx: ConvertContext): { value: unknown } | undefined {
  // JSON text sequences (RFC 7464, `journalctl -o json-seq`): an ASCII RS before each value.
  const trimmed = line.charCodeAt(0) === 0x1e ? line.slice(1) : line;
  let text = trimmed;
  let where = "";
  if (!(trimmed.startsWith("{") && trimmed.trimEnd().endsWith("}") && trimmed.trimEnd() !== "{")) {
    const closed = pretty.take(trimmed, ctx);
    if (closed === undefined) return undefined;
    text = closed.text;
    where = ` (the json-pretty entry from line ${closed.startLine})`;
  }
  try {
    // A key repeated with the same value is what some producers write; with two values, refused.
    const parsed = parseJsonSafely(text, { duplicates: "same-value" });
    for (const pointer of parsed.dropped) ctx.warn(`dropped the key at ${pointer}: it could pollute prototypes`);
    return { value: parsed.value };
  } catch (error) {
    throw new ConversionError(`invalid JSON${where}: ${(error as Error).message}`, {
      place: { file: ctx.source.file, line: ctx.source.line },
    });
  }
}

/** The per-run convert function of the journal format. */
function journalRun(values: OptionValues<typeof JOURNAL_OPTIONS>): (line: unknown, ctx: ConvertContext) => DraftMessage | null {
  const engine = ruleEngineFor(values);
  const minPriority = minPriorityRankOf(values);
  const state = new RunState();
  const pretty = new PrettyEntries();
  return (line, ctx) => {
    // A line of text from the framework; a caller of the library may hand an entry already parsed
    // (the contract before json-pretty, when the format's input was json-lines).
    const entry = typeof line === "string" ? entryOfLine(line, pretty, ctx) : { value: line };
    if (entry === undefined) return null;
    const record = journalRecord(entry.value, ctx);
    if (record === undefined) {
      ctx.skip(SKIP_NO_MESSAGE);
      return null;
    }
    return convertRecord(record, ctx, {
      engine,
      state,
      input: state.input(ctx),
      kind: "journal",
      minPriority,
      // An entry that names no program (no SYSLOG_IDENTIFIER, no _COMM: a trimmed export) may
      // still be a daemon's own wording: its MESSAGE is read with the program formats, which
      // know sshd's bare messages, at the entry's time and host.
      alternatives:
        record.program === undefined ? () => bareReadings(record, engine.formats.readings(record.message, BARE_OPTIONS)) : undefined,
    });
  };
}

/** How much a sample looks like `journalctl -o json`: the share of its first lines that are entries. */
export function detectJournal(sample: string): number {
  const lines = sample
    .split("\n", 21)
    .slice(0, 20)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) return 0;
  let good = 0;
  // journalctl -o json-pretty: `{` alone, then `\t"FIELD" : value` lines.
  if (
    lines[0]!.trim() === "{" &&
    lines.some((l) => l.includes('"__REALTIME_TIMESTAMP" : ')) &&
    lines.some((l) => /^\t"[A-Z_]{1,64}" : /.test(l))
  )
    return 0.95;
  for (const line of lines) {
    // journalctl -o json-seq (RFC 7464) puts an ASCII RS before each entry.
    const t = line.trim().replace(/^\x1e/, "");
    // Cheap checks first: journal entries always carry these two keys.
    if (!t.startsWith("{") || !t.includes('"__REALTIME_TIMESTAMP"') || !t.includes('"MESSAGE"')) continue;
    try {
      if (isRecord(JSON.parse(t))) good++;
    } catch {
      // a cut line at the end of the sample
    }
  }
  return (good / lines.length) * 0.95;
}

export const journal = defineConverter({
  format: "journal",
  description: "systemd journal entries (journalctl -o json, json-seq, json-pretty) matched by the syslog rules",
  // Lines, parsed here: a json-pretty entry spans many lines (PrettyEntries).
  input: "lines",
  // The syslog family's per-input state (run-state.ts).
  recordOrder: "per-input",
  options: JOURNAL_OPTIONS,
  detect: detectJournal,
  setup: journalRun,
});
