// Prometheus metrics for long-running commands (listen, serve, worker, convert --follow).
export { renderPrometheus, MAX_LABELS_PER_METRIC, type MetricsSnapshot } from "./prometheus.js";
export { startMetricsServer, type MetricsServer } from "./server.js";
