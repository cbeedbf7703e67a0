// Mapping tables from IDMEF v1 values to IDMEFv2 2.D.V08 values, as data (documented in
// docs/mapping-idmefv1.md; the enum spellings are the schema's, typos included).

/** Classification text keywords -> Category: the table shared with the suricata converter. */
export { CLASSIFICATION_KEYWORD_CATEGORIES } from "../classification-keywords.js";

/**
 * Impact type -> Category, used only when no keyword row matched. RFC 4765 section 4.2.6.1:
 * admin = administrative privileges attempted or obtained; dos = denial of service; recon =
 * reconnaissance probe; user = user privileges attempted or obtained. "file" (an action on a file)
 * and "other" say too little to choose a category.
 */
export const IMPACT_TYPE_CATEGORIES: Readonly<Record<string, string>> = {
  admin: "Access.Escalation",
  dos: "Availability.DoS",
  recon: "Recon.Network",
  user: "Access.Other",
};

/** When nothing fits (schema spelling). */
export const FALLBACK_CATEGORY = "Other.Undetermined";
/** Category of an emitted Heartbeat (schema spelling). */
export const HEARTBEAT_CATEGORY = "Availability.HeartBeat";

/** Impact severity -> Priority (same four levels; IDMEFv2 adds "Unknown", never produced here). */
export const SEVERITY_PRIORITY: Readonly<Record<string, string>> = {
  info: "Info",
  low: "Low",
  medium: "Medium",
  high: "High",
};

/**
 * Confidence rating keyword -> Confidence. The keywords say "little", "average" and "high"
 * confidence; none means certainty or certain error, so they map to the quartiles. A "numeric"
 * rating (the default) takes the element's number when it is a probability in [0, 1].
 */
export const CONFIDENCE_RATING_VALUE: Readonly<Record<string, number>> = {
  low: 0.25,
  medium: 0.5,
  high: 0.75,
};

/**
 * Analyzer class (free text in IDMEF v1) -> Analyzer.Category, matched case-insensitively on the
 * whole value. Unlisted classes are kept in the message Note.
 */
export const ANALYZER_CLASS_CATEGORIES: Readonly<Record<string, string>> = {
  nids: "NET.NIDS",
  "network ids": "NET.NIDS",
  "network intrusion detection": "NET.NIDS",
  nips: "NET.NIPS",
  hids: "END.HIDS",
  "host ids": "END.HIDS",
  "host intrusion detection": "END.HIDS",
  hips: "END.HIPS",
  "file integrity checker": "END.HIDS",
  firewall: "NET.FW",
  waf: "NET.WAF",
  antivirus: "END.AV",
  edr: "END.EDR",
  correlator: "SIEM.SIEM",
  siem: "SIEM.SIEM",
  "log analyzer": "SIEM.LOG",
};

/**
 * Checksum algorithm -> hash function name for IDMEFv2 Hash ("function:hex"), after the IANA
 * "Hash Function Textual Names" registry the draft points to; algorithms not in it keep their
 * IDMEF v1 name, lower-cased.
 */
export const CHECKSUM_HASH_NAMES: Readonly<Record<string, string>> = {
  MD4: "md4",
  MD5: "md5",
  SHA1: "sha-1",
  "SHA2-256": "sha-256",
  "SHA2-384": "sha-384",
  "SHA2-512": "sha-512",
  "CRC-32": "crc-32",
  Haval: "haval",
  Tiger: "tiger",
  Gost: "gost",
};

/** AdditionalData types whose value goes to an Attachment rather than a Note line. */
export const ATTACHMENT_DATA_TYPES: Readonly<Record<string, { readonly contentType: string; readonly base64Input: boolean }>> = {
  byte: { contentType: "application/octet-stream", base64Input: true },
  "byte-string": { contentType: "application/octet-stream", base64Input: true },
  xml: { contentType: "application/xml", base64Input: false },
  xmltext: { contentType: "application/xml", base64Input: false },
};

/** UserId types in order of preference for the single IDMEFv2 User field. */
export const USER_ID_PREFERENCE = [
  "current-user",
  "original-user",
  "target-user",
  "user-privs",
  "current-group",
  "group-privs",
  "other-privs",
] as const;
