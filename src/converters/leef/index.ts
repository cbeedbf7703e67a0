// The built-in `leef` converter: IBM QRadar LEEF 1.0 and 2.0 events, bare or after a syslog header.
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { ConversionError } from "../../core/errors.js";
import { CarriedPairs, slotIndex } from "../cef/carried-pairs.js";
import { carriedEventMessage, FirstCategoryMemo, type CarriedEventMapping } from "../cef/carried-event.js";
import { detectCarried, isCommentLine } from "../cef/detect.js";
import { headerBefore } from "../cef/index.js";
import { CARRIED_EVENT_OPTIONS, carriedEventOptions } from "../cef/options.js";
import { priorityForSeverity } from "../cef/severity.js";
import { embeddedEventStart } from "../embedded-event-formats.js";
import { RunState } from "../syslog/run-state.js";
import { LeefAttributeKeys } from "./attribute-keys.js";
import { readWithDateFormat } from "./dev-time-format.js";
import { readLeef } from "./parse-leef.js";

const LEEF_MAPPING: CarriedEventMapping = { keys: LeefAttributeKeys, labelled: new Map(), priority: priorityForSeverity };

const CREATE_TIME = slotIndex("CreateTime");

/** devTime read by its devTimeFormat, in place of the text (the other time forms are read later). */
function readDevTimes(pairs: CarriedPairs, timezone: string | undefined): void {
  const format = pairs.watched;
  if (format === undefined) return;
  // devTime is the only key of the table that fills CreateTime.
  const raw = pairs.rawValues[CREATE_TIME];
  if (raw !== undefined) pairs.values[CREATE_TIME] = readWithDateFormat(raw, format, timezone) ?? pairs.values[CREATE_TIME];
  for (let i = 0; i < pairs.noteKeys.length; i++) {
    if (pairs.noteKeys[i] === "devTime")
      pairs.noteValues[i] = readWithDateFormat(pairs.noteValues[i]!, format, timezone) ?? pairs.noteValues[i]!;
  }
}

export const leefConverter = defineConverter({
  format: "leef",
  description: "IBM QRadar LEEF 1.0 / 2.0 events, bare or after a syslog header, to IDMEFv2",
  input: "lines",
  options: CARRIED_EVENT_OPTIONS,
  detect: (sample) => detectCarried(sample, "leef"),
  recordOrder: "independent",
  setup(values) {
    const options = carriedEventOptions(values);
    const state = new RunState();
    const categories = new FirstCategoryMemo();
    // The pairs of the line being converted (reset per line; convert runs one line at a time).
    const pairs = new CarriedPairs(LEEF_MAPPING.keys, LEEF_MAPPING.labelled, "devTimeFormat");
    return (line: string, ctx: ConvertContext): DraftMessage | null => {
      if (isCommentLine(line)) {
        ctx.skip("comment line (#)");
        return null;
      }
      const start = embeddedEventStart(line);
      if (start === undefined || start.format !== "leef") {
        throw new ConversionError('not a LEEF event: no "LEEF:<version>|" in the first 512 characters of the line');
      }
      pairs.reset();
      const event = readLeef(line, start.versionAt, pairs);
      if (event.unusableDelimiter !== undefined)
        ctx.warn(`LEEF delimiter ${JSON.stringify(event.unusableDelimiter)} names no usable character; attributes read as tab-separated`);
      readDevTimes(pairs, options.timezone);
      const referenceMs = state.referenceMs(ctx);
      const header = headerBefore(line, start.at, referenceMs, options.timezone, ctx);
      return untypedMessage(
        carriedEventMessage(
          {
            format: "LEEF",
            vendor: event.vendor,
            product: event.product,
            productVersion: event.productVersion,
            eventId: event.eventId,
            // LEEF has no Name field: its Event ID ("Native user logout", "console_login", "THREAT")
            // is what names the event, so it is the Description too.
            name: event.eventId,
            severity: undefined,
            header,
          },
          pairs,
          LEEF_MAPPING,
          { timezone: options.timezone, analyzer: options.analyzer, referenceMs, state, categories },
          ctx,
        ),
      );
    };
  },
});
