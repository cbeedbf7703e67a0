// One weird.log record (Weird::Info: a protocol or traffic oddity) to one 2.D.V08 message.
import type { ConvertContext, DraftMessage } from "../../core/converter.js";
import { untypedMessage } from "../../core/converter.js";
import { connectionEnds, createTime, noteValue, sensors, type AnalyzerOf } from "./common-fields.js";
import { textField, type ZeekRecord } from "./zeek-record.js";

const NOTE_FIELDS = ["addl", "source", "notice"] as const;

export function weirdMessage(record: ZeekRecord, ctx: ConvertContext, analyzer: AnalyzerOf, timezone: string | undefined): DraftMessage {
  const createTimeText = createTime(record, ctx, timezone);
  const name = textField(record, "name");
  if (name === undefined) return ctx.reject('a weird.log record without "name": nothing says what was odd');
  const addl = textField(record, "addl");
  const uid = textField(record, "uid");
  const notes: string[] = [];
  for (const field of NOTE_FIELDS) {
    const value = textField(record, field);
    if (value !== undefined) notes.push(`${field}: ${noteValue(value)}`);
  }
  const sensor = sensors(record, "peer");
  return untypedMessage({
    CreateTime: createTimeText,
    Type: ["Cyber"],
    Category: ["Other.Undetermined"],
    AltCategory: [`weird:${name}`],
    Priority: "Info",
    Description: addl === undefined ? name : `${name}: ${noteValue(addl)}`,
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    AltNames: [name, ...(uid === undefined ? [] : [`uid:${uid}`])],
    Analyzer: analyzer("Anomaly", "Protocol"),
    ...(sensor === undefined ? {} : { Sensor: sensor }),
    ...connectionEnds(record, ctx),
  });
}
