// `idmefv2 serve`: a receiver for IDMEFv2 over HTTPS that validates each message and stores it as NDJSON.
import type { Command } from "commander";
import { resolveBasicCredentials, BASIC_AUTH_ENV } from "../../transport/basic-auth.js";
import { isLoopbackHost } from "../../transport/endpoint.js";
import { parseListenAddress } from "../../io/listen-address.js";
import type { MessageStore } from "../../transport/message-store.js";
import type { MessageSink } from "../../framework/sinks.js";
import { deliverySinkFromFlags, formatDeliveryStats, formatNatsStats } from "../delivery-options.js";
import { METRICS_FLAG, metricsFromFlag } from "../metrics-flag.js";
import type { ReceiverStats } from "../../transport/receiver.js";
import { readPemFile } from "../../transport/tls-files.js";
import { UsageError } from "../exit-codes.js";
import { parseByteCount } from "../byte-count.js";
import { positiveInteger } from "../number-flags.js";
import { isKnownVersion, KNOWN_VERSIONS } from "../../core/versions.js";

interface ServeOptions {
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  basicAuth?: string;
  out?: string;
  to?: string;
  spool?: string;
  metrics?: string;
  maxBody: string;
  acceptVersions?: string;
  maxConnections: string;
  maxConnectionsPerAddress: string;
}

export function formatReceiverStats(stats: ReceiverStats): string {
  return (
    `accepted ${stats.accepted}, invalid ${stats.invalid}, unauthorized ${stats.unauthorized}, ` +
    `too large ${stats.tooLarge}, unsupported type ${stats.unsupportedMediaType}, ` +
    `not acceptable ${stats.notAcceptable}, wrong method ${stats.methodNotAllowed}, ` +
    `version not accepted ${stats.unacceptedVersion}, failed ${stats.failed}` +
    `${stats.storageFull > 0 ? ` (${stats.storageFull} with the disk full)` : ""}` +
    `${stats.evictedConnections > 0 ? `; ${stats.evictedConnections} idle connection(s) evicted` : ""}`
  );
}

