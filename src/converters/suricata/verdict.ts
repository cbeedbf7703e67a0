// What the engine did with the traffic: alert.action (allowed/blocked, every IPS-capable Suricata)
// and the Suricata 7 / AWS Network Firewall `verdict` object (alert, drop, pass, reject).
import { asObject, stringField, type EveObject } from "./eve-fields.js";

/** Words a SIEM filter can rely on; anything else is kept in the Note only. */
const WORD = /^[a-z][a-z_-]{0,23}$/;

export interface Verdict {
  /** Fixed-form Note lines: "Suricata action: <v>", "Suricata verdict: <v>[ (reject-target <t>)]". */
  readonly notes: string[];
  /** Filterable AltNames: "action:<v>", "verdict:<v>" (lower-cased). */
  readonly altNames: string[];
}

export function verdictOf(record: EveObject): Verdict {
  const notes: string[] = [];
  const altNames: string[] = [];
  const action = stringField(asObject(record["alert"]), "action");
  if (action !== undefined) {
    notes.push(`Suricata action: ${action}`);
    if (WORD.test(action.toLowerCase())) altNames.push(`action:${action.toLowerCase()}`);
  }
  const verdict = asObject(record["verdict"]);
  const verdictAction = stringField(verdict, "action");
  if (verdictAction !== undefined) {
    const target = stringField(verdict, "reject-target");
    notes.push(`Suricata verdict: ${verdictAction}${target === undefined ? "" : ` (reject-target ${target})`}`);
    if (WORD.test(verdictAction.toLowerCase())) altNames.push(`verdict:${verdictAction.toLowerCase()}`);
  }
  return { notes, altNames };
}
