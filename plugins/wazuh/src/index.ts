// An idmefv2 plugin for Wazuh alerts (/var/ossec/logs/alerts/alerts.json, one JSON alert per line),
// written against the public API only: what any third-party plugin can do.
import {
  ConversionError,
  definePlugin,
  defineConverter,
  normalizeTimestamp,
  uuidV5,
  type ConvertContext,
  type MessageObject,
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

/** Options under `options.wazuh` in the idmefv2 config. */
export interface WazuhOptions {
  /** Alerts below this rule level are skipped (default 0: keep all). */
  readonly minLevel?: number;
  /** IANA zone or offset for timestamps written without one (Wazuh always writes one). */
  readonly timezone?: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

function port(value: unknown): number[] | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? [n] : undefined;
}

function priority(level: number): string {
  for (const [lowest, name] of PRIORITY_BY_LEVEL) if (level >= lowest) return name;
  return "Unknown";
}

function categories(groups: unknown): string[] | undefined {
  if (!Array.isArray(groups)) return undefined;
  const found = new Set<string>();
  for (const group of groups) {
    if (typeof group === "string" && Object.hasOwn(CATEGORY_BY_GROUP, group)) found.add(CATEGORY_BY_GROUP[group]!);
  }
  return found.size > 0 ? [...found] : undefined;
}

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

/** Leaves out the keys whose value is undefined, so optional fields simply do not appear. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function convertWazuhAlert(alert: WazuhAlert, ctx: ConvertContext): MessageObject | null {
  if (alert === null || typeof alert !== "object" || Array.isArray(alert)) {
    throw new ConversionError("a Wazuh alert is a JSON object");
  }
  const rule = alert.rule;
  if (rule === undefined || typeof rule !== "object" || typeof rule.level !== "number") {
    ctx.skip("not a Wazuh alert (no rule.level)");
    return null;
  }
  const minLevel = typeof ctx.options["minLevel"] === "number" ? ctx.options["minLevel"] : 0;
  if (rule.level < minLevel) {
    ctx.skip(`rule level below ${minLevel}`);
    return null;
  }
  const stamp = text(alert.timestamp);
  if (stamp === undefined) throw new ConversionError("the alert has no timestamp");
  let createTime: string;
  try {
    const timezone = ctx.options["timezone"];
    createTime = normalizeTimestamp(stamp, typeof timezone === "string" ? { timezone } : {});
  } catch (error) {
    throw new ConversionError(`timestamp ${JSON.stringify(stamp)}: ${(error as Error).message}`);
  }
  const manager = text(alert.manager?.name);
  const alertId = text(alert.id);
  const data = alert.data ?? {};
  const agentName = text(alert.agent?.name);
  const source = compact({ IP: text(data.srcip), Port: port(data.srcport), User: text(data.srcuser) });
  const target = compact({
    IP: text(data.dstip) ?? text(alert.agent?.ip),
    Hostname: text(alert.predecoder?.hostname) ?? agentName,
    Port: port(data.dstport),
    User: text(data.dstuser),
  });
  const ruleId = typeof rule.id === "string" || typeof rule.id === "number" ? String(rule.id) : undefined;
  const mitre = Array.isArray(rule.mitre?.id) ? rule.mitre.id.filter((id): id is string => typeof id === "string") : [];
  if (Array.isArray(rule.groups) === false && rule.groups !== undefined) ctx.warn("rule.groups is not a list; no Category derived");
  return compact({
    // Stable across runs: the same alert always gets the same ID (Wazuh alert IDs are unique per manager).
    ID: alertId !== undefined ? uuidV5(`wazuh:${manager ?? ""}:${alertId}`) : undefined,
    CreateTime: createTime,
    Description: text(rule.description) ?? `Wazuh rule ${ruleId ?? "?"}`,
    Priority: priority(rule.level),
    Category: categories(rule.groups),
    AltNames: alertId !== undefined ? [`wazuh-alert:${alertId}`] : undefined,
    Ref: nonEmpty([...(ruleId !== undefined ? [`urn:wazuh:rule:${ruleId}`] : []), ...mitre.map((id) => `urn:mitre:attack:${id}`)]),
    Note: text(alert.full_log),
    Analyzer: compact({ Name: "Wazuh", Hostname: manager, Model: "Wazuh manager", Category: ["SIEM.SIEM"], Data: ["Log"], Method: ["Rule-based"] }),
    Sensor: agentName !== undefined ? [compact({ Name: agentName, IP: text(alert.agent?.ip), Model: "Wazuh agent" })] : undefined,
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

export const wazuhConverter = defineConverter<WazuhAlert>({
  format: "wazuh",
  aliases: ["wazuh-alerts"],
  description: "Wazuh alerts (alerts.json): rule level to Priority, groups to Category, agent as Sensor",
  input: "json-lines",
  detect: detectWazuhAlerts,
  convert: convertWazuhAlert,
});

export default definePlugin({
  name: "idmefv2-plugin-wazuh",
  converters: [wazuhConverter],
});
