// An idmefv2 plugin for Wazuh alerts (/var/ossec/logs/alerts/alerts.json, one JSON alert per line),
// written against the public contract only: it imports idmefv2 for types alone (the built file has
// no import of it), and everything it does at run time comes through `ctx`.
import type {
  Analyzer,
  ConvertContext,
  ConverterDefinition,
  DraftMessage,
  DraftSensor,
  DraftSource,
  DraftTarget,
  IncidentCategory,
  OptionValues,
  OptionsSchema,
  Plugin,
  Priority,
} from "idmefv2";
import { CATEGORY_BY_GROUP, PRIORITY_BY_LEVEL } from "./tables.js";

/** The fields of a Wazuh alert this plugin reads (alerts carry many more). */
interface WazuhAlert {
  timestamp?: unknown;
  id?: unknown;
  rule?: { level?: unknown; description?: unknown; id?: unknown; groups?: unknown; mitre?: { id?: unknown } };
  agent?: { id?: unknown; name?: unknown; ip?: unknown };
  manager?: { name?: unknown };
  full_log?: unknown;
  predecoder?: { hostname?: unknown };
  data?: { srcip?: unknown; srcport?: unknown; srcuser?: unknown; dstip?: unknown; dstport?: unknown; dstuser?: unknown };
  location?: unknown;
}

/** Options under `options.wazuh` in the idmefv2 config (`idmefv2 formats --options wazuh` prints them). */
export const WAZUH_OPTIONS = {
  minLevel: { type: "integer", minimum: 0, maximum: 15, default: 0, description: "alerts below this rule level are skipped" },
  timezone: { type: "string", description: "zone or offset for timestamps written without one (Wazuh always writes one)" },
} as const satisfies OptionsSchema;

export type WazuhOptions = OptionValues<typeof WAZUH_OPTIONS>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

function port(value: unknown): number[] | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? [n] : undefined;
}

function priority(level: number): Priority {
  for (const [lowest, name] of PRIORITY_BY_LEVEL) if (level >= lowest) return name;
  return "Unknown";
}

function categories(groups: unknown): IncidentCategory[] | undefined {
  if (!Array.isArray(groups)) return undefined;
  const found = new Set<IncidentCategory>();
  for (const group of groups) {
    if (typeof group === "string" && Object.hasOwn(CATEGORY_BY_GROUP, group)) found.add(CATEGORY_BY_GROUP[group]!);
  }
  return found.size > 0 ? [...found] : undefined;
}

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

/**
 * Leaves out the keys whose value is undefined, so optional fields simply do not appear (the
 * types are strict about it: exactOptionalPropertyTypes does not let `undefined` stand for absent).
 */
function compact<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

export function convertWazuhAlert(record: unknown, ctx: ConvertContext, options: WazuhOptions): DraftMessage | null {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return ctx.reject("a Wazuh alert is a JSON object");
  const alert = record as WazuhAlert;
  const rule = alert.rule;
  if (rule === undefined || typeof rule !== "object" || typeof rule.level !== "number") {
    ctx.skip("not a Wazuh alert (no rule.level)");
    return null;
  }
  if (rule.level < options.minLevel) {
    ctx.skip(`rule level below ${options.minLevel}`);
    return null;
  }
  const stamp = text(alert.timestamp);
  if (stamp === undefined) return ctx.reject("the alert has no timestamp");
  // An unreadable stamp rejects the record as INVALID_TIMESTAMP, with the stamp in the reason.
  const createTime = ctx.timestamp(stamp, options.timezone !== undefined ? { timezone: options.timezone } : {});
  const manager = text(alert.manager?.name);
  const alertId = text(alert.id);
  const data = alert.data ?? {};
  const agentName = text(alert.agent?.name);
  const source = compact<DraftSource>({ IP: text(data.srcip), Port: port(data.srcport), User: text(data.srcuser) });
  const target = compact<DraftTarget>({
    IP: text(data.dstip) ?? text(alert.agent?.ip),
    Hostname: text(alert.predecoder?.hostname) ?? agentName,
    Port: port(data.dstport),
    User: text(data.dstuser),
  });
  const ruleId = typeof rule.id === "string" || typeof rule.id === "number" ? String(rule.id) : undefined;
  const mitre = Array.isArray(rule.mitre?.id) ? rule.mitre.id.filter((id): id is string => typeof id === "string") : [];
  if (Array.isArray(rule.groups) === false && rule.groups !== undefined) ctx.warn("rule.groups is not a list; no Category derived");
  return compact<DraftMessage>({
    // Stable across runs: the same alert always gets the same ID (Wazuh alert IDs are unique per manager).
    ID: alertId !== undefined ? ctx.uuidV5(`wazuh:${manager ?? ""}:${alertId}`) : undefined,
    CreateTime: createTime,
    Description: text(rule.description) ?? `Wazuh rule ${ruleId ?? "?"}`,
    Priority: priority(rule.level),
    Category: categories(rule.groups),
    AltNames: alertId !== undefined ? [`wazuh-alert:${alertId}`] : undefined,
    Ref: nonEmpty([...(ruleId !== undefined ? [`urn:wazuh:rule:${ruleId}`] : []), ...mitre.map((id) => `urn:mitre:attack:${id}`)]),
    Note: text(alert.full_log),
    Analyzer: compact<Analyzer>({
      Name: "Wazuh",
      Hostname: manager,
      Model: "Wazuh manager",
      Category: ["SIEM.SIEM"],
      Data: ["Log"],
      Method: ["Rule-based"],
    }),
    Sensor:
      agentName !== undefined ? [compact<DraftSensor>({ Name: agentName, IP: text(alert.agent?.ip), Model: "Wazuh agent" })] : undefined,
    Source: Object.keys(source).length > 0 ? [source] : undefined,
    Target: Object.keys(target).length > 0 ? [target] : undefined,
  });
}

/** How sure we are that a sample is Wazuh alerts.json: the share of lines that look like alerts. */
export function detectWazuhAlerts(sample: string): number {
  const lines = sample.split("\n", 40).filter((line) => line.trim() !== "");
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const line of lines) {
    try {
      const alert = JSON.parse(line) as WazuhAlert;
      if (typeof alert.rule?.level === "number" && alert.agent !== undefined && typeof alert.timestamp === "string") hits++;
    } catch {
      // Not JSON: not an alert.
    }
  }
  return (hits / lines.length) * 0.95;
}

export const wazuhConverter = {
  format: "wazuh",
  aliases: ["wazuh-alerts"],
  description: "Wazuh alerts (alerts.json): rule level to Priority, groups to Category, agent as Sensor",
  input: "json-lines",
  options: WAZUH_OPTIONS,
  detect: detectWazuhAlerts,
  setup: (options) => (record, ctx) => convertWazuhAlert(record, ctx, options),
} satisfies ConverterDefinition<"json-lines", typeof WAZUH_OPTIONS>;

const plugin: Plugin = { name: "idmefv2-plugin-wazuh", converters: [wazuhConverter] };
export default plugin;
