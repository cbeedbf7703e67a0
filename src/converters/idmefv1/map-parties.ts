// IDMEF v1 Source and Target (Node, User, Process, Service, File) to IDMEFv2 Source/Target items.
import { mapAddress } from "./addresses.js";
import { names, type Collector } from "./collector.js";
import { identOf } from "./map-analyzer.js";
import { CHECKSUM_HASH_NAMES, USER_ID_PREFERENCE } from "./tables.js";
import { attr, child, childText, childTexts, children, describe, textOf, type XmlElement } from "./xml-tree.js";

// Address directly under Source/Target is not in RFC 4765, but producers write it; it is read as
// the Node's (and so not reported as an unknown element).
const SOURCE_CHILDREN = names("Node", "User", "Process", "Service", "Address");
const TARGET_CHILDREN = names("Node", "User", "Process", "Service", "File", "Address");
const SOURCE_ATTRIBUTES = names("ident", "spoofed", "interface");
const TARGET_ATTRIBUTES = names("ident", "decoy", "interface");
const NODE_CHILDREN = names("location", "name", "Address");
const NODE_ATTRIBUTES = names("ident", "category");
const SERVICE_CHILDREN = names("name", "port", "portlist", "protocol", "SNMPService", "WebService");
const SERVICE_ATTRIBUTES = names("ident", "ip_version", "iana_protocol_number", "iana_protocol_name");
const FILE_CHILDREN = names(
  "name",
  "path",
  "create-time",
  "modify-time",
  "access-time",
  "data-size",
  "disk-size",
  "FileAccess",
  "Linkage",
  "Inode",
  "Checksum",
);
const FILE_ATTRIBUTES = names("ident", "category", "fstype", "file-type");
/** IANA service-name syntax, the schema's protocolType. */
const PROTOCOL = /^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/;
/** More ports than this from one portlist stay as text: an item with 65535 ports helps no one. */
export const MAX_EXPANDED_PORTS = 1024;

type Role = "Source" | "Target";

/** "5-25,37,69-119" -> [5..25, 37, 69..119]; undefined when malformed, out of range or too long. */
export function expandPortlist(text: string): number[] | undefined {
  const ports: number[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(item);
    if (m === null) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535 || to < from) return undefined;
    if (ports.length + (to - from + 1) > MAX_EXPANDED_PORTS) return undefined;
    for (let p = from; p <= to; p++) ports.push(p);
  }
  return ports;
}

/** Ports sorted without duplicates; portlists are usually written that way already, so check first. */
function ascendingUnique(ports: number[]): number[] {
  for (let i = 1; i < ports.length; i++) {
    if (ports[i]! <= ports[i - 1]!) return [...new Set(ports)].sort((a, b) => a - b);
  }
  return ports;
}

