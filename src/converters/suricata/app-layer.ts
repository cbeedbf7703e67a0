// The event's application-layer context: each EVE app-layer object (and the flow summary) kept
// whole as a JSON Attachment, and the fields an analyst filters on copied into Note lines of the
// side they describe (client or server). docs/mapping-suricata.md lists what goes where.
import { isEmail } from "../idmefv1/addresses.js";
import { asObject, integerField, stringField, type EveObject } from "./eve-fields.js";

/**
 * EVE objects kept as Attachments, by key: the app-layer loggers of Suricata 4-8 plus the flow
 * summary and the packet metadata (flowbits, pkt vars). `files`/`fileinfo` are Attachments of their
 * own already (attachments.ts).
 */
const APP_LAYER_KEYS = [
  "http",
  "http2",
  "tls",
  "quic",
  "dns",
  "smtp",
  "email",
  "ssh",
  "ftp",
  "ftp_data",
  "smb",
  "dcerpc",
  "krb5",
  "ldap",
  "dnp3",
  "modbus",
  "enip",
  "rdp",
  "rfb",
  "sip",
  "snmp",
  "dhcp",
  "tftp",
  "nfs",
  "ike",
  "mqtt",
  "pgsql",
  "websocket",
  "bittorrent_dht",
  "arp",
  "netflow",
  "metadata",
  "flow",
] as const;

/** An Attachment Name is letters and digits only (the schema's attachmentNameType). */
function attachmentName(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
}

export interface AppLayer {
  readonly attachments: Record<string, unknown>[];
  /** Lines about the client (user agent, JA3/JA4, SSH client software, mail sender). */
  readonly clientNotes: string[];
  /** Lines about the server and the request it got (URL, status, JA3S, TLS version, queries). */
  readonly serverNotes: string[];
  /** Lines about the event as a whole (packet source). */
  readonly eventNotes: string[];
  /** The client's e-mail address (SMTP MAIL FROM), when it is one. */
  readonly clientEmail: string | undefined;
}

function text(object: EveObject | undefined, key: string): string | undefined {
  const value = stringField(object, key);
  // Note lines are one line each: hostile text must not forge another line.
  return value === undefined ? undefined : value.replace(/[\r\n]+/g, " ").slice(0, 2048);
}

function httpLines(http: EveObject, client: string[], server: string[]): void {
  const method = text(http, "http_method");
  const url = text(http, "url");
  const host = text(http, "hostname");
  const port = integerField(http, "http_port");
  const status = integerField(http, "status");
  if (url !== undefined || method !== undefined) {
    const full =
      url !== undefined && host !== undefined && url.startsWith("/") ? `${host}${port === undefined ? "" : `:${port}`}${url}` : url;
    server.push(`http request: ${[method, full].filter((p) => p !== undefined).join(" ")}${status === undefined ? "" : ` -> ${status}`}`);
  } else if (status !== undefined) server.push(`http status: ${status}`);
  const agent = text(http, "http_user_agent");
  if (agent !== undefined) client.push(`user agent: ${agent}`);
  const contentType = text(http, "http_content_type");
  if (contentType !== undefined) server.push(`http content type: ${contentType}`);
  const referer = text(http, "http_refer");
  if (referer !== undefined) client.push(`http referer: ${referer}`);
}

function fingerprint(object: EveObject | undefined, key: string): string | undefined {
  const nested = asObject(object?.[key]);
  return nested !== undefined ? text(nested, "hash") : text(object, key);
}

function tlsLines(tls: EveObject, client: string[], server: string[]): void {
  const sni = text(tls, "sni");
  if (sni !== undefined) server.push(`tls sni: ${sni}`);
  const version = text(tls, "version");
  if (version !== undefined) server.push(`tls version: ${version}`);
  for (const key of ["ja3", "ja4"]) {
    const value = fingerprint(tls, key);
    if (value !== undefined) client.push(`${key}: ${value}`);
  }
  const ja3s = fingerprint(tls, "ja3s");
  if (ja3s !== undefined) server.push(`ja3s: ${ja3s}`);
  for (const key of ["subject", "issuerdn", "fingerprint"]) {
    const value = text(tls, key);
    if (value !== undefined) server.push(`tls ${key}: ${value}`);
  }
}

