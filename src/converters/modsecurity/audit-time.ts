// CreateTime of an audit log entry. v2 writes its zone. v3 writes the server's local clock without
// one ("Fri Jul 17 18:18:21 2026"), but libmodsecurity's unique_id starts with the same instant in
// epoch seconds: their difference is the server's UTC offset, so the zone is read, not guessed.
import { normalizeTimestamp } from "../../core/timestamps.js";
import type { AuditEntry } from "./audit-entry.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// asctime form: weekday, month, day (space-padded), clock, year.
const V3_STAMP = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
// Apache's common log form: 02/Mar/2023:22:37:43.094724 +0000
const V2_STAMP = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})? ([+-])(\d{2})(\d{2})$/;

const pad = (n: number | string): string => String(n).padStart(2, "0");

function offsetText(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  const minutes = Math.abs(seconds) / 60;
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export type TimeResult = { readonly time: string } | { readonly problem: string };

export function auditTime(entry: AuditEntry, timezone: string | undefined): TimeResult {
  const stamp = entry.time?.trim();
  if (stamp === undefined || stamp === "")
    return { problem: `no ${entry.version === 3 ? "transaction.time_stamp" : "transaction.time"}: the entry cannot get a CreateTime` };
  if (entry.version === 2) {
    const m = V2_STAMP.exec(stamp);
    const month = m === null ? -1 : MONTHS.indexOf(m[2]!);
    if (m === null || month < 0)
      return { problem: `transaction.time ${JSON.stringify(stamp.slice(0, 60))} is not ModSecurity's dd/Mon/yyyy:HH:MM:SS +zone form` };
    try {
      return { time: normalizeTimestamp(`${m[3]}-${pad(month + 1)}-${m[1]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ""}${m[8]}${m[9]}:${m[10]}`) };
    } catch (error) {
      return { problem: `transaction.time: ${(error as Error).message}` };
    }
  }
  const m = V3_STAMP.exec(stamp);
  const month = m === null ? -1 : MONTHS.indexOf(m[1]!);
  if (m === null || month < 0)
    return { problem: `transaction.time_stamp ${JSON.stringify(stamp.slice(0, 60))} is not ModSecurity's "Www Mmm dd hh:mm:ss yyyy" form` };
  const local = `${m[6]}-${pad(month + 1)}-${pad(m[2]!)}T${m[3]}:${m[4]}:${m[5]}`;
  try {
    if (timezone !== undefined) return { time: normalizeTimestamp(local, { timezone }) };
    const epoch = /^(\d{10})/.exec(entry.uniqueId ?? "");
    if (epoch !== null) {
      const asUtc = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
      const offset = asUtc - Number(epoch[1]);
      // A real offset: whole quarter hours, within -12:00..+14:00.
      if (offset % 900 === 0 && offset >= -12 * 3600 && offset <= 14 * 3600)
        return { time: normalizeTimestamp(`${local}${offsetText(offset)}`) };
    }
  } catch (error) {
    return { problem: `transaction.time_stamp: ${(error as Error).message}` };
  }
  return {
    problem: `transaction.time_stamp ${JSON.stringify(stamp)} has no time zone and unique_id does not give the instant: set the "timezone" option (e.g. "Z", "+01:00" or "Europe/Paris")`,
  };
}
