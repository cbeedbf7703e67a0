// Fields every message from a Zeek record has: the time, the Analyzer, the capture Sensor, and the
// two ends of the connection.
import type { ConvertContext, DraftSource, DraftTarget } from "../../core/converter.js";
import { epochTimestamp } from "../../core/epoch-time.js";
import { uuidV5 } from "../../core/ids.js";
import { normalizeTimestamp } from "../../core/timestamps.js";
import { isProtocolName, usableIp, usablePort } from "../ip-address.js";
import { integerField, textField, type ZeekRecord } from "./zeek-record.js";

/** A date and time of day as ISO 8601 begins them: a `ts` that may only lack its zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * CreateTime from `ts`: epoch seconds with a fraction (TSV, and JSON by default), or ISO 8601 with
 * its zone (JSON with LogAscii::json_timestamps = JSON::TS_ISO8601). Re-exporters (VAST/Tenzir's
 * `export json`) write ISO 8601 without a zone: such a time takes the `timezone` option's zone,
 * and without that option the record is rejected naming it (a guessed zone would shift the time).
 * Without a usable `ts` the record is rejected: a message must say when.
 */
export function createTime(record: ZeekRecord, ctx: ConvertContext, timezone: string | undefined): string {
  const ts = textField(record, "ts");
  if (ts === undefined) return ctx.reject('no "ts": the record cannot get a CreateTime');
  const epoch = epochTimestamp(ts, "s");
  if (epoch !== undefined) return epoch;
  try {
    return normalizeTimestamp(ts, timezone === undefined ? {} : { timezone });
  } catch {
    const hint =
      timezone === undefined && ISO_DATE_TIME.test(ts) ? " (a time without its zone needs the timezone option, e.g. -O timezone=UTC)" : "";
    return ctx.reject(`ts ${JSON.stringify(ts.slice(0, 60))} is neither epoch seconds nor an ISO 8601 time with its zone${hint}`);
  }
}

export type AnalyzerOf = (method: string, data: string) => Record<string, unknown>;

/** The Analyzer of a run; its ID derived from the name, so one sensor keeps one ID across runs. */
export function analyzerOf(name: string): AnalyzerOf {
  const id = uuidV5(`zeek-analyzer:${name}`);
  return (method, data) => ({ ID: id, Name: name, Model: "Zeek", Category: ["NET.NIDS"], Data: [data], Method: [method] });
}

/** The Zeek process (cluster node) that wrote the record: `peer_descr` (notice) or `peer` (weird). */
export function sensors(record: ZeekRecord, field: string): Record<string, unknown>[] | undefined {
  const peer = textField(record, field);
  return peer === undefined ? undefined : [{ Name: peer }];
}

/** A value put on a Note line: one line, whatever the record held. */
export function noteValue(text: string): string {
  return text.includes("\n") || text.includes("\r") ? text.replace(/[\r\n]+/g, " ") : text;
}

export interface Ends {
  readonly Source?: DraftSource[];
  readonly Target?: DraftTarget[];
}

/**
 * Source from `src` (else the connection's originator), Target from `dst` (else its responder).
 * The originator's port goes with Source only when Source is that originator; the Target port is
 * `p` (the notice's port), else the responder's when Target is the responder.
 */
export function connectionEnds(record: ZeekRecord, ctx: ConvertContext): Ends {
  const origHost = textField(record, "id.orig_h");
  const respHost = textField(record, "id.resp_h");
  const srcField = textField(record, "src");
  const dstField = textField(record, "dst");
  const src = srcField ?? origHost;
  const dst = dstField ?? respHost;
  const srcPort = src === origHost ? usablePort(integerField(record, "id.orig_p")) : undefined;
  const dstPort = usablePort(integerField(record, "p")) ?? (dst === respHost ? usablePort(integerField(record, "id.resp_p")) : undefined);
  const proto = textField(record, "proto")?.toLowerCase();
  const protocol = proto !== undefined && proto !== "unknown_transport" && isProtocolName(proto) ? [proto] : undefined;
  const srcIp = usableIp(src, srcField === undefined ? "id.orig_h" : "src", ctx);
  const dstIp = usableIp(dst, dstField === undefined ? "id.resp_h" : "dst", ctx);
  // Objects filled in the schema's order (no spread of temporary objects: this runs per row).
  const ends: { Source?: DraftSource[]; Target?: DraftTarget[] } = {};
  if (srcIp !== undefined || srcPort !== undefined) {
    const source: Record<string, unknown> = {};
    if (srcIp !== undefined) source["IP"] = srcIp;
    if (srcPort !== undefined) source["Port"] = [srcPort];
    if (protocol !== undefined) source["Protocol"] = protocol;
    ends.Source = [source as DraftSource];
  }
  if (dstIp !== undefined || dstPort !== undefined) {
    const target: Record<string, unknown> = {};
    if (dstIp !== undefined) target["IP"] = dstIp;
    if (dstPort !== undefined) target["Port"] = [dstPort];
    ends.Target = [target as DraftTarget];
  }
  return ends;
}
