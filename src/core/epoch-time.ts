// Stamps counted from the Unix epoch (Zeek's `ts` in seconds, OCSF's `time` in milliseconds) in the
// schema's RFC 3339 form. They are instants in UTC, so no zone is guessed; the digits of the
// fraction are kept as written (a float round trip would turn .920239 into .920238999).

export type EpochUnit = "s" | "ms";

// Digits, an optional fraction: linear, anchored. Up to year 9999 in either unit.
const EPOCH_TEXT = /^(\d{1,15})(?:\.(\d{1,9}))?$/;
const MAX_EPOCH_MS = 253_402_300_799_999;

let lastSeconds = -1;
let lastIso = "";

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "YYYY-MM-DDTHH:MM:SS" of a second since the epoch (0 .. year 9999), by the days-to-civil
 * arithmetic of the proleptic Gregorian calendar (H. Hinnant's algorithm): what
 * `new Date(s * 1000).toISOString().slice(0, 19)` gives, without a Date per record. A test holds
 * the two equal over the whole range.
 */
export function utcSecondText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const inDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(inDay / 3600);
  const minute = Math.floor((inDay - hour * 3600) / 60);
  const second = inDay - hour * 3600 - minute * 60;
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}`;
}

/**
 * "1717442617.920239" (unit "s") -> "2024-06-03T19:23:37.920239Z"; "1700000000123" (unit "ms") ->
 * "2023-11-14T22:13:20.123Z". A number is read through its shortest decimal form. Undefined for
 * anything else (negative, exponent, out of range), so the caller can name the field in its error.
 */
export function epochTimestamp(value: string | number, unit: EpochUnit): string | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const m = EPOCH_TEXT.exec(text);
  if (m === null) return undefined;
  const whole = Number(m[1]);
  const fraction = m[2] ?? "";
  let seconds: number;
  let digits: string;
  if (unit === "s") {
    seconds = whole;
    digits = fraction;
  } else {
    seconds = Math.floor(whole / 1000);
    digits = `${String(whole % 1000).padStart(3, "0")}${fraction}`;
  }
  if (seconds * 1000 > MAX_EPOCH_MS) return undefined;
  // Logs are in time order: consecutive stamps mostly share their second.
  if (seconds !== lastSeconds) {
    lastSeconds = seconds;
    lastIso = utcSecondText(seconds);
  }
  const iso = lastIso;
  return `${iso}${digits === "" ? "" : `.${digits}`}Z`;
}
