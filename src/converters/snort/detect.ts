// Format detection for Snort alert files: alert_json objects (with Snort's own time stamp and
// src_ap/rule keys), alert_fast lines, alert_full records.
const SAMPLE_LINES = 20;
const STAMP = /^(?:\d{2}\/)?\d{2}\/\d{2}-\d{2}:\d{2}:\d{2}\.\d{1,9}$/;
const FAST = /^(?:\d{2}\/)?\d{2}\/\d{2}-\d{2}:\d{2}:\d{2}\.\d{1,9} {1,2}\[\*\*\] \[\d{1,10}:\d{1,10}:\d{1,10}\]/;
const FULL = /^\[\*\*\] \[\d{1,10}:\d{1,10}:\d{1,10}\]/;

function isSnortJson(line: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return false;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const timestamp = record["timestamp"];
  // Suricata's EVE has ISO stamps and event_type; Snort's is "MM/DD-hh:mm:ss.ffffff".
  return (
    typeof timestamp === "string" && STAMP.test(timestamp) && ("rule" in record || "src_ap" in record || "sid" in record || "msg" in record)
  );
}

/** 0..0.95: share of the first lines that are Snort alerts (alert_full detail lines count with their record). */
export function detectSnort(sample: string): number {
  const lines = sample.split("\n", SAMPLE_LINES * 8 + 1);
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let seen = 0;
  let snort = 0;
  let inFull = false;
  for (const raw of lines) {
    const line = raw.trim();
    // Blank lines and `#` comments (a file someone annotated, an export's preamble) say nothing.
    if (line === "" || line.startsWith("#")) continue;
    if (seen >= SAMPLE_LINES) break;
    seen++;
    if (FULL.test(line)) {
      inFull = true;
      snort++;
    } else if (line.startsWith("{") ? isSnortJson(line) : FAST.test(line)) snort++;
    else if (inFull) snort++;
  }
  return seen === 0 ? 0 : (0.95 * snort) / seen;
}
