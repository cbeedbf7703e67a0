// The built-in `snort` converter: Snort 3 alert_json lines, and alert_fast lines and alert_full
// records of Snort 2 and 3 (docs/mapping-snort.md).
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage, type OptionsSchema } from "../../core/converter.js";
import { ConversionError } from "../../core/errors.js";
import { parseJsonSafely } from "../../core/safe-json.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { RunState } from "../syslog/run-state.js";
import type { SnortAlert } from "./alert-fields.js";
import { snortAlertMessage, type SnortMessageOptions } from "./alert-message.js";
import { detectSnort } from "./detect.js";
import { alertFromJson } from "./read-json.js";
import { SnortMinute } from "./snort-time.js";
import { readBrackets, readFlow, readRuleHeader, type BracketFacts, type TextHeader } from "./read-text.js";

export const SNORT_OPTIONS = {
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description: "zone of the sensor's clock (Snort writes local time, or UTC with -U: \"Z\"); default: the machine's zone",
  },
  analyzer: { type: "string", description: 'Analyzer Name of every message (default "Snort")' },
} as const satisfies OptionsSchema;

/** "MM/DD-HH:MM:SS.ffffff " or "YY/MM/DD-..." at the start of a line: the index after it, or -1. */
function stampEnd(line: string): number {
  const space = line.indexOf(" ");
  if (space < 14 || space > 26) return -1;
  return /^(?:\d{2}\/)?\d{2}\/\d{2}-\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/.test(line.slice(0, space)) ? space : -1;
}

/** An alert_full record being read: its header and bracket lines so far. */
interface PendingFull {
  readonly header: TextHeader;
  readonly facts: BracketFacts;
  readonly line: number;
  /** The stamp of a link-layer line (`snort -e`): the addresses are on the line after it. */
  linkStamp?: string;
}

// `snort -e` puts the link layer on the stamp line ("0A:00:27:00:00:00 -> 08:00:27:B3:15:40
// type:0x800 len:0x4422") and the IP addresses on the next ("172.28.128.1:38083 ->
// 172.28.128.3:8020 TCP TTL:128 ..."). Anchored, fixed repetition: no backtracking.
const LINK_LAYER = /^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5} -> [0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}(?: |$)/;
const PROTOCOL_WORD = /^[A-Z][A-Z0-9-]{0,15}$/;

const NO_FLOW = { proto: undefined, srcAddr: undefined, srcPort: undefined, dstAddr: undefined, dstPort: undefined } as const;

/** The flow of the IP line after a link-layer line, or undefined for a line that holds none (ARP). */
function ipLineFlow(line: string): ReturnType<typeof readFlow> | undefined {
  const arrow = line.indexOf(" -> ");
  if (arrow < 0) return undefined;
  const words = line.slice(arrow + 4).split(" ", 2);
  const proto = words[1] !== undefined && PROTOCOL_WORD.test(words[1]) ? words[1] : undefined;
  try {
    return readFlow(`${line.slice(0, arrow)} -> ${words[0] ?? ""}`, 0, proto);
  } catch {
    return undefined;
  }
}

const SKIP_FULL_HEADER = "alert_full header line (converted with its address line)";
const SKIP_FULL_DETAIL = "alert_full packet detail line";
const SKIP_FULL_LINK = "alert_full link-layer line (converted with the IP line after it)";
const MAX_INPUTS = 256;

function textAlert(
  header: TextHeader,
  facts: BracketFacts,
  timestamp: string,
  flow: ReturnType<typeof readFlow> | typeof NO_FLOW,
): SnortAlert {
  return {
    timestamp,
    seconds: undefined,
    gid: header.gid,
    sid: header.sid,
    rev: header.rev,
    msg: header.msg,
    classification: facts.classification,
    priority: facts.priority,
    proto: flow.proto,
    srcAddr: flow.srcAddr,
    srcPort: flow.srcPort,
    dstAddr: flow.dstAddr,
    dstPort: flow.dstPort,
    dir: undefined,
    target: undefined,
    action: undefined,
    service: undefined,
    iface: undefined,
    notes: facts.notes,
    references: facts.references,
  };
}

function withPlace(error: unknown, ctx: ConvertContext): never {
  if (error instanceof ConversionError) ctx.reject(error.message);
  throw error;
}

