// Snort 3 alert_json records (one JSON object per line, every field optional) as a SnortAlert.
import { splitAddressPort, type SnortAlert } from "./alert-fields.js";

type JsonObject = Readonly<Record<string, unknown>>;

function text(record: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function integer(record: JsonObject, key: string): number | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
}

const PORTED = new Set(["TCP", "UDP", "SCTP"]);

/** Fields written as Note lines when present (the rest of alert_json's fields are not carried). */
const NOTE_FIELDS = [
  "action",
  "service",
  "pkt_gen",
  "pkt_num",
  "pkt_len",
  "eth_src",
  "eth_dst",
  "vlan",
  "mpls",
  "client_bytes",
  "server_bytes",
  "target",
  "icmp_type",
  "icmp_code",
] as const;

export function alertFromJson(record: JsonObject): SnortAlert {
  const proto = text(record, "proto");
  const hasPorts = proto !== undefined && PORTED.has(proto.toUpperCase());
  // src_addr/src_port when Snort printed them; else the combined src_ap.
  const srcAp = text(record, "src_ap");
  const dstAp = text(record, "dst_ap");
  const src = srcAp === undefined ? undefined : splitAddressPort(srcAp, hasPorts);
  const dst = dstAp === undefined ? undefined : splitAddressPort(dstAp, hasPorts);
  let gid = integer(record, "gid");
  let sid = integer(record, "sid");
  let rev = integer(record, "rev");
  const rule = text(record, "rule");
  const parts = rule === undefined ? undefined : /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/.exec(rule);
  if (parts !== undefined && parts !== null) {
    gid ??= Number(parts[1]);
    sid ??= Number(parts[2]);
    rev ??= Number(parts[3]);
  }
  const notes: string[] = [];
  for (const key of NOTE_FIELDS) {
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    if ((typeof value === "string" && value !== "") || typeof value === "number") notes.push(`${key}: ${value}`);
  }
  const classification = text(record, "class");
  return {
    timestamp: text(record, "timestamp"),
    seconds: integer(record, "seconds"),
    gid,
    sid,
    rev,
    msg: text(record, "msg"),
    classification: classification === "none" ? undefined : classification,
    priority: integer(record, "priority"),
    proto,
    srcAddr: text(record, "src_addr") ?? src?.addr,
    srcPort: integer(record, "src_port") ?? src?.port,
    dstAddr: text(record, "dst_addr") ?? dst?.addr,
    dstPort: integer(record, "dst_port") ?? dst?.port,
    dir: text(record, "dir"),
    target: text(record, "target"),
    action: text(record, "action"),
    service: text(record, "service"),
    iface: text(record, "iface"),
    notes,
    references: [],
  };
}
