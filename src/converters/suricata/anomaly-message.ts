// One EVE "anomaly" record (decoder, stream or app-layer oddity) to one message, when option events asks.
import type { ConvertContext } from "../../core/converter.js";
import { UNDETERMINED_CATEGORY } from "./classtypes.js";
import { analyzer, applicationProtocol, eventTimes, flowNames, sensors } from "./common-fields.js";
import { endpointItems } from "./endpoints.js";
import { asObject, stringField, type EveObject } from "./eve-fields.js";
import type { SuricataOptions } from "./options.js";

export function anomalyMessage(record: EveObject, ctx: ConvertContext, options: SuricataOptions): Record<string, unknown> {
  const anomaly = asObject(record["anomaly"]);
  const times = eventTimes(record, options);
  const type = stringField(anomaly, "type");
  const event = stringField(anomaly, "event") ?? stringField(anomaly, "code");
  const layer = stringField(anomaly, "layer");
  const altCategory = [
    ...(type === undefined ? [] : [`anomaly_type:${type}`]),
    ...(event === undefined ? [] : [`anomaly_event:${event}`]),
    ...(layer === undefined ? [] : [`anomaly_layer:${layer}`]),
  ];
  const appProto = applicationProtocol(stringField(anomaly, "app_proto"), stringField(record, "app_proto"));
  const endpoints = endpointItems({ record, appProto, packetAttachments: [] }, ctx).items;
  const altNames = flowNames(record);
  const sensor = sensors(record, ctx);
  const description = `Suricata ${type ?? "unknown"} anomaly${event === undefined ? "" : ` ${event}`}${layer === undefined ? "" : ` (layer ${layer})`}`;
  return {
    Version: ctx.version,
    ID: ctx.newId(),
    ...times,
    Type: ["Cyber"],
    Category: [UNDETERMINED_CATEGORY],
    ...(altCategory.length > 0 ? { AltCategory: altCategory } : {}),
    Priority: "Info",
    Description: description,
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    Analyzer: analyzer(record, options, "Anomaly"),
    ...(sensor === undefined ? {} : { Sensor: sensor }),
    ...endpoints,
  };
}
