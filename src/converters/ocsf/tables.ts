// OCSF enumerations -> 2.D.V08 values, as data (docs/mapping-ocsf.md shows the same tables; a test
// holds them equal).

/** The Findings classes (category_uid 2) converted; every other class is skipped by name. */
export const OcsfFindingClasses: Readonly<Record<number, string>> = {
  2001: "Security Finding",
  2002: "Vulnerability Finding",
  2003: "Compliance Finding",
  2004: "Detection Finding",
  2005: "Incident Finding",
  2006: "Data Security Finding",
  2007: "Application Security Posture Finding",
};

/** severity_id -> Priority. Critical and Fatal have no higher Priority than High. */
export const PriorityBySeverityId: Readonly<Record<number, "Unknown" | "Info" | "Low" | "Medium" | "High">> = {
  0: "Unknown",
  1: "Info",
  2: "Low",
  3: "Medium",
  4: "High",
  5: "High",
  6: "High",
};

/** severity (the caption, used when severity_id is 99 "Other" or missing) -> Priority. */
export const PriorityBySeverityName: Readonly<Record<string, "Unknown" | "Info" | "Low" | "Medium" | "High">> = {
  unknown: "Unknown",
  informational: "Info",
  info: "Info",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "High",
  fatal: "High",
};

/** MITRE ATT&CK tactic (attacks[].tactic.uid) -> Category: the tactic says what the attacker was after. */
export const CategoryByTactic: Readonly<Record<string, string>> = {
  TA0043: "Recon.Other",
  TA0042: "Other.Uncategorised",
  TA0001: "Access.Other",
  TA0002: "Access.Other",
  TA0003: "Access.Backdoor",
  TA0004: "Access.Escalation",
  TA0005: "Other.Uncategorised",
  TA0006: "Access.Compromise",
  TA0007: "Recon.Network",
  TA0008: "Access.Compromise",
  TA0009: "Theft.Data",
  TA0011: "Malware.Backdoor",
  TA0010: "Theft.Data",
  TA0040: "Sabotage.Other",
};

/** analytic.type_id -> Analyzer Method. */
export const MethodByAnalyticType: Readonly<Record<number, string>> = {
  1: "Rule-based",
  2: "Behavioral",
  3: "Statistical",
  4: "AI",
  5: "Fingerprinting",
  6: "Metadata",
  7: "Pattern",
  8: "Pattern",
};
