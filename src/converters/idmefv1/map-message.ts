// One IDMEF v1 Alert or Heartbeat to one IDMEFv2 message object.
import { ConversionError } from "../../core/errors.js";
import { isUuid } from "../../core/ids.js";
import { categoriesFor } from "./category.js";
import { Collector, names } from "./collector.js";
import { mapAdditionalData } from "./map-additional-data.js";
import { identOf, mapAnalyzer } from "./map-analyzer.js";
import { mapParty } from "./map-parties.js";
import { contentIdName, messageIdFor } from "./message-ids.js";
import type { Idmefv1Options } from "./options.js";
import { CONFIDENCE_RATING_VALUE, HEARTBEAT_CATEGORY, SEVERITY_PRIORITY } from "./tables.js";
import { timeOf } from "./times.js";
import { attr, child, childText, children, describe, textOf, type XmlElement } from "./xml-tree.js";

const ALERT_CHILDREN = names(
  "Analyzer",
  "CreateTime",
  "DetectTime",
  "AnalyzerTime",
  "Source",
  "Target",
  "Classification",
  "Assessment",
  "ToolAlert",
  "OverflowAlert",
  "CorrelationAlert",
  "AdditionalData",
);
const HEARTBEAT_CHILDREN = names("Analyzer", "CreateTime", "HeartbeatInterval", "AnalyzerTime", "AdditionalData");
const MESSAGE_ATTRIBUTES = names("messageid");
const CLASSIFICATION_CHILDREN = names("Reference");
const CLASSIFICATION_ATTRIBUTES = names("ident", "text");
const ASSESSMENT_CHILDREN = names("Impact", "Action", "Confidence");
/** An absolute URI as ajv-formats checks it: a scheme, then no white space. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const CVE = /^(?:CVE-)?(\d{4}-\d{3,})$/i;

/** What the converter needs from its context while mapping one element. */
export interface MappingContext {
  readonly options: Idmefv1Options;
  readonly version: string;
  newId(): string;
  /** The UUID v5 of a content-derived name, made unique within the run (message-ids.ts). */
  derivedId(name: string): string;
  warn(message: string): void;
}

/** Whether an Alert carries an event at all (the CFM 1.3 report header does not). */
export function describesEvent(alert: XmlElement): boolean {
  return ["CreateTime", "Classification", "Source", "Target", "Assessment", "ToolAlert", "OverflowAlert", "CorrelationAlert"].some(
    (n) => child(alert, n) !== undefined,
  );
}

/** A reference URL as printed: RFC 4765 examples wrap long URLs over lines, so white space goes. */
function cleanUrl(text: string): string | undefined {
  const url = text.replace(/\s+/g, "");
  if (!URI.test(url)) return undefined;
  try {
    new URL(url);
    return url;
  } catch {
    return undefined;
  }
}

function mapClassification(alert: XmlElement, refs: string[], out: Collector): string | undefined {
  const classification = child(alert, "Classification");
  if (classification === undefined) {
    out.warn("no Classification (RFC 4765 requires one): no Description, Category from the Impact type only");
    return undefined;
  }
  out.checkShape(classification, "Classification", CLASSIFICATION_CHILDREN, CLASSIFICATION_ATTRIBUTES);
  const ident = identOf(classification, "ident");
  if (ident !== undefined) out.note(`classification ident: ${ident}`);
  for (const reference of children(classification, "Reference")) {
    const origin = attr(reference, "origin") ?? "unknown";
    const name = childText(reference, "name") ?? "";
    const urlText = childText(reference, "url");
    const meaning = attr(reference, "meaning");
    // An empty Reference (no name, no url) names nothing; a Note "reference (unknown): " would be noise.
    if (name.trim() === "" && (urlText === undefined || urlText.trim() === "")) continue;
    if (origin === "cve") {
      const m = CVE.exec(name);
      if (m !== null) refs.push(`urn:cve:CVE-${m[1]}`);
      else out.warn(`CVE reference name ${JSON.stringify(name)} is not a CVE identifier: kept in Note only`);
    }
    // The url goes to Ref when it is a URI, else it stays in the Note line beside the name.
    const url = urlText === undefined ? undefined : cleanUrl(urlText);
    if (url !== undefined) refs.push(url);
    else if (urlText !== undefined)
      out.warn(`Reference url ${JSON.stringify(urlText.slice(0, 100))} is not an absolute URI: kept in Note only`);
    const shownUrl = url === undefined && urlText !== undefined ? ` ${urlText.replace(/\s+/g, " ")}` : "";
    out.note(`reference (${origin}${meaning === undefined ? "" : `, ${meaning}`}): ${name}${shownUrl}`);
  }
  const text = attr(classification, "text");
  return text === "" ? undefined : text;
}

