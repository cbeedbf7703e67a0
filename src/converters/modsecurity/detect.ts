// Format detection: how sure we are that a sample is ModSecurity's JSON audit log (v2 or v3).
import { jsonLineShare } from "../json-line-share.js";
import { AUDIT_JSON, looksLikeAuditEntry } from "./audit-entry.js";

/** 0..1: share of the first complete JSON lines that are audit log entries. */
export function detectModSecurity(sample: string): number {
  return jsonLineShare(sample, looksLikeAuditEntry, AUDIT_JSON);
}
