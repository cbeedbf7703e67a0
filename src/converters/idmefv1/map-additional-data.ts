// IDMEF v1 AdditionalData to a Note line ("meaning: value") or, for byte data and XML, an Attachment.
import { normalizeTimestamp } from "../../core/timestamps.js";
import type { Collector } from "./collector.js";
import { ntpStampToTimestamp } from "./ntp.js";
import { ATTACHMENT_DATA_TYPES } from "./tables.js";
import { attr, childNames, children, describe, textOf, type XmlElement } from "./xml-tree.js";

const VALUE_ELEMENTS = new Set([
  "boolean",
  "byte",
  "character",
  "date-time",
  "integer",
  "ntpstamp",
  "portlist",
  "real",
  "string",
  "byte-string",
  "xml",
  "xmltext",
]);
// Values arrive trimmed; one class then the padding: no overlap, so no backtracking on long input.
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}$/;

/** Values of one AdditionalData: its typed children, else its own text (the CFM 1.3 dialect). */
function valuesOf(data: XmlElement, type: string): string[] {
  const typed = children(data, type);
  const list =
    typed.length > 0
      ? typed
      : childNames(data)
          .filter((n) => VALUE_ELEMENTS.has(n))
          .flatMap((n) => children(data, n));
  if (list.length === 0) return [textOf(data)];
  // xml content is a stop node: raw XML text, kept exactly (entities included) for the attachment.
  const raw = type === "xml" || type === "xmltext";
  return list.map((el) => (raw && typeof el === "string" ? el.trim() : textOf(el)));
}

/** A value for a Note line: times decoded or normalized when they can be, else as written. */
function readable(type: string, value: string, timezone: string | undefined): string {
  if (type === "ntpstamp") return ntpStampToTimestamp(value) ?? value;
  if (type !== "date-time") return value;
  try {
    return normalizeTimestamp(value, timezone === undefined ? {} : { timezone });
  } catch {
    return value;
  }
}

export function mapAdditionalData(data: XmlElement, out: Collector, timezone: string | undefined): void {
  const type = attr(data, "type") ?? "string";
  const meaning = attr(data, "meaning");
  const label = meaning ?? `(${type})`;
  for (const n of childNames(data)) {
    if (VALUE_ELEMENTS.has(n)) continue;
    for (const c of children(data, n)) out.note(`${label}: ${describe(c, n)}`);
    out.warn(`AdditionalData ${JSON.stringify(label)} holds <${n}>, which RFC 4765 does not define there: kept in a Note`);
  }
  const values = valuesOf(data, type);
  const asAttachment = ATTACHMENT_DATA_TYPES[type];
  if (asAttachment !== undefined) {
    for (const value of values) {
      if (asAttachment.base64Input && !BASE64.test(value)) {
        out.note(`${label}: ${value}`);
        out.warn(`AdditionalData ${JSON.stringify(label)} of type ${type} is not base64 (RFC 4765 3.2.4): kept as text in the Note`);
        continue;
      }
      const content = asAttachment.base64Input ? value.replace(/\s+/g, "") : Buffer.from(value, "utf8").toString("base64");
      const size = asAttachment.base64Input ? Buffer.from(content, "base64").length : Buffer.byteLength(value, "utf8");
      const attachment: Record<string, unknown> = {
        Name: out.attachmentName(asAttachment.base64Input ? "data" : "xml"),
        Size: size,
        ContentType: asAttachment.contentType,
        ContentEncoding: "base64",
        Content: content,
      };
      if (meaning !== undefined) attachment["Note"] = meaning;
      out.attachments.push(attachment);
    }
    return;
  }
  out.note(`${label}: ${values.map((v) => readable(type, v, timezone)).join(", ")}`);
}
