// IDMEF v1 Analyzer (possibly nested: outer ones relayed the alert) to the IDMEFv2 Analyzer.
import { isUuid, uuidV5 } from "../../core/ids.js";
import { mapAddress } from "./addresses.js";
import { names, type Collector } from "./collector.js";
import { ANALYZER_CLASS_CATEGORIES } from "./tables.js";
import { attr, child, childText, children, describe, type XmlElement } from "./xml-tree.js";

const ANALYZER_CHILDREN = names("Node", "Process", "Analyzer");
const ANALYZER_ATTRIBUTES = names("analyzerid", "name", "manufacturer", "model", "version", "class", "ostype", "osversion");
const NODE_CHILDREN = names("location", "name", "Address");
const NODE_ATTRIBUTES = names("ident", "category");

/** "0" is RFC 4765's "no identifier". */
export function identOf(el: XmlElement | undefined, attribute: string): string | undefined {
  const value = attr(el, attribute);
  return value === undefined || value === "" || value === "0" ? undefined : value;
}

// A feed has few analyzers and many alerts: their derived IDs are worth remembering (bounded).
const analyzerIds = new Map<string, string>();
const MAX_REMEMBERED_ANALYZERS = 4096;

/** Analyzer.ID: the analyzerid when it is a UUID, else the UUID v5 of "idmefv1-analyzer:<analyzerid>". */
function analyzerUuid(analyzerid: string): string {
  let id = analyzerIds.get(analyzerid);
  if (id === undefined) {
    id = isUuid(analyzerid) ? analyzerid : uuidV5(`idmefv1-analyzer:${analyzerid}`);
    if (analyzerIds.size >= MAX_REMEMBERED_ANALYZERS) analyzerIds.clear();
    analyzerIds.set(analyzerid, id);
  }
  return id;
}

export interface MappedAnalyzer {
  readonly analyzer: Record<string, unknown>;
  /** analyzerid of the outermost Analyzer: with messageid it identifies the message (RFC 4765 3.2.9). */
  readonly senderId: string;
}

/** A short description of an analyzer for Note lines. */
function summary(el: XmlElement): string {
  const parts: string[] = [];
  for (const a of ["analyzerid", "name", "manufacturer", "model", "version", "class"]) {
    const v = attr(el, a);
    if (v !== undefined) parts.push(`${a}=${v}`);
  }
  const node = child(el, "Node");
  const host = childText(node, "name");
  if (host !== undefined) parts.push(`node=${host}`);
  for (const address of children(node, "Address")) {
    const value = childText(address, "address");
    if (value !== undefined) parts.push(`address=${value}`);
  }
  return parts.join(" ");
}

/**
 * The innermost Analyzer is the detector (RFC 4765 4.2.4.1: a relaying manager wraps the original
 * analyzer in its own); each outer one is noted as a relay. Analyzer.Name is required by the
 * schema: name, else analyzerid, else the node name; "unknown" with a warning when none exists.
 */
export function mapAnalyzer(alertish: XmlElement, out: Collector): MappedAnalyzer {
  const outer = child(alertish, "Analyzer");
  if (outer === undefined) {
    out.warn('no Analyzer (RFC 4765 requires one): Analyzer.Name set to "unknown"');
    return { analyzer: { Name: "unknown" }, senderId: "0" };
  }
  const chain: XmlElement[] = [outer];
  for (let next = child(outer, "Analyzer"); next !== undefined && chain.length < 32; next = child(next, "Analyzer")) chain.push(next);
  const detector = chain[chain.length - 1]!;
  for (let i = 0; i < chain.length; i++) {
    out.checkShape(chain[i]!, "Analyzer", ANALYZER_CHILDREN, ANALYZER_ATTRIBUTES);
  }
  for (let i = 0; i < chain.length - 1; i++) {
    const relay = chain[i]!;
    out.note(`relayed by analyzer: ${summary(relay)}`);
    for (const process of children(relay, "Process")) out.note(`relaying analyzer process: ${describe(process, "Process")}`);
    for (const a of ["ostype", "osversion"]) {
      const v = attr(relay, a);
      if (v !== undefined) out.note(`relaying analyzer ${a}: ${v}`);
    }
  }

  const analyzer: Record<string, unknown> = {};
  const analyzerid = identOf(detector, "analyzerid");
  const node = child(detector, "Node");
  const hostname = childText(node, "name");
  const name = attr(detector, "name") ?? analyzerid ?? hostname;
  if (analyzerid !== undefined) analyzer["ID"] = analyzerUuid(analyzerid);
  if (name === undefined) out.warn('Analyzer has no name, analyzerid or node name: Analyzer.Name set to "unknown"');
  analyzer["Name"] = name ?? "unknown";
  if (analyzerid !== undefined && attr(detector, "name") !== undefined) out.note(`analyzerid: ${analyzerid}`);
  if (hostname !== undefined) analyzer["Hostname"] = hostname;
  const model = ["manufacturer", "model", "version"].map((a) => attr(detector, a)).filter((v) => v !== undefined);
  if (model.length > 0) analyzer["Model"] = model.join(" ");
  const analyzerClass = attr(detector, "class");
  if (analyzerClass !== undefined) {
    const category = ANALYZER_CLASS_CATEGORIES[analyzerClass.toLowerCase()];
    if (category !== undefined) analyzer["Category"] = [category];
    else out.note(`analyzer class: ${analyzerClass}`);
  }
  const os = [attr(detector, "ostype"), attr(detector, "osversion")].filter((v) => v !== undefined);
  if (os.length > 0) out.note(`analyzer os: ${os.join(" ")}`);
  if (node !== undefined) {
    out.checkShape(node, "Analyzer Node", NODE_CHILDREN, NODE_ATTRIBUTES);
    const location = childText(node, "location");
    if (location !== undefined) analyzer["Location"] = location;
    const nodeCategory = attr(node, "category");
    if (nodeCategory !== undefined && nodeCategory !== "unknown") out.note(`analyzer node category: ${nodeCategory}`);
    const nodeIdent = identOf(node, "ident");
    if (nodeIdent !== undefined) out.note(`analyzer node ident: ${nodeIdent}`);
    for (const address of children(node, "Address")) {
      const value = childText(address, "address") ?? "";
      const mapped = mapAddress(attr(address, "category") ?? "unknown", value, childText(address, "netmask"));
      if (mapped.kind === "ip" && analyzer["IP"] === undefined) {
        analyzer["IP"] = mapped.ip;
        if (mapped.note !== undefined) out.note(`analyzer ${mapped.note}`);
      } else {
        const text =
          mapped.kind === "ip" ? `address: ${mapped.ip}` : mapped.kind === "email" ? `address (e-mail): ${mapped.email}` : mapped.note;
        out.note(`analyzer ${text}`);
        if (mapped.kind === "note" && mapped.problem !== undefined) out.warn(`Analyzer address: ${mapped.problem}; kept in Note`);
      }
      for (const a of ["ident", "vlan-name", "vlan-num"]) {
        const v = a === "ident" ? identOf(address, a) : attr(address, a);
        if (v !== undefined) out.note(`analyzer address ${value} ${a}: ${v}`);
      }
    }
  }
  for (const process of children(detector, "Process")) out.note(`analyzer process: ${describe(process, "Process")}`);
  return { analyzer, senderId: identOf(outer, "analyzerid") ?? "0" };
}
