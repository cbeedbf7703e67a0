// `--metrics HOST:PORT`: a small HTTP server answering GET /metrics with the run's counters.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { IdmefError } from "../../core/errors.js";
import { parseListenAddress } from "../listen-address.js";
import { renderPrometheus, type MetricsSnapshot } from "./prometheus.js";

export interface MetricsServer {
  /** "http://host:port/metrics" */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `snapshot()` as Prometheus text on GET /metrics (anything else: 404 or 405). Each scrape
 * reads the counters at that moment; the answer is small and bounded (see renderPrometheus). Meant
 * for loopback or a monitoring network: it has no authentication (the counters hold no record).
 */
export async function startMetricsServer(address: string, snapshot: () => MetricsSnapshot): Promise<MetricsServer> {
  const { host, port } = parseListenAddress(address, { label: "--metrics", example: "127.0.0.1:9464" });
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("only /metrics here\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("GET /metrics\n");
      return;
    }
    const body = renderPrometheus(snapshot());
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(body) });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new IdmefError("CONFIG_ERROR", `--metrics ${address}: cannot listen: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
