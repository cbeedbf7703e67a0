// One OCSF finding (class_uid 2001-2007) to one 2.D.V08 message (docs/mapping-ocsf.md).
import type { ConvertContext, DraftMessage } from "../../core/converter.js";
import { untypedMessage } from "../../core/converter.js";
import { keywordCategories } from "../classification-keywords.js";
import { usableIp, usablePort } from "../ip-address.js";
import { asObject, integer, objects, strings, text, type JsonObject } from "./fields.js";
import { readTime } from "./finding-time.js";
import { CategoryByTactic, MethodByAnalyticType, PriorityBySeverityId, PriorityBySeverityName } from "./tables.js";

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

function priorityOf(event: JsonObject): string {
  const id = integer(event, "severity_id");
  if (id !== undefined && Object.hasOwn(PriorityBySeverityId, id)) return PriorityBySeverityId[id]!;
  const name = text(event, "severity")?.toLowerCase();
  return name !== undefined && Object.hasOwn(PriorityBySeverityName, name) ? PriorityBySeverityName[name]! : "Unknown";
}

const MITRE_TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/;
const WEB_URL = /^https?:\/\/[^\s]{1,2000}$/;

function endpointItem(endpoint: JsonObject | undefined, field: string, ctx: ConvertContext): Record<string, unknown> | undefined {
  if (endpoint === undefined) return undefined;
  const ip = usableIp(text(endpoint, "ip"), `${field}.ip`, ctx);
  const port = usablePort(integer(endpoint, "port"));
  const hostname = text(endpoint, "hostname") ?? text(endpoint, "domain") ?? text(endpoint, "name");
  const item = {
    ...(ip === undefined ? {} : { IP: ip }),
    ...(hostname === undefined ? {} : { Hostname: hostname }),
    ...(port === undefined ? {} : { Port: [port] }),
  };
  return Object.keys(item).length > 0 ? item : undefined;
}

function userName(object: JsonObject | undefined): string | undefined {
  return text(object, "name") ?? text(object, "uid");
}

export interface FindingAnalyzer {
  readonly name: string | undefined;
  readonly idOf: (name: string) => string;
}

