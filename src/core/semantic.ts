// Checks beyond the schema that no IDMEFv2 schema can express: attachment references resolve,
// StartTime is not after EndTime, and IDs are unique within a message.
import type { Problem } from "./problems.js";

type Severity = Problem["severity"];
type Fields = Readonly<Record<string, unknown>>;

/** The lists whose items may name attachments; Vector exists up to 2.D.V06 (2.D.V07 removed it). */
const ATTACHMENT_REFERRERS = ["Source", "Target", "Vector"] as const;
/** The lists whose items carry an `ID` (besides the message's and the Analyzer's own). */
const ID_HOLDER_LISTS = ["Sensor", "Source", "Target", "Vector"] as const;

function isRecord(value: unknown): value is Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function attachmentReferenceProblems(message: Fields, severity: Severity): Problem[] {
  const names = new Set<string>();
  for (const attachment of items(message["Attachment"])) {
    if (isRecord(attachment) && typeof attachment["Name"] === "string") names.add(attachment["Name"]);
  }
  const problems: Problem[] = [];
  for (const list of ATTACHMENT_REFERRERS) {
    items(message[list]).forEach((item, i) => {
      if (!isRecord(item)) return;
      items(item["Attachment"]).forEach((name, j) => {
        if (typeof name !== "string" || names.has(name)) return;
        problems.push({
          pointer: `/${list}/${i}/Attachment/${j}`,
          keyword: "attachment-reference",
          message:
            names.size === 0
              ? `names attachment "${name}" but the message has no Attachment`
              : `names attachment "${name}", which is not among the message's Attachment names (${[...names].join(", ")})`,
          allowed: [...names],
          severity,
        });
      });
    });
  }
  return problems;
}

// The schema's timestamp form (zone optional); the zone is needed to compare two stamps as instants.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[-+](\d{2}):(\d{2}))?$/;

/** A timestamp as [whole seconds since the epoch, fraction digits], or undefined when it has no zone. */
export function timestampInstant(stamp: string): { seconds: number; fraction: string } | undefined {
  const m = TIMESTAMP.exec(stamp);
  if (m === null || m[8] === undefined) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone, zh, zm] = m;
  // Date.UTC carries a leap second (:60) into the next minute, which is the right instant.
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== "Z") {
    const offset = (Number(zh) * 60 + Number(zm)) * 60000;
    ms += zone!.startsWith("-") ? offset : -offset;
  }
  return { seconds: ms / 1000, fraction: (frac ?? "").replace(/0+$/, "") };
}

/** Negative when a is earlier than b, 0 when the same instant, positive when later; undefined when not comparable. */
export function compareTimestamps(a: string, b: string): number | undefined {
  const x = timestampInstant(a);
  const y = timestampInstant(b);
  if (x === undefined || y === undefined) return undefined;
  if (x.seconds !== y.seconds) return x.seconds - y.seconds;
  // Same second: compare the fraction digits as decimals, with all their digits (nanoseconds too).
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, "0");
  const fy = y.fraction.padEnd(width, "0");
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

function timeOrderProblems(message: Fields, severity: Severity): Problem[] {
  const start = message["StartTime"];
  const end = message["EndTime"];
  if (typeof start !== "string" || typeof end !== "string") return [];
  const order = compareTimestamps(start, end);
  if (order === undefined || order <= 0) return [];
  return [
    {
      pointer: "/EndTime",
      keyword: "time-order",
      message: `EndTime ${end} is before StartTime ${start}`,
      severity,
    },
  ];
}

function uniqueIdProblems(message: Fields, severity: Severity): Problem[] {
  const holders: [string, unknown][] = [["", message]];
  if (isRecord(message["Analyzer"])) holders.push(["/Analyzer", message["Analyzer"]]);
  for (const list of ID_HOLDER_LISTS) {
    items(message[list]).forEach((item, i) => holders.push([`/${list}/${i}`, item]));
  }
  const firstUse = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [pointer, holder] of holders) {
    if (!isRecord(holder) || typeof holder["ID"] !== "string") continue;
    // UUIDs compare case-insensitively: "ABC..." and "abc..." are the same ID.
    const id = holder["ID"].toLowerCase();
    const earlier = firstUse.get(id);
    if (earlier === undefined) {
      firstUse.set(id, `${pointer}/ID`);
    } else {
      problems.push({
        pointer: `${pointer}/ID`,
        keyword: "unique-id",
        message: `ID ${holder["ID"]} is already used at ${earlier}`,
        severity,
      });
    }
  }
  return problems;
}

/**
 * The semantic problems of a message, each with the given severity. Tolerates any shape: it is
 * run on messages that may also fail the schema.
 */
export function semanticProblems(message: unknown, severity: Severity = "warning"): Problem[] {
  if (!isRecord(message)) return [];
  return [
    ...attachmentReferenceProblems(message, severity),
    ...timeOrderProblems(message, severity),
    ...uniqueIdProblems(message, severity),
  ];
}
