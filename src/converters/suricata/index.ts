// The built-in `suricata` converter (alias `eve`): Suricata EVE JSON alerts to IDMEFv2 messages.
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { alertMessage } from "./alert-message.js";
import { anomalyMessage } from "./anomaly-message.js";
import { detectEve } from "./detect.js";
import { asObject } from "./eve-fields.js";
import { SURICATA_OPTIONS, suricataOptions } from "./options.js";

export { SuricataClasstypeTable, classtypeForCategoryText } from "./classtypes.js";
export { normalizeCve } from "./references.js";

/**
 * The skip reason for an event type not converted: "event_type <name>". A record without
 * event_type is an alert when it carries an `alert` object (Suricata 3 output relayed by other
 * tools drops the key), otherwise it is skipped as "no event_type".
 */
function eventTypeOf(record: Readonly<Record<string, unknown>>): string | undefined {
  const type = record["event_type"];
  if (typeof type === "string" && type !== "") return type;
  return asObject(record["alert"]) !== undefined ? "alert" : undefined;
}

/**
 * AWS Network Firewall writes each EVE record inside an envelope: {"firewall_name", "availability_zone",
 * "event_timestamp", "event": {EVE record}}. The EVE record is what gets converted.
 */
function unwrapEnvelope(line: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const inner = asObject(line["event"]);
  return inner !== undefined && typeof line["firewall_name"] === "string" && line["event_type"] === undefined ? inner : line;
}

// Skip reasons are counted by name, so hostile input must not mint unbounded distinct reasons:
// names that do not look like Suricata's, and names beyond the first few hundred (per run), share one.
const EVENT_TYPE_NAME = /^[a-z0-9_-]{1,32}$/;
const MAX_EVENT_TYPE_REASONS = 256;

function skipReasons(): (type: string) => string {
  const seen = new Set<string>();
  return (type) => {
    if (!EVENT_TYPE_NAME.test(type)) return "event_type (not a Suricata event type name)";
    if (!seen.has(type)) {
      if (seen.size >= MAX_EVENT_TYPE_REASONS) return "event_type (other)";
      seen.add(type);
    }
    return `event_type ${type}`;
  };
}

export const suricataConverter = defineConverter({
  format: "suricata",
  aliases: ["eve"],
  description: "Suricata EVE JSON (eve.json): alerts, and anomalies on request, to IDMEFv2",
  input: "json-lines",
  options: SURICATA_OPTIONS,
  // Per record; the cap on distinct skip reasons is per thread (docs/decisions.md, issue 17).
  recordOrder: "independent",
  detect: detectEve,
  setup(values) {
    const options = suricataOptions(values);
    const skipReason = skipReasons();
    return (value: unknown, ctx: ConvertContext): DraftMessage | null => {
      const line = asObject(value);
      if (line === undefined) return ctx.reject("not an EVE record: each line must hold one JSON object");
      const record = unwrapEnvelope(line);
      const type = eventTypeOf(record);
      if (type === undefined) {
        ctx.skip("no event_type");
        return null;
      }
      if (type === "alert" && options.events.has("alert")) return untypedMessage(alertMessage(record, ctx, options));
      if (type === "anomaly" && options.events.has("anomaly")) return untypedMessage(anomalyMessage(record, ctx, options));
      ctx.skip(skipReason(type));
      return null;
    };
  },
});
