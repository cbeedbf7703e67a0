// alert_fast lines and alert_full records of Snort 2 and 3, read with a hand scanner (no regular
// expression over the whole line): `[**] [gid:sid:rev] msg [**] [Classification: c] [Priority: n]
// [AppID: a] {PROTO} src[:port] -> dst[:port]`, the time in front (fast) or on its own line (full).
import { ConversionError } from "../../core/errors.js";
import { splitAddressPort } from "./alert-fields.js";

export interface TextHeader {
  readonly gid: number;
  readonly sid: number;
  readonly rev: number;
  readonly msg: string;
}

export interface BracketFacts {
  classification: string | undefined;
  priority: number | undefined;
  notes: string[];
  references: string[];
}

const RULE_ID = /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/;
const PORTED = new Set(["TCP", "UDP", "SCTP"]);

/** `[**] [g:s:r] msg [**]` from `at`; returns the header and the index after the closing `[**]`. */
export function readRuleHeader(line: string, at: number): { header: TextHeader; end: number } {
  if (!line.startsWith("[**] [", at)) throw new ConversionError("a Snort alert starts with [**] [gid:sid:rev]");
  const idEnd = line.indexOf("]", at + 6);
  const id = idEnd < 0 ? null : RULE_ID.exec(line.slice(at + 6, idEnd));
  if (id === null) throw new ConversionError("the rule id after [**] is not [gid:sid:rev]");
  const close = line.indexOf(" [**]", idEnd + 1);
  if (close < 0) throw new ConversionError("the alert message has no closing [**]");
  let msg = line.slice(idEnd + 1, close).trim();
  // Snort 3 quotes the message.
  if (msg.length >= 2 && msg.startsWith('"') && msg.endsWith('"')) msg = msg.slice(1, -1);
  return { header: { gid: Number(id[1]), sid: Number(id[2]), rev: Number(id[3]), msg }, end: close + 5 };
}

/** `[Classification: c] [Priority: n] [AppID: x] [Xref => u]` groups from `at` until something else. */
export function readBrackets(line: string, at: number, facts: BracketFacts): number {
  let pos = at;
  for (;;) {
    while (line[pos] === " ") pos++;
    if (line[pos] !== "[") return pos;
    const end = line.indexOf("]", pos);
    if (end < 0) return pos;
    const inner = line.slice(pos + 1, end);
    if (inner.startsWith("Classification:")) facts.classification = inner.slice(15).trim();
    else if (inner.startsWith("Priority:")) {
      const n = Number(inner.slice(9).trim());
      if (Number.isSafeInteger(n)) facts.priority = n;
    } else if (inner.startsWith("Xref =>")) facts.references.push(inner.slice(7).trim());
    else facts.notes.push(inner.trim());
    pos = end + 1;
  }
}

export interface Flow {
  readonly proto: string | undefined;
  readonly srcAddr: string;
  readonly srcPort: number | undefined;
  readonly dstAddr: string;
  readonly dstPort: number | undefined;
}

/** `{PROTO} src[:port] -> dst[:port]` (fast) or `src[:port] -> dst[:port]` (full), from `at` to the end. */
export function readFlow(line: string, at: number, proto: string | undefined): Flow {
  let pos = at;
  while (line[pos] === " ") pos++;
  let protocol = proto;
  if (line[pos] === "{") {
    const end = line.indexOf("}", pos);
    if (end < 0) throw new ConversionError("the protocol has no closing }");
    protocol = line.slice(pos + 1, end);
    pos = end + 1;
  }
  const rest = line.slice(pos).trim();
  const arrow = rest.indexOf(" -> ");
  if (arrow < 0) throw new ConversionError('no "source -> destination" in the alert');
  const hasPorts = protocol !== undefined && PORTED.has(protocol.toUpperCase());
  const src = splitAddressPort(rest.slice(0, arrow), hasPorts);
  const dst = splitAddressPort(rest.slice(arrow + 4), hasPorts);
  return { proto: protocol, srcAddr: src.addr, srcPort: src.port, dstAddr: dst.addr, dstPort: dst.port };
}
