// Turns a parsed syslog record and the rule it matched into an IDMEFv2 message object.
import { classifyAddress, parsePort, type ClassifiedAddress } from "./addresses.js";
import type { CompiledEndpoint, Template } from "./rule-set.js";
import type { RuleMatch } from "./rule-engine.js";
import type { SyslogRecord } from "./syslog-record.js";
import type { Remembered } from "./process-memory.js";

export interface BuildOptions {
  readonly newId: () => string;
  readonly version: string;
  /** How many times the event happened (repeat lines); 1 for a plain line. */
  readonly count: number;
  /** What an earlier line of the same process said (per-process memory), if the rule may use it. */
  readonly recalled?: Remembered | undefined;
  /** The name the Note gives the rule set ("syslog", "journal", "applog"). */
  readonly via?: string;
  /** The Analyzer ID of a host (the run keeps them: UUID v5 of the host name). */
  readonly analyzerId: (host: string) => string;
}

/**
 * Fills a template; `missing` stands in for a group the line did not have (descriptions say
 * "unknown"). Groups written side by side (`{ip4}{ip6}`) are alternatives of one value: `missing`
 * stands in once, and only when all of them are empty.
 */
function fill(template: Template, groups: Readonly<Record<string, string | undefined>>, missing = ""): string {
  if (template.length === 1 && typeof template[0] === "string") return template[0];
  let out = "";
  let run = "";
  let inRun = false;
  for (const part of template) {
    if (typeof part === "string") {
      if (inRun) out += run === "" ? missing : run;
      run = "";
      inRun = false;
      out += part;
    } else {
      run += groups[part.group] ?? "";
      inRun = true;
    }
  }
  if (inRun) out += run === "" ? missing : run;
  return out;
}

export function fillOptional(template: Template | undefined, groups: Readonly<Record<string, string | undefined>>): string | undefined {
  if (template === undefined) return undefined;
  const value = fill(template, groups).trim();
  return value === "" ? undefined : value;
}

function endpoint(
  spec: CompiledEndpoint | undefined,
  groups: Readonly<Record<string, string | undefined>>,
  newId: () => string,
  defaultAddress: ClassifiedAddress = NO_ADDRESS,
): Record<string, unknown> | undefined {
  let ip: string | undefined;
  let hostname: string | undefined;
  let port: number | undefined;
  let user: string | undefined;
  let service: string | undefined;
  if (defaultAddress.kind === "ip") ip = defaultAddress.ip;
  else if (defaultAddress.kind === "hostname") hostname = defaultAddress.hostname;
  if (spec !== undefined) {
    const address = classifyAddress(fillOptional(spec.address, groups));
    if (address.kind === "ip") ip = address.ip;
    else if (address.kind === "hostname") hostname = address.hostname;
    // An explicit host name field that holds an address is an address: it must not land in Hostname.
    const named = classifyAddress(fillOptional(spec.hostname, groups));
    if (named.kind === "hostname" && hostname === undefined) hostname = named.hostname;
    else if (named.kind === "ip" && ip === undefined) ip = named.ip;
    port = parsePort(fillOptional(spec.port, groups));
    user = fillOptional(spec.user, groups);
    service = fillOptional(spec.service, groups);
  }
  if (ip === undefined && hostname === undefined && port === undefined && user === undefined && service === undefined) return undefined;
  const out: Record<string, unknown> = { ID: newId() };
  if (ip !== undefined) out["IP"] = ip;
  if (hostname !== undefined) out["Hostname"] = hostname;
  if (port !== undefined) out["Port"] = [port];
  if (user !== undefined) out["User"] = user;
  if (service !== undefined) out["Service"] = service;
  return out;
}

const NO_ADDRESS: ClassifiedAddress = { kind: "none" };

/** The IDMEFv2 message for one matched record (`CreateTime` is the record's own time). */
export function buildMessage(record: SyslogRecord, match: RuleMatch, timestamp: string, options: BuildOptions): Record<string, unknown> {
  const { rule, groups } = match;
  const host = record.hostname;
  const hostAddress = classifyAddress(host);
  const analyzer: Record<string, unknown> = { ID: options.analyzerId(host ?? ""), Name: host ?? "unknown-host" };
  if (hostAddress.kind === "ip") analyzer["IP"] = hostAddress.ip;
  else if (hostAddress.kind === "hostname") analyzer["Hostname"] = hostAddress.hostname;
  if (record.program !== undefined) analyzer["Model"] = record.program;
  analyzer["Data"] = ["Log"];
  analyzer["Method"] = ["Rule-based"];

  const notes: string[] = [`syslog rule ${rule.spec.id}`];
  if (options.count > 1) notes.push(`repeated ${options.count} times`);
  if (record.timestampOrigin === "assumed-zone") {
    notes.push(
      `the line's time has no zone: read in ${record.assumedZone ?? "the machine's zone"}${record.yearInferred ? ", year inferred" : ""}`,
    );
  } else if (record.timestampOrigin === "absent") {
    notes.push("the line has no time stamp: CreateTime is the time it was read");
  }

  const message: Record<string, unknown> = {
    Version: options.version,
    ID: options.newId(),
    CreateTime: timestamp,
    Category: [...rule.spec.category],
    Priority: rule.spec.priority,
    Description: fill(rule.description, groups, "unknown"),
    Note: `${notes.join("; ")}. Message: ${match.body}`,
    Analyzer: analyzer,
  };
  let source = endpoint(rule.source, groups, options.newId);
  // The target is the host that logged the event, unless the rule names another.
  const namesTarget = rule.target?.address !== undefined || rule.target?.hostname !== undefined;
  let target = endpoint(rule.target, groups, options.newId, namesTarget ? NO_ADDRESS : hostAddress);
  const recalled = options.recalled;
  if (recalled !== undefined && source?.["IP"] === undefined && source?.["Hostname"] === undefined) {
    const address = classifyAddress(recalled.values.address);
    if (address.kind !== "none") {
      source ??= { ID: options.newId() };
      if (address.kind === "ip") source["IP"] = address.ip;
      else source["Hostname"] = address.hostname;
      const port = parsePort(recalled.values.port);
      if (port !== undefined && source["Port"] === undefined) source["Port"] = [port];
      const shown = address.kind === "ip" ? address.ip : address.hostname;
      notes.push(`source ${shown} recalled from an earlier line of process ${record.procId ?? "?"} (rule ${recalled.ruleId})`);
      if (recalled.values.user !== undefined && recalled.values.user !== "" && target?.["User"] === undefined) {
        target ??= { ID: options.newId() };
        target["User"] = recalled.values.user;
      }
      message["Note"] = `${notes.join("; ")}. Message: ${match.body}`;
    }
  }
  if (source !== undefined) message["Source"] = [source];
  if (target !== undefined) message["Target"] = [target];
  return message;
}
