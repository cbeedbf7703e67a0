// CVE ids and rule references of a Suricata alert, as the URIs IDMEFv2's `Ref` holds.

// "CVE-2021-44228", "CVE_1999_0183", "cve 2019 0708", "2019-91325": year, then 4+ digits.
const CVE_FORM = /^(?:CVE[-_ ]?)?(\d{4})[-_ ](\d{4,12})$/i;

/** `urn:cve:CVE-YYYY-NNNN` for a CVE id as ET metadata writes it, or undefined if it is not one. */
export function normalizeCve(text: string): string | undefined {
  const m = CVE_FORM.exec(text.trim());
  if (m === null) return undefined;
  return `urn:cve:CVE-${m[1]}-${m[2]}`;
}

/**
 * URL prefixes of the reference systems in Snort's and Suricata's stock reference.config; `cve`
 * is handled apart so that it gives the same URN as the metadata. Systems not listed here (md5,
 * for instance, which names a sample and no page) have no URL form and are reported by warning.
 */
const ReferenceUrlPrefixes: Readonly<Record<string, string>> = {
  url: "http://",
  bugtraq: "http://www.securityfocus.com/bid/",
  bid: "http://www.securityfocus.com/bid/",
  nessus: "http://cgi.nessus.org/plugins/dump.php3?id=",
  arachnids: "http://www.whitehats.com/info/IDS",
  mcafee: "http://vil.nai.com/vil/content/v_",
  osvdb: "http://osvdb.org/show/osvdb/",
  msb: "http://technet.microsoft.com/en-us/security/bulletin/",
  et: "http://doc.emergingthreats.net/",
};

export interface RuleReference {
  readonly system: string;
  readonly value: string;
}

// `reference: <system>, <value>;` inside a rule. [^;]* cannot backtrack past the one `;`.
const RULE_REFERENCE = /reference\s*:\s*([A-Za-z0-9_-]{1,32})\s*,\s*([^;]{0,2048});/g;

/** Every `reference:` keyword of a rule's text (EVE's `alert.rule`, when rule logging is on). */
export function ruleReferences(rule: string): RuleReference[] {
  const found: RuleReference[] = [];
  for (const m of rule.matchAll(RULE_REFERENCE)) {
    found.push({ system: m[1]!.toLowerCase(), value: m[2]!.trim() });
  }
  return found;
}

/** The URI for one rule reference, or undefined when its system has no URL form. */
export function referenceUri(reference: RuleReference): string | undefined {
  if (reference.system === "cve") return normalizeCve(reference.value);
  const prefix = ReferenceUrlPrefixes[reference.system];
  if (prefix === undefined || reference.value === "") return undefined;
  const text = reference.system === "url" && /^[a-z][a-z0-9+.-]*:\/\//i.test(reference.value) ? reference.value : prefix + reference.value;
  try {
    // The WHATWG serializer percent-encodes what RFC 3986 forbids (spaces, for instance).
    return new URL(text).href;
  } catch {
    return undefined;
  }
}
