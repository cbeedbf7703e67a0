// Which Zeek log a record belongs to: the TSV header's #path, the JSON writer's `_path`, or, when
// neither is written, the fields only that log has (notice: `note`; weird: `name` with `notice`).
import type { ConvertibleLog } from "./options.js";
import type { ZeekRecord } from "./zeek-record.js";

const LOG_NAME = /^[a-z0-9_]{1,32}$/;

/** A path of a notice or weird log ("notice_alarm" is the alarm stream of the notice log). */
export function logOfPath(path: string): ConvertibleLog | undefined {
  if (path === "notice" || path === "notice_alarm") return "notice";
  if (path === "weird") return "weird";
  return undefined;
}

export function logOfFields(record: ZeekRecord): ConvertibleLog | undefined {
  if (record.has("note")) return "notice";
  if (record.has("name") && (record.has("notice") || record.has("addl") || record.has("peer"))) return "weird";
  return undefined;
}

const MAX_LOG_REASONS = 64;

/**
 * Skip reasons for records of other logs ("zeek log conn"), bounded: hostile input cannot mint
 * unbounded distinct reasons (names that are no log name, and names past the first 64, share one).
 */
export function otherLogReasons(): (path: string) => string {
  const seen = new Set<string>();
  return (path) => {
    if (!LOG_NAME.test(path)) return "zeek log (not a log name)";
    if (!seen.has(path)) {
      if (seen.size >= MAX_LOG_REASONS) return "zeek log (other)";
      seen.add(path);
    }
    return `zeek log ${path}`;
  };
}
