// One event carried in CEF or LEEF (header fields + key=value pairs) to one IDMEFv2 2.D.V08 message.
// The two formats differ in their header and key names only; their key tables say where each key goes.
import type { ConvertContext } from "../../core/converter.js";
import { isIP } from "../../core/platform.js";
import { keywordCategories } from "../classification-keywords.js";
import { protocolName, usableIp } from "../ip-address.js";
import type { PrefixHeader } from "../syslog/prefix-header.js";
import type { RunState } from "../syslog/run-state.js";
import { isEmptyValue, slotIndex, type CarriedPairs } from "./carried-pairs.js";
import { absoluteUrl } from "./request-url.js";
import { readEventTime, type EventTimeOptions } from "./event-time.js";
import { EVENT_SLOTS, type EventKeyTable, type EventSlot, type LabelledKeys } from "./event-slots.js";

export interface CarriedEvent {
  /** "CEF" or "LEEF": names the format in Notes and warnings. */
  readonly format: string;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  /** CEF Signature ID, LEEF EventID. */
  readonly eventId: string;
  /** CEF Name; LEEF has none. */
  readonly name: string | undefined;
  /** The header's severity (CEF), when the format has one in its header. */
  readonly severity: string | undefined;
  /** The syslog header in front of the event, if any. */
  readonly header: PrefixHeader;
}

export interface CarriedEventMapping {
  readonly keys: EventKeyTable;
  /** Custom keys written under the value of their label key (CEF's cs1/cs1Label ...). */
  readonly labelled: LabelledKeys;
  /** Severity text (header or key) to Priority; undefined: not a severity the table knows. */
  readonly priority: (severity: string) => string | undefined;
}

export interface CarriedEventOptions extends EventTimeOptions {
  readonly analyzer: string | undefined;
  /** The run's state: analyzer IDs (one per sender name, stable across runs). */
  readonly state: RunState;
  /** The run's remembered keyword categories of names and `cat` texts. */
  readonly categories: FirstCategoryMemo;
}

