// CEF Severity (0-10, or a word) to IDMEFv2 Priority, as data (docs/mapping-cef.md).

/**
 * The specification's bands: 0-3 Low, 4-6 Medium, 7-8 High, 9-10 Very-High. 2.D.V08 has no
 * priority above High, so Very-High becomes High.
 */
const PRIORITY_BY_NUMBER = ["Low", "Low", "Low", "Low", "Medium", "Medium", "Medium", "High", "High", "High", "High"] as const;

/**
 * Severity words: the specification's (Unknown, Low, Medium, High, Very-High) and those real senders
 * write instead: syslog-style levels, and FortiWeb's threat levels (Low, Moderate, Substantial,
 * Severe, Critical), whose five steps fall on Low, Medium, Medium, High, High.
 */
export const CefSeverityWords: Readonly<Record<string, string>> = {
  unknown: "Unknown",
  low: "Low",
  medium: "Medium",
  high: "High",
  "very-high": "High",
  "very high": "High",
  veryhigh: "High",
  informational: "Info",
  info: "Info",
  moderate: "Medium",
  substantial: "Medium",
  warning: "Medium",
  severe: "High",
  critical: "High",
  major: "High",
  minor: "Low",
};

/** The Priority, or undefined when the severity is neither a number 0-10 nor a known word. */
export function priorityForSeverity(severity: string): string | undefined {
  const text = severity.trim();
  if (text === "") return "Unknown";
  if (/^\d{1,2}$/.test(text)) return PRIORITY_BY_NUMBER[Number(text)];
  return Object.hasOwn(CefSeverityWords, text.toLowerCase()) ? CefSeverityWords[text.toLowerCase()] : undefined;
}
