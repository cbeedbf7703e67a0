// One Snort alert to one IDMEFv2 2.D.V08 message (docs/mapping-snort.md). Category and Priority come
// from the Suricata code: Snort's classification.config has the same classtypes and texts.
import type { ConvertContext } from "../../core/converter.js";
import { isProtocolName, usableIp, usablePort } from "../ip-address.js";
import { classifyAlert, priorityForSeverity } from "../suricata/classify.js";
import { referenceUri } from "../suricata/references.js";
import type { RunState } from "../syslog/run-state.js";
import type { SnortAlert } from "./alert-fields.js";
import { generatorCategory } from "./generator-categories.js";
import { readSnortTime, type SnortTimeOptions } from "./snort-time.js";

export interface SnortMessageOptions extends SnortTimeOptions {
  readonly analyzer: string | undefined;
  readonly state: RunState;
}

/** `[Xref => url]` / alert_json reference text: "http://..." or "system,value" -> a URI. */
function referenceUris(references: readonly string[]): string[] {
  const uris: string[] = [];
  for (const reference of references) {
    let uri: string | undefined;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
      try {
        uri = new URL(reference).href;
      } catch {
        uri = undefined;
      }
    } else {
      const comma = reference.indexOf(",");
      if (comma > 0)
        uri = referenceUri({ system: reference.slice(0, comma).trim().toLowerCase(), value: reference.slice(comma + 1).trim() });
    }
    if (uri !== undefined && !uris.includes(uri)) uris.push(uri);
  }
  return uris;
}

/** Adds the protocol name (lower case) when it is one the schema takes and not yet in the list. */
function addProtocol(protocols: string[], text: string | undefined): void {
  if (text === undefined) return;
  const name = text.toLowerCase();
  if (name !== "unknown" && isProtocolName(name) && !protocols.includes(name)) protocols.push(name);
}

/**
 * One end of the alert (Source with the protocols, Target with the service), or undefined when it
 * has neither address, port, protocol nor service. Its ID is drawn after its fields are read.
 */
function endpoint(
  addr: string | undefined,
  port: number | undefined,
  field: string,
  protocols: string[] | undefined,
  service: string | undefined,
  ctx: ConvertContext,
): Record<string, unknown>[] | undefined {
  const ip = usableIp(addr, field, ctx);
  const p = usablePort(port);
  if (ip === undefined && protocols === undefined && service === undefined && p === undefined) return undefined;
  const item: Record<string, unknown> = { ID: ctx.newId() };
  if (ip !== undefined) item["IP"] = ip;
  if (protocols !== undefined) item["Protocol"] = protocols;
  if (service !== undefined) item["Service"] = service;
  if (p !== undefined) item["Port"] = [p];
  return [item];
}

/** true when "target" is the packet's source, false when it is its destination, else undefined. */
function targetIsSender(alert: SnortAlert): boolean | undefined {
  if (alert.target === undefined || alert.srcAddr === alert.dstAddr) return undefined;
  if (alert.target === alert.srcAddr) return true;
  if (alert.target === alert.dstAddr) return false;
  return undefined;
}

const SOURCE_FIELD = "source address";
const TARGET_FIELD = "destination address";

export function snortAlertMessage(alert: SnortAlert, options: SnortMessageOptions, ctx: ConvertContext): Record<string, unknown> {
  let createTime: string | undefined;
  if (alert.timestamp !== undefined) {
    createTime = readSnortTime(alert.timestamp, options, alert.seconds);
    if (createTime === undefined)
      ctx.reject(`timestamp ${JSON.stringify(alert.timestamp.slice(0, 40))} is not a Snort time (MM/DD-HH:MM:SS.ffffff)`);
  } else if (alert.seconds !== undefined) {
    createTime = new Date(alert.seconds * 1000).toISOString();
  }
  if (createTime === undefined) ctx.reject('no "timestamp" or "seconds": the alert cannot get a CreateTime');
  const classified = classifyAlert(alert.classification, undefined);
  const altCategory = classified.altCategory;
  const category = alert.classification === undefined ? (generatorCategory(alert.gid) ?? classified.category) : classified.category;
  const protocols: string[] = [];
  addProtocol(protocols, alert.proto);
  addProtocol(protocols, alert.service);
  const service = alert.service !== undefined && alert.service !== "unknown" ? alert.service : undefined;
  // A rule's `target:src_ip|dst_ip` names the attacked host outright (alert_json "target" prints
  // its address): when that is the packet's sender, roles swap whatever the direction. Otherwise
  // C2S: the packet's sender is the client (Source); S2C: the sender is the server, so roles swap.
  // The Source is read first (its address warning, its ID), then the Target.
  const swap = targetIsSender(alert) ?? alert.dir === "S2C";
  const sourceProtocols = protocols.length > 0 ? protocols : undefined;
  const source = swap
    ? endpoint(alert.dstAddr, alert.dstPort, TARGET_FIELD, sourceProtocols, undefined, ctx)
    : endpoint(alert.srcAddr, alert.srcPort, SOURCE_FIELD, sourceProtocols, undefined, ctx);
  const target = swap
    ? endpoint(alert.srcAddr, alert.srcPort, SOURCE_FIELD, undefined, service, ctx)
    : endpoint(alert.dstAddr, alert.dstPort, TARGET_FIELD, undefined, service, ctx);
  const refs = alert.references.length > 0 ? referenceUris(alert.references) : undefined;
  const name = options.analyzer ?? "Snort";
  const sensor = alert.iface === undefined ? undefined : [{ ID: ctx.newId(), Name: alert.iface }];
  // One object filled in the schema's order (no spread of temporary objects: this runs per alert).
  const message: Record<string, unknown> = {
    Version: ctx.version,
    ID: ctx.newId(),
    CreateTime: createTime,
    Type: ["Cyber"],
    Category: [category],
  };
  if (altCategory.length > 0) message["AltCategory"] = altCategory;
  message["Priority"] = priorityForSeverity(alert.priority);
  if (alert.msg !== undefined) message["Description"] = alert.msg;
  const notes = alert.notes;
  if (alert.dir !== undefined) message["Note"] = notes.length > 0 ? `${notes.join("\n")}\ndir: ${alert.dir}` : `dir: ${alert.dir}`;
  else if (notes.length > 0) message["Note"] = notes.join("\n");
  if (alert.sid !== undefined) message["AltNames"] = [`${alert.gid ?? 1}:${alert.sid}:${alert.rev ?? 0}`];
  if (refs !== undefined && refs.length > 0) message["Ref"] = refs;
  message["Analyzer"] = {
    ID: options.state.analyzerId(`snort:${name}`),
    Name: name,
    Model: "Snort",
    Category: ["NET.NIDS"],
    Data: ["Network"],
    Method: ["Signature"],
  };
  if (sensor !== undefined) message["Sensor"] = sensor;
  if (source !== undefined) message["Source"] = source;
  if (target !== undefined) message["Target"] = target;
  return message;
}
