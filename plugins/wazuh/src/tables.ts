// Wazuh-to-IDMEFv2 tables, as data: rule level -> Priority, rule group -> Category.
import type { IncidentCategory, Priority } from "idmefv2";

/**
 * Wazuh rule levels run 0..15. Wazuh's dashboards group them as low (0-6), medium (7-11), high
 * (12-14) and critical (15); IDMEFv2 has no "critical", so 12-15 are High and 0-3 (informational
 * events in Wazuh's level table) are Info. Each row is [lowest level, Priority].
 */
export const PRIORITY_BY_LEVEL = [
  [12, "High"],
  [7, "Medium"],
  [4, "Low"],
  [0, "Info"],
] as const satisfies readonly (readonly [number, Priority])[];

/** Wazuh rule groups (from the ruleset's <group> tags) that say what kind of incident it is. */
export const CATEGORY_BY_GROUP: Readonly<Record<string, IncidentCategory>> = {
  authentication_failures: "Access.Forced",
  authentication_failed: "Access.Unauthorized",
  invalid_login: "Access.Unauthorized",
  authentication_success: "Access.Authorized",
  recon: "Recon.Network",
  web_scan: "Recon.Network",
  attack: "Access.Compromise",
  exploit_attempt: "Access.Compromise",
  rootcheck: "Malware.Rootkit",
  virus: "Malware.Virus",
};
