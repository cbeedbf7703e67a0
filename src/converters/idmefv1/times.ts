// IDMEF v1 time elements (CreateTime, DetectTime, AnalyzerTime, date-time values) to schema timestamps.
import { ConversionError, TimestampError } from "../../core/errors.js";
import { normalizeTimestamp } from "../../core/timestamps.js";
import { ntpStampToTimestamp } from "./ntp.js";
import { attr, textOf, type XmlElement } from "./xml-tree.js";

/**
 * The element's date-time text, normalized (offsets without colon, comma fractions, white space);
 * its `ntpstamp` attribute only when the text is missing (RFC 4765 makes the text authoritative,
 * and real files carry stamps copied from elsewhere). Undefined when the element has neither.
 * Throws ConversionError naming `what` when the text cannot be read or has no zone and no
 * `timezone` option is set.
 */
export function timeOf(el: XmlElement | undefined, what: string, timezone: string | undefined): string | undefined {
  if (el === undefined) return undefined;
  const text = textOf(el);
  if (text === "") {
    const stamp = attr(el, "ntpstamp");
    if (stamp === undefined) return undefined;
    const fromStamp = ntpStampToTimestamp(stamp);
    if (fromStamp === undefined)
      throw new ConversionError(`${what} has no date-time text and its ntpstamp ${JSON.stringify(stamp)} is not a valid NTP timestamp`);
    return fromStamp;
  }
  try {
    return normalizeTimestamp(text, timezone === undefined ? {} : { timezone });
  } catch (error) {
    if (error instanceof TimestampError) throw new ConversionError(`${what}: ${error.message}`, { cause: error });
    throw error;
  }
}
