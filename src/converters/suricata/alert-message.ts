// One EVE "alert" record to one IDMEFv2 2.D.V08 message (docs/mapping-suricata.md).
import type { ConvertContext } from "../../core/converter.js";
import { appLayerContext } from "./app-layer.js";
import { eventAttachments } from "./attachments.js";
import { classifyAlert, priorityForSeverity } from "./classify.js";
import { analyzer, applicationProtocol, eventTimes, flowNames, sensors } from "./common-fields.js";
import { endpointItems } from "./endpoints.js";
import { asObject, integerField, metadataValues, stringField, type EveObject } from "./eve-fields.js";
import type { SuricataOptions } from "./options.js";
import { normalizeCve, referenceUri, ruleReferences } from "./references.js";
import { verdictOf } from "./verdict.js";

function references(alert: EveObject, ctx: ConvertContext): string[] {
  const refs: string[] = [];
  const add = (uri: string): void => {
    if (!refs.includes(uri)) refs.push(uri);
  };
  for (const cve of metadataValues(asObject(alert["metadata"]), "cve")) {
    const uri = normalizeCve(cve);
    if (uri === undefined) ctx.warn(`alert.metadata.cve ${JSON.stringify(cve)} is not a CVE id; left out of Ref`);
    else add(uri);
  }
  const rule = stringField(alert, "rule");
  if (rule !== undefined) {
    for (const reference of ruleReferences(rule)) {
      const uri = referenceUri(reference);
      if (uri === undefined) ctx.warn(`rule reference ${reference.system},${reference.value} has no URI form; left out of Ref`);
      else add(uri);
    }
  }
  return refs;
}

export function alertMessage(record: EveObject, ctx: ConvertContext, options: SuricataOptions): Record<string, unknown> {
  const alert = asObject(record["alert"]) ?? {};
  const times = eventTimes(record, options);
  const { category, altCategory } = classifyAlert(stringField(alert, "category"), asObject(alert["metadata"]));
  const gid = integerField(alert, "gid");
  const sid = integerField(alert, "signature_id");
  const rev = integerField(alert, "rev");
  const verdict = verdictOf(record);
  const altNames = [...(sid === undefined ? [] : [`${gid ?? 1}:${sid}:${rev ?? 0}`]), ...flowNames(record), ...verdict.altNames];
  const refs = references(alert, ctx);
  const { attachments, packetNames } = eventAttachments(record);
  const appProto = applicationProtocol(
    stringField(record, "app_proto"),
    stringField(record, "app_proto_ts"),
    stringField(record, "app_proto_tc"),
  );
  const app = appLayerContext(record);
  const { items: endpoints, unplaced } = endpointItems(
    {
      record,
      appProto,
      packetAttachments: packetNames,
      appAttachments: app.attachments.map((a) => a["Name"] as string),
      clientNotes: app.clientNotes,
      serverNotes: app.serverNotes,
      clientEmail: app.clientEmail,
    },
    ctx,
  );
  const notes = [...verdict.notes, ...app.eventNotes, ...unplaced];
  const allAttachments = [...attachments, ...app.attachments];
  const signature = stringField(alert, "signature");
  const sensor = sensors(record, ctx);
  return {
    Version: ctx.version,
    ID: ctx.newId(),
    ...times,
    Type: ["Cyber"],
    Category: [category],
    ...(altCategory.length > 0 ? { AltCategory: altCategory } : {}),
    Priority: priorityForSeverity(integerField(alert, "severity")),
    ...(signature === undefined ? {} : { Description: signature }),
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    ...(refs.length > 0 ? { Ref: refs } : {}),
    Analyzer: analyzer(record, options, "Signature"),
    ...(sensor === undefined ? {} : { Sensor: sensor }),
    ...endpoints,
    ...(allAttachments.length > 0 ? { Attachment: allAttachments } : {}),
  };
}
