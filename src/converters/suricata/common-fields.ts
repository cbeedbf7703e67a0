// Fields every message from an EVE record has: times, Analyzer, Sensor, AltNames for the flow.
import type { ConvertContext } from "../../core/converter.js";
import { ConversionError, IdmefError } from "../../core/errors.js";
import { uuidV5 } from "../../core/ids.js";
import { normalizeTimestamp } from "../../core/timestamps.js";
import { asObject, idField, stringField, type EveObject } from "./eve-fields.js";
import type { SuricataOptions } from "./options.js";

function timestamp(text: string, field: string, options: SuricataOptions): string {
  try {
    return normalizeTimestamp(text, options.timezone === undefined ? {} : { timezone: options.timezone });
  } catch (error) {
    if (error instanceof IdmefError) throw new ConversionError(`${field}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** CreateTime from `timestamp` (required: a record without its time is rejected), StartTime from flow.start. */
export function eventTimes(record: EveObject, options: SuricataOptions): Record<string, string> {
  const created = stringField(record, "timestamp");
  if (created === undefined) throw new ConversionError('no "timestamp": the record cannot get a CreateTime');
  const times: Record<string, string> = { CreateTime: timestamp(created, "timestamp", options) };
  const start = stringField(asObject(record["flow"]), "start");
  if (start !== undefined) times["StartTime"] = timestamp(start, "flow.start", options);
  return times;
}

export type AnalyzerMethod = "Signature" | "Anomaly";

const analyzerIds = new Map<string, string>();

/** A UUID v5 of the analyzer's name, computed once per name (a SHA-1 per message adds up). */
function analyzerId(name: string): string {
  let id = analyzerIds.get(name);
  if (id === undefined) {
    id = uuidV5(`suricata-analyzer:${name}`);
    if (analyzerIds.size < 1024) analyzerIds.set(name, id);
  }
  return id;
}

/** The Suricata instance. Its ID is derived from its name, so one sensor keeps one ID across runs. */
export function analyzer(record: EveObject, options: SuricataOptions, method: AnalyzerMethod): Record<string, unknown> {
  const host = stringField(record, "host");
  const name = options.analyzer ?? host ?? "Suricata";
  return {
    ID: analyzerId(name),
    Name: name,
    ...(host === undefined ? {} : { Hostname: host }),
    Model: "Suricata",
    Category: ["NET.NIDS"],
    Data: ["Network"],
    Method: [method],
  };
}

/** The capture point: the interface (in_iface) and VLAN ids, when EVE names them. */
export function sensors(record: EveObject, ctx: ConvertContext): Record<string, unknown>[] | undefined {
  const iface = stringField(record, "in_iface");
  const vlans = Array.isArray(record["vlan"]) ? record["vlan"].filter((v) => typeof v === "number") : [];
  if (iface === undefined && vlans.length === 0) return undefined;
  const zone = vlans.length > 0 ? `vlan ${vlans.join("/")}` : undefined;
  const host = stringField(record, "host");
  return [
    {
      ID: ctx.newId(),
      Name: iface ?? zone!,
      ...(host === undefined ? {} : { Hostname: host }),
      ...(zone === undefined ? {} : { CaptureZone: zone }),
    },
  ];
}

/** flow_id and community_id, which tie the message to Suricata's other records of the same flow. */
export function flowNames(record: EveObject): string[] {
  const names: string[] = [];
  const flowId = idField(record, "flow_id");
  if (flowId !== undefined) names.push(`flow_id:${flowId}`);
  const communityId = stringField(record, "community_id");
  if (communityId !== undefined) names.push(`community_id:${communityId}`);
  return names;
}

/** The application protocol, unless Suricata could not tell it ("failed"). */
export function applicationProtocol(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const name = candidate?.trim().toLowerCase();
    if (name !== undefined && name !== "" && name !== "failed" && name !== "unknown") return name;
  }
  return undefined;
}
