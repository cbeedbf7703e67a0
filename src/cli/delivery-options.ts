// The `--to URL` family of options shared by `convert` and `listen`: HTTPS delivery with a spool.
import { Option, type Command } from "commander";
import type { MessageSink, RejectSink } from "../framework/sinks.js";
import { BASIC_AUTH_ENV, resolveBasicCredentials } from "../transport/basic-auth.js";
import type { DeliveryStats } from "../transport/client.js";
import { DeliverySink } from "../transport/delivery-sink.js";
import { parseDeliveryUrl } from "../transport/endpoint.js";
import { defaultSpoolDir } from "../transport/spool-location.js";
import { DEFAULT_SPOOL_MAX_BYTES } from "../transport/spool.js";
import { DEFAULT_MAX_IN_FLIGHT } from "../transport/client-config.js";
import { parseByteCount } from "./byte-count.js";
import { readPemFile } from "../transport/tls-files.js";
import { isNatsUrl, parseNatsUrl } from "../transport/nats/nats-url.js";
import { JetStreamMessageSink, type JetStreamSinkStats } from "../transport/nats/jetstream-sink.js";
import { EXIT_DELIVERY_HALTED, UsageError } from "./exit-codes.js";

export interface DeliveryFlags {
  to?: string;
  spool?: string;
  basicAuth?: string;
  tlsCert?: string;
  tlsKey?: string;
  ca?: string;
  maxInFlight?: string;
  timeout?: string;
  drainTimeout?: string;
  fsyncInterval?: string;
  spoolMaxBytes?: string;
}

const DELIVERY_HELP_GROUP = "Delivery to a SIEM over HTTPS (with --to):";

/** Adds the delivery options to a command, in their own help group; they do nothing unless --to is given. */
export function addDeliveryOptions(command: Command): Command {
  const options: [flags: string, description: string, defaultValue?: string][] = [
    [
      "--to <url>",
      "deliver each message by HTTPS POST to this receiver (http:// only to loopback), or publish it to NATS JetStream: nats://host:port/subject",
    ],
    ["--spool <dir>", "spool directory for messages not yet delivered (default: ~/.local/state/idmefv2/spool/<destination>)"],
    ["--basic-auth <user:password>", `HTTP Basic credentials (better: set ${BASIC_AUTH_ENV}, not visible in ps)`],
    ["--tls-cert <file>", "client certificate (PEM) for mutual TLS"],
    ["--tls-key <file>", "client private key (PEM) for mutual TLS"],
    ["--ca <file>", "CA bundle (PEM) that signs the receiver's certificate (default: system CAs)"],
    [
      "--max-in-flight <n>",
      `requests (https://) or publishes (nats://) in flight at most (default ${DEFAULT_MAX_IN_FLIGHT} for https://, 16 for nats://)`,
    ],
    ["--timeout <seconds>", "timeout of each HTTP attempt", "10"],
    ["--drain-timeout <seconds>", "at the end, how long to wait for pending messages before leaving them in the spool", "300"],
    ["--fsync-interval <ms>", "how often the spool is fsync'd (0: after every message)", "1000"],
    [
      "--spool-max-bytes <bytes>",
      "cap of the spool (k/M/G suffixes): at the cap, reading pauses until the receiver takes messages (listen: TCP senders are paused, UDP datagrams over its queue dropped and counted)",
      "1G",
    ],
  ];
  for (const [flags, description, defaultValue] of options) {
    const option = new Option(flags, description).helpGroup(DELIVERY_HELP_GROUP);
    command.addOption(defaultValue === undefined ? option : option.default(defaultValue));
  }
  return command;
}

function positiveNumber(text: string | undefined, flag: string, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a ${allowZero ? "non-negative" : "positive"} number`);
  }
  return value;
}

/** The options only HTTPS delivery takes (a NATS destination refuses them). */
const HTTPS_ONLY = ["spool", "basicAuth", "tlsCert", "tlsKey", "ca"] as const;

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * The JetStream sink of `--to nats://host:port/subject`, connecting now (call `ready()` before
 * reading); undefined when --to names no NATS destination. `--max-in-flight` bounds the publishes
 * awaiting their PubAck, `--timeout` is each attempt's, `--drain-timeout` how long a publish keeps
 * retrying (a broker restart) before the run stops.
 */
export function natsSinkFromFlags(flags: DeliveryFlags): JetStreamMessageSink | undefined {
  if (flags.to === undefined || !isNatsUrl(flags.to)) return undefined;
  const stray = HTTPS_ONLY.filter((key) => flags[key] !== undefined);
  if (stray.length > 0)
    throw new UsageError(
      `${stray.map(flagName).join(", ")}: only for HTTPS delivery; --to ${flags.to} publishes to NATS JetStream (no spool: a message counts once JetStream acknowledged it)`,
    );
  const destination = parseNatsUrl(flags.to, "--to");
  return JetStreamMessageSink.connect(destination, {
    maxInFlight: Math.floor(positiveNumber(flags.maxInFlight, "--max-in-flight", 16)),
    timeoutMs: positiveNumber(flags.timeout, "--timeout", 10) * 1000,
    retryForMs: positiveNumber(flags.drainTimeout, "--drain-timeout", 300, true) * 1000,
  });
}

