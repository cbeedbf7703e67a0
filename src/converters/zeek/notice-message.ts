// One notice.log record (Notice::Info) to one IDMEFv2 2.D.V08 message (docs/mapping-zeek.md).
import type { ConvertContext, DraftMessage } from "../../core/converter.js";
import { untypedMessage } from "../../core/converter.js";
import { connectionEnds, createTime, noteValue, sensors, type AnalyzerOf } from "./common-fields.js";
import type { NoticeClass } from "./notice-types.js";
import { listField, textField, type ZeekRecord } from "./zeek-record.js";

/** Notice fields kept as "name: value" Note lines, in this order (the rest of the mapping is in fields). */
const NOTE_FIELDS = ["sub", "n", "actions", "email_dest", "suppress_for", "dropped", "file_mime_type", "file_desc"] as const;

const LOCATION_KEYS = ["remote_location.country_code", "remote_location.region", "remote_location.city"] as const;

function remoteLocation(record: ZeekRecord): string | undefined {
  const parts: string[] = [];
  for (const key of LOCATION_KEYS) {
    const value = textField(record, key);
    if (value !== undefined) parts.push(value);
  }
  const lat = textField(record, "remote_location.latitude");
  const lon = textField(record, "remote_location.longitude");
  if (lat !== undefined && lon !== undefined) parts.push(`(${lat}, ${lon})`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** The Note: one "name: value" line per notice field set, joined by newlines ("" when none is). */
function noteText(record: ZeekRecord): string {
  let note = "";
  for (const name of NOTE_FIELDS) {
    const values = listField(record, name);
    if (values.length === 0) continue;
    const line = `${name}: ${noteValue(values.length === 1 ? values[0]! : values.join(", "))}`;
    note = note === "" ? line : `${note}\n${line}`;
  }
  const location = remoteLocation(record);
  if (location !== undefined) {
    const line = `remote_location: ${noteValue(location)}`;
    note = note === "" ? line : `${note}\n${line}`;
  }
  return note;
}

/** How a run classifies a notice: noticeClassifier() of notice-types, which remembers its results. */
export type ClassifyNotice = (note: string | undefined, msg: string | undefined) => NoticeClass;

export function noticeMessage(
  record: ZeekRecord,
  ctx: ConvertContext,
  analyzer: AnalyzerOf,
  classify: ClassifyNotice,
  timezone: string | undefined,
): DraftMessage {
  const createTimeText = createTime(record, ctx, timezone);
  const note = textField(record, "note");
  const msg = textField(record, "msg");
  const kind = classify(note, msg);
  const uid = textField(record, "uid");
  const fuid = textField(record, "fuid");
  const altNames: string[] = [];
  if (note !== undefined) altNames.push(note);
  if (uid !== undefined) altNames.push(`uid:${uid}`);
  if (fuid !== undefined) altNames.push(`fuid:${fuid}`);
  const noteLines = noteText(record);
  const sensor = sensors(record, "peer_descr");
  // One object filled in the schema's order (no spread of temporary objects: this runs per row).
  const message: Record<string, unknown> = { CreateTime: createTimeText, Type: ["Cyber"], Category: [kind.category] };
  if (note !== undefined) message["AltCategory"] = [`note:${note}`];
  message["Priority"] = kind.priority;
  message["Description"] = msg ?? note ?? "Zeek notice";
  if (noteLines !== "") message["Note"] = noteLines;
  if (altNames.length > 0) message["AltNames"] = altNames;
  message["Analyzer"] = analyzer(kind.method, "Network");
  if (sensor !== undefined) message["Sensor"] = sensor;
  const ends = connectionEnds(record, ctx);
  if (ends.Source !== undefined) message["Source"] = ends.Source;
  if (ends.Target !== undefined) message["Target"] = ends.Target;
  return untypedMessage(message);
}
