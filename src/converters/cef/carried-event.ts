// One event carried in CEF or LEEF (header fields + key=value pairs) to one IDMEFv2 2.D.V08 message.
// The two formats differ in their header and key names only; their key tables say where each key goes.
import type { ConvertContext } from "../../core/converter.js";
import { isIP } from "../../core/platform.js";
import { keywordCategories } from "../classification-keywords.js";
import { protocolName, usableIp } from "../ip-address.js";
import type { PrefixHeader } from "../syslog/prefix-header.js";
import type { RunState } from "../syslog/run-state.js";
import { readEventTime, type EventTimeOptions } from "./event-time.js";
import { EVENT_SLOTS, type EventKeyTable, type EventSlot } from "./event-slots.js";

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
  readonly pairs: readonly (readonly [key: string, value: string])[];
  /** The syslog header in front of the event, if any. */
  readonly header: PrefixHeader;
}

export interface CarriedEventMapping {
  readonly keys: EventKeyTable;
  /** Custom keys written under the value of their label key (CEF's cs1/cs1Label ...). */
  readonly labelled: ReadonlyMap<string, string>;
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

/** Values senders write for "nothing here". */
const EMPTY_VALUES = new Set(["", "-", '"-"', "N/A", "NULL", "null", "none", "None"]);
const LONGEST_EMPTY_VALUE = 4;

/** Whether the (trimmed) text is a "nothing here" value; long values are not hashed to find out. */
function isEmptyValue(text: string): boolean {
  return text.length <= LONGEST_EMPTY_VALUE && EMPTY_VALUES.has(text);
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

function absoluteUrl(text: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    // WHATWG leaves '[' and ']' in paths and queries; RFC 3986 (the schema's "uri") allows them only
    // around an IPv6 host. Credentials are left out.
    const rest = (url.pathname + url.search + url.hash).replace(/[[\]]/g, (c) => (c === "[" ? "%5B" : "%5D"));
    return `${url.protocol}//${url.host}${rest}`;
  } catch {
    return undefined;
  }
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

const SLOT_INDEX: ReadonlyMap<EventSlot, number> = new Map(EVENT_SLOTS.map((slot, index) => [slot, index]));

function slotIndex(slot: EventSlot): number {
  return SLOT_INDEX.get(slot)!;
}

/** The slots of each endpoint role, named once (not built from the role name on every line). */
const ENDPOINT_SLOTS = {
  Source: { ip: "Source.IP", hostname: "Source.Hostname", port: "Source.Port", user: "Source.User" },
  Target: { ip: "Target.IP", hostname: "Target.Hostname", port: "Target.Port", user: "Target.User" },
} as const;

// A key table read as key -> slot index, built once per table (the tables are module constants):
// a Map lookup per pair instead of a property lookup on a large object literal.
const keyIndexes = new WeakMap<EventKeyTable, ReadonlyMap<string, number>>();

function keyIndexOf(table: EventKeyTable): ReadonlyMap<string, number> {
  let index = keyIndexes.get(table);
  if (index === undefined) {
    index = new Map(Object.entries(table).map(([key, slot]) => [key, SLOT_INDEX.get(slot)!]));
    keyIndexes.set(table, index);
  }
  return index;
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

function isLabelKey(key: string, labelled: ReadonlyMap<string, string>): boolean {
  return key.length > 5 && key.endsWith("Label") && labelled.has(key.slice(0, -5));
}

export function carriedEventMessage(
  event: CarriedEvent,
  mapping: CarriedEventMapping,
  options: CarriedEventOptions,
  ctx: ConvertContext,
): Record<string, unknown> {
  // Each slot takes the first non-empty value of a key that maps to it; the rest go to Note.
  const keyIndex = keyIndexOf(mapping.keys);
  const values = new Array<string | undefined>(EVENT_SLOTS.length).fill(undefined);
  const valueKeys = new Array<string | undefined>(EVENT_SLOTS.length).fill(undefined);
  let labels: Map<string, string> | undefined;
  const noteKeys: string[] = [];
  const noteValues: string[] = [];
  for (const [key, value] of event.pairs) {
    // A label may come after its value (cs1=... cs1Label=...): labels are applied once all are read.
    if (isLabelKey(key, mapping.labelled)) {
      (labels ??= new Map()).set(key.slice(0, -5), value);
      continue;
    }
    const trimmed = value.trim();
    if (isEmptyValue(trimmed)) continue;
    const index = keyIndex.get(key);
    if (index !== undefined && values[index] === undefined) {
      values[index] = trimmed;
      valueKeys[index] = key;
      continue;
    }
    noteKeys.push(key);
    noteValues.push(value);
  }
  const notes: string[] = [];
  for (let i = 0; i < noteKeys.length; i++) {
    const key = noteKeys[i]!;
    const label = mapping.labelled.has(key) ? (labels?.get(key) ?? key) : key;
    notes.push(`${label}: ${noteValues[i]}`);
  }
  const get = (slot: EventSlot): string | undefined => values[slotIndex(slot)];
  const keyOf = (slot: EventSlot): string | undefined => valueKeys[slotIndex(slot)];
  const field = (slot: EventSlot): string => `${event.format} ${keyOf(slot) ?? slot}`;

  // Times: the event's own, else the syslog header's, else now (CreateTime is required).
  let eventCreateTime: string | undefined;
  let startTime: string | undefined;
  let endTime: string | undefined;
  for (const slot of ["CreateTime", "StartTime", "EndTime"] as const) {
    const text = get(slot);
    if (text === undefined) continue;
    const time = readEventTime(text, options);
    if (time === undefined) {
      ctx.warn(`${field(slot)} ${JSON.stringify(text.slice(0, 80))} is not a time this converter reads; kept in Note`);
      notes.push(`${keyOf(slot)}: ${text}`);
    } else if (slot === "CreateTime") eventCreateTime = time;
    else if (slot === "StartTime") startTime = time;
    else endTime = time;
  }
  const createTime = eventCreateTime ?? event.header.timestamp ?? ctx.now();

  const severityText = event.severity ?? get("Severity");
  let priority = "Unknown";
  if (severityText !== undefined) {
    const mapped = mapping.priority(severityText);
    if (mapped === undefined)
      ctx.warn(`${event.format} severity ${JSON.stringify(severityText.slice(0, 40))} is not one this converter knows; Priority Unknown`);
    priority = mapped ?? "Unknown";
  }

  const categoryText = get("Category");
  const category = options.categories.first(categoryText ?? "") ?? options.categories.first(event.name ?? "") ?? UNDETERMINED;

  const altNames: string[] = [];
  if (!isEmptyValue(event.eventId.trim())) altNames.push(`${event.format === "LEEF" ? "eventId" : "signatureId"}:${event.eventId.trim()}`);
  const externalId = get("ExternalId");
  if (externalId !== undefined) altNames.push(`externalId:${externalId}`);

  const protocols: string[] = [];
  for (const slot of ["Protocol", "Service"] as const) {
    const raw = get(slot);
    const name = protocolName(raw);
    if (name !== undefined && !protocols.includes(name)) protocols.push(name);
    // A protocol number no table names (proto=255) is kept where a reader sees it.
    else if (name === undefined && raw !== undefined && slot === "Protocol") notes.push(`${keyOf(slot)}: ${raw}`);
  }
  const service = get("Service");

  const endpoint = (role: "Source" | "Target"): Record<string, unknown>[] | undefined => {
    const slots = ENDPOINT_SLOTS[role];
    const hostname = get(slots.hostname);
    // Senders put an address in the host name field when they have no name (dhost=13.86.36.66).
    const ipText = get(slots.ip) ?? (hostname !== undefined && isIP(hostname) !== 0 ? hostname : undefined);
    const ip = ipText === undefined ? undefined : usableIp(ipText, field(slots.ip), ctx);
    const user = get(slots.user);
    const protocol = role === "Source" && protocols.length > 0 ? protocols : undefined;
    const targetService = role === "Target" ? service : undefined;
    const portText = get(slots.port);
    const portNumber = port(portText);
    if (portNumber === undefined && portText !== undefined)
      ctx.warn(`${field(slots.port)} ${JSON.stringify(portText.slice(0, 40))} is not a port (1-65535); left out`);
    if (
      ip === undefined &&
      hostname === undefined &&
      user === undefined &&
      protocol === undefined &&
      targetService === undefined &&
      portNumber === undefined
    )
      return undefined;
    const item: Record<string, unknown> = { ID: ctx.newId() };
    if (ip !== undefined) item["IP"] = ip;
    if (hostname !== undefined) item["Hostname"] = hostname;
    if (user !== undefined) item["User"] = user;
    if (protocol !== undefined) item["Protocol"] = protocol;
    if (targetService !== undefined) item["Service"] = targetService;
    if (portNumber !== undefined) item["Port"] = [portNumber];
    return [item];
  };
  const source = endpoint("Source");
  const target = endpoint("Target");

  const attachments: Record<string, unknown>[] = [];
  const fileName = get("File.Name");
  const filePath = get("File.Path");
  const fileSize = get("File.Size");
  const hashText = get("File.Hash");
  if (fileName !== undefined || filePath !== undefined || hashText !== undefined) {
    const file: Record<string, unknown> = { Name: "file" };
    const name = fileName ?? filePath?.split(/[\\/]/).pop();
    if (name !== undefined && name !== "") file["FileName"] = name;
    if (fileSize !== undefined && /^\d{1,15}$/.test(fileSize)) file["Size"] = Number(fileSize);
    const hash = hashText === undefined ? undefined : fileHash(hashText);
    if (hash !== undefined) file["Hash"] = [hash];
    else if (hashText !== undefined)
      ctx.warn(`${field("File.Hash")} ${JSON.stringify(hashText.slice(0, 80))} is not a hex digest; kept in the file's Note`);
    const fileNotes: string[] = [];
    if (filePath !== undefined) fileNotes.push(`path: ${filePath}`);
    if (hash === undefined && hashText !== undefined) fileNotes.push(`hash: ${hashText}`);
    if (fileNotes.length > 0) file["Note"] = fileNotes.join("\n");
    attachments.push(file);
  } else if (fileSize !== undefined) {
    notes.push(`${keyOf("File.Size")}: ${fileSize}`);
  }
  const request = get("Request.URL");
  const method = get("Request.Method");
  if (request !== undefined) {
    const url = absoluteUrl(request);
    const attachment: Record<string, unknown> = { Name: "request", Note: nonEmpty(method, request) };
    if (url !== undefined) attachment["ExternalURI"] = [url];
    attachments.push(attachment);
  } else if (method !== undefined) {
    notes.push(`${keyOf("Request.Method")}: ${method}`);
  }

  const analyzerHost = get("Analyzer.Hostname") ?? event.header.hostname;
  const analyzerName = options.analyzer ?? analyzerHost ?? nonEmpty(event.vendor, event.product) ?? `${event.format} sender`;
  const analyzerIpText = get("Analyzer.IP");
  const analyzerIp = analyzerIpText === undefined ? undefined : usableIp(analyzerIpText, field("Analyzer.IP"), ctx);
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
  if (notes.length > 0) message["Note"] = notes.join("\n");
  if (altNames.length > 0) message["AltNames"] = altNames;
  message["Analyzer"] = analyzer;
  if (source !== undefined) message["Source"] = source;
  if (target !== undefined) message["Target"] = target;
  if (attachments.length > 0) message["Attachment"] = attachments;
  return message;
}
