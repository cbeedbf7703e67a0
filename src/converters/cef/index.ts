// The built-in `cef` converter: ArcSight Common Event Format lines, bare or after a syslog header.
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { ConversionError } from "../../core/errors.js";
import { embeddedEventStart } from "../embedded-event-formats.js";
import { readPrefixHeader, type PrefixHeader } from "../syslog/prefix-header.js";
import { RunState } from "../syslog/run-state.js";
import { CarriedPairs } from "./carried-pairs.js";
import { carriedEventMessage, FirstCategoryMemo, type CarriedEventMapping } from "./carried-event.js";
import { detectCarried, isCommentLine } from "./detect.js";
import { CefExtensionKeys, CefLabelledKeys } from "./extension-keys.js";
import { CARRIED_EVENT_OPTIONS, carriedEventOptions } from "./options.js";
import { readCefHeader, scanExtension } from "./parse-cef.js";
import { priorityForSeverity } from "./severity.js";

const CEF_MAPPING: CarriedEventMapping = { keys: CefExtensionKeys, labelled: CefLabelledKeys, priority: priorityForSeverity };

/** " 1 2018-02-21T": an RFC 5424 VERSION and the date of its TIMESTAMP, after a space. */
const RELAYED_RFC5424 = / 1 \d{4}-\d{2}-\d{2}T/;

/** The syslog header before the event; text there that is no header is reported and left out. */
export function headerBefore(
  line: string,
  at: number,
  referenceMs: number,
  timezone: string | undefined,
  ctx: ConvertContext,
): PrefixHeader {
  const header = readPrefixHeader(line, at, { referenceMs, timezone });
  if (header !== undefined) return header;
  // A relay's own prefix before an RFC 5424 header (Kiwi Syslog: "02-21-2018 16:20:21 Auth.Warning
  // 192.168.0.220 1 2018-02-21T14:20:06.156238+00:00 CENTER CEF ..."): the header after it is read.
  const relayed = RELAYED_RFC5424.exec(line.slice(0, at));
  if (relayed !== null) {
    const from = relayed.index + 1;
    const inner = readPrefixHeader(line.slice(from), at - from, { referenceMs, timezone });
    if (inner !== undefined && inner.timestamp !== undefined) {
      ctx.warn(
        `the text before the RFC 5424 header (${JSON.stringify(line.slice(0, Math.min(from, 80)).trim())}) is a relay's prefix; left out`,
      );
      return inner;
    }
  }
  ctx.warn(`the text before the event (${JSON.stringify(line.slice(0, Math.min(at, 80)).trim())}) is not a syslog header; left out`);
  return { timestamp: undefined, assumedZone: undefined, hostname: undefined, program: undefined, pri: undefined };
}

export const cefConverter = defineConverter({
  format: "cef",
  description: "ArcSight CEF events (CEF:0 / CEF:1), bare or after a syslog header, to IDMEFv2",
  input: "lines",
  options: CARRIED_EVENT_OPTIONS,
  detect: (sample) => detectCarried(sample, "cef"),
  recordOrder: "independent",
  setup(values) {
    const options = carriedEventOptions(values);
    const state = new RunState();
    const categories = new FirstCategoryMemo();
    // The pairs of the line being converted (reset per line; convert runs one line at a time).
    const pairs = new CarriedPairs(CEF_MAPPING.keys, CEF_MAPPING.labelled);
    return (line: string, ctx: ConvertContext): DraftMessage | null => {
      if (isCommentLine(line)) {
        ctx.skip("comment line (#)");
        return null;
      }
      const start = embeddedEventStart(line);
      if (start === undefined || start.format !== "cef") {
        throw new ConversionError('not a CEF event: no "CEF:<version>|" in the first 512 characters of the line');
      }
      const event = readCefHeader(line, start.versionAt);
      pairs.reset();
      // Text before the first key= (not CEF) is kept under "extension", ahead of the pairs.
      const leadingText = scanExtension(line.slice(event.extensionAt), pairs, "extension");
      const referenceMs = state.referenceMs(ctx);
      const header = headerBefore(line, start.at, referenceMs, options.timezone, ctx);
      if (leadingText !== undefined) ctx.warn("the CEF extension starts with text that is no key=value; kept in Note");
      if (event.nameMissing) ctx.warn("the CEF header has six fields: read as Signature ID|Severity with the Name left out");
      return untypedMessage(
        carriedEventMessage(
          {
            format: "CEF",
            vendor: event.vendor,
            product: event.product,
            productVersion: event.deviceVersion,
            eventId: event.signatureId,
            name: event.nameMissing ? event.signatureId : event.name,
            severity: event.severity,
            header,
          },
          pairs,
          CEF_MAPPING,
          { timezone: options.timezone, analyzer: options.analyzer, referenceMs, state, categories },
          ctx,
        ),
      );
    };
  },
});
