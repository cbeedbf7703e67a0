// One Snort alert to one IDMEFv2 2.D.V08 message (docs/mapping-snort.md). Category and Priority come
// from the Suricata code: Snort's classification.config has the same classtypes and texts.
import type { ConvertContext } from "../../core/converter.js";
import { isProtocolName, usableIp, usablePort } from "../ip-address.js";
import { classifyAlert, priorityForSeverity } from "../suricata/classify.js";
import { referenceUri } from "../suricata/references.js";
import type { RunState } from "../syslog/run-state.js";
import type { SnortAlert } from "./alert-fields.js";
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
  const { category, altCategory } = classifyAlert(alert.classification, undefined);
  const altNames = alert.sid === undefined ? [] : [`${alert.gid ?? 1}:${alert.sid}:${alert.rev ?? 0}`];
  // C2S: the packet's sender is the client (Source); S2C: the sender is the server, so roles swap.
  const swap = alert.dir === "S2C";
  const protocols = [alert.proto, alert.service]
    .map((p) => p?.toLowerCase())
    .filter((p): p is string => p !== undefined && p !== "unknown" && isProtocolName(p))
    .filter((p, i, all) => all.indexOf(p) === i);
  const endpoint = (
    addr: string | undefined,
    port: number | undefined,
    field: string,
    role: "Source" | "Target",
  ): Record<string, unknown>[] | undefined => {
    const item: Record<string, unknown> = {};
    const ip = usableIp(addr, field, ctx);
    if (ip !== undefined) item["IP"] = ip;
    if (role === "Source" && protocols.length > 0) item["Protocol"] = protocols;
    if (role === "Target" && alert.service !== undefined && alert.service !== "unknown") item["Service"] = alert.service;
    const p = usablePort(port);
    if (p !== undefined) item["Port"] = [p];
    return Object.keys(item).length === 0 ? undefined : [{ ID: ctx.newId(), ...item }];
  };
  const sender = { addr: alert.srcAddr, port: alert.srcPort, field: "source address" };
  const receiver = { addr: alert.dstAddr, port: alert.dstPort, field: "destination address" };
  const [client, server] = swap ? [receiver, sender] : [sender, receiver];
  const source = endpoint(client.addr, client.port, client.field, "Source");
  const target = endpoint(server.addr, server.port, server.field, "Target");
  const refs = referenceUris(alert.references);
  const notes = [...alert.notes, ...(alert.dir === undefined ? [] : [`dir: ${alert.dir}`])];
  const name = options.analyzer ?? "Snort";
  const sensor = alert.iface === undefined ? undefined : [{ ID: ctx.newId(), Name: alert.iface }];
  return {
    Version: ctx.version,
    ID: ctx.newId(),
    CreateTime: createTime,
    Type: ["Cyber"],
    Category: [category],
    ...(altCategory.length > 0 ? { AltCategory: altCategory } : {}),
    Priority: priorityForSeverity(alert.priority),
    ...(alert.msg === undefined ? {} : { Description: alert.msg }),
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    ...(refs.length > 0 ? { Ref: refs } : {}),
    Analyzer: {
      ID: options.state.analyzerId(`snort:${name}`),
      Name: name,
      Model: "Snort",
      Category: ["NET.NIDS"],
      Data: ["Network"],
      Method: ["Signature"],
    },
    ...(sensor === undefined ? {} : { Sensor: sensor }),
    ...(source === undefined ? {} : { Source: source }),
    ...(target === undefined ? {} : { Target: target }),
  };
}
