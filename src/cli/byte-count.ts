// Size options (--max-record-bytes, --max-body): a number of bytes, with an optional k or M suffix.
import { UsageError } from "./exit-codes.js";

/** "1048576", "512k", "16M" -> bytes; anything else is a usage error naming the flag. */
export function parseByteCount(text: string, flag: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(text.trim());
  if (match === null) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a number of bytes, e.g. 1048576, 512k or 16M`);
  const unit = match[2]?.toLowerCase();
  const value = Number(match[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1);
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag} must be at least 1 byte`);
  return value;
}
