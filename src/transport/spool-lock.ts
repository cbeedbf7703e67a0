// The spool's lock file: one process per spool, because two writers would interleave appends and
// hand the same entry out twice. A lock whose process died (crash, kill -9) is stale and taken over.
import fs from "node:fs";
import path from "node:path";
import { IdmefError } from "../core/errors.js";
import { PRIVATE_FILE_MODE } from "../io/durable-file.js";
import { parseSeq } from "./spool-segments.js";

const LOCK_FILE = "lock";

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of the spool in `dir` for this process, or throws CONFIG_ERROR naming its owner. */
export function acquireSpoolLock(dir: string): void {
  const lock = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lock, "wx", PRIVATE_FILE_MODE);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = parseSeq(fs.readFileSync(lock, "utf8").trim());
    if (owner !== undefined && owner !== process.pid && processIsAlive(owner)) {
      throw new IdmefError(
        "CONFIG_ERROR",
        `spool ${dir} is in use by process ${owner}: give each running client its own --spool directory`,
      );
    }
    // The owner died: its lock is stale.
    fs.rmSync(lock, { force: true });
  }
  throw new IdmefError("CONFIG_ERROR", `cannot lock spool ${dir}`);
}

export function releaseSpoolLock(dir: string): void {
  fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
}
