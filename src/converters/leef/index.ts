// The built-in `leef` converter: IBM QRadar LEEF 1.0 and 2.0 events, bare or after a syslog header.
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { ConversionError } from "../../core/errors.js";
import { carriedEventMessage, FirstCategoryMemo, type CarriedEventMapping } from "../cef/carried-event.js";
import { detectCarried, isCommentLine } from "../cef/detect.js";
import { headerBefore } from "../cef/index.js";
import { CARRIED_EVENT_OPTIONS, carriedEventOptions } from "../cef/options.js";
import { priorityForSeverity } from "../cef/severity.js";
import { embeddedEventStart } from "../embedded-event-formats.js";
import { RunState } from "../syslog/run-state.js";
import { LeefAttributeKeys } from "./attribute-keys.js";
import { readWithDateFormat } from "./dev-time-format.js";
import { parseLeef } from "./parse-leef.js";

const LEEF_MAPPING: CarriedEventMapping = { keys: LeefAttributeKeys, labelled: new Map(), priority: priorityForSeverity };

/** devTime read by its devTimeFormat, in place of the text (the other time forms are read later). */
function withDevTime(pairs: readonly (readonly [string, string])[], timezone: string | undefined): (readonly [string, string])[] {
  const format = pairs.find(([key]) => key === "devTimeFormat")?.[1];
  if (format === undefined) return [...pairs];
  return pairs.map(([key, value]) => {
    if (key !== "devTime") return [key, value] as const;
    const time = readWithDateFormat(value, format, timezone);
    return [key, time ?? value] as const;
  });
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
    return (line: string, ctx: ConvertContext): DraftMessage | null => {
      if (isCommentLine(line)) {
        ctx.skip("comment line (#)");
        return null;
      }
      const start = embeddedEventStart(line);
      if (start === undefined || start.format !== "leef") {
        throw new ConversionError('not a LEEF event: no "LEEF:<version>|" in the first 512 characters of the line');
      }
      const event = parseLeef(line, start.versionAt);
      if (event.unusableDelimiter !== undefined)
        ctx.warn(`LEEF delimiter ${JSON.stringify(event.unusableDelimiter)} names no usable character; attributes read as tab-separated`);
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
            pairs: withDevTime(event.attributes, options.timezone),
            header,
          },
          LEEF_MAPPING,
          { timezone: options.timezone, analyzer: options.analyzer, referenceMs, state, categories },
          ctx,
        ),
      );
    };
  },
});
