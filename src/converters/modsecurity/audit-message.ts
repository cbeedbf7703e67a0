// One audit log entry (a transaction and the rules it matched) to one 2.D.V08 message
// (docs/mapping-modsecurity.md): the rule hits are the message's details.
import type { ConvertContext, DraftMessage } from "../../core/converter.js";
import { untypedMessage } from "../../core/converter.js";
import { isIP } from "../../core/platform.js";
import { usableIp, usablePort } from "../ip-address.js";
import type { AuditEntry } from "./audit-entry.js";
import { categoriesOf, isEvaluationHit, priorityOf, SEVERITY_NAMES } from "./crs-tags.js";
import type { RuleHit } from "./rule-hit.js";

/** A value on a Note line: one line, however the request spelled it. */
function oneLine(value: string): string {
  // Most values hold no line break: two searches cost less than a global replace that finds nothing.
  return value.includes("\n") || value.includes("\r") ? value.replace(/[\r\n]+/g, " ") : value;
}

function hitLine(hit: RuleHit): string {
  const severity = hit.severity === undefined ? "" : ` [${SEVERITY_NAMES[hit.severity]}]`;
  const data = hit.data === undefined ? "" : ` (${hit.data})`;
  return oneLine(`rule ${hit.ruleId ?? "?"}${severity}: ${hit.message ?? hit.match ?? "no message"}${data}`);
}

export interface AuditAnalyzer {
  readonly id: string;
  readonly name: string;
}

export function auditMessage(entry: AuditEntry, createTime: string, ctx: ConvertContext, analyzer: AuditAnalyzer): DraftMessage {
  const hits = entry.hits;
  const detecting = hits.filter((hit) => !isEvaluationHit(hit));
  const described = detecting[0] ?? hits[0];
  // Rule IDs and tags once each, in order of first appearance (Sets: a hostile entry may hold many).
  const ruleIds = new Set<string>();
  const tagSet = new Set<string>();
  // The Note: one line per hit, then the transaction's facts.
  let note = "";
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i]!;
    if (hit.ruleId !== undefined) ruleIds.add(hit.ruleId);
    for (const tag of hit.tags) tagSet.add(tag);
    note = i === 0 ? hitLine(hit) : `${note}\n${hitLine(hit)}`;
  }
  const tags = [...tagSet];
  const more = (line: string): void => {
    note = note === "" && hits.length === 0 ? line : `${note}\n${line}`;
  };
  if (entry.requestLine !== undefined) more(`request: ${oneLine(entry.requestLine)}`);
  if (entry.status !== undefined) more(`response status: ${entry.status}`);
  if (entry.interrupted !== undefined) more(`intercepted: ${entry.interrupted ? "yes" : "no"}`);
  if (entry.engine !== undefined) more(`rule engine: ${oneLine(entry.engine)}`);
  const clientIp = usableIp(entry.clientIp, entry.version === 3 ? "transaction.client_ip" : "transaction.remote_address", ctx);
  const clientPort = usablePort(entry.clientPort);
  // The Host the client asked for may be the server's address itself ("Host: 172.17.0.2:32608").
  const hostnameIsIp = entry.hostname !== undefined && isIP(entry.hostname) !== 0;
  const hostIp =
    usableIp(entry.hostIp, entry.version === 3 ? "transaction.host_ip" : "transaction.local_address", ctx) ??
    (hostnameIsIp ? usableIp(entry.hostname, "request Host", ctx) : undefined);
  const hostname = hostnameIsIp ? undefined : entry.hostname;
  const hostPort = usablePort(entry.hostPort);
  const model = entry.producer[0];
  // One object filled in the schema's order (no spread of temporary objects: this runs per entry).
  const message: Record<string, unknown> = {
    CreateTime: createTime,
    Type: ["Cyber"],
    // Categories of every detecting hit; the scoring rules carry only generic tags.
    Category: categoriesOf(detecting.length > 0 ? detecting : hits),
  };
  if (tags.length > 0) message["AltCategory"] = tags;
  message["Priority"] = priorityOf(hits);
  message["Description"] = oneLine(described?.message ?? described?.match ?? "ModSecurity rule match");
  message["Note"] = note;
  const altNames: string[] = [];
  for (const id of ruleIds) altNames.push(`rule:${id}`);
  if (entry.uniqueId !== undefined) altNames.push(`unique_id:${entry.uniqueId}`);
  message["AltNames"] = altNames;
  const analyzerObject: Record<string, unknown> = { ID: analyzer.id, Name: analyzer.name };
  if (model !== undefined) analyzerObject["Model"] = model;
  analyzerObject["Category"] = ["NET.WAF"];
  analyzerObject["Data"] = ["Content"];
  analyzerObject["Method"] = ["Signature"];
  message["Analyzer"] = analyzerObject;
  if (clientIp !== undefined || clientPort !== undefined) {
    const source: Record<string, unknown> = {};
    if (clientIp !== undefined) source["IP"] = clientIp;
    if (clientPort !== undefined) source["Port"] = [clientPort];
    source["Protocol"] = ["tcp", "http"];
    message["Source"] = [source];
  }
  const target: Record<string, unknown> = {};
  if (hostIp !== undefined) target["IP"] = hostIp;
  if (hostname !== undefined) target["Hostname"] = hostname;
  if (hostPort !== undefined) target["Port"] = [hostPort];
  target["Service"] = "http";
  target["Attachment"] = ["ruleHits"];
  message["Target"] = [target];
  message["Attachment"] = [
    {
      Name: "ruleHits",
      ContentType: "application/json",
      Note: "the entry's rule hits as ModSecurity logged them",
      Content: JSON.stringify(entry.rawHits),
    },
  ];
  return untypedMessage(message);
}
