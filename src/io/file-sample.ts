// The sample of a file that format detection scores (framework/detect.ts), read from disk.
import { closeSync, openSync, readSync } from "node:fs";
import { SAMPLE_BYTES } from "../framework/detect.js";

/** The first SAMPLE_BYTES of a file, decoded as UTF-8. */
export function readFileSample(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const read = readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    return buffer.toString("utf8", 0, read);
  } finally {
    closeSync(fd);
  }
}
