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
  return value.replace(/[\r\n]+/g, " ");
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
  const detecting = entry.hits.filter((hit) => !isEvaluationHit(hit));
  const described = detecting[0] ?? entry.hits[0];
  const ruleIds = [...new Set(entry.hits.map((hit) => hit.ruleId).filter((id): id is string => id !== undefined))];
  const tags = [...new Set(entry.hits.flatMap((hit) => hit.tags))];
  const notes = [
    ...entry.hits.map(hitLine),
    ...(entry.requestLine === undefined ? [] : [`request: ${oneLine(entry.requestLine)}`]),
    ...(entry.status === undefined ? [] : [`response status: ${entry.status}`]),
    ...(entry.interrupted === undefined ? [] : [`intercepted: ${entry.interrupted ? "yes" : "no"}`]),
    ...(entry.engine === undefined ? [] : [`rule engine: ${oneLine(entry.engine)}`]),
  ];
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
  return untypedMessage({
    CreateTime: createTime,
    Type: ["Cyber"],
    // Categories of every detecting hit; the scoring rules carry only generic tags.
    Category: categoriesOf(detecting.length > 0 ? detecting : entry.hits),
    ...(tags.length > 0 ? { AltCategory: tags } : {}),
    Priority: priorityOf(entry.hits),
    Description: oneLine(described?.message ?? described?.match ?? "ModSecurity rule match"),
    Note: notes.join("\n"),
    AltNames: [...ruleIds.map((id) => `rule:${id}`), ...(entry.uniqueId === undefined ? [] : [`unique_id:${entry.uniqueId}`])],
    Analyzer: {
      ID: analyzer.id,
      Name: analyzer.name,
      ...(model === undefined ? {} : { Model: model }),
      Category: ["NET.WAF"],
      Data: ["Content"],
      Method: ["Signature"],
    },
    ...(clientIp === undefined && clientPort === undefined
      ? {}
      : {
          Source: [
            {
              ...(clientIp === undefined ? {} : { IP: clientIp }),
              ...(clientPort === undefined ? {} : { Port: [clientPort] }),
              Protocol: ["tcp", "http"],
            },
          ],
        }),
    Target: [
      {
        ...(hostIp === undefined ? {} : { IP: hostIp }),
        ...(hostname === undefined ? {} : { Hostname: hostname }),
        ...(hostPort === undefined ? {} : { Port: [hostPort] }),
        Service: "http",
        Attachment: ["ruleHits"],
      },
    ],
    Attachment: [
      {
        Name: "ruleHits",
        ContentType: "application/json",
        Note: "the entry's rule hits as ModSecurity logged them",
        Content: JSON.stringify(entry.rawHits),
      },
    ],
  });
}