export const snortConverter = defineConverter({
  format: "snort",
  description: "Snort alerts: Snort 3 alert_json, alert_fast and alert_full of Snort 2 and 3, to IDMEFv2",
  input: "lines",
  // alert_full detail lines follow their record.
  recordOrder: "per-input",
  options: SNORT_OPTIONS,
  detect: detectSnort,
  setup(values) {
    const state = new RunState();
    const minute = new SnortMinute();
    const timezone = values.timezone === "" ? undefined : values.timezone;
    const analyzer = values.analyzer === "" ? undefined : values.analyzer;
    // Per input: the alert_full record being read, and whether one was seen (its detail lines follow).
    const inputs = new Map<string, { pending: PendingFull | undefined; sawFull: boolean }>();
    const inputState = (ctx: ConvertContext): { pending: PendingFull | undefined; sawFull: boolean } => {
      let s = inputs.get(ctx.source.file);
      if (s === undefined || ctx.source.line === 1) {
        s = { pending: undefined, sawFull: false };
        inputs.delete(ctx.source.file);
        if (inputs.size >= MAX_INPUTS) inputs.delete(inputs.keys().next().value!);
        inputs.set(ctx.source.file, s);
      }
      return s;
    };
    const messageOf = (alert: SnortAlert, ctx: ConvertContext): DraftMessage => {
      const options: SnortMessageOptions = { timezone, analyzer, state, referenceMs: state.referenceMs(ctx), minute };
      return untypedMessage(snortAlertMessage(alert, options, ctx));
    };
    return (raw: string, ctx: ConvertContext): DraftMessage | null => {
      const line = raw.trim();
      const input = inputState(ctx);
      if (line.startsWith("#")) {
        // No Snort output starts with '#': an annotated file's comment, or an export's preamble.
        ctx.skip("comment line (#)");
        return null;
      }
      try {
        if (line.startsWith("{")) {
          let value: unknown;
          try {
            const parsed = parseJsonSafely(line);
            value = parsed.value;
            for (const pointer of parsed.dropped) ctx.warn(`dropped the key at ${pointer}: it could pollute prototypes`);
          } catch (error) {
            // A torn write or a damaged line: the input's fault, not the converter's.
            return ctx.reject(`invalid JSON: ${(error as Error).message}`);
          }
          if (value === null || typeof value !== "object" || Array.isArray(value))
            ctx.reject("an alert_json line must hold one JSON object");
          return messageOf(alertFromJson(value as Record<string, unknown>), ctx);
        }
        if (line.startsWith("[**] [")) {
          const { header, end } = readRuleHeader(line, 0);
          input.pending = {
            header,
            facts: { classification: undefined, priority: undefined, notes: [], references: [] },
            line: ctx.source.line,
          };
          input.sawFull = true;
          readBrackets(line, end, input.pending.facts);
          ctx.skip(SKIP_FULL_HEADER);
          return null;
        }
        const stamp = stampEnd(line);
        if (stamp > 0 && line.startsWith("[**] [", stamp + 1 + (line[stamp + 1] === " " ? 1 : 0))) {
          // alert_fast: one line, Snort 2 with two spaces after the stamp, Snort 3 with one.
          const { header, end } = readRuleHeader(line, line.indexOf("[**] [", stamp));
          const facts: BracketFacts = { classification: undefined, priority: undefined, notes: [], references: [] };
          const flowAt = readBrackets(line, end, facts);
          return messageOf(textAlert(header, facts, line.slice(0, stamp), readFlow(line, flowAt, undefined)), ctx);
        }
        const pending = input.pending;
        if (pending?.linkStamp !== undefined) {
          // The line after a link-layer line: the IP addresses, when the packet has them.
          input.pending = undefined;
          const flow = ipLineFlow(line) ?? NO_FLOW;
          return messageOf(textAlert(pending.header, pending.facts, pending.linkStamp, flow), ctx);
        }
        if (pending !== undefined && line.startsWith("[")) {
          readBrackets(line, 0, pending.facts);
          ctx.skip(SKIP_FULL_DETAIL);
          return null;
        }
        if (pending !== undefined && stamp > 0 && LINK_LAYER.test(line.slice(stamp + 1))) {
          pending.linkStamp = line.slice(0, stamp);
          ctx.skip(SKIP_FULL_LINK);
          return null;
        }
        if (pending !== undefined && stamp > 0) {
          input.pending = undefined;
          // alert_full names the protocol on the next line (not read): the flow line has none.
          return messageOf(textAlert(pending.header, pending.facts, line.slice(0, stamp), readFlow(line, stamp, undefined)), ctx);
        }
        if (input.sawFull) {
          ctx.skip(SKIP_FULL_DETAIL);
          return null;
        }
        ctx.reject("not a Snort alert (alert_json object, alert_fast line or alert_full record)");
      } catch (error) {
        return withPlace(error, ctx);
      }
    };
  },
});
