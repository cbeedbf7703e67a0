// Numeric flags shared by the daemons (`serve`, `listen`): a bad value is a usage error naming the flag.
import { UsageError } from "./exit-codes.js";

/** "512" -> 512; zero, fractions, signs and words are refused. */
export function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a positive whole number`);
  }
  return value;
}

/** "10" or "0.5" (seconds) -> milliseconds; at least 1 ms, at most a day. */
export function positiveSeconds(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value * 1000 < 1 || value > 86_400) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a number of seconds, e.g. 10 or 0.5 (at most 86400)`);
  }
  return Math.round(value * 1000);
}
