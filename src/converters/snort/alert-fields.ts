// What every Snort alert output says, whichever form it came in (alert_json, alert_fast, alert_full).
import { isIP } from "../../core/platform.js";

export interface SnortAlert {
  readonly timestamp: string | undefined;
  /** alert_json "seconds": the epoch second of the packet. */
  readonly seconds: number | undefined;
  readonly gid: number | undefined;
  readonly sid: number | undefined;
  readonly rev: number | undefined;
  readonly msg: string | undefined;
  /** The classification text ("Attempted Information Leak"), or undefined / "none". */
  readonly classification: string | undefined;
  readonly priority: number | undefined;
  readonly proto: string | undefined;
  readonly srcAddr: string | undefined;
  readonly srcPort: number | undefined;
  readonly dstAddr: string | undefined;
  readonly dstPort: number | undefined;
  /** alert_json "dir": C2S or S2C (who sent the packet). */
  readonly dir: string | undefined;
  /** alert_json "target": the packet's source or destination address, whichever the rule's `target` names. */
  readonly target: string | undefined;
  readonly action: string | undefined;
  readonly service: string | undefined;
  readonly iface: string | undefined;
  /** Lines of other facts (AppID, Xref, packet fields...) kept for the message Note. */
  readonly notes: readonly string[];
  readonly references: readonly string[];
}

/**
 * "10.0.0.1:80", "[2001:db8::1]:80" -> address and port. Snort prints IPv6 with its port unbracketed
 * ("2001:db8::1:80"): the last group is taken for the port when the protocol has ports and what is
 * left is an IPv6 address.
 */
export function splitAddressPort(text: string, hasPorts: boolean): { addr: string; port: number | undefined } {
  const t = text.trim();
  if (t.startsWith("[")) {
    const end = t.indexOf("]");
    const portText = end > 0 && t[end + 1] === ":" ? t.slice(end + 2) : "";
    return { addr: t.slice(1, end > 0 ? end : undefined), port: /^\d{1,5}$/.test(portText) ? Number(portText) : undefined };
  }
  const last = t.lastIndexOf(":");
  if (last < 0) return { addr: t, port: undefined };
  const head = t.slice(0, last);
  const tail = t.slice(last + 1);
  if (!/^\d{1,5}$/.test(tail)) return { addr: t, port: undefined };
  const kind = isIP(head);
  if (kind === 4) return { addr: head, port: Number(tail) };
  if (kind === 6 && (hasPorts || isIP(t) !== 6)) return { addr: head, port: Number(tail) };
  return { addr: t, port: undefined };
}
