// Reading back what an earlier run left in a spool directory: its segments and ack log. Segments
// whose entries are all done are deleted; a torn last line (a write cut short by a crash of the
// machine: that entry was never handed to the network) is truncated; lines that cannot be read are
// copied to corrupt.log, kept as found for an operator.
import fs from "node:fs";
import path from "node:path";
import { PRIVATE_FILE_MODE } from "../io/durable-file.js";
import { readAckLog } from "./spool-ack-log.js";
import { readEntries, SEGMENT_PATTERN, segmentDone, type Segment } from "./spool-segments.js";

/** Where unreadable segment lines are copied before their segment may be compacted away. */
export const CORRUPT_LOG = "corrupt.log";

export interface RecoveredSpool {
  /** Live segments, ordered by firstSeq. */
  readonly segments: Segment[];
  /** Entries pending (not acked). */
  readonly pending: number;
  /** Lines that could not be read back. */
  readonly corrupt: number;
  /** The seq the next appended entry gets. */
  readonly nextSeq: number;
}

export function recoverSpool(dir: string): RecoveredSpool {
  const acked = readAckLog(dir);
  let maxSeq = 0;
  for (const seq of acked) if (seq > maxSeq) maxSeq = seq;
  const segments: Segment[] = [];
  let pending = 0;
  let corrupt = 0;
  const names = fs
    .readdirSync(dir)
    .filter((name) => SEGMENT_PATTERN.test(name))
    .sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const firstSeq = Number(SEGMENT_PATTERN.exec(name)![1]);
    const segment: Segment = { firstSeq, file, lastSeq: firstSeq - 1, count: 0, acked: new Set(), bytes: cutTornTail(file) };
    const keepCorrupt = (line: string): void => {
      // Not delivered, but not thrown away either.
      corrupt++;
      fs.appendFileSync(path.join(dir, CORRUPT_LOG), `${name}\t${line}\n`, { mode: PRIVATE_FILE_MODE });
    };
    readEntries(
      file,
      (entry) => {
        if (entry.seq < firstSeq) keepCorrupt(`${entry.seq}\t${entry.meta}\t${entry.body}`);
        else {
          segment.count++;
          segment.lastSeq = entry.seq;
          if (acked.has(entry.seq)) segment.acked.add(entry.seq);
        }
        return true;
      },
      keepCorrupt,
    );
    if (segment.lastSeq > maxSeq) maxSeq = segment.lastSeq;
    if (firstSeq - 1 > maxSeq) maxSeq = firstSeq - 1;
    if (segmentDone(segment)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    segments.push(segment);
    pending += segment.count - segment.acked.size;
  }
  return { segments, pending, corrupt, nextSeq: maxSeq + 1 };
}

/** Truncates a segment after its last newline; returns the bytes kept. */
function cutTornTail(file: string): number {
  const text = fs.readFileSync(file, "utf8");
  const kept = Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1));
  if (kept < Buffer.byteLength(text)) fs.truncateSync(file, kept);
  return kept;
}