function portOf(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The UserId IDMEFv2's single User field shows, by type preference; all are kept in the Note. */
function mapUser(user: XmlElement, fields: Record<string, unknown>, notes: string[]): void {
  const ids = children(user, "UserId");
  const described = ids.map((id) => {
    const type = attr(id, "type") ?? "original-user";
    const name = childText(id, "name");
    const number = childText(id, "number");
    const tty = attr(id, "tty");
    const ident = identOf(id, "ident");
    const value = name !== undefined && number !== undefined ? `${name} (${number})` : (name ?? number ?? "");
    return {
      type,
      label: name ?? number,
      text: `${type} ${value}${tty === undefined ? "" : ` tty ${tty}`}${ident === undefined ? "" : ` ident ${ident}`}`,
    };
  });
  for (const preferred of USER_ID_PREFERENCE) {
    const pick = described.find((d) => d.type === preferred && d.label !== undefined);
    if (pick !== undefined) {
      fields["User"] = pick.label;
      break;
    }
  }
  if (fields["User"] === undefined) {
    const any = described.find((d) => d.label !== undefined);
    if (any !== undefined) fields["User"] = any.label;
  }
  const category = attr(user, "category");
  const ident = identOf(user, "ident");
  const head = `user${category === undefined || category === "unknown" ? "" : ` (${category})`}${ident === undefined ? "" : ` ident ${ident}`}`;
  if (described.length > 0) notes.push(`${head}: ${described.map((d) => d.text).join("; ")}`);
}

function mapService(service: XmlElement, role: Role, fields: Record<string, unknown>, notes: string[], out: Collector): void {
  out.checkShape(service, `${role} Service`, SERVICE_CHILDREN, SERVICE_ATTRIBUTES, notes);
  const ports: number[] = [];
  for (const text of childTexts(service, "port")) {
    const port = portOf(text);
    if (port === undefined) {
      notes.push(`port: ${text}`);
      out.warn(`${role} Service port ${JSON.stringify(text)} is not a port number (1-65535): kept in Note`);
    } else ports.push(port);
  }
  for (const text of childTexts(service, "portlist")) {
    const list = expandPortlist(text);
    if (list === undefined) {
      notes.push(`portlist: ${text}`);
      out.warn(
        `${role} Service portlist ${JSON.stringify(text.slice(0, 80))} is malformed or expands to more than ${MAX_EXPANDED_PORTS} ports: kept in Note`,
      );
    } else ports.push(...list);
  }
  if (ports.length > 0) fields["Port"] = ascendingUnique(ports);
  const name = childText(service, "name");
  if (name !== undefined) {
    if (role === "Target") fields["Service"] = name;
    else notes.push(`service: ${name}`);
  }
  const protocols: string[] = [];
  for (const text of [childText(service, "protocol"), attr(service, "iana_protocol_name")]) {
    if (text === undefined) continue;
    if (role === "Source" && PROTOCOL.test(text)) protocols.push(text.toLowerCase());
    else {
      notes.push(`protocol: ${text}`);
      if (role === "Source") out.warn(`Source protocol ${JSON.stringify(text)} is not an IANA service name: kept in Note`);
    }
  }
  if (protocols.length > 0) fields["Protocol"] = [...new Set(protocols)];
  for (const a of ["ip_version", "iana_protocol_number"]) {
    const v = attr(service, a);
    if (v !== undefined) notes.push(`${a.replace(/_/g, " ")}: ${v}`);
  }
  const ident = identOf(service, "ident");
  if (ident !== undefined) notes.push(`service ident: ${ident}`);
  for (const snmp of children(service, "SNMPService")) notes.push(describe(snmp, "SNMPService"));
  for (const web of children(service, "WebService")) notes.push(describe(web, "WebService"));
}

/** One File -> one Attachment (no content: IDMEF v1 describes files, it does not carry them). */
function mapFile(file: XmlElement, out: Collector): string {
  out.checkShape(file, "Target File", FILE_CHILDREN, FILE_ATTRIBUTES);
  const name = out.attachmentName("file");
  const attachment: Record<string, unknown> = { Name: name };
  const notes: string[] = [];
  const fileName = childText(file, "name");
  if (fileName !== undefined) attachment["FileName"] = fileName;
  const path = childText(file, "path");
  if (path !== undefined) notes.push(`path: ${path}`);
  for (const a of ["category", "fstype", "file-type", "ident"]) {
    const v = a === "ident" ? identOf(file, a) : attr(file, a);
    if (v !== undefined) notes.push(`${a}: ${v}`);
  }
  for (const t of ["create-time", "modify-time", "access-time", "disk-size"]) {
    const v = childText(file, t);
    if (v !== undefined) notes.push(`${t}: ${v}`);
  }
  const dataSize = childText(file, "data-size");
  if (dataSize !== undefined) {
    const n = /^\d{1,20}$/.test(dataSize) ? Number(dataSize) : NaN;
    if (Number.isSafeInteger(n)) attachment["Size"] = n;
    else {
      notes.push(`data-size: ${dataSize}`);
      out.warn(`File data-size ${JSON.stringify(dataSize)} is not an integer JSON can hold exactly: kept in Note`);
    }
  }
  const hashes: string[] = [];
  for (const checksum of children(file, "Checksum")) {
    const algorithm = attr(checksum, "algorithm") ?? "";
    const value = childText(checksum, "value") ?? "";
    const key = childText(checksum, "key");
    const fn = CHECKSUM_HASH_NAMES[algorithm];
    // A keyed checksum is an HMAC; without its key no one can check it, so it stays in the Note.
    if (fn !== undefined && key === undefined && /^(?:[0-9a-fA-F]{2})+$/.test(value)) hashes.push(`${fn}:${value.toLowerCase()}`);
    else notes.push(`checksum ${algorithm}: ${value}${key === undefined ? "" : ` (key ${key})`}`);
  }
  if (hashes.length > 0) attachment["Hash"] = hashes;
  for (const part of ["FileAccess", "Linkage", "Inode"]) {
    for (const el of children(file, part)) notes.push(describe(el, part));
  }
  if (notes.length > 0) attachment["Note"] = notes.join("\n");
  out.attachments.push(attachment);
  return name;
}

/**
 * One IDMEF v1 Source or Target -> one IDMEFv2 item per IP or e-mail address of its Node (each with
 * its own ID: 2.D.V08 requires one and IP is single-valued), or one item when it has none. The
 * other fields (Hostname, Location, User, Port, ...) are repeated on each item.
 */
export function mapParty(el: XmlElement, role: Role, out: Collector, newId: () => string): Record<string, unknown>[] {
  const notes: string[] = [];
  out.checkShape(
    el,
    role,
    role === "Source" ? SOURCE_CHILDREN : TARGET_CHILDREN,
    role === "Source" ? SOURCE_ATTRIBUTES : TARGET_ATTRIBUTES,
    notes,
  );
  const fields: Record<string, unknown> = {};
  const addresses: Array<{ IP: string } | { Email: string }> = [];
  const ident = identOf(el, "ident");
  if (ident !== undefined) notes.push(`${role.toLowerCase()} ident: ${ident}`);
  const flag = attr(el, role === "Source" ? "spoofed" : "decoy");
  if (flag !== undefined && flag !== "unknown") notes.push(`${role === "Source" ? "spoofed" : "decoy"}: ${flag}`);
  const iface = attr(el, "interface");
  if (iface !== undefined) notes.push(`interface: ${iface}`);

  const node = child(el, "Node");
  if (node !== undefined) {
    out.checkShape(node, `${role} Node`, NODE_CHILDREN, NODE_ATTRIBUTES, notes);
    const hostname = childText(node, "name");
    if (hostname !== undefined) fields["Hostname"] = hostname;
    const location = childText(node, "location");
    if (location !== undefined) fields["Location"] = location;
    const category = attr(node, "category");
    if (category !== undefined && category !== "unknown") notes.push(`node category: ${category}`);
    const nodeIdent = identOf(node, "ident");
    if (nodeIdent !== undefined) notes.push(`node ident: ${nodeIdent}`);
  }
  for (const address of [...(node === undefined ? [] : children(node, "Address")), ...children(el, "Address")]) {
    const value = childText(address, "address") ?? textOf(address);
    if (value.trim() === "") continue; // an empty Address names nothing
    const mapped = mapAddress(attr(address, "category") ?? "unknown", value, childText(address, "netmask"));
    if (mapped.kind === "ip") {
      addresses.push({ IP: mapped.ip });
      if (mapped.note !== undefined) notes.push(mapped.note);
    } else if (mapped.kind === "email") addresses.push({ Email: mapped.email });
    else {
      notes.push(mapped.note);
      if (mapped.problem !== undefined) out.warn(`${role} address: ${mapped.problem}; kept in Note`);
    }
    for (const a of ["ident", "vlan-name", "vlan-num"]) {
      const v = a === "ident" ? identOf(address, a) : attr(address, a);
      if (v !== undefined) notes.push(`address ${value} ${a}: ${v}`);
    }
  }
  const user = child(el, "User");
  if (user !== undefined) mapUser(user, fields, notes);
  const process = child(el, "Process");
  if (process !== undefined) {
    notes.push(describe(process, "Process"));
    const processName = childText(process, "name");
    if (role === "Target" && processName !== undefined) fields["Service"] = processName;
  }
  const service = child(el, "Service");
  if (service !== undefined) mapService(service, role, fields, notes, out);
  if (role === "Target") {
    const files = children(el, "File").map((file) => mapFile(file, out));
    if (files.length > 0) fields["Attachment"] = files;
  }
  if (notes.length > 0) fields["Note"] = notes.join("\n");
  // An empty Source or Target says nothing: an item with only an ID would claim a party.
  if (addresses.length === 0 && Object.keys(fields).length === 0) return [];
  const items = addresses.length === 0 ? [{}] : addresses;
  return items.map((address) => ({ ID: newId(), ...address, ...fields }));
}
