// The built-in `zeek` converter: Zeek's notice.log (and weird.log on request), written by either
// of Zeek's log writers (TSV with its header, or JSON lines), to IDMEFv2 messages.
import { defineConverter, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { analyzerOf } from "./common-fields.js";
import { detectZeek } from "./detect.js";
import { readJsonRow } from "./json-row.js";
import { logOfFields, logOfPath, otherLogReasons } from "./log-kind.js";
import { noticeMessage } from "./notice-message.js";
import { noticeClassifier } from "./notice-types.js";
import { ZEEK_OPTIONS, zeekOptions, type ConvertibleLog } from "./options.js";
import { applyDirective, defaultLayout, readTsvRow, type TsvLayout } from "./tsv.js";
import { weirdMessage } from "./weird-message.js";
import type { ZeekRecord } from "./zeek-record.js";

export { ZeekNoticeTable } from "./notice-types.js";

export const zeekConverter = defineConverter({
  format: "zeek",
  description: "Zeek notice.log (and weird.log on request), TSV or JSON, to IDMEFv2",
  input: "lines",
  // The TSV header in force is read from earlier lines of the file.
  recordOrder: "per-input",
  options: ZEEK_OPTIONS,
  detect: detectZeek,
  setup(values) {
    const options = zeekOptions(values);
    const analyzer = analyzerOf(options.analyzer);
    const otherLog = otherLogReasons();
    const classify = noticeClassifier();
    // The TSV header in force: it belongs to the file being read, so a new file starts afresh.
    let layout: TsvLayout = defaultLayout();
    let layoutFile: string | undefined;

    const convertRecord = (record: ZeekRecord, path: string | undefined, ctx: ConvertContext): DraftMessage | null => {
      // A renamed path ("notice_sensor1", a relay's own "_path") still holds a notice: the fields decide
      // when the path names no log this converter knows.
      const log: ConvertibleLog | undefined = (path === undefined ? undefined : logOfPath(path)) ?? logOfFields(record);
      if (log === undefined) {
        ctx.skip(path === undefined ? "not a notice or weird record (no note, no name)" : otherLog(path));
        return null;
      }
      if (!options.logs.has(log)) {
        ctx.skip(`zeek log ${log} (not in the logs option)`);
        return null;
      }
      return log === "notice"
        ? noticeMessage(record, ctx, analyzer, classify, options.timezone)
        : weirdMessage(record, ctx, analyzer, options.timezone);
    };

    return (line: string, ctx: ConvertContext): DraftMessage | null => {
      if (ctx.source.file !== layoutFile) {
        layout = defaultLayout();
        layoutFile = ctx.source.file;
      }
      if (line.startsWith("{")) {
        const row = readJsonRow(line);
        if ("problem" in row) return ctx.reject(row.problem);
        for (const pointer of row.dropped) ctx.warn(`dropped the key at ${pointer}: it could pollute prototypes`);
        const path = row.record.get("_path");
        return convertRecord(row.record, typeof path === "string" && path !== "" ? path : undefined, ctx);
      }
      if (line.startsWith("#") && applyDirective(line, layout)) {
        ctx.skip("zeek header line");
        return null;
      }
      const row = readTsvRow(line, layout);
      if ("problem" in row) return ctx.reject(row.problem);
      return convertRecord(row.record, layout.path, ctx);
    };
  },
});
