// One event carried in CEF or LEEF (header fields + key=value pairs) to one IDMEFv2 2.D.V08 message.
// The two formats differ in their header and key names only; their key tables say where each key goes.
import type { ConvertContext } from "../../core/converter.js";
import { isIP } from "../../core/platform.js";
import { keywordCategories } from "../classification-keywords.js";
import { protocolName, usableIp } from "../ip-address.js";
import type { PrefixHeader } from "../syslog/prefix-header.js";
import type { RunState } from "../syslog/run-state.js";
import { readEventTime, type EventTimeOptions } from "./event-time.js";
import type { EventKeyTable, EventSlot } from "./event-slots.js";

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
}

/** Values senders write for "nothing here". */
const EMPTY_VALUES = new Set(["", "-", '"-"', "N/A", "NULL", "null", "none", "None"]);

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

function nonEmpty(...parts: (string | undefined)[]): string | undefined {
  const text = parts
    .filter((p) => p !== undefined && p.trim() !== "")
    .join(" ")
    .trim();
  return text === "" ? undefined : text;
}

export function carriedEventMessage(
  event: CarriedEvent,
  mapping: CarriedEventMapping,
  options: CarriedEventOptions,
  ctx: ConvertContext,
): Record<string, unknown> {
  const slots = new Map<EventSlot, string>();
  const slotKeys = new Map<EventSlot, string>();
  const labels = new Map<string, string>();
  for (const [key, value] of event.pairs) {
    if (key.endsWith("Label") && mapping.labelled.has(key.slice(0, -5))) labels.set(key.slice(0, -5), value);
  }
  const notes: string[] = [];
  for (const [key, value] of event.pairs) {
    if (EMPTY_VALUES.has(value.trim())) continue;
    const slot = Object.hasOwn(mapping.keys, key) ? mapping.keys[key] : undefined;
    if (slot !== undefined && !slots.has(slot)) {
      slots.set(slot, value.trim());
      slotKeys.set(slot, key);
      continue;
    }
    if (key.endsWith("Label") && mapping.labelled.has(key.slice(0, -5))) continue;
    const label = mapping.labelled.has(key) ? (labels.get(key) ?? key) : key;
    notes.push(`${label}: ${value}`);
  }
  const get = (slot: EventSlot): string | undefined => slots.get(slot);
  const field = (slot: EventSlot): string => `${event.format} ${slotKeys.get(slot) ?? slot}`;

  // Times: the event's own, else the syslog header's, else now (CreateTime is required).
  const times: Record<string, string> = {};
  for (const slot of ["CreateTime", "StartTime", "EndTime"] as const) {
    const text = get(slot);
    if (text === undefined) continue;
    const time = readEventTime(text, options);
    if (time === undefined) {
      ctx.warn(`${field(slot)} ${JSON.stringify(text.slice(0, 80))} is not a time this converter reads; kept in Note`);
      notes.push(`${slotKeys.get(slot)}: ${text}`);
    } else {
      times[slot] = time;
    }
  }
  const createTime = times["CreateTime"] ?? event.header.timestamp ?? ctx.now();

  const severityText = event.severity ?? get("Severity");
  let priority = "Unknown";
  if (severityText !== undefined) {
    const mapped = mapping.priority(severityText);
    if (mapped === undefined)
      ctx.warn(`${event.format} severity ${JSON.stringify(severityText.slice(0, 40))} is not one this converter knows; Priority Unknown`);
    priority = mapped ?? "Unknown";
  }

  const categoryText = get("Category");
  const category = keywordCategories(categoryText ?? "")[0] ?? keywordCategories(event.name ?? "")[0] ?? UNDETERMINED;
  const altCategory = categoryText === undefined ? [] : [`cat:${categoryText}`];

  const altNames: string[] = [];
  if (!EMPTY_VALUES.has(event.eventId.trim()))
    altNames.push(`${event.format === "LEEF" ? "eventId" : "signatureId"}:${event.eventId.trim()}`);
  const externalId = get("ExternalId");
  if (externalId !== undefined) altNames.push(`externalId:${externalId}`);

  const protocols: string[] = [];
  for (const slot of ["Protocol", "Service"] as const) {
    const raw = get(slot);
    const name = protocolName(raw);
    if (name !== undefined && !protocols.includes(name)) protocols.push(name);
    // A protocol number no table names (proto=255) is kept where a reader sees it.
    else if (name === undefined && raw !== undefined && slot === "Protocol") notes.push(`${slotKeys.get(slot)}: ${raw}`);
  }

  const endpoint = (role: "Source" | "Target"): Record<string, unknown>[] | undefined => {
    const item: Record<string, unknown> = {};
    const hostname = get(`${role}.Hostname`);
    // Senders put an address in the host name field when they have no name (dhost=13.86.36.66).
    const ipText = get(`${role}.IP`) ?? (hostname !== undefined && isIP(hostname) !== 0 ? hostname : undefined);
    const ip = usableIp(ipText, field(`${role}.IP`), ctx);
    if (ip !== undefined) item["IP"] = ip;
    if (hostname !== undefined) item["Hostname"] = hostname;
    const user = get(`${role}.User`);
    if (user !== undefined) item["User"] = user;
    if (role === "Source" && protocols.length > 0) item["Protocol"] = protocols;
    const service = get("Service");
    if (role === "Target" && service !== undefined) item["Service"] = service;
    const portText = get(`${role}.Port`);
    const portNumber = port(portText);
    if (portNumber !== undefined) item["Port"] = [portNumber];
    else if (portText !== undefined)
      ctx.warn(`${field(`${role}.Port`)} ${JSON.stringify(portText.slice(0, 40))} is not a port (1-65535); left out`);
    return Object.keys(item).length === 0 ? undefined : [{ ID: ctx.newId(), ...item }];
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
    const fileNotes = [
      filePath === undefined ? undefined : `path: ${filePath}`,
      hash === undefined && hashText !== undefined ? `hash: ${hashText}` : undefined,
    ];
    const note = fileNotes.filter((n) => n !== undefined).join("\n");
    if (note !== "") file["Note"] = note;
    attachments.push(file);
  } else if (fileSize !== undefined) {
    notes.push(`${slotKeys.get("File.Size")}: ${fileSize}`);
  }
  const request = get("Request.URL");
  if (request !== undefined) {
    const url = absoluteUrl(request);
    attachments.push({
      Name: "request",
      Note: nonEmpty(get("Request.Method"), request),
      ...(url === undefined ? {} : { ExternalURI: [url] }),
    });
  } else if (get("Request.Method") !== undefined) {
    notes.push(`${slotKeys.get("Request.Method")}: ${get("Request.Method")}`);
  }

  const analyzerHost = get("Analyzer.Hostname") ?? event.header.hostname;
  const analyzerName = options.analyzer ?? analyzerHost ?? nonEmpty(event.vendor, event.product) ?? `${event.format} sender`;
  const analyzerIp = usableIp(get("Analyzer.IP"), field("Analyzer.IP"), ctx);
  const model = nonEmpty(event.vendor, event.product, event.productVersion);
  const analyzer = {
    ID: options.state.analyzerId(analyzerName),
    Name: analyzerName,
    ...(analyzerHost === undefined ? {} : { Hostname: analyzerHost }),
    ...(analyzerIp === undefined ? {} : { IP: analyzerIp }),
    ...(model === undefined ? {} : { Model: model }),
  };
  // The zone was the machine's, not one the user chose: say so, the time may be hours off.
  if (
    options.timezone === undefined &&
    event.header.assumedZone !== undefined &&
    times["CreateTime"] === undefined &&
    event.header.timestamp !== undefined
  ) {
    notes.push(`syslog time read in zone ${event.header.assumedZone}`);
  }

  const description = event.name?.trim();
  return {
    Version: ctx.version,
    ID: ctx.newId(),
    CreateTime: createTime,
    ...(times["StartTime"] === undefined ? {} : { StartTime: times["StartTime"] }),
    ...(times["EndTime"] === undefined ? {} : { EndTime: times["EndTime"] }),
    Type: ["Cyber"],
    Category: [category],
    ...(altCategory.length > 0 ? { AltCategory: altCategory } : {}),
    Priority: priority,
    ...(description === undefined || description === "" ? {} : { Description: description }),
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    Analyzer: analyzer,
    ...(source === undefined ? {} : { Source: source }),
    ...(target === undefined ? {} : { Target: target }),
    ...(attachments.length > 0 ? { Attachment: attachments } : {}),
  };
}
