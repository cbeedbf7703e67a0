// The built-in `ocsf` converter: OCSF 1.x findings (Detection Finding 2004, Security Finding 2001
// and the other Findings classes), one JSON event per line (or a JSON array of them on one line).
import { defineConverter, type ConvertContext, type DraftMessage, type OptionsSchema } from "../../core/converter.js";
import { uuidV5 } from "../../core/ids.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { detectOcsf } from "./detect.js";
import { asObject, integer, text } from "./fields.js";
import { findingMessage } from "./finding-message.js";
import { OcsfFindingClasses } from "./tables.js";

export { OcsfFindingClasses } from "./tables.js";

const OCSF_OPTIONS = {
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description:
      'zone for date-time text without one (Prowler 3 writes "2023-06-30 10:28:55.297615"); without it such findings are rejected',
  },
  analyzer: { type: "string", description: "Analyzer Name of every message; without it metadata.product.name" },
} as const satisfies OptionsSchema;

// Skip reasons are counted by name: class names come from the input, so they are bounded.
const CLASS_NAME = /^[A-Za-z][A-Za-z0-9 ]{0,40}$/;
const MAX_CLASS_REASONS = 64;

const MAX_EVENTS_PER_LINE = 10_000;

export const ocsfConverter = defineConverter({
  format: "ocsf",
  description: "OCSF 1.x findings (Detection Finding 2004, Security Finding 2001, other Findings classes), JSON lines, to IDMEFv2",
  input: "json-lines",
  options: OCSF_OPTIONS,
  // Per record; the cap on distinct skip reasons is per thread (docs/decisions.md, issue 17).
  recordOrder: "independent",
  detect: detectOcsf,
  setup(values) {
    const timezone = values.timezone === undefined || values.timezone === "" ? undefined : values.timezone;
    const ids = new Map<string, string>();
    const analyzer = {
      name: values.analyzer === undefined || values.analyzer === "" ? undefined : values.analyzer,
      idOf: (name: string): string => {
        let id = ids.get(name);
        if (id === undefined) {
          id = uuidV5(`ocsf-analyzer:${name}`);
          if (ids.size < 1024) ids.set(name, id);
        }
        return id;
      },
    };
    const seenClasses = new Set<string>();
    const classReason = (event: Readonly<Record<string, unknown>>): string => {
      const uid = integer(event, "class_uid");
      const name = text(event, "class_name");
      const label = `class_uid ${uid ?? "?"}${name !== undefined && CLASS_NAME.test(name) ? ` (${name})` : ""}`;
      if (!seenClasses.has(label)) {
        if (seenClasses.size >= MAX_CLASS_REASONS) return "class_uid (other)";
        seenClasses.add(label);
      }
      return label;
    };
    /** The message of one event, or why it is skipped (it is no finding). */
    const one = (value: unknown, ctx: ConvertContext): DraftMessage | string => {
      const event = asObject(value);
      if (event === undefined) return ctx.reject("not an OCSF event: each line must hold one JSON object (or an array of them)");
      const classUid = integer(event, "class_uid");
      if (classUid === undefined) return ctx.reject('an OCSF event without "class_uid": its class cannot be told');
      if (!Object.hasOwn(OcsfFindingClasses, classUid)) return classReason(event);
      return findingMessage(event, ctx, timezone, analyzer);
    };
    return (value: unknown, ctx: ConvertContext): DraftMessage | DraftMessage[] | null => {
      const results = Array.isArray(value) ? value : [value];
      if (results.length > MAX_EVENTS_PER_LINE)
        return ctx.reject(`a JSON array of ${results.length} events on one line: at most ${MAX_EVENTS_PER_LINE}`);
      const messages: DraftMessage[] = [];
      const skipped: string[] = [];
      for (const item of results) {
        const result = one(item, ctx);
        if (typeof result === "string") skipped.push(result);
        else messages.push(result);
      }
      if (messages.length === 0) {
        ctx.skip(skipped[0] ?? "an empty JSON array");
        return null;
      }
      // Events of other classes beside findings on one line: the line converts, the rest is said.
      if (skipped.length > 0)
        ctx.warn(`${skipped.length} event(s) of this line are no findings and were left out: ${[...new Set(skipped)].join(", ")}`);
      return Array.isArray(value) ? messages : messages[0]!;
    };
  },
});
