// Picks the framer a converter's input kind asks for.
import type { Converter } from "../../core/converter.js";
import { createDocumentFramer } from "./document.js";
import { createJsonLinesFramer } from "./json-lines.js";
import { createLinesFramer } from "./lines.js";
import type { Framer, FramingLimits } from "./types.js";
import { createXmlElementsFramer } from "./xml-elements.js";

/**
 * `startLine`: lines before `startOffset` (a line framer numbers from there; a worker of
 * `convert --jobs N` frames whole lines cut from the middle of an input). Documents ignore it.
 */
export function createFramer(
  converter: Pick<Converter, "input" | "recordElements">,
  limits: FramingLimits = {},
  startOffset = 0,
  startLine = 0,
): Framer {
  switch (converter.input) {
    case "lines":
      return createLinesFramer(limits, startOffset, startLine);
    case "json-lines":
      return createJsonLinesFramer(limits, startOffset, startLine);
    case "document":
      return converter.recordElements !== undefined && converter.recordElements.length > 0
        ? createXmlElementsFramer(converter.recordElements, limits, startOffset)
        : createDocumentFramer(limits, startOffset);
  }
}

export type { Framed, FramedRecord, FramedReject, FramedSkip, Framer, FramingLimits, FramingRejectCode } from "./types.js";
export { DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_DOCUMENT_BYTES } from "./types.js";
export { jsonLineRecord } from "./json-lines.js";

/**
 * The framer `convert --jobs N` runs on the main thread: for json-lines, only the line cutting
 * (the JSON parse is the costly part, done by the worker with `jsonLineRecord`); otherwise the
 * converter's own framer.
 */
export function createSplittingFramer(
  converter: Pick<Converter, "input" | "recordElements">,
  limits: FramingLimits = {},
  startOffset = 0,
  startLine = 0,
): Framer {
  return converter.input === "json-lines"
    ? createLinesFramer(limits, startOffset, startLine)
    : createFramer(converter, limits, startOffset, startLine);
}
