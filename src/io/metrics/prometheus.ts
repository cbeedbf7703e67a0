// Renders a run's books as Prometheus text exposition (version 0.0.4): what an operator scrapes.
import type { RunStats } from "../../framework/accounting.js";

/** What a long-running command exposes; every field is optional (a receiver has no converter books). */
export interface MetricsSnapshot {
  /** The pipeline's books: read, converted, messages, skipped by reason, rejected by code. */
  readonly books?: RunStats;
  /** Messages the destination acknowledged (HTTPS 2xx, JetStream PubAck, receiver 2xx). */
  readonly delivered?: number;
  /** Messages waiting in the spool (HTTPS delivery). */
  readonly spoolDepth?: number;
  /** Delivery attempts repeated. */
  readonly retries?: number;
  /** The last delivery or store error, with its time (ISO 8601). */
  readonly lastError?: { readonly at: string; readonly message: string } | undefined;
  /** Further counters of the command, by metric name suffix (idmefv2_<name>), each with its help. */
  readonly counters?: Readonly<Record<string, { readonly help: string; readonly value: number }>>;
}

/**
 * Labels a scrape shows at most per metric: skip reasons may carry text from the input (an
 * event_type), so a hostile input could otherwise grow every scrape without bound.
 */
export const MAX_LABELS_PER_METRIC = 100;
const MAX_LABEL_CHARS = 200;

/** A label value escaped as the exposition format asks (backslash, double quote, newline). */
function labelValue(text: string): string {
  const cut = text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS)}…` : text;
  return cut.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function metric(lines: string[], name: string, type: "counter" | "gauge", help: string, value: number): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${Number.isFinite(value) ? value : 0}`);
}

function labelled(lines: string[], name: string, label: string, help: string, counts: Readonly<Record<string, number>>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  for (const [key, value] of entries.slice(0, MAX_LABELS_PER_METRIC)) lines.push(`${name}{${label}="${labelValue(key)}"} ${value}`);
  const rest = entries.slice(MAX_LABELS_PER_METRIC).reduce((total, [, value]) => total + value, 0);
  if (rest > 0) lines.push(`${name}{${label}="(other)"} ${rest}`);
}

export function renderPrometheus(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  const { books } = snapshot;
  if (books !== undefined) {
    metric(
      lines,
      "idmefv2_records_read_total",
      "counter",
      "Records read (lines, JSON values, documents, elements, input messages).",
      books.read,
    );
    metric(lines, "idmefv2_records_converted_total", "counter", "Records that became at least one valid message.", books.converted);
    labelled(lines, "idmefv2_records_skipped_total", "reason", "Records skipped, by reason.", books.skipped);
    labelled(lines, "idmefv2_records_rejected_total", "code", "Records rejected, by code.", books.rejected);
    metric(lines, "idmefv2_messages_total", "counter", "IDMEFv2 messages made.", books.messages);
    metric(lines, "idmefv2_warnings_total", "counter", "Conversion warnings.", books.warnings);
  }
  if (snapshot.delivered !== undefined)
    metric(lines, "idmefv2_messages_delivered_total", "counter", "Messages the destination acknowledged.", snapshot.delivered);
  if (snapshot.spoolDepth !== undefined)
    metric(lines, "idmefv2_spool_depth", "gauge", "Messages waiting in the spool.", snapshot.spoolDepth);
  if (snapshot.retries !== undefined)
    metric(lines, "idmefv2_delivery_retries_total", "counter", "Delivery attempts repeated.", snapshot.retries);
  for (const [name, { help, value }] of Object.entries(snapshot.counters ?? {})) metric(lines, `idmefv2_${name}`, "counter", help, value);
  const last = snapshot.lastError;
  lines.push(
    "# HELP idmefv2_last_error_timestamp_seconds When the last delivery or store error happened (0: none).",
    "# TYPE idmefv2_last_error_timestamp_seconds gauge",
  );
  lines.push(`idmefv2_last_error_timestamp_seconds ${last === undefined ? 0 : Date.parse(last.at) / 1000}`);
  if (last !== undefined) {
    lines.push("# HELP idmefv2_last_error_info The last delivery or store error, as a label.", "# TYPE idmefv2_last_error_info gauge");
    lines.push(`idmefv2_last_error_info{message="${labelValue(last.message)}"} 1`);
  }
  return `${lines.join("\n")}\n`;
}