/** The NATS books, one line. */
export function formatNatsStats(stats: JetStreamSinkStats): string {
  const duplicates = stats.duplicates > 0 ? ` (${stats.duplicates} already there: stored once)` : "";
  const failed = stats.failed > 0 ? `, FAILED ${stats.failed}${stats.lastError !== undefined ? ` (${stats.lastError.message})` : ""}` : "";
  return `nats: ${stats.acknowledged} message(s) acknowledged by JetStream on ${stats.destination}${duplicates}, retried ${stats.retries}${failed}`;
}

/** Builds the HTTPS delivery sink from the flags, or returns undefined when --to is absent or names NATS. */
export function deliverySinkFromFlags(
  flags: DeliveryFlags,
  rejects: RejectSink | undefined,
  onNotice: (text: string) => void = (text) => process.stderr.write(`idmefv2: ${text}\n`),
): DeliverySink | undefined {
  if (flags.to === undefined) {
    const stray = HTTPS_ONLY.filter((key) => flags[key] !== undefined);
    if (stray.length > 0) throw new UsageError(`delivery options need --to <url> (given: ${stray.map(flagName).join(", ")})`);
    return undefined;
  }
  if (isNatsUrl(flags.to)) return undefined;
  const url = parseDeliveryUrl(flags.to);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UsageError("--tls-cert and --tls-key go together");
  const basicAuth = resolveBasicCredentials(flags.basicAuth);
  const tls = {
    ...(flags.tlsCert === undefined ? {} : { cert: readPemFile(flags.tlsCert, "--tls-cert") }),
    ...(flags.tlsKey === undefined ? {} : { key: readPemFile(flags.tlsKey, "--tls-key") }),
    ...(flags.ca === undefined ? {} : { ca: readPemFile(flags.ca, "--ca") }),
  };
  return new DeliverySink({
    url,
    spool: {
      dir: flags.spool ?? defaultSpoolDir(url),
      fsyncIntervalMs: positiveNumber(flags.fsyncInterval, "--fsync-interval", 1000, true),
      maxBytes: flags.spoolMaxBytes === undefined ? DEFAULT_SPOOL_MAX_BYTES : parseByteCount(flags.spoolMaxBytes, "--spool-max-bytes"),
    },
    tls,
    maxInFlight: Math.floor(positiveNumber(flags.maxInFlight, "--max-in-flight", DEFAULT_MAX_IN_FLIGHT)),
    timeoutMs: positiveNumber(flags.timeout, "--timeout", 10) * 1000,
    drainTimeoutMs: positiveNumber(flags.drainTimeout, "--drain-timeout", 300, true) * 1000,
    onNotice,
    ...(basicAuth === undefined ? {} : { basicAuth }),
    ...(rejects === undefined ? {} : { rejects }),
  });
}

/** The delivery books, one line: recovered + spooled = sent + rejected + pending. */
export function formatDeliveryStats(stats: DeliveryStats): string {
  const pending = stats.pending > 0 ? ` (left in ${stats.spoolDir}; the next run with the same --to/--spool delivers them)` : "";
  const recovered = stats.recovered > 0 ? `recovered ${stats.recovered} from the spool, ` : "";
  const corrupt = stats.corrupt > 0 ? `, ${stats.corrupt} unreadable spool line(s) copied to ${stats.spoolDir}/corrupt.log` : "";
  const halted = stats.halted === undefined ? "" : `; stopped: ${stats.halted}`;
  const full =
    stats.spoolFull > 0
      ? `; the spool reached its cap (--spool-max-bytes ${stats.spoolMaxBytes}) ${stats.spoolFull} time(s): input was paused until the receiver took messages`
      : "";
  return `delivery: ${recovered}spooled ${stats.spooled}, sent ${stats.sent}, retried ${stats.retried}, rejected ${stats.rejected}, pending ${stats.pending}${pending}${corrupt}${full}${halted}`;
}

/**
 * The message sink of a command given --to: the delivery alone, or the delivery plus a copy (when
 * --out is given as well). Writes go to both; flush and close too, the delivery first.
 */
export function deliveryMessageSink(delivery: MessageSink, copy: MessageSink | undefined): MessageSink {
  if (copy === undefined) return delivery;
  return {
    async write(message, origin) {
      await delivery.write(message, origin);
      await copy.write(message, origin);
    },
    async flush() {
      await delivery.flush?.();
      await copy.flush?.();
    },
    async close() {
      try {
        await delivery.close?.();
      } finally {
        await copy.close?.();
      }
    },
  };
}

/** The exit code a command given --to ends with when delivery stopped on its setup, else undefined. */
export function deliveryExitCode(delivery: DeliverySink | undefined): number | undefined {
  return delivery?.stats().halted === undefined ? undefined : EXIT_DELIVERY_HALTED;
}

/** True when the delivery left work undone: messages refused by the receiver, or still spooled. */
export function deliveryIncomplete(delivery: DeliverySink | undefined): boolean {
  if (delivery === undefined) return false;
  const stats = delivery.stats();
  return stats.rejected > 0 || stats.pending > 0;
}