export function findingMessage(
  event: JsonObject,
  ctx: ConvertContext,
  timezone: string | undefined,
  analyzer: FindingAnalyzer,
): DraftMessage {
  // 1.1+: finding_info; 1.0 (and Prowler 3): finding.
  const info = asObject(event["finding_info"]) ?? asObject(event["finding"]) ?? {};
  const read = (value: unknown, field: string): string | undefined => {
    const result = readTime(value, field, timezone);
    if (result !== undefined && "problem" in result) ctx.reject(result.problem);
    return result?.time;
  };
  const createTime = read(event["time"], "time") ?? read(event["time_dt"], "time_dt");
  if (createTime === undefined) return ctx.reject('no "time": the finding cannot get a CreateTime');
  const start = read(
    info["first_seen_time"] ?? event["start_time"],
    info["first_seen_time"] === undefined ? "start_time" : "finding_info.first_seen_time",
  );
  const end = read(
    info["last_seen_time"] ?? event["end_time"],
    info["last_seen_time"] === undefined ? "end_time" : "finding_info.last_seen_time",
  );

  const title = text(info, "title");
  const message = text(event, "message");
  const types = strings(info["types"]);
  const attacks = [...objects(event["attacks"]), ...objects(info["attacks"])];
  const tactics = attacks.map((a) => text(asObject(a["tactic"]), "uid")).filter((u): u is string => u !== undefined);
  const techniques = attacks
    .map((a) => text(asObject(a["technique"]), "uid") ?? text(asObject(a["sub_technique"]), "uid"))
    .filter((u): u is string => u !== undefined);
  const categories = [...new Set(tactics.map((t) => CategoryByTactic[t.toUpperCase()]).filter((c): c is string => c !== undefined))];
  if (categories.length === 0) {
    const words = keywordCategories([title, ...types, text(info, "desc")].filter((v) => v !== undefined).join(" "));
    categories.push(words[0] ?? "Other.Undetermined");
  }
  const className = text(event, "class_name");
  const analytic = asObject(info["analytic"]);
  const product = asObject(asObject(event["metadata"])?.["product"]);
  const refs = [
    ...[text(info, "src_url")].filter((u): u is string => u !== undefined && WEB_URL.test(u)),
    ...strings(asObject(info["remediation"] ?? event["remediation"])?.["kb_articles"]).filter((u) => WEB_URL.test(u)),
    ...techniques.filter((t) => MITRE_TECHNIQUE.test(t)).map((t) => `https://attack.mitre.org/techniques/${t.replace(".", "/")}/`),
  ];

  // Who did it (Source) and what it was done to (Target): the event's endpoints and actor, the
  // device and user the finding is about, and the same from each evidence.
  const sources: Record<string, unknown>[] = [];
  const targets: Record<string, unknown>[] = [];
  const addTo = (list: Record<string, unknown>[], item: Record<string, unknown> | undefined): void => {
    if (item !== undefined && !list.some((other) => JSON.stringify(other) === JSON.stringify(item))) list.push(item);
  };
  const actorUser = userName(asObject(asObject(event["actor"])?.["user"]));
  const source = endpointItem(asObject(event["src_endpoint"]), "src_endpoint", ctx);
  addTo(
    sources,
    source === undefined && actorUser === undefined ? undefined : { ...source, ...(actorUser === undefined ? {} : { User: actorUser }) },
  );
  addTo(targets, endpointItem(asObject(event["dst_endpoint"]), "dst_endpoint", ctx));
  addTo(targets, endpointItem(asObject(event["device"]), "device", ctx));
  const affectedUser = userName(asObject(event["user"]));
  if (affectedUser !== undefined) addTo(targets, { User: affectedUser });
  for (const [i, evidence] of objects(event["evidences"]).entries()) {
    const evidenceUser = userName(asObject(asObject(evidence["actor"])?.["user"]));
    const src = endpointItem(asObject(evidence["src_endpoint"]), `evidences[${i}].src_endpoint`, ctx);
    addTo(
      sources,
      src === undefined && evidenceUser === undefined
        ? undefined
        : { ...src, ...(evidenceUser === undefined ? {} : { User: evidenceUser }) },
    );
    addTo(targets, endpointItem(asObject(evidence["dst_endpoint"]), `evidences[${i}].dst_endpoint`, ctx));
    addTo(targets, endpointItem(asObject(evidence["device"]), `evidences[${i}].device`, ctx));
  }
  const cloud = asObject(event["cloud"]);
  const notes = [
    ...(text(info, "desc") !== undefined && text(info, "desc") !== title ? [`desc: ${text(info, "desc")!}`] : []),
    ...(message !== undefined && message !== title ? [`message: ${message}`] : []),
    ...(text(event, "status") === undefined ? [] : [`status: ${text(event, "status")!}`]),
    ...(text(event, "status_detail") === undefined || text(event, "status_detail") === message
      ? []
      : [`status_detail: ${text(event, "status_detail")!}`]),
    ...(analytic === undefined
      ? []
      : [
          `analytic: ${[text(analytic, "name"), text(analytic, "uid"), text(analytic, "type")].filter((v) => v !== undefined).join(" / ")}`,
        ]),
    ...objects(event["resources"]).map(
      (r) =>
        `resource: ${[text(r, "type"), text(r, "uid") ?? text(r, "name"), text(r, "region")].filter((v) => v !== undefined).join(" ")}`,
    ),
    ...(cloud === undefined
      ? []
      : [
          `cloud: ${[text(cloud, "provider"), text(asObject(cloud["account"]), "uid"), text(cloud, "region")].filter((v) => v !== undefined).join(" ")}`,
        ]),
    ...objects(event["observables"]).map((o) => `observable: ${text(o, "name") ?? "?"} = ${text(o, "value") ?? "?"}`),
  ].map(oneLine);
  const findingUid = text(info, "uid");
  const metadataUid = text(asObject(event["metadata"]), "uid");
  const typeUid = integer(event, "type_uid");
  const altNames = [
    ...(findingUid === undefined ? [] : [findingUid]),
    ...(metadataUid === undefined || metadataUid === findingUid ? [] : [`metadata.uid:${metadataUid}`]),
    ...(text(analytic, "uid") === undefined ? [] : [`analytic:${text(analytic, "uid")!}`]),
    ...(typeUid === undefined ? [] : [`type_uid:${typeUid}`]),
  ];
  const altCategory = [
    ...types.map((t) => `type:${t}`),
    ...techniques.map((t) => `mitre:${t}`),
    ...(className === undefined ? [] : [`class:${className}`]),
  ];
  const name = analyzer.name ?? text(product, "name") ?? "OCSF";
  const model = [text(product, "vendor_name"), text(product, "name"), text(product, "version")].filter((v) => v !== undefined).join(" ");
  const method = MethodByAnalyticType[integer(analytic, "type_id") ?? -1];
  return untypedMessage({
    CreateTime: createTime,
    ...(start === undefined ? {} : { StartTime: start }),
    ...(end === undefined ? {} : { EndTime: end }),
    Type: ["Cyber"],
    Category: categories,
    ...(altCategory.length > 0 ? { AltCategory: [...new Set(altCategory)] } : {}),
    Priority: priorityOf(event),
    Description: oneLine(title ?? message ?? className ?? "OCSF finding"),
    ...(notes.length > 0 ? { Note: notes.join("\n") } : {}),
    ...(altNames.length > 0 ? { AltNames: altNames } : {}),
    ...(refs.length > 0 ? { Ref: [...new Set(refs)] } : {}),
    Analyzer: {
      ID: analyzer.idOf(name),
      Name: name,
      ...(model === "" ? {} : { Model: model }),
      ...(method === undefined ? {} : { Method: [method] }),
    },
    ...(sources.length > 0 ? { Source: sources } : {}),
    ...(targets.length > 0 ? { Target: targets } : {}),
  });
}
