// From a parsed record to the converter's answer, shared by the syslog, journal and applog
// converters: repeat lines, the size cap, rule matching, the per-process memory, min-priority, and
// CreateTime for lines without a time stamp.
import { ConversionError } from "../../core/errors.js";
import { untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { buildMessage, fillOptional } from "./build-message.js";
import { MAX_RULE_INPUT, type RuleEngine, type RuleMatch } from "./rule-engine.js";
import { MEMORY_KEYS, type MemoryKey } from "./rule-set.js";
import { ProcessMemory, type Remembered } from "./process-memory.js";
import type { InputState, RunState } from "./run-state.js";
import type { SyslogRecord } from "./syslog-record.js";

export const SKIP_NO_RULE = "no rule matched";
export const SKIP_MARK = "syslog MARK line";
export const SKIP_REPEAT_UNMATCHED = "repeat of a line no rule matched";
export const SKIP_BELOW_MIN_PRIORITY = "below min-priority";
export const SKIP_REMEMBERED = "remembered for later lines of the same process (no alert)";
export const SKIP_CLIENT_UNKNOWN = "no earlier line of the process or session named the client";
export const SKIP_WARM_UP = "state lead-in of a --jobs range (not written)";
export const TOO_LONG_REASON = `message too long for the rules (over ${MAX_RULE_INPUT} characters)`;

/** Priorities from lowest to highest, for `min-priority`. */
export const PRIORITY_ORDER = ["Unknown", "Info", "Low", "Medium", "High"] as const;
export type RulePriority = (typeof PRIORITY_ORDER)[number];

/**
 * The memory key of a record's process: host, program family, pid, and the rule's session (slapd's
 * connection) when it names one; undefined without a pid.
 */
function processKey(record: SyslogRecord, match: RuleMatch): string | undefined {
  if (record.procId === undefined || record.program === undefined) return undefined;
  const slash = record.program.indexOf("/");
  const key = ProcessMemory.key(record.hostname, slash > 0 ? record.program.slice(0, slash) : record.program, record.procId);
  const session = match.rule.session === undefined ? undefined : fillOptional(match.rule.session, match.groups);
  return session === undefined ? key : `${key}\u0000${session}`;
}

export interface RecordConversion {
  readonly engine: RuleEngine;
  /** The run's state (made by the converter's setup). */
  readonly state: RunState;
  /** The state of the record's input in this run (`state.input(ctx)`). */
  readonly input: InputState;
  /** Names the input kind in Notes ("syslog", "journal", "applog"). */
  readonly kind: string;
  readonly minPriority: number;
  /** Other readings of the line, tried in order when no rule matched the first. */
  readonly alternatives?: (() => Iterable<SyslogRecord>) | undefined;
  /** Try the alternatives even when the first reading's program has rules (applog: yes). */
  readonly alwaysTryAlternatives?: boolean;
}

// Log levels that programs write where a syslog tag would be (PostgreSQL's `FATAL:`, `LOG:`).
const LEVEL_TAGS = new Set(["FATAL", "PANIC", "ERROR", "WARNING", "NOTICE", "LOG", "INFO", "DEBUG", "DETAIL", "HINT", "STATEMENT"]);

/**
 * Whether a syslog reading looks like another program's line read as syslog: no host or no time (BIND's
 * category log, `10-Jan-2024 12:00:00.123 security: info: client ...`, is program "security"), a
 * host in brackets that is no IPv6 address (PostgreSQL's `2024-01-10 12:00:00 UTC [123] FATAL: ...`
 * is host "[123]"), or a log level for the tag. Lines with a plain host are left alone: most
 * unmatched syslog lines are of that kind, and trying every program format on them would cost
 * about a quarter of the syslog bench.
 */
function oddHeader(record: SyslogRecord): boolean {
  const host = record.hostname;
  // Samba's `  JSON Authentication: {...}` reads as host "JSON", tag "Authentication:", no stamp.
  if (host === undefined || record.timestamp === undefined) return true;
  if (host.startsWith("[") && !host.includes(":")) return true;
  return record.program !== undefined && LEVEL_TAGS.has(record.program);
}

/**
 * The rule a record matches: as read, then with the program's own prefix cut from its MSG
 * (`nginx: 2024/01/02 10:00:00 [error] 12#0: *1 ...`), then the other readings of the line.
 * Returns the reading that matched with the match. (The bench measures exactly this.)
 */
export function findMatch(
  first: SyslogRecord,
  how: Pick<RecordConversion, "engine" | "alternatives" | "alwaysTryAlternatives">,
): { record: SyslogRecord; match: RuleMatch } | undefined {
  const engine = how.engine;
  let match = engine.match(first);
  if (match !== undefined) return { record: first, match };
  const unwrapped = engine.formats.unwrapSyslog(first);
  if (unwrapped !== first) {
    match = engine.match(unwrapped);
    if (match !== undefined) return { record: unwrapped, match };
  }
  // The syslog reader tries other readings for a doubtful header (no tag, a level or a number where
  // the tag would be): such a line may be another program's own format even when the word read as
  // its tag names a program with rules (RouterOS logs under `error`, Horde's own log has `[error]`).
  // And for an odd header whose tag no rule knows (see oddHeader).
  if (
    how.alternatives === undefined ||
    (how.alwaysTryAlternatives !== true && first.loose === false && !(oddHeader(first) && !engine.knows(first)))
  )
    return undefined;
  for (const reading of how.alternatives()) {
    if (reading.message.length > MAX_RULE_INPUT) continue;
    match = engine.match(reading);
    if (match !== undefined) return { record: reading, match };
  }
  return undefined;
}

/**
 * Whether syslog-ng's quoted start of the repeated line is that of `last` (syslog-ng quotes the
 * MSG, or the whole `prog[pid]: msg` when it did not parse the tag); no quote: syslogd's form,
 * which names no line and repeats the previous one.
 */
function quotesLine(quoted: string | undefined, last: SyslogRecord): boolean {
  if (quoted === undefined || last.message.startsWith(quoted)) return true;
  if (last.program === undefined) return false;
  const tag = last.procId === undefined ? `${last.program}: ` : `${last.program}[${last.procId}]: `;
  return tag.length >= quoted.length ? tag.startsWith(quoted) : quoted.startsWith(tag) && last.message.startsWith(quoted.slice(tag.length));
}

/** Converts one parsed record (see the module comment). */
export function convertRecord(first: SyslogRecord, ctx: ConvertContext, how: RecordConversion): DraftMessage | null {
  let record = first;
  if (record.mark) {
    ctx.skip(SKIP_MARK);
    return null;
  }
  const state = how.input;
  let match: RuleMatch | undefined;
  let source = record;
  let count = 1;
  if (record.repeat?.previous === true) {
    const last = state.last;
    if (last === undefined || last.record.hostname !== record.hostname || !quotesLine(record.repeat.quoted, last.record)) {
      ctx.skip(SKIP_REPEAT_UNMATCHED);
      return null;
    }
    ({ match, record: source } = last);
    count = record.repeat.count;
  } else {
    if (record.message.length > MAX_RULE_INPUT) {
      // Matched by no rule (bounded work per line, whatever the patterns); a later "repeated" line
      // must not repeat an earlier event either.
      state.last = undefined;
      throw new ConversionError(TOO_LONG_REASON, { place: { file: ctx.source.file, line: ctx.source.line } });
    }
    const found = findMatch(record, how);
    if (found !== undefined) ({ record, match } = found);
    source = record;
    if (record.repeat !== undefined) count = record.repeat.count;
    state.last = match === undefined ? undefined : { record, match };
  }
  if (match === undefined) {
    ctx.skip(SKIP_NO_RULE);
    return null;
  }
  const rule = match.rule;
  const key = processKey(source, match);
  const lineMs = source.timeMs ?? Date.now();
  if (rule.remember !== undefined && key !== undefined && count === 1) {
    const values: Partial<Record<MemoryKey, string>> = {};
    for (const name of MEMORY_KEYS) {
      const template = rule.remember[name];
      const value = template === undefined ? undefined : fillOptional(template, match.groups);
      if (value !== undefined) values[name] = value;
    }
    state.memory.remember(key, values, lineMs, rule.spec.id);
  }
  if (!rule.alert) {
    ctx.skip(SKIP_REMEMBERED);
    return null;
  }
  if (PRIORITY_ORDER.indexOf(rule.spec.priority) < how.minPriority) {
    ctx.skip(SKIP_BELOW_MIN_PRIORITY);
    return null;
  }
  let recalled: Remembered | undefined;
  if (rule.recall && key !== undefined) recalled = state.memory.recall(key, lineMs);
  if (rule.recallRequired && recalled?.values.address === undefined) {
    ctx.skip(SKIP_CLIENT_UNKNOWN);
    return null;
  }
  // The lead-in of a `convert --jobs` range: the state is what it rebuilds, its messages are not written.
  if (how.state.warmingUp) {
    ctx.skip(SKIP_WARM_UP);
    return null;
  }
  const timestamp = record.timestamp ?? ctx.now();
  // Built from rule data, checked when the rules were compiled; validated by the framework too.
  return untypedMessage(
    buildMessage(source, match, timestamp, {
      newId: ctx.newId,
      version: ctx.version,
      count,
      recalled,
      via: how.kind,
      analyzerId: (host) => how.state.analyzerId(host),
    }),
  );
}
