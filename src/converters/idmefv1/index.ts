// The built-in `idmefv1` converter: IDMEF v1 XML (RFC 4765) to IDMEFv2 messages.
import { defineConverter, untypedMessage, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { isIdmefError } from "../../core/errors.js";
import { names, Collector } from "./collector.js";
import { describesEvent, mapAlert, mapHeartbeat, type MappingContext } from "./map-message.js";
import { repeatCounter } from "./message-ids.js";
import { IDMEFV1_OPTIONS, type Idmefv1Options } from "./options.js";
import { parseIdmefRecord } from "./secure-xml.js";
import { lineAt } from "./well-formed.js";
import { attr, children, describe, type XmlElement } from "./xml-tree.js";

const ROOT_CHILDREN = names("Alert", "Heartbeat");
const ROOT_ATTRIBUTES = names("version");
const ROOT_TAG = /<(?:[A-Za-z_][\w.-]*:)?IDMEF-Message[\s/>]/;

/** 0..1: an IDMEF-Message element (any prefix) is decisive; the IANA namespace alone nearly so. */
export function detectIdmefv1(sample: string): number {
  if (ROOT_TAG.test(sample)) return 0.95;
  if (sample.includes("http://iana.org/idmef")) return 0.8;
  return 0;
}

/** Line of the n-th (0-based) element of this kind in the record, for messages about it. */
function elementLine(record: string, kind: string, n: number, firstLine: number): number {
  const tag = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${kind}[\\s/>]`, "g");
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= n; i++) {
    m = tag.exec(record);
    if (m === null) return firstLine;
  }
  return m === null ? firstLine : lineAt(record, m.index, firstLine);
}

interface Pending {
  readonly kind: "Alert" | "Heartbeat";
  readonly element: XmlElement;
  readonly index: number;
}

/**
 * Converts one IDMEF-Message (or a document holding IDMEF-Messages): each Alert becomes a message,
 * each Heartbeat is skipped ("heartbeat") unless option heartbeats is "emit". One element that
 * cannot be converted rejects the record, naming the element and its line.
 */
export function convertIdmefv1(
  record: string,
  ctx: ConvertContext,
  options: Idmefv1Options,
  derivedId: (name: string) => string = repeatCounter(),
): DraftMessage[] | null {
  const firstLine = ctx.source.line;
  const parsed = parseIdmefRecord(record, firstLine);
  for (const notice of parsed.notices) ctx.warn(notice);
  const pending: Pending[] = [];
  const rootNotes = new Collector((m) => ctx.warn(m));
  for (const root of parsed.messages) {
    rootNotes.checkShape(root, "IDMEF-Message", ROOT_CHILDREN, ROOT_ATTRIBUTES);
    const version = attr(root, "version");
    if (version !== undefined && version !== "1.0")
      ctx.warn(`IDMEF-Message version ${JSON.stringify(version)} is not 1.0: converted as RFC 4765`);
    for (const kind of ["Alert", "Heartbeat"] as const) {
      const count = pending.filter((p) => p.kind === kind).length;
      children(root, kind).forEach((element, i) => pending.push({ kind, element, index: count + i }));
    }
  }
  for (const line of rootNotes.notes) ctx.warn(`not converted: ${line}`);
  const results: DraftMessage[] = [];
  const skipped: Array<{ reason: string; why: string }> = [];
  for (const item of pending) {
    let place: string | undefined;
    const where = (): string => (place ??= `${item.kind} at line ${elementLine(record, item.kind, item.index, firstLine)}`);
    const mctx: MappingContext = {
      options,
      version: ctx.version,
      newId: () => ctx.newId(),
      derivedId,
      warn: (m) => ctx.warn(`${where()}: ${m}`),
    };
    if (item.kind === "Heartbeat" && options.heartbeats === "skip") {
      skipped.push({ reason: "heartbeat", why: `${where()} skipped (heartbeat; option heartbeats: "emit" converts it)` });
      continue;
    }
    if (item.kind === "Alert" && !describesEvent(item.element)) {
      const content = describe(item.element, "Alert");
      skipped.push({
        reason: "no-event",
        why: `${where()} skipped (no-event: no CreateTime, Classification, Source, Target or Assessment, like the CFM 1.3 report header): ${content.length > 2000 ? `${content.slice(0, 2000)}... (${content.length - 2000} more characters)` : content}`,
      });
      continue;
    }
    try {
      results.push(untypedMessage(item.kind === "Alert" ? mapAlert(item.element, mctx) : mapHeartbeat(item.element, mctx)));
    } catch (error) {
      if (isIdmefError(error) && error.code === "CONVERSION_FAILED") ctx.reject(`${where()}: ${error.message}`);
      throw error;
    }
  }
  if (results.length === 0) {
    ctx.skip(skipped[0]?.reason ?? "empty IDMEF-Message");
    for (const s of skipped.slice(1)) ctx.warn(s.why);
    return null;
  }
  for (const s of skipped) ctx.warn(s.why);
  return results;
}

export const idmefv1Converter = defineConverter({
  format: "idmefv1",
  aliases: ["rfc4765", "idmef"],
  description: "IDMEF v1 XML (RFC 4765): Alerts to IDMEFv2 messages; Heartbeats skipped or emitted",
  input: "document",
  // Derived IDs count repeats of a name (message-ids.ts repeatCounter).
  recordOrder: "per-input",
  recordElements: ["IDMEF-Message"],
  options: IDMEFV1_OPTIONS,
  detect: detectIdmefv1,
  setup: (options) => {
    const derivedId = repeatCounter();
    return (record, ctx) => convertIdmefv1(record, ctx, options, derivedId);
  },
});
