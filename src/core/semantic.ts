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

// Fields are read by literal name on the per-message paths below, not by a loop over a list of
// names: a name known to the compiler is a cached load, a name from a variable is a lookup.
function namesAnyAttachment(referrers: unknown): boolean {
  if (!Array.isArray(referrers)) return false;
  for (const item of referrers) if (isRecord(item) && item["Attachment"] !== undefined) return true;
  return false;
}

function referencesAnyAttachment(message: Fields): boolean {
  return namesAnyAttachment(message["Source"]) || namesAnyAttachment(message["Target"]) || namesAnyAttachment(message["Vector"]);
}

function attachmentReferenceProblems(message: Fields, severity: Severity, problems: Problem[]): void {
  // Most messages name no attachment: skip building the name set for them.
  if (!referencesAnyAttachment(message)) return;
  const names = new Set<string>();
  for (const attachment of items(message["Attachment"])) {
    if (isRecord(attachment) && typeof attachment["Name"] === "string") names.add(attachment["Name"]);
  }
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

/** Compares fraction digits as decimals, with all their digits (nanoseconds too). */
function compareFractions(x: string, y: string): number {
  const width = Math.max(x.length, y.length);
  const fx = x.padEnd(width, "0");
  const fy = y.padEnd(width, "0");
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

const WHOLE_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** The zone suffix ("Z" or "+hh:mm"), or undefined. */
function zoneSuffix(stamp: string): string | undefined {
  if (stamp.endsWith("Z")) return "Z";
  const zone = stamp.slice(-6);
  return (zone[0] === "+" || zone[0] === "-") && zone[3] === ":" ? zone : undefined;
}

/** Negative when a is earlier than b, 0 when the same instant, positive when later; undefined when not comparable. */
export function compareTimestamps(a: string, b: string): number | undefined {
  // Fast path for the usual case, two stamps in the same zone: the fixed-width date and time
  // compare as text, then the fractions as decimals. No date arithmetic needed.
  const zone = zoneSuffix(a);
  if (zone !== undefined && zone === zoneSuffix(b) && WHOLE_SECONDS.test(a) && WHOLE_SECONDS.test(b)) {
    const fa = a.slice(19, a.length - zone.length);
    const fb = b.slice(19, b.length - zone.length);
    if ((fa === "" || /^\.\d+$/.test(fa)) && (fb === "" || /^\.\d+$/.test(fb))) {
      const wa = a.slice(0, 19);
      const wb = b.slice(0, 19);
      if (wa !== wb) return wa < wb ? -1 : 1;
      return compareFractions(fa.slice(1).replace(/0+$/, ""), fb.slice(1).replace(/0+$/, ""));
    }
  }
  const x = timestampInstant(a);
  const y = timestampInstant(b);
  if (x === undefined || y === undefined) return undefined;
  if (x.seconds !== y.seconds) return x.seconds - y.seconds;
  return compareFractions(x.fraction, y.fraction);
}

function timeOrderProblems(message: Fields, severity: Severity, problems: Problem[]): void {
  const start = message["StartTime"];
  const end = message["EndTime"];
  if (typeof start !== "string" || typeof end !== "string") return;
  const order = compareTimestamps(start, end);
  if (order === undefined || order <= 0) return;
  problems.push({
    pointer: "/EndTime",
    keyword: "time-order",
    message: `EndTime ${end} is before StartTime ${start}`,
    severity,
  });
}

/** Calls `visit` with each object that carries an ID, and its pointer (built only when asked). */
function forEachIdHolder(message: Fields, visit: (holder: Fields, pointer: () => string) => boolean | void): void {
  if (visit(message, () => "") === true) return;
  const analyzer = message["Analyzer"];
  if (isRecord(analyzer) && visit(analyzer, () => "/Analyzer") === true) return;
  for (const list of ID_HOLDER_LISTS) {
    const holders = message[list];
    if (!Array.isArray(holders)) continue;
    for (let i = 0; i < holders.length; i++) {
      const holder: unknown = holders[i];
      if (isRecord(holder) && visit(holder, () => `/${list}/${i}`) === true) return;
    }
  }
}

// Scratch list for the first pass, reused across messages: this check runs once per record.
const idScratch: string[] = [];

function pushId(holder: unknown, ids: string[]): void {
  if (!isRecord(holder)) return;
  const id = holder["ID"];
  if (typeof id === "string") ids.push(id);
}

function pushIds(holders: unknown, ids: string[]): void {
  if (!Array.isArray(holders)) return;
  for (let i = 0; i < holders.length; i++) pushId(holders[i], ids);
}

/**
 * `a.toLowerCase() === b.toLowerCase()` (UUIDs compare case-insensitively), without making two
 * strings per pair: ASCII is folded in place, and anything else falls back to toLowerCase.
 */
function sameId(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return a.toLowerCase() === b.toLowerCase();
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/** Whether any two IDs of the message are the same; no closure, pointer or set for the usual message. */
function hasDuplicateId(message: Fields): boolean {
  const ids = idScratch;
  const own = message["ID"];
  if (typeof own === "string") ids.push(own);
  pushId(message["Analyzer"], ids);
  pushIds(message["Sensor"], ids);
  pushIds(message["Source"], ids);
  pushIds(message["Target"], ids);
  pushIds(message["Vector"], ids);
  const n = ids.length;
  let duplicated = false;
  if (n <= 16) {
    // A handful of IDs (the usual message has 2 to 6): comparing pairs beats building a set.
    outer: for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if (sameId(ids[i]!, ids[j]!)) {
          duplicated = true;
          break outer;
        }
      }
    }
  } else {
    duplicated = new Set(ids.map((id) => id.toLowerCase())).size !== n;
  }
  ids.length = 0;
  return duplicated;
}

function uniqueIdProblems(message: Fields, severity: Severity, problems: Problem[]): void {
  if (!hasDuplicateId(message)) return;
  // Second pass only for the rare message with a duplicate: name where each ID was first used.
  const firstUse = new Map<string, string>();
  forEachIdHolder(message, (holder, pointer) => {
    const id = holder["ID"];
    if (typeof id !== "string") return;
    const key = id.toLowerCase();
    const earlier = firstUse.get(key);
    if (earlier === undefined) {
      firstUse.set(key, `${pointer()}/ID`);
    } else {
      problems.push({
        pointer: `${pointer()}/ID`,
        keyword: "unique-id",
        message: `ID ${id} is already used at ${earlier}`,
        severity,
      });
    }
  });
}

/**
 * The semantic problems of a message, each with the given severity. Tolerates any shape: it is
 * run on messages that may also fail the schema.
 */
export function semanticProblems(message: unknown, severity: Severity = "warning"): Problem[] {
  const problems: Problem[] = [];
  addSemanticProblems(message, severity, problems);
  return problems;
}

/** The same checks, appending to `problems`: the validator's per-message path allocates no list. */
export function addSemanticProblems(message: unknown, severity: Severity, problems: Problem[]): void {
  if (!isRecord(message)) return;
  attachmentReferenceProblems(message, severity, problems);
  timeOrderProblems(message, severity, problems);
  uniqueIdProblems(message, severity, problems);
}