interface Assessment {
  priority?: string;
  confidence?: number;
  impactType?: string;
}

function mapAssessment(alert: XmlElement, out: Collector): Assessment {
  const assessment = child(alert, "Assessment");
  const result: Assessment = {};
  if (assessment === undefined) return result;
  out.checkShape(assessment, "Assessment", ASSESSMENT_CHILDREN, names());
  const impact = child(assessment, "Impact");
  if (impact !== undefined) {
    const severity = attr(impact, "severity");
    const completion = attr(impact, "completion");
    const type = attr(impact, "type") ?? "other";
    result.impactType = type;
    if (severity !== undefined) {
      const priority = SEVERITY_PRIORITY[severity];
      if (priority !== undefined) result.priority = priority;
      else out.warn(`Impact severity ${JSON.stringify(severity)} is not info/low/medium/high: no Priority, kept in Note`);
    }
    const parts = [`type ${type}`];
    if (completion !== undefined) parts.push(`completion ${completion}`);
    if (severity !== undefined && result.priority === undefined) parts.push(`severity ${severity}`);
    const text = textOf(impact);
    out.note(`impact: ${parts.join(", ")}${text === "" ? "" : `: ${text}`}`);
  }
  for (const action of children(assessment, "Action")) {
    const text = textOf(action);
    out.note(`action (${attr(action, "category") ?? "other"})${text === "" ? "" : `: ${text}`}`);
  }
  const confidence = child(assessment, "Confidence");
  if (confidence !== undefined) {
    const rating = attr(confidence, "rating") ?? "numeric";
    const text = textOf(confidence);
    const fromRating = CONFIDENCE_RATING_VALUE[rating];
    if (fromRating !== undefined) result.confidence = fromRating;
    else if (rating === "numeric" && /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/.test(text)) result.confidence = Number(text);
    else {
      out.note(`confidence: ${rating}${text === "" ? "" : ` ${text}`}`);
      out.warn(
        `Confidence rating ${JSON.stringify(rating)} with value ${JSON.stringify(text)} is not a probability in [0, 1]: no Confidence, kept in Note`,
      );
    }
  }
  return result;
}

/** CorrelationAlert and ToolAlert alertidents -> CorrelID; their names, and OverflowAlert, -> Note. */
function mapAlertKinds(alert: XmlElement, senderId: string, out: Collector): string[] {
  const correl: string[] = [];
  for (const kind of ["CorrelationAlert", "ToolAlert"]) {
    for (const el of children(alert, kind)) {
      const name = childText(el, "name");
      const command = childText(el, "command");
      out.note(`${kind === "ToolAlert" ? "tool" : "correlation"}: ${name ?? ""}${command === undefined ? "" : `, command ${command}`}`);
      const idents: string[] = [];
      for (const ident of children(el, "alertident")) {
        const id = textOf(ident);
        if (id === "") continue;
        const analyzerid = identOf(ident, "analyzerid") ?? senderId;
        // Without an analyzerid the named alert's ID came from its content, which is not here:
        // no CorrelID then (a link to nothing would mislead); the ident stays in the Note.
        if (analyzerid !== "0" || isUuid(id)) correl.push(messageIdFor(analyzerid, id));
        idents.push(analyzerid === senderId ? id : `${id} (analyzer ${analyzerid})`);
      }
      if (idents.length > 0) out.note(`${kind === "ToolAlert" ? "tool" : "correlated"} alert idents: ${idents.join(", ")}`);
    }
  }
  for (const el of children(alert, "OverflowAlert")) out.note(describe(el, "OverflowAlert"));
  return [...new Set(correl)];
}

/**
 * The message ID. A UUID messageid is kept. The couple (analyzerid, messageid) identifies a message
 * (RFC 4765 3.2.9) only when both are there: without an analyzerid, the CreateTime and the content
 * join the messageid. No messageid: the run's record-derived ID (stable per input position).
 */
