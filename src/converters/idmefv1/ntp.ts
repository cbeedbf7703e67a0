// NTP timestamps (RFC 4765 section 3.2.7, "0xSSSSSSSS.0xFFFFFFFF") to RFC 3339 UTC text.

const NTP_STAMP = /^0x([0-9a-fA-F]{1,8})\.0x([0-9a-fA-F]{1,8})$/;
/** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
const NTP_UNIX_OFFSET = 2208988800n;
/** Era 1 starts at 2036-02-07T06:28:16Z, when the 32-bit seconds field wraps. */
const ERA = 4294967296n;

/**
 * Decodes an NTP stamp: integer part = seconds since 1900-01-01T00:00:00Z, fraction = F / 2^32 s.
 * Following RFC 4330 section 3, a seconds value with the top bit clear is read in era 1 (2036+),
 * as RFC 4765 section 6.4 asks for the wrap-around. The fraction is kept to microseconds
 * (truncated; NTP resolution is finer than the schema needs). Returns undefined for text that is
 * not a stamp, and for the zero stamp, which RFC 4765 reserves for "invalid or unavailable".
 */
export function ntpStampToTimestamp(stamp: string): string | undefined {
  const m = NTP_STAMP.exec(stamp.trim());
  if (m === null) return undefined;
  let seconds = BigInt(`0x${m[1]}`);
  const fraction = BigInt(`0x${m[2]}`);
  if (seconds === 0n && fraction === 0n) return undefined;
  if (seconds < 0x80000000n) seconds += ERA;
  const unixSeconds = seconds - NTP_UNIX_OFFSET;
  const micros = (fraction * 1000000n) >> 32n;
  const iso = new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 19);
  const frac = micros === 0n ? "" : `.${micros.toString().padStart(6, "0").replace(/0+$/, "")}`;
  return `${iso}${frac}Z`;
}
