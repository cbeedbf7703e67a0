// `--metrics HOST:PORT` for the long-running commands: what each exposes, from the books it keeps.
import type { Accounting } from "../framework/accounting.js";
import type { MetricsSnapshot } from "../io/metrics/prometheus.js";
import { startMetricsServer, type MetricsServer } from "../io/metrics/server.js";
import type { RunOutputs } from "./run-outputs.js";

/** The pipeline's books and its delivery (HTTPS spool or JetStream) as metrics. */
export function runMetrics(accounting: Accounting, outputs: Pick<RunOutputs, "delivery" | "nats">): MetricsSnapshot {
  const delivery = outputs.delivery?.stats();
  const nats = outputs.nats?.stats();
  return {
    books: accounting.stats,
    ...(delivery !== undefined ? { delivered: delivery.sent, spoolDepth: delivery.pending, retries: delivery.retried } : {}),
    ...(nats !== undefined ? { delivered: nats.acknowledged, retries: nats.retries, lastError: nats.lastError } : {}),
  };
}

/** Starts the metrics server when the flag is given, and says where on stderr. */
export async function metricsFromFlag(
  address: string | undefined,
  snapshot: () => MetricsSnapshot,
  stderr: (line: string) => void,
  who: string,
): Promise<MetricsServer | undefined> {
  if (address === undefined) return undefined;
  const server = await startMetricsServer(address, snapshot);
  stderr(`${who}: metrics on ${server.url}`);
  return server;
}

export const METRICS_FLAG = "--metrics <host:port>";
export const METRICS_HELP =
  "serve Prometheus metrics on http://host:port/metrics (records by outcome, delivered, spool depth, retries, last error)";
