// One JSON audit log entry of either ModSecurity version, read into one shape:
// v3 (libmodsecurity: {"transaction": {client_ip, time_stamp, host_ip, request, response, producer, messages}})
// and v2 (mod_security for Apache/nginx, SecAuditLogFormat JSON: {"transaction": {time, remote_address,
// local_address}, "request", "response", "audit_data": {messages, action, producer, engine_mode}}).
import type { SafeJsonOptions } from "../../core/safe-json.js";
import { asObject, integer, stringList, text, type JsonObject } from "./fields.js";
import { ruleHitV2, ruleHitV3, type RuleHit } from "./rule-hit.js";

/**
 * How an audit log line is parsed: a key repeated with the same value is accepted (as for every
 * source record), and so is a repeated header with two values. ModSecurity v3 writes each header
 * line it saw as a key of `headers`, so a response with two Content-Type lines has the key twice
 * (v3.0.16: "Content-Type":"application/octet-stream","Content-Type":"text/plain"). The last value
 * is the one read, as JSON.parse keeps it; any other repeated key still makes the line malformed.
 */
export const AUDIT_JSON: SafeJsonOptions = { duplicates: "same-value", repeatableUnder: new Set(["headers"]) };

export interface AuditEntry {
  readonly version: 2 | 3;
  /** v3: the server's local clock ("Fri Jul 17 18:18:21 2026"); v2: with its zone ("02/Mar/2023:22:37:43.094724 +0000"). */
  readonly time: string | undefined;
  readonly uniqueId: string | undefined;
  readonly clientIp: string | undefined;
  readonly clientPort: number | undefined;
  readonly hostIp: string | undefined;
  readonly hostPort: number | undefined;
  readonly hostname: string | undefined;
  /** "GET /path?q HTTP/1.1" */
  readonly requestLine: string | undefined;
  readonly status: number | undefined;
  readonly interrupted: boolean | undefined;
  readonly engine: string | undefined;
  readonly producer: readonly string[];
  readonly hits: readonly RuleHit[];
  /** The entry's own list of rule hits, kept whole as an attachment. */
  readonly rawHits: unknown;
}

function header(headers: JsonObject | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** The host a request named, without its port ("localhost:9443" -> "localhost", "[::1]:80" -> "::1"). */
function hostOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const host = value.startsWith("[")
    ? value.slice(1, value.indexOf("]") > 0 ? value.indexOf("]") : undefined)
    : value.replace(/:\d{1,5}$/, "");
  return host === "" ? undefined : host;
}

function v3Entry(transaction: JsonObject): AuditEntry {
  const request = asObject(transaction["request"]);
  const response = asObject(transaction["response"]);
  const producer = asObject(transaction["producer"]);
  const method = text(request, "method");
  const uri = text(request, "uri");
  const httpVersion = text(request, "http_version");
  const messages = transaction["messages"];
  return {
    version: 3,
    time: text(transaction, "time_stamp"),
    uniqueId: text(transaction, "unique_id"),
    clientIp: text(transaction, "client_ip"),
    clientPort: integer(transaction, "client_port"),
    hostIp: text(transaction, "host_ip"),
    hostPort: integer(transaction, "host_port"),
    hostname: hostOf(text(request, "hostname") ?? header(asObject(request?.["headers"]), "host")),
    requestLine:
      method === undefined && uri === undefined
        ? undefined
        : [method, uri, httpVersion === undefined ? undefined : `HTTP/${httpVersion}`].filter((p) => p !== undefined).join(" "),
    status: integer(response, "http_code"),
    interrupted: typeof transaction["is_interrupted"] === "boolean" ? transaction["is_interrupted"] : undefined,
    engine: text(producer, "secrules_engine"),
    producer: [text(producer, "modsecurity"), text(producer, "connector"), ...stringList(producer?.["components"])].filter(
      (p): p is string => p !== undefined,
    ),
    hits: Array.isArray(messages) ? messages.map(ruleHitV3).filter((h): h is RuleHit => h !== undefined) : [],
    rawHits: messages,
  };
}

function v2Entry(entry: JsonObject, transaction: JsonObject): AuditEntry {
  const request = asObject(entry["request"]);
  const response = asObject(entry["response"]);
  const audit = asObject(entry["audit_data"]);
  const action = asObject(audit?.["action"]);
  const messages = audit?.["messages"];
  return {
    version: 2,
    time: text(transaction, "time"),
    uniqueId: text(transaction, "transaction_id"),
    clientIp: text(transaction, "remote_address"),
    clientPort: integer(transaction, "remote_port"),
    hostIp: text(transaction, "local_address"),
    hostPort: integer(transaction, "local_port"),
    hostname: hostOf(header(asObject(request?.["headers"]), "host")),
    requestLine: text(request, "request_line"),
    status: integer(response, "status"),
    interrupted: typeof action?.["intercepted"] === "boolean" ? action["intercepted"] : undefined,
    engine: text(audit, "engine_mode"),
    producer: stringList(audit?.["producer"]),
    hits: Array.isArray(messages) ? messages.map(ruleHitV2).filter((h): h is RuleHit => h !== undefined) : [],
    rawHits: messages,
  };
}

/** The entry, or undefined when the JSON value is no ModSecurity audit log entry. */
export function readAuditEntry(value: unknown): AuditEntry | undefined {
  const entry = asObject(value);
  const transaction = asObject(entry?.["transaction"]);
  if (entry === undefined || transaction === undefined) return undefined;
  if (transaction["remote_address"] !== undefined || entry["audit_data"] !== undefined) return v2Entry(entry, transaction);
  return v3Entry(transaction);
}

/** Whether a JSON value looks like an audit log entry (for detection): the fields each version always writes. */
export function looksLikeAuditEntry(value: unknown): boolean {
  const entry = asObject(value);
  const transaction = asObject(entry?.["transaction"]);
  if (transaction === undefined) return false;
  const v3 =
    typeof transaction["client_ip"] === "string" && (transaction["time_stamp"] !== undefined || transaction["producer"] !== undefined);
  const v2 = typeof transaction["remote_address"] === "string" && (entry?.["audit_data"] !== undefined || entry?.["request"] !== undefined);
  return v3 || v2;
}