const HEX = /^[0-9a-fA-F]+$/;
const HASH_BY_LENGTH: Readonly<Record<number, string>> = { 32: "md5", 40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512" };
const UNDETERMINED = "Other.Undetermined";

function port(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** "sha256:<hex>" from a bare hex digest (its length names the algorithm) or an "alg:hex" one. */
function fileHash(text: string): string | undefined {
  const colon = text.indexOf(":");
  if (colon > 0 && /^[a-zA-Z0-9-]+$/.test(text.slice(0, colon))) {
    const hex = text.slice(colon + 1);
    return HEX.test(hex) && hex.length % 2 === 0 ? `${text.slice(0, colon).toLowerCase()}:${hex.toLowerCase()}` : undefined;
  }
  const algorithm = HEX.test(text) ? HASH_BY_LENGTH[text.length] : undefined;
  return algorithm === undefined ? undefined : `${algorithm}:${text.toLowerCase()}`;
}

/** The parts that are not blank, joined by spaces; undefined when all are blank. */
function nonEmpty(a: string | undefined, b?: string, c?: string): string | undefined {
  let text = "";
  for (const part of [a, b, c]) {
    if (part !== undefined && part.trim() !== "") text = text === "" ? part : `${text} ${part}`;
  }
  text = text.trim();
  return text === "" ? undefined : text;
}

/** At most this many texts are remembered per run (names and categories repeat in a stream). */
const MAX_REMEMBERED_TEXTS = 4096;

/**
 * The first keyword category of a text, remembered per run: the keyword table runs a few dozen
 * patterns, and a stream repeats the same few signature names and categories line after line.
 */
export class FirstCategoryMemo {
  private readonly known = new Map<string, string | undefined>();

  first(text: string): string | undefined {
    if (this.known.has(text)) return this.known.get(text);
    const category = keywordCategories(text)[0];
    if (this.known.size >= MAX_REMEMBERED_TEXTS) this.known.clear();
    this.known.set(text, category);
    return category;
  }
}

// Where each slot's value sits in CarriedPairs.values.
/** Within this of the event's time, a year-less header stamp is taken to be of the event's year. */
const YEAR_ANCHOR_MS = 2 * 86_400_000;

/**
 * The year-less header time `stamp` (RFC 3339, its year guessed) moved to the year, among the
 * event time's and the ones either side, that puts it within two days of `anchor`; else undefined.
 */
export function yearFromEventTime(stamp: string, anchor: string): string | undefined {
  const anchorMs = Date.parse(anchor);
  if (Number.isNaN(anchorMs) || !/^\d{4}-/.test(stamp)) return undefined;
  const year = new Date(anchorMs).getUTCFullYear();
  for (const candidate of [year, year - 1, year + 1]) {
    const moved = `${String(candidate).padStart(4, "0")}${stamp.slice(4)}`;
    const ms = Date.parse(moved);
    // Feb 29 moved to a common year parses as Mar 1: the month must stay the same.
    if (Number.isNaN(ms) || moved.slice(5, 7) !== new Date(ms + offsetMs(moved)).toISOString().slice(5, 7)) continue;
    if (Math.abs(ms - anchorMs) <= YEAR_ANCHOR_MS) return moved;
  }
  return undefined;
}

/** The offset of an RFC 3339 time in ms (Z: 0), so that its wall-clock month can be checked. */
function offsetMs(time: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(time);
  if (m === null) return 0;
  const ms = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === "-" ? -ms : ms;
}

const CREATE_TIME = slotIndex("CreateTime");
const START_TIME = slotIndex("StartTime");
const END_TIME = slotIndex("EndTime");
const TIME_SLOTS = [CREATE_TIME, START_TIME, END_TIME] as const;
const SEVERITY = slotIndex("Severity");
const CATEGORY = slotIndex("Category");
const EXTERNAL_ID = slotIndex("ExternalId");
const PROTOCOL = slotIndex("Protocol");
const SERVICE = slotIndex("Service");
const FILE_NAME = slotIndex("File.Name");
const FILE_PATH = slotIndex("File.Path");
const FILE_SIZE = slotIndex("File.Size");
const FILE_HASH = slotIndex("File.Hash");
const REQUEST_URL = slotIndex("Request.URL");
const REQUEST_METHOD = slotIndex("Request.Method");
const ANALYZER_HOSTNAME = slotIndex("Analyzer.Hostname");
const ANALYZER_IP = slotIndex("Analyzer.IP");

interface EndpointSlots {
  readonly ip: number;
  readonly hostname: number;
  readonly port: number;
  readonly user: number;
  readonly ipName: EventSlot;
  readonly portName: EventSlot;
}

/** The slots of each endpoint role, named once (not built from the role name on every line). */
const SOURCE_SLOTS: EndpointSlots = {
  ip: slotIndex("Source.IP"),
  hostname: slotIndex("Source.Hostname"),
  port: slotIndex("Source.Port"),
  user: slotIndex("Source.User"),
  ipName: "Source.IP",
  portName: "Source.Port",
};
const TARGET_SLOTS: EndpointSlots = {
  ip: slotIndex("Target.IP"),
  hostname: slotIndex("Target.Hostname"),
  port: slotIndex("Target.Port"),
  user: slotIndex("Target.User"),
  ipName: "Target.IP",
  portName: "Target.Port",
};

/** How warnings name a slot's field: the format and the key that filled it ("CEF spt"). */
function fieldName(format: string, pairs: CarriedPairs, index: number, slot: EventSlot): string {
  return `${format} ${pairs.valueKeys[index] ?? slot}`;
}

/** An endpoint (Source or Target) from its slots; undefined when the event names none of its parts. */
function endpoint(
  format: string,
  pairs: CarriedPairs,
  slots: EndpointSlots,
  protocol: string[] | undefined,
  service: string | undefined,
  ctx: ConvertContext,
): Record<string, unknown>[] | undefined {
  const values = pairs.values;
  const hostname = values[slots.hostname];
  // Senders put an address in the host name field when they have no name (dhost=13.86.36.66).
  const ipText = values[slots.ip] ?? (hostname !== undefined && isIP(hostname) !== 0 ? hostname : undefined);
  const ip = ipText === undefined ? undefined : usableIp(ipText, fieldName(format, pairs, slots.ip, slots.ipName), ctx);
  const user = values[slots.user];
  const portText = values[slots.port];
  const portNumber = port(portText);
  if (portNumber === undefined && portText !== undefined)
    ctx.warn(
      `${fieldName(format, pairs, slots.port, slots.portName)} ${JSON.stringify(portText.slice(0, 40))} is not a port (1-65535); left out`,
    );
  if (
    ip === undefined &&
    hostname === undefined &&
    user === undefined &&
    protocol === undefined &&
    service === undefined &&
    portNumber === undefined
  )
    return undefined;
  const item: Record<string, unknown> = { ID: ctx.newId() };
  if (ip !== undefined) item["IP"] = ip;
  if (hostname !== undefined) item["Hostname"] = hostname;
  if (user !== undefined) item["User"] = user;
  if (protocol !== undefined) item["Protocol"] = protocol;
  if (service !== undefined) item["Service"] = service;
  if (portNumber !== undefined) item["Port"] = [portNumber];
  return [item];
}

/** The message of one event whose pairs `pairs` has gathered (CarriedPairs). */
export function carriedEventMessage(
  event: CarriedEvent,
  pairs: CarriedPairs,
  mapping: CarriedEventMapping,
  options: CarriedEventOptions,
  ctx: ConvertContext,
): Record<string, unknown> {
  const values = pairs.values;
  const format = event.format;
  // The pairs' Note lines, then the lines this mapping adds (times it cannot read, leftovers).
  const pairNote = pairs.noteText();
  const notes: string[] = [];

  // Times: the event's own, else the syslog header's, else now (CreateTime is required).
  let eventCreateTime: string | undefined;
  let startTime: string | undefined;
  let endTime: string | undefined;
  for (const index of TIME_SLOTS) {
    const text = values[index];
    if (text === undefined) continue;
    const time = readEventTime(text, options);
    if (time === undefined) {
      ctx.warn(
        `${fieldName(format, pairs, index, EVENT_SLOTS[index]!)} ${JSON.stringify(text.slice(0, 80))} is not a time this converter reads; kept in Note`,
      );
      notes.push(`${pairs.valueKeys[index]}: ${text}`);
    } else if (index === CREATE_TIME) eventCreateTime = time;
    else if (index === START_TIME) startTime = time;
    else endTime = time;
  }
  let createTime = eventCreateTime ?? event.header.timestamp ?? ctx.now();
  // A BSD header stamp has no year (guessed from "now"); an event start or end time near the same
  // day of a year says which year it was (FortiGate's `start=Dec 08 2022 ...`, CyberArk PTA's epoch).
  if (eventCreateTime === undefined && event.header.yearless === true && event.header.timestamp !== undefined) {
    const anchor = startTime ?? endTime;
    const dated = anchor === undefined ? undefined : yearFromEventTime(event.header.timestamp, anchor);
    if (dated !== undefined && dated !== createTime) {
      createTime = dated;
      notes.push(`syslog header year taken from the event's ${startTime !== undefined ? "start" : "end"} time`);
    }
  }

  const severityText = event.severity ?? values[SEVERITY];
  let priority = "Unknown";
  if (severityText !== undefined) {
    const mapped = mapping.priority(severityText);
    if (mapped === undefined)
      ctx.warn(`${format} severity ${JSON.stringify(severityText.slice(0, 40))} is not one this converter knows; Priority Unknown`);
    priority = mapped ?? "Unknown";
  }

  const categoryText = values[CATEGORY];
  const category = options.categories.first(categoryText ?? "") ?? options.categories.first(event.name ?? "") ?? UNDETERMINED;

  const altNames: string[] = [];
  const eventId = event.eventId.trim();
  if (!isEmptyValue(eventId)) altNames.push(`${format === "LEEF" ? "eventId" : "signatureId"}:${eventId}`);
  const externalId = values[EXTERNAL_ID];
  if (externalId !== undefined) altNames.push(`externalId:${externalId}`);

  let protocols: string[] | undefined;
  const protocolText = values[PROTOCOL];
  const protocol = protocolName(protocolText);
  if (protocol !== undefined) protocols = [protocol];
  // A protocol number no table names (proto=255) is kept where a reader sees it.
  else if (protocolText !== undefined) notes.push(`${pairs.valueKeys[PROTOCOL]}: ${protocolText}`);
  const service = values[SERVICE];
  const serviceProtocol = protocolName(service);
  if (serviceProtocol !== undefined && serviceProtocol !== protocol) (protocols ??= []).push(serviceProtocol);

  const source = endpoint(format, pairs, SOURCE_SLOTS, protocols, undefined, ctx);
  const target = endpoint(format, pairs, TARGET_SLOTS, undefined, service, ctx);

  const attachments: Record<string, unknown>[] = [];
  const fileName = values[FILE_NAME];
  const filePath = values[FILE_PATH];
  const fileSize = values[FILE_SIZE];
  const hashText = values[FILE_HASH];
  if (fileName !== undefined || filePath !== undefined || hashText !== undefined) {
    const file: Record<string, unknown> = { Name: "file" };
    const name = fileName ?? filePath?.split(/[\\/]/).pop();
    if (name !== undefined && name !== "") file["FileName"] = name;
    if (fileSize !== undefined && /^\d{1,15}$/.test(fileSize)) file["Size"] = Number(fileSize);
    const hash = hashText === undefined ? undefined : fileHash(hashText);
    if (hash !== undefined) file["Hash"] = [hash];
    else if (hashText !== undefined)
      ctx.warn(
        `${fieldName(format, pairs, FILE_HASH, "File.Hash")} ${JSON.stringify(hashText.slice(0, 80))} is not a hex digest; kept in the file's Note`,
      );
    const fileNotes: string[] = [];
    if (filePath !== undefined) fileNotes.push(`path: ${filePath}`);
    if (hash === undefined && hashText !== undefined) fileNotes.push(`hash: ${hashText}`);
    if (fileNotes.length > 0) file["Note"] = fileNotes.join("\n");
    attachments.push(file);
  } else if (fileSize !== undefined) {
    notes.push(`${pairs.valueKeys[FILE_SIZE]}: ${fileSize}`);
  }
  const request = values[REQUEST_URL];
  const method = values[REQUEST_METHOD];
  if (request !== undefined) {
    const url = absoluteUrl(request);
    const attachment: Record<string, unknown> = { Name: "request", Note: nonEmpty(method, request) };
    if (url !== undefined) attachment["ExternalURI"] = [url];
    attachments.push(attachment);
  } else if (method !== undefined) {
    notes.push(`${pairs.valueKeys[REQUEST_METHOD]}: ${method}`);
  }

  const analyzerHost = values[ANALYZER_HOSTNAME] ?? event.header.hostname;
  const analyzerName = options.analyzer ?? analyzerHost ?? nonEmpty(event.vendor, event.product) ?? `${format} sender`;
  const analyzerIpText = values[ANALYZER_IP];
  const analyzerIp =
    analyzerIpText === undefined ? undefined : usableIp(analyzerIpText, fieldName(format, pairs, ANALYZER_IP, "Analyzer.IP"), ctx);
  const model = nonEmpty(event.vendor, event.product, event.productVersion);
  const analyzer: Record<string, unknown> = { ID: options.state.analyzerId(analyzerName), Name: analyzerName };
  if (analyzerHost !== undefined) analyzer["Hostname"] = analyzerHost;
  if (analyzerIp !== undefined) analyzer["IP"] = analyzerIp;
  if (model !== undefined) analyzer["Model"] = model;
  // The zone was the machine's, not one the user chose: say so, the time may be hours off.
  if (
    options.timezone === undefined &&
    event.header.assumedZone !== undefined &&
    eventCreateTime === undefined &&
    event.header.timestamp !== undefined
  ) {
    notes.push(`syslog time read in zone ${event.header.assumedZone}`);
  }

  // One object filled in the schema's order (no spread of temporary objects: this runs per line).
  const description = event.name?.trim();
  const message: Record<string, unknown> = { Version: ctx.version, ID: ctx.newId(), CreateTime: createTime };
  if (startTime !== undefined) message["StartTime"] = startTime;
  if (endTime !== undefined) message["EndTime"] = endTime;
  message["Type"] = ["Cyber"];
  message["Category"] = [category];
  if (categoryText !== undefined) message["AltCategory"] = [`cat:${categoryText}`];
  message["Priority"] = priority;
  if (description !== undefined && description !== "") message["Description"] = description;
  if (notes.length > 0) message["Note"] = pairNote === "" ? notes.join("\n") : `${pairNote}\n${notes.join("\n")}`;
  else if (pairNote !== "") message["Note"] = pairNote;
  if (altNames.length > 0) message["AltNames"] = altNames;
  message["Analyzer"] = analyzer;
  if (source !== undefined) message["Source"] = source;
  if (target !== undefined) message["Target"] = target;
  if (attachments.length > 0) message["Attachment"] = attachments;
  return message;
}
