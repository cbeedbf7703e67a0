// Size options (--max-record-bytes, --max-body, --spool-max-bytes): a number of bytes, with an
// optional k, M or G suffix (powers of 1024).
import { UsageError } from "./exit-codes.js";

const UNIT_BYTES: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "1048576", "512k", "16M", "1G" -> bytes; anything else is a usage error naming the flag. */
export function parseByteCount(text: string, flag: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  if (match === null) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a number of bytes, e.g. 1048576, 512k, 16M or 1G`);
  const unit = match[2]?.toLowerCase();
  const value = Number(match[1]) * (UNIT_BYTES[unit ?? ""] ?? 1);
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag} must be at least 1 byte`);
  return value;
}
