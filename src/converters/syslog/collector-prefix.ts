// The prefix a collector writes before each line it stores — daemontools' multilog and runit's
// svlogd (a TAI64N or `YYYY-MM-DD_hh:mm:ss.f` stamp), `docker logs -t` (an RFC 3339 stamp), the CRI
// log files of containerd and CRI-O (`stamp stdout|stderr F|P `) — and the readings of the line
// behind it: a syslog line of its own, or a program's bare output (`sshd -D -e`), which then takes
// the collector's time.
import { resolveStamp, scanHeaderStamp, type ResolvedStamp } from "./header-stamp.js";
import type { LogFormatSet } from "./applog-parse.js";
import { parseSyslog, type ParseSyslogOptions } from "./parse-syslog.js";
import type { SyslogRecord } from "./syslog-record.js";

export interface CollectorPrefix {
  readonly stamp: ResolvedStamp;
  /** Where the stored line starts. */
  readonly end: number;
  /** CRI's stream words came between: the syslog reading of the line did not see its header. */
  readonly cri: boolean;
}

/** The collector prefix at the start of `line`, or undefined. */
export function collectorPrefix(line: string, options: ParseSyslogOptions): CollectorPrefix | undefined {
  const c = line.charCodeAt(0);
  if (c !== 64 && (c < 48 || c > 57)) return undefined; // '@' or a digit
  const raw = scanHeaderStamp(line, 0);
  if (raw === undefined || line[raw.end] !== " ") return undefined;
  let end = raw.end + 1;
  let cri = false;
  // RFC 3339 with its zone: CRI, with the stream and whether the line is whole (F) or a part (P)
  // of a longer one; docker's RFC3339Nano, always in UTC.
  if (line[10] === "T" && raw.zone !== undefined && (line.startsWith("stdout ", end) || line.startsWith("stderr ", end))) {
    const tag = line[end + 7];
    cri = (tag === "F" || tag === "P") && line[end + 8] === " ";
    if (cri) end += 9;
  }
  const tai64nOrSvlogd = c === 64 || line[10] === "_";
  const docker = line[10] === "T" && raw.zone === "Z" && raw.fraction !== "";
  if (!cri && !tai64nOrSvlogd && !docker) return undefined;
  const stamp = resolveStamp(raw, options.timezone, options.referenceMs);
  return stamp === undefined ? undefined : { stamp, end, cri };
}

/** The record with the collector's time when its own line has none. */
function withCollectorTime(record: SyslogRecord, stamp: ResolvedStamp): SyslogRecord {
  if (record.timestamp !== undefined) return record;
  return {
    ...record,
    timestamp: stamp.timestamp,
    timeMs: stamp.ms,
    assumedZone: stamp.assumedZone,
    yearInferred: stamp.yearInferred,
    timestampOrigin: stamp.assumedZone === undefined ? "explicit" : "assumed-zone",
  };
}

/**
 * The readings of the line behind a collector prefix: as syslog when it has a tag, then with the
 * declared formats (sshd's bare messages among them). Nothing when the line has no such prefix.
 */
export function* collectorReadings(line: string, formats: LogFormatSet, options: ParseSyslogOptions): Generator<SyslogRecord> {
  const prefix = collectorPrefix(line, options);
  if (prefix === undefined) return;
  const rest = line.slice(prefix.end);
  if (prefix.cri) {
    // Behind multilog's and docker's stamps the syslog reader has read any header already.
    let record: SyslogRecord | undefined;
    try {
      record = parseSyslog(rest, options);
    } catch {
      // no syslog header behind the prefix: the declared formats may read it
    }
    if (record !== undefined && record.program !== undefined && record.loose !== true) yield withCollectorTime(record, prefix.stamp);
  }
  for (const reading of formats.readings(rest, options)) yield withCollectorTime(reading, prefix.stamp);
}