function identity(el: XmlElement, senderId: string, createTime: string, ctx: MappingContext): { ID: string; AltNames?: string[] } {
  const messageid = identOf(el, "messageid");
  if (messageid === undefined) return { ID: ctx.newId() };
  if (isUuid(messageid)) return { ID: messageid.toLowerCase() };
  const id = senderId === "0" ? ctx.derivedId(contentIdName(messageid, createTime, el)) : messageIdFor(senderId, messageid);
  return { ID: id, AltNames: [messageid] };
}

function finish(message: Record<string, unknown>, out: Collector): Record<string, unknown> {
  if (out.notes.length > 0) message["Note"] = out.notes.join("\n");
  if (out.attachments.length > 0) message["Attachment"] = out.attachments;
  return message;
}

/** Alert (any kind) -> message. Throws ConversionError when it has no usable CreateTime. */
export function mapAlert(alert: XmlElement, ctx: MappingContext): Record<string, unknown> {
  const out = new Collector((m) => ctx.warn(m));
  const tz = ctx.options.timezone;
  const createTime = timeOf(child(alert, "CreateTime"), "CreateTime", tz);
  if (createTime === undefined) {
    throw new ConversionError("no CreateTime (RFC 4765 requires one; the converter never invents the time of an alert)");
  }
  out.checkShape(alert, "Alert", ALERT_CHILDREN, MESSAGE_ATTRIBUTES);
  const { analyzer, senderId } = mapAnalyzer(alert, out);
  const refs: string[] = [];
  const description = mapClassification(alert, refs, out);
  const assessment = mapAssessment(alert, out);
  const correl = mapAlertKinds(alert, senderId, out);
  const sources = children(alert, "Source").flatMap((s) => mapParty(s, "Source", out, () => ctx.newId()));
  const targets = children(alert, "Target").flatMap((t) => mapParty(t, "Target", out, () => ctx.newId()));
  for (const data of children(alert, "AdditionalData")) mapAdditionalData(data, out, tz);

  const message: Record<string, unknown> = { Version: ctx.version, ...identity(alert, senderId, createTime, ctx), CreateTime: createTime };
  const start = timeOf(child(alert, "DetectTime"), "DetectTime", tz);
  if (start !== undefined) message["StartTime"] = start;
  const report = timeOf(child(alert, "AnalyzerTime"), "AnalyzerTime", tz);
  if (report !== undefined) message["ReportTime"] = report;
  message["Type"] = ["Cyber"];
  message["Category"] = categoriesFor(description, assessment.impactType);
  if (description !== undefined) message["Description"] = description;
  if (assessment.priority !== undefined) message["Priority"] = assessment.priority;
  if (assessment.confidence !== undefined) message["Confidence"] = assessment.confidence;
  if (refs.length > 0) message["Ref"] = [...new Set(refs)];
  if (correl.length > 0) message["CorrelID"] = correl;
  message["Analyzer"] = analyzer;
  if (sources.length > 0) message["Source"] = sources;
  if (targets.length > 0) message["Target"] = targets;
  return finish(message, out);
}

/** Heartbeat -> Availability.HeartBeat message (only with option heartbeats: "emit"). */
export function mapHeartbeat(heartbeat: XmlElement, ctx: MappingContext): Record<string, unknown> {
  const out = new Collector((m) => ctx.warn(m));
  const tz = ctx.options.timezone;
  const createTime = timeOf(child(heartbeat, "CreateTime"), "CreateTime", tz);
  if (createTime === undefined) throw new ConversionError("no CreateTime (RFC 4765 requires one)");
  out.checkShape(heartbeat, "Heartbeat", HEARTBEAT_CHILDREN, MESSAGE_ATTRIBUTES);
  const { analyzer, senderId } = mapAnalyzer(heartbeat, out);
  const interval = childText(heartbeat, "HeartbeatInterval");
  if (interval !== undefined) out.note(`heartbeat interval: ${interval} s`);
  for (const data of children(heartbeat, "AdditionalData")) mapAdditionalData(data, out, tz);
  const message: Record<string, unknown> = {
    Version: ctx.version,
    ...identity(heartbeat, senderId, createTime, ctx),
    CreateTime: createTime,
  };
  const report = timeOf(child(heartbeat, "AnalyzerTime"), "AnalyzerTime", tz);
  if (report !== undefined) message["ReportTime"] = report;
  message["Category"] = [HEARTBEAT_CATEGORY];
  message["Description"] = `Heartbeat from ${String(analyzer["Name"])}`;
  message["Analyzer"] = analyzer;
  return finish(message, out);
}
