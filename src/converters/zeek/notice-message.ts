// One notice.log record (Notice::Info) to one IDMEFv2 2.D.V08 message (docs/mapping-zeek.md).
import type { ConvertContext, DraftMessage } from "../../core/converter.js";
import { untypedMessage } from "../../core/converter.js";
import { connectionEnds, createTime, noteValue, sensors, type AnalyzerOf } from "./common-fields.js";
import type { NoticeClass } from "./notice-types.js";
import { listField, textField, type ZeekRecord } from "./zeek-record.js";

/** Notice fields kept as "name: value" Note lines, in this order (the rest of the mapping is in fields). */
const NOTE_FIELDS = ["sub", "n", "actions", "email_dest", "suppress_for", "dropped", "file_mime_type", "file_desc"] as const;

function remoteLocation(record: ZeekRecord): string | undefined {
  const parts = ["country_code", "region", "city"].map((key) => textField(record, `remote_location.${key}`)).filter((v) => v !== undefined);
  const lat = textField(record, "remote_location.latitude");
  const lon = textField(record, "remote_location.longitude");
  if (lat !== undefined && lon !== undefined) parts.push(`(${lat}, ${lon})`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

function noteLines(record: ZeekRecord): string[] {
  const lines: string[] = [];
  for (const name of NOTE_FIELDS) {
    const values = listField(record, name);
    if (values.length > 0) lines.push(`${name}: ${noteValue(values.join(", "))}`);
  }
  const location = remoteLocation(record);
  if (location !== undefined) lines.push(`remote_location: ${noteValue(location)}`);
  return lines;
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
  const altNames = [
    ...(note === undefined ? [] : [note]),
    ...(uid === undefined ? [] : [`uid:${uid}`]),
    ...(fuid === undefined ? [] : [`fuid:${fuid}`]),
  ];
  const notes = noteLines(record);
  const sensor = sensors(record, "peer_descr");
  return untypedMessage({
    CreateTime: createTimeText,
    Type: ["Cyber"],
    Category: [kind.category],
    ...(note === undefined ? {} : { AltCategory: [`note:${note}`] }),
    Priority: kind.priority,
    Description: msg ?? note ?? "Zeek notice",
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    Analyzer: analyzer(kind.method, "Network"),
    ...(sensor === undefined ? {} : { Sensor: sensor }),
    ...connectionEnds(record, ctx),
  });
}
