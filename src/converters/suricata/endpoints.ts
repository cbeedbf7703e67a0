// Source and Target of a Suricata event: who is which, their IPs, ports, protocols and names.
import type { ConvertContext } from "../../core/converter.js";
import { isProtocolName, usableIp, usablePort } from "../ip-address.js";
import { asObject, integerField, stringField, type EveObject } from "./eve-fields.js";

interface Endpoint {
  ip: string | undefined;
  port: number | undefined;
  /** This side sent the packet that raised the event (payload and packet belong to it). */
  sentPacket: boolean;
  /** This side is the server of the flow (host names and the service belong to it). */
  isServer: boolean;
}

export interface EndpointItems {
  readonly Source?: Record<string, unknown>[];
  readonly Target?: Record<string, unknown>[];
}

/** The host name the client asked for: HTTP Host, TLS SNI, or the DNS name queried. */
function serverName(record: EveObject): string | undefined {
  const http = stringField(asObject(record["http"]), "hostname");
  if (http !== undefined) return http;
  const sni = stringField(asObject(record["tls"]), "sni");
  if (sni !== undefined) return sni;
  const dns = asObject(record["dns"]);
  const direct = stringField(dns, "rrname");
  if (direct !== undefined) return direct;
  // EVE v2 alert DNS: {"query":[{rrname}]}; Suricata 8 (v3): {"queries":[{rrname}]}.
  for (const key of ["query", "queries"]) {
    const list = dns?.[key];
    if (Array.isArray(list)) {
      const name = stringField(asObject(list[0]), "rrname");
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

/**
 * Ports a server listens on, beyond the system range (< 1024): databases, proxies, alternate HTTP/TLS,
 * remote desktops, brokers. A packet between one of these (or a system port) and an ephemeral port
 * is taken to have the server on the listed side.
 */
const SERVER_PORTS: ReadonlySet<number> = new Set([
  1080, 1194, 1433, 1521, 1723, 1883, 2049, 2375, 2376, 3128, 3268, 3306, 3389, 5060, 5061, 5222, 5432, 5671, 5672, 5900, 5985, 5986, 6379,
  6443, 6667, 8000, 8008, 8080, 8081, 8088, 8443, 8883, 8888, 9000, 9042, 9092, 9200, 9300, 11211, 27017,
]);

function isServerPort(port: number | undefined): boolean {
  return port !== undefined && port >= 1 && (port < 1024 || SERVER_PORTS.has(port));
}

/** Which way the packet went, and whether anything in the record said so (else: a guess). */
interface Orientation {
  readonly toClient: boolean;
  readonly known: boolean;
}

/**
 * Whether the packet went from server to client. Suricata 7 says so in `direction`; older output
 * may still carry the flow's own orientation in flow.src_ip/src_port, which then equal dest_*.
 * Without either, the HTTP server port EVE logs (`http.http_port`) or a server port facing an
 * ephemeral one decides. Nothing at all: to the server, as most alerting packets go, but not known.
 */
function orientation(record: EveObject): Orientation {
  const direction = record["direction"];
  if (direction === "to_client") return { toClient: true, known: true };
  if (direction === "to_server") return { toClient: false, known: true };
  const srcPort = integerField(record, "src_port");
  const destPort = integerField(record, "dest_port");
  const flow = asObject(record["flow"]);
  const flowSource = stringField(flow, "src_ip");
  if (flowSource !== undefined && stringField(flow, "dest_ip") !== undefined) {
    const reversed =
      flowSource === stringField(record, "dest_ip") &&
      integerField(flow, "src_port") === destPort &&
      flowSource !== stringField(record, "src_ip");
    const same = flowSource === stringField(record, "src_ip") && integerField(flow, "src_port") === srcPort;
    if (reversed || same) return { toClient: reversed, known: true };
  }
  const httpPort = integerField(asObject(record["http"]), "http_port");
  if (httpPort !== undefined && srcPort !== destPort) {
    if (srcPort === httpPort) return { toClient: true, known: true };
    if (destPort === httpPort) return { toClient: false, known: true };
  }
  const srcServer = isServerPort(srcPort);
  const destServer = isServerPort(destPort);
  if (srcServer !== destServer) return { toClient: srcServer, known: true };
  return { toClient: false, known: false };
}

function sameEndpoint(a: EveObject | undefined, ip: string | undefined, port: number | undefined): boolean {
  return a !== undefined && stringField(a, "ip") === ip && integerField(a, "port") === port;
}

/**
 * Decides the roles. The rule's own `target:` keyword, shown as alert.source/alert.target, wins.
 * Otherwise Source is the client and Target the server: EVE gives the packet's addresses, so a
 * packet going "to_client" has the server in src_ip and the roles are flipped.
 */
function roles(record: EveObject, ctx: ConvertContext): { source: Endpoint; target: Endpoint; known: boolean } {
  const { toClient, known } = orientation(record);
  const sender: Endpoint = {
    ip: usableIp(stringField(record, "src_ip"), "src_ip", ctx),
    port: integerField(record, "src_port"),
    sentPacket: true,
    isServer: toClient,
  };
  const receiver: Endpoint = {
    ip: usableIp(stringField(record, "dest_ip"), "dest_ip", ctx),
    port: integerField(record, "dest_port"),
    sentPacket: false,
    isServer: !toClient,
  };
  const alert = asObject(record["alert"]);
  const ruleSource = asObject(alert?.["source"]);
  const ruleTarget = asObject(alert?.["target"]);
  if (ruleSource !== undefined && ruleTarget !== undefined) {
    if (sameEndpoint(ruleSource, sender.ip, sender.port) && sameEndpoint(ruleTarget, receiver.ip, receiver.port)) {
      return { source: sender, target: receiver, known };
    }
    if (sameEndpoint(ruleSource, receiver.ip, receiver.port) && sameEndpoint(ruleTarget, sender.ip, sender.port)) {
      return { source: receiver, target: sender, known };
    }
    // Addresses that differ from the packet's (XFF rewriting, for instance): take them as given.
    return {
      source: {
        ip: usableIp(stringField(ruleSource, "ip"), "alert.source.ip", ctx),
        port: integerField(ruleSource, "port"),
        sentPacket: false,
        isServer: false,
      },
      target: {
        ip: usableIp(stringField(ruleTarget, "ip"), "alert.target.ip", ctx),
        port: integerField(ruleTarget, "port"),
        sentPacket: false,
        isServer: true,
      },
      // Addresses that are not the packet's: which one is the server is not known.
      known: false,
    };
  }
  return toClient ? { source: receiver, target: sender, known } : { source: sender, target: receiver, known };
}

function protocols(record: EveObject, appProto: string | undefined): string[] {
  const names: string[] = [];
  for (const raw of [stringField(record, "proto"), appProto]) {
    const name = raw?.toLowerCase();
    if (name !== undefined && isProtocolName(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

export interface EndpointInput {
  readonly record: EveObject;
  /** The application protocol (app_proto, or the anomaly's), "failed" and empty already removed. */
  readonly appProto: string | undefined;
  /** Attachment names that came from the packet (payload, packet), listed on the packet's sender. */
  readonly packetAttachments: readonly string[];
  /** App-layer Attachment names, listed on the Target (the service they describe). */
  readonly appAttachments?: readonly string[];
  /** Note lines about the client and about the server (app-layer.ts). */
  readonly clientNotes?: readonly string[];
  readonly serverNotes?: readonly string[];
  /** The client's e-mail address (SMTP MAIL FROM). */
  readonly clientEmail?: string | undefined;
}

export interface Endpoints {
  readonly items: EndpointItems;
  /** Client/server lines that could not be placed (the server side is not known): for the message Note. */
  readonly unplaced: string[];
}

/** Source and Target items; an item with nothing known about it is left out. */
export function endpointItems(input: EndpointInput, ctx: ConvertContext): Endpoints {
  const { record, appProto, packetAttachments } = input;
  const { source, target, known } = roles(record, ctx);
  // The host name goes beside the server's IP only when the record shows which side the server is;
  // a guess could put it beside the client's IP. (The app-layer Attachment keeps it either way.)
  // The client's and server's Note lines follow the same rule.
  const hostname = known ? serverName(record) : undefined;
  const unplaced = known ? [] : [...(input.clientNotes ?? []), ...(input.serverNotes ?? [])];
  const build = (endpoint: Endpoint, role: "Source" | "Target"): Record<string, unknown> | undefined => {
    const item: Record<string, unknown> = {};
    if (endpoint.ip !== undefined) item["IP"] = endpoint.ip;
    if (endpoint.isServer && hostname !== undefined) item["Hostname"] = hostname;
    if (known && !endpoint.isServer && input.clientEmail !== undefined) item["Email"] = input.clientEmail;
    if (role === "Source") {
      const names = protocols(record, appProto);
      if (names.length > 0) item["Protocol"] = names;
    }
    if (role === "Target" && appProto !== undefined) item["Service"] = appProto;
    const port = usablePort(endpoint.port);
    if (port !== undefined) item["Port"] = [port];
    const notes = known ? ((endpoint.isServer ? input.serverNotes : input.clientNotes) ?? []) : [];
    if (notes.length > 0) item["Note"] = notes.join("\n");
    const attachments = [...(endpoint.sentPacket ? packetAttachments : []), ...(role === "Target" ? (input.appAttachments ?? []) : [])];
    if (attachments.length > 0) item["Attachment"] = attachments;
    if (Object.keys(item).length === 0) return undefined;
    return { ID: ctx.newId(), ...item };
  };
  const sourceItem = build(source, "Source");
  const targetItem = build(target, "Target");
  return {
    items: {
      ...(sourceItem === undefined ? {} : { Source: [sourceItem] }),
      ...(targetItem === undefined ? {} : { Target: [targetItem] }),
    },
    unplaced,
  };
}