function dnsLines(dns: EveObject, server: string[]): void {
  const names: string[] = [];
  const add = (q: EveObject | undefined): void => {
    const name = text(q, "rrname");
    if (name === undefined || names.length >= 16) return;
    const type = text(q, "rrtype");
    names.push(type === undefined ? name : `${name} (${type})`);
  };
  add(dns);
  for (const key of ["query", "queries"]) {
    const list = dns[key];
    if (Array.isArray(list)) for (const q of list) add(asObject(q));
  }
  for (const name of [...new Set(names)]) server.push(`dns query: ${name}`);
  const rcode = text(dns, "rcode");
  if (rcode !== undefined) server.push(`dns rcode: ${rcode}`);
}

function sshLines(ssh: EveObject, client: string[], server: string[]): void {
  for (const [side, lines] of [
    ["client", client],
    ["server", server],
  ] as const) {
    const info = asObject(ssh[side]);
    const software = text(info, "software_version");
    const proto = text(info, "proto_version");
    if (software !== undefined || proto !== undefined)
      lines.push(`ssh ${side}: ${software ?? "unknown"}${proto === undefined ? "" : ` (protocol ${proto})`}`);
  }
}

function mailLines(smtp: EveObject | undefined, email: EveObject | undefined, client: string[], server: string[]): string | undefined {
  const from = text(smtp, "mail_from") ?? text(email, "from");
  if (from !== undefined) client.push(`mail from: ${from}`);
  const rcpts = [smtp?.["rcpt_to"], email?.["to"]].flatMap((v) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [],
  );
  for (const rcpt of [...new Set(rcpts)].slice(0, 16)) server.push(`mail to: ${rcpt.replace(/[\r\n]+/g, " ")}`);
  const subject = text(email, "subject");
  if (subject !== undefined) server.push(`mail subject: ${subject}`);
  const address = from?.replace(/^.*<([^<>]*)>.*$/, "$1").trim();
  return address !== undefined && isEmail(address) ? address : undefined;
}

/** What the app-layer objects of one EVE record become. */
export function appLayerContext(record: EveObject): AppLayer {
  const attachments: Record<string, unknown>[] = [];
  for (const key of APP_LAYER_KEYS) {
    const object = asObject(record[key]);
    if (object === undefined || Object.keys(object).length === 0) continue;
    attachments.push({
      Name: attachmentName(key),
      ContentType: "application/json",
      ContentEncoding: "json",
      Note: `EVE ${key} object`,
      Content: JSON.stringify(object),
    });
  }
  const alertMetadata = asObject(asObject(record["alert"])?.["metadata"]);
  if (alertMetadata !== undefined && Object.keys(alertMetadata).length > 0) {
    attachments.push({
      Name: "alertMetadata",
      ContentType: "application/json",
      ContentEncoding: "json",
      Note: "EVE alert.metadata object (rule metadata)",
      Content: JSON.stringify(alertMetadata),
    });
  }
  const clientNotes: string[] = [];
  const serverNotes: string[] = [];
  const http = asObject(record["http"]);
  if (http !== undefined) httpLines(http, clientNotes, serverNotes);
  const tls = asObject(record["tls"]);
  if (tls !== undefined) tlsLines(tls, clientNotes, serverNotes);
  const dns = asObject(record["dns"]);
  if (dns !== undefined) dnsLines(dns, serverNotes);
  const ssh = asObject(record["ssh"]);
  if (ssh !== undefined) sshLines(ssh, clientNotes, serverNotes);
  const smtp = asObject(record["smtp"]);
  const email = asObject(record["email"]);
  const clientEmail = smtp !== undefined || email !== undefined ? mailLines(smtp, email, clientNotes, serverNotes) : undefined;
  const eventNotes: string[] = [];
  const pktSrc = text(record, "pkt_src");
  // "wire/pcap" is every ordinary capture; only other sources (tunnels, defrag, stream) say something.
  if (pktSrc !== undefined && pktSrc !== "wire/pcap") eventNotes.push(`packet source: ${pktSrc}`);
  return { attachments, clientNotes, serverNotes, eventNotes, clientEmail };
}
