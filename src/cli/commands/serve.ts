// `idmefv2 serve`: a receiver for IDMEFv2 over HTTPS that validates each message and stores it as NDJSON.
import type { Command } from "commander";
import { resolveBasicCredentials, BASIC_AUTH_ENV } from "../../transport/basic-auth.js";
import { isLoopbackHost } from "../../transport/endpoint.js";
import { parseListenAddress } from "../../transport/listen-address.js";
import type { MessageStore } from "../../transport/message-store.js";
import type { ReceiverStats } from "../../transport/receiver.js";
import { readPemFile } from "../../transport/tls-files.js";
import { UsageError } from "../exit-codes.js";
import { parseByteCount } from "../byte-count.js";

interface ServeOptions {
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  basicAuth?: string;
  out?: string;
  maxBody: string;
}

export function formatReceiverStats(stats: ReceiverStats): string {
  return (
    `accepted ${stats.accepted}, invalid ${stats.invalid}, unauthorized ${stats.unauthorized}, ` +
    `too large ${stats.tooLarge}, unsupported type ${stats.unsupportedMediaType}, ` +
    `not acceptable ${stats.notAcceptable}, wrong method ${stats.methodNotAllowed}, failed ${stats.failed}`
  );
}

async function serve(options: ServeOptions): Promise<void> {
  const address = parseListenAddress(options.listen);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  if (options.clientCa !== undefined && options.tlsCert === undefined) {
    throw new UsageError("--client-ca needs TLS: give --tls-cert and --tls-key too");
  }
  if (options.tlsCert === undefined && !isLoopbackHost(address.host)) {
    throw new UsageError(`refusing to serve cleartext HTTP on ${address.host}: give --tls-cert and --tls-key (plain HTTP is for loopback only)`);
  }
  const basicAuth = resolveBasicCredentials(options.basicAuth);
  const tls =
    options.tlsCert === undefined || options.tlsKey === undefined
      ? undefined
      : {
          cert: readPemFile(options.tlsCert, "--tls-cert"),
          key: readPemFile(options.tlsKey, "--tls-key"),
          ...(options.clientCa === undefined ? {} : { clientCa: readPemFile(options.clientCa, "--client-ca") }),
        };
  // Loaded here, not at start-up: node:https and the receiver cost every other command ~0.1 s.
  const { NdjsonFileStore, StreamStore } = await import("../../transport/message-store.js");
  const { startReceiver } = await import("../../transport/receiver.js");
  const store: MessageStore = options.out === undefined ? new StreamStore(process.stdout) : new NdjsonFileStore(options.out);
  const receiver = await startReceiver({
    host: address.host,
    port: address.port,
    maxBodyBytes: parseByteCount(options.maxBody, "--max-body"),
    store,
    ...(tls === undefined ? {} : { tls }),
    ...(basicAuth === undefined ? {} : { basicAuth }),
  });
  process.stderr.write(
    `idmefv2 serve: listening on ${receiver.url}` +
      `${tls?.clientCa === undefined ? "" : " (client certificates required)"}` +
      `${basicAuth === undefined ? "" : " (basic auth required)"}\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  process.stderr.write(`idmefv2 serve: ${signal}: finishing requests in progress and flushing\n`);
  const stats = await receiver.close();
  process.stderr.write(`idmefv2 serve: stopped; ${formatReceiverStats(stats)}\n`);
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
    .option("--max-body <bytes>", "largest message accepted (413 above it); suffix K or M allowed", "1M")
    .action(async (options: ServeOptions) => {
      await serve(options);
    });
}