/** --accept-versions "2.D.V08,2.D.V07": every name must be a known draft. */
function parseAcceptVersions(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const versions = text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const unknown = versions.filter((v) => !isKnownVersion(v));
  if (versions.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--accept-versions ${JSON.stringify(text)}: ${unknown.length > 0 ? `unknown version(s) ${unknown.join(", ")}` : "no version given"}; ` +
        `known versions are ${KNOWN_VERSIONS.join(", ")}`,
    );
  }
  return versions;
}

async function serve(options: ServeOptions): Promise<void> {
  const address = parseListenAddress(options.listen, { label: "--listen", example: "127.0.0.1:8443" });
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  if (options.clientCa !== undefined && options.tlsCert === undefined) {
    throw new UsageError("--client-ca needs TLS: give --tls-cert and --tls-key too");
  }
  if (options.tlsCert === undefined && !isLoopbackHost(address.host)) {
    throw new UsageError(
      `refusing to serve cleartext HTTP on ${address.host}: give --tls-cert and --tls-key (plain HTTP is for loopback only)`,
    );
  }
  const basicAuth = resolveBasicCredentials(options.basicAuth);
  const acceptVersions = parseAcceptVersions(options.acceptVersions);
  const tls =
    options.tlsCert === undefined || options.tlsKey === undefined
      ? undefined
      : {
          cert: readPemFile(options.tlsCert, "--tls-cert"),
          key: readPemFile(options.tlsKey, "--tls-key"),
          ...(options.clientCa === undefined ? {} : { clientCa: readPemFile(options.clientCa, "--client-ca") }),
        };
  if (options.to !== undefined && options.out !== undefined)
    throw new UsageError("--to and --out go to different places: give one (a relay forwards, a store keeps)");
  if (options.spool !== undefined && (options.to === undefined || options.to.toLowerCase().startsWith("nats://"))) {
    throw new UsageError("--spool is for --to https://... (a relay to another receiver)");
  }
  // Loaded here, not at start-up: node:https and the receiver cost every other command ~0.1 s.
  const { NdjsonFileStore, StreamStore } = await import("../../transport/message-store.js");
  const { startReceiver } = await import("../../transport/receiver.js");
  const relay = options.to === undefined ? undefined : await relaySink(options.to, options.spool);
  const fileStore = options.out === undefined ? undefined : new NdjsonFileStore(options.out);
  const store: MessageStore = fileStore ?? new StreamStore(process.stdout);
  if (fileStore !== undefined && fileStore.tornBytes > 0) {
    process.stderr.write(
      `idmefv2 serve: ${options.out}: cut a torn last line of ${fileStore.tornBytes} byte(s) left by a crash (it was never acknowledged)\n`,
    );
  }
  // One line per outage, not one per refused request: the flag is reset by the next stored message.
  let storeFailing = false;
  let lastError: { at: string; message: string } | undefined;
  const live: { stats?: () => ReceiverStats } = {};
  const metrics = await metricsFromFlag(
    options.metrics,
    () => {
      const stats = live.stats?.();
      return {
        ...(stats !== undefined ? { delivered: stats.accepted, counters: receiverCounters(stats) } : {}),
        lastError,
      };
    },
    (line) => void process.stderr.write(`${line}\n`),
    "idmefv2 serve",
  );
  const receiver = await startReceiver({
    host: address.host,
    port: address.port,
    maxBodyBytes: parseByteCount(options.maxBody, "--max-body"),
    maxConnections: positiveInteger(options.maxConnections, "--max-connections"),
    maxConnectionsPerAddress: positiveInteger(options.maxConnectionsPerAddress, "--max-connections-per-address"),
    onStoreError: (error) => {
      lastError = { at: new Date().toISOString(), message: (error as Error).message };
      if (storeFailing) return;
      storeFailing = true;
      process.stderr.write(`idmefv2 serve: ${(error as Error).message}; answering 5xx (senders keep their messages and retry)\n`);
    },
    ...(relay !== undefined
      ? {
          sink: recoveryNoticing(relay.sink, () => {
            if (!storeFailing) return;
            storeFailing = false;
            process.stderr.write("idmefv2 serve: forwarding again\n");
          }),
        }
      : {
          store: {
            write: async (line: string) => {
              await store.write(line);
              if (storeFailing) {
                storeFailing = false;
                process.stderr.write("idmefv2 serve: storing again\n");
              }
            },
            close: () => store.close(),
          },
        }),
    ...(acceptVersions === undefined ? {} : { acceptVersions }),
    ...(tls === undefined ? {} : { tls }),
    ...(basicAuth === undefined ? {} : { basicAuth }),
  });
  live.stats = () => receiver.stats();
  process.stderr.write(
    `idmefv2 serve: listening on ${receiver.url}` +
      `${relay === undefined ? "" : ` (forwarding to ${relay.display})`}` +
      `${tls?.clientCa === undefined ? "" : " (client certificates required)"}` +
      `${basicAuth === undefined ? "" : " (basic auth required)"}` +
      `${acceptVersions === undefined ? "" : ` (versions ${acceptVersions.join(", ")})`}\n`,
  );
  if (tls?.clientCa === undefined && basicAuth === undefined) {
    process.stderr.write(
      "idmefv2 serve: warning: no authentication: anyone who can reach this address can submit messages; " +
        "require client certificates (--client-ca, mutual TLS as the transport draft asks) or Basic auth " +
        `(${BASIC_AUTH_ENV})\n`,
    );
  }
  // SIGHUP is logrotate's "reopen your files": the store starts a new file of the same name.
  const onHangup = (): void => {
    if (fileStore === undefined) return;
    fileStore.reopen().then(
      () => process.stderr.write(`idmefv2 serve: SIGHUP: reopened ${options.out}\n`),
      (error: unknown) => process.stderr.write(`idmefv2 serve: SIGHUP: cannot reopen ${options.out}: ${(error as Error).message}\n`),
    );
  };
  process.on("SIGHUP", onHangup);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  process.off("SIGHUP", onHangup);
  process.stderr.write(`idmefv2 serve: ${signal}: finishing requests in progress and flushing\n`);
  const stats = await receiver.close();
  await metrics?.close();
  const durability =
    relay !== undefined ? `; ${relay.describe()}` : fileStore === undefined ? "" : `; ${fileStore.fsyncs} fsync(s) of ${options.out}`;
  process.stderr.write(`idmefv2 serve: stopped; ${formatReceiverStats(stats)}${durability}\n`);
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("receive IDMEFv2 messages over HTTPS (draft-lehmann-idmefv2-https-transport), validate and store them as NDJSON")
    .option("--listen <host:port>", "address to listen on (port 0 picks a free port, printed on stderr)", "127.0.0.1:8443")
    .option("--tls-cert <file>", "server certificate (PEM); without it, plain HTTP on loopback only")
    .option("--tls-key <file>", "server private key (PEM)")
    .option("--client-ca <file>", "CA bundle (PEM) for client certificates: mutual TLS, clients without one are refused")
    .option("--basic-auth <user:password>", `require HTTP Basic credentials (better: set ${BASIC_AUTH_ENV}, not visible in ps)`)
    .option("--out <file>", "append accepted messages to this NDJSON file (default: stdout)")
    .option(
      "--to <url>",
      "forward accepted messages instead (a relay): nats://host:port/subject (2xx once JetStream acknowledged) or https://... (2xx once fsync'd in the spool)",
    )
    .option("--spool <dir>", "with --to https://: the relay's spool directory")
    .option(
      METRICS_FLAG,
      "serve Prometheus metrics on http://host:port/metrics (messages accepted and refused by reason, last store error)",
    )
    .option("--max-body <bytes>", "largest message accepted (413 above it); suffix K or M allowed", "1M")
    .option(
      "--accept-versions <list>",
      "accept only these IDMEFv2 Versions, comma-separated (others get 415 naming them); default: every known draft",
    )
    .option("--max-connections <n>", "connections held at once; past it the idlest of the address holding the most is closed", "1024")
    .option("--max-connections-per-address <n>", "connections from one address at once (its idlest one is closed)", "256")
    .action(async (options: ServeOptions) => {
      await serve(options);
    });
}

/** A relay's sink: JetStream (answer once acknowledged) or the HTTPS delivery (once fsync'd in its spool). */
async function relaySink(to: string, spool: string | undefined): Promise<{ sink: MessageSink; display: string; describe(): string }> {
  const { isNatsUrl, parseNatsUrl } = await import("../../transport/nats/nats-url.js");
  if (isNatsUrl(to)) {
    const { JetStreamMessageSink } = await import("../../transport/nats/jetstream-sink.js");
    const destination = parseNatsUrl(to, "--to");
    // One attempt per request (the sender retries after a 503): a request is not held for long.
    const sink = JetStreamMessageSink.connect(destination, {
      name: "idmefv2 serve",
      timeoutMs: RELAY_PUBLISH_TIMEOUT_MS,
      retryForMs: 0,
      maxInFlight: 4096,
    });
    await sink.ready();
    return { sink, display: destination.display, describe: () => formatNatsStats(sink.stats()) };
  }
  const delivery = deliverySinkFromFlags({ to, ...(spool !== undefined ? { spool } : {}), fsyncInterval: "0" }, undefined);
  return { sink: delivery!, display: to, describe: () => formatDeliveryStats(delivery!.stats()) };
}

/** How long a relayed message may wait for JetStream's acknowledgement before the sender gets 503. */
const RELAY_PUBLISH_TIMEOUT_MS = 5000;

/** `sink`, calling `onStored` after each message it took (the "storing again" notice). */
function recoveryNoticing(sink: MessageSink, onStored: () => void): MessageSink {
  return {
    write: (message, origin) => sink.write(message, origin),
    flush: async () => {
      await sink.flush?.();
      onStored();
    },
    close: () => sink.close?.() ?? Promise.resolve(),
  };
}

/** The receiver's answers as counters: what was accepted (delivered) and each reason for a refusal. */
function receiverCounters(stats: ReceiverStats): Record<string, { help: string; value: number }> {
  const counter = (help: string, value: number): { help: string; value: number } => ({ help, value });
  return {
    receiver_invalid_total: counter("Messages refused as invalid (400).", stats.invalid),
    receiver_unauthorized_total: counter("Requests without the credentials (401).", stats.unauthorized),
    receiver_too_large_total: counter("Messages over --max-body (413).", stats.tooLarge),
    receiver_unsupported_type_total: counter(
      "Requests of another content type or an unaccepted Version (415).",
      stats.unsupportedMediaType + stats.unacceptedVersion,
    ),
    receiver_failed_total: counter("Messages the store or the relay could not take (5xx: the sender retries).", stats.failed),
    receiver_evicted_connections_total: counter("Idle connections closed at the connection caps.", stats.evictedConnections),
  };
}
