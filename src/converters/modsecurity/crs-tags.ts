// OWASP CRS attack tags -> 2.D.V08 Category, and ModSecurity severities -> Priority, as data
// (docs/mapping-modsecurity.md shows the same tables; a test holds them equal).
import type { RuleHit } from "./rule-hit.js";

/**
 * One row per `attack-*` tag the Core Rule Set (v3 and v4) puts on its rules. 2.D.V08 has no
 * "exploit" or "injection" category: attempts to break into the application are Access.Other, as
 * Suricata's web-application-attack classtype is (src/converters/suricata/classtypes.ts).
 */
export const CrsAttackTagTable = [
  { tag: "attack-sqli", category: "Access.Other", why: "SQL injection: an attempt to get into the application's data" },
  { tag: "attack-xss", category: "Access.Other", why: "cross-site scripting: code injected into the application" },
  { tag: "attack-rce", category: "Access.Other", why: "remote command execution" },
  { tag: "attack-lfi", category: "Access.Other", why: "local file inclusion / path traversal" },
  { tag: "attack-rfi", category: "Access.Other", why: "remote file inclusion" },
  { tag: "attack-php", category: "Access.Other", why: "PHP injection" },
  { tag: "attack-injection-php", category: "Access.Other", why: "PHP injection (CRS 3 tag)" },
  { tag: "attack-java", category: "Access.Other", why: "Java deserialisation and injection" },
  { tag: "attack-nodejs", category: "Access.Other", why: "Node.js injection" },
  { tag: "attack-injection-generic", category: "Access.Other", why: "generic injection" },
  { tag: "attack-ssrf", category: "Access.Other", why: "server-side request forgery" },
  { tag: "attack-fixation", category: "Access.Compromise", why: "session fixation takes over another user's session" },
  { tag: "attack-disclosure", category: "Theft.Data", why: "data leaking in the response (error pages, source code, directory listings)" },
  { tag: "attack-reputation-scanner", category: "Recon.Other", why: "a security scanner probing the application" },
  { tag: "attack-reputation-crawler", category: "Recon.Other", why: "a crawler collecting the application's pages" },
  { tag: "attack-reputation-scripting", category: "Recon.Other", why: "a scripting client probing the application" },
  { tag: "attack-dos", category: "Availability.DoS", why: "denial of service" },
  {
    tag: "attack-protocol",
    category: "Other.Uncategorised",
    why: "an HTTP protocol violation: evasion or a broken client, no incident kind",
  },
  { tag: "attack-generic", category: "Other.Undetermined", why: "an attack of no determined kind" },
] as const;

const categoryByTag = new Map<string, string>(CrsAttackTagTable.map((row) => [row.tag, row.category]));

/** Tags of CRS's scoring rules (949110, 959100, 980130...): they sum up the others, they detect nothing. */
const EVALUATION_TAGS: ReadonlySet<string> = new Set(["anomaly-evaluation", "event-correlation"]);

export function isEvaluationHit(hit: RuleHit): boolean {
  return hit.tags.some((tag) => EVALUATION_TAGS.has(tag)) || /^(?:949|959|980)\d{3}$/.test(hit.ruleId ?? "");
}

/** The categories of the hits' attack tags, in hit order, each once; Other.Undetermined when none is known. */
export function categoriesOf(hits: readonly RuleHit[]): string[] {
  const found: string[] = [];
  for (const hit of hits) {
    for (const tag of hit.tags) {
      const category = categoryByTag.get(tag.toLowerCase());
      if (category !== undefined && !found.includes(category)) found.push(category);
    }
  }
  return found.length > 0 ? found : ["Other.Undetermined"];
}

/** ModSecurity severity (1 ALERT .. 7 DEBUG, as SecRule writes them) -> Priority. */
export const PriorityBySeverity: Readonly<Record<number, "High" | "Medium" | "Low" | "Info">> = {
  1: "High",
  2: "High",
  3: "Medium",
  4: "Medium",
  5: "Low",
  6: "Info",
  7: "Info",
};

export const SEVERITY_NAMES = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"] as const;

/** The Priority of the most severe hit; Unknown when no hit gives a severity. */
export function priorityOf(hits: readonly RuleHit[]): string {
  let most: number | undefined;
  for (const hit of hits)
    if (hit.severity !== undefined && hit.severity >= 1 && (most === undefined || hit.severity < most)) most = hit.severity;
  return most === undefined ? "Unknown" : (PriorityBySeverity[most] ?? "Unknown");
}
