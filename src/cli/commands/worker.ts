// `idmefv2 worker`: converts records from a NATS JetStream stream on a durable pull consumer,
// publishing messages and rejects back to JetStream; any number of workers share one durable.
import type { Command } from "commander";
import { builtinConverters } from "../../converters/index.js";
import type { Converter } from "../../core/converter.js";
import { DEFAULT_VERSION } from "../../core/versions.js";
import { checkConverterOptions } from "../../framework/check-options.js";
import { loadRegistry } from "../../framework/config.js";
import { TextRejectSink } from "../../framework/sinks.js";
import { parseByteCount } from "../byte-count.js";
import { configSource } from "../config-flag.js";
import { collectRepeated, optionsForFormat, parseOptionPairs } from "../converter-options.js";
import { EXIT_OK, UsageError } from "../exit-codes.js";
import { targetVersion } from "../run-outputs.js";
import { terminalSafe } from "../terminal-text.js";
import { summary } from "./convert.js";
import type { NatsWorker, WorkerStats } from "../../transport/nats/worker.js";
import { startMetricsServer } from "../../io/metrics/server.js";
import type { MetricsSnapshot } from "../../io/metrics/prometheus.js";

export interface WorkerCommandOptions {
  readonly nats?: string;
  readonly stream?: string;
  readonly subject?: string;
  readonly durable?: string;
  readonly from?: string;
  readonly outSubject?: string;
  readonly rejectsSubject?: string;
  readonly targetVersion?: string;
  readonly config?: string | false;
  readonly option?: readonly string[];
  readonly stats?: boolean;
  readonly ackWait: string;
  readonly batch: string;
  readonly maxRecordBytes?: string;
  readonly metrics?: string;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description(
      "convert records from a NATS JetStream stream (durable pull consumer, shared by every worker of the same --durable) and publish the IDMEFv2 messages to JetStream",
    )
    .option("--nats <url>", "the NATS server, nats://host:port")
    .option("--stream <name>", "the JetStream stream holding the input records")
    .option("--subject <subject>", "the input subject (filter of the consumer; wildcards allowed)")
    .option("--durable <name>", "the durable consumer: workers with the same name share the work")
    .option("-f, --from <format>", `format of inputs without a ${"Idmefv2-Format"} header (default: detected per message)`)
    .option("--out-subject <subject>", "where converted messages are published (Nats-Msg-Id = the message ID)")
    .option("--rejects-subject <subject>", "where rejected records are published as reject JSON (default: listed on stderr)")
    .option(
      "-t, --target-version <version>",
      `IDMEFv2 version to translate to and validate against (default: config's, else ${DEFAULT_VERSION})`,
    )
    .option("-c, --config <file>", "config file (default: search for idmefv2 config from the current folder up)")
    .option("--no-config", "use no config file: built-in formats and default options only")
    .option("-O, --option <key=value>", "a converter option, repeatable: key=value, or format.key=value", collectRepeated)
    .option("--stats", "print the books as JSON on stderr when stopped, instead of the text summary")
    .option(
      "--ack-wait <seconds>",
      "how long JetStream waits for an input's ack before redelivering it (a dead worker's inputs go to another after this); used when the durable is created",
      "30",
    )
    .option("--batch <n>", "inputs pulled at a time (and in hand at most)", "256")
    .option("--max-record-bytes <n>", "longest record accepted, in bytes (k/M suffixes) (default: 1M)")
    .option(
      "--metrics <host:port>",
      "serve Prometheus metrics on http://host:port/metrics (records by outcome, published, retries, last error)",
    )
    .action(async (options: WorkerCommandOptions) => {
      process.exitCode = await workerCommand(options);
    });
}

function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value === "") throw new UsageError(`worker needs ${flag} (e.g. ${flag} ${example})`);
  return value;
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a positive number`);
  return value;
}

export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const { parseNatsUrl, checkSubject } = await import("../../transport/nats/nats-url.js");
  const destination = parseNatsUrl(required(options.nats, "--nats", "nats://127.0.0.1:4222"), "--nats", { subjectRequired: false });
  if (destination.subject !== undefined)
    throw new UsageError(`--nats ${options.nats}: name the server only; the subjects are --subject and --out-subject`);
  const stream = required(options.stream, "--stream", "EVE");
  const subject = checkSubject(required(options.subject, "--subject", "eve.>"), "--subject", true);
  const durable = required(options.durable, "--durable", "idmefv2");
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(durable)) throw new UsageError(`--durable ${JSON.stringify(durable)}: letters, digits, - and _ only`);
  const outSubject = checkSubject(required(options.outSubject, "--out-subject", "idmef.alerts"), "--out-subject");
  const rejectsSubject = options.rejectsSubject === undefined ? undefined : checkSubject(options.rejectsSubject, "--rejects-subject");
  const ackWaitMs = positive(options.ackWait, "--ack-wait") * 1000;
  const batch = Math.floor(positive(options.batch, "--batch"));
  const limits =
    options.maxRecordBytes !== undefined ? { maxRecordBytes: parseByteCount(options.maxRecordBytes, "--max-record-bytes") } : undefined;

  const { loaded, registry } = await loadRegistry(configSource(options), builtinConverters);
  const version = targetVersion(options.targetVersion ?? loaded.config.version);
  const cliOptions = parseOptionPairs(options.option ?? []);
  const optionsCache = new Map<Converter, Readonly<Record<string, unknown>>>();
  // One options object per converter: the pipeline prepares each converter once per object.
  const optionsFor = (converter: Converter): Readonly<Record<string, unknown>> => {
    let cached = optionsCache.get(converter);
    if (cached === undefined) {
      cached = { ...(loaded.config.options[converter.format] ?? {}), ...optionsForFormat(cliOptions, converter) };
      optionsCache.set(converter, cached);
    }
    return cached;
  };
  const from = options.from !== undefined && options.from !== "auto" ? registry.get(options.from) : undefined;
  // Options are checked before connecting: for --from, and for every format the config configures.
  for (const entry of registry.entries()) {
    if (entry.converter === from || loaded.config.options[entry.converter.format] !== undefined)
      checkConverterOptions(entry.converter, optionsFor(entry.converter));
  }

  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  // Metrics first: a port that cannot be had is a usage error before anything connects.
  const live: { worker?: NatsWorker } = {};
  const metrics =
    options.metrics === undefined
      ? undefined
      : await startMetricsServer(options.metrics, () => (live.worker === undefined ? {} : workerMetrics(live.worker.stats())));
  if (metrics !== undefined) stderr(`idmefv2 worker: metrics on ${metrics.url}`);
  const { connectNats } = await import("../../transport/nats/connection.js");
  const { startNatsWorker } = await import("../../transport/nats/worker.js");
  const connection = await connectNats(destination.server, { name: `idmefv2 worker ${durable}` }).catch(async (error: unknown) => {
    await metrics?.close();
    throw error;
  });
  let warnings = 0;
  const worker = await startNatsWorker({
    connection,
    stream,
    subject,
    durable,
    outSubject,
    ...(rejectsSubject !== undefined
      ? { rejectsSubject }
      : { rejects: new TextRejectSink((line) => stderr(terminalSafe(`idmefv2 worker: ${line}`))) }),
    warnings: {
      write(warning) {
        if (++warnings <= 20) stderr(terminalSafe(`idmefv2 worker: ${warning.file}:${warning.line}: warning: ${warning.message}`));
      },
    },
    registry,
    ...(from !== undefined ? { from } : {}),
    optionsFor,
    version,
    ...(loaded.config.defaults !== undefined ? { defaults: loaded.config.defaults } : {}),
    ...(limits !== undefined ? { limits } : {}),
    ackWaitMs,
    batch,
  }).catch(async (error: unknown) => {
    // No stream, a durable of another subject: say so and let the process end.
    await connection.close();
    await metrics?.close();
    throw error;
  });
  live.worker = worker;
  // Scripts and tests wait for this line: the consumer is bound from here on.
  stderr(
    `idmefv2 worker: consuming ${stream} (${subject}) as ${durable} on ${destination.display}; messages to ${outSubject}${rejectsSubject !== undefined ? `, rejects to ${rejectsSubject}` : ""}`,
  );
  const reason = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    void worker.done.then(() => resolve("the consumer ended"));
  });
  stderr(`idmefv2 worker: ${reason}: finishing the inputs in hand`);
  const stats = await worker.stop();
  await connection.drain().catch(() => connection.close());
  await metrics?.close();
  if (options.stats === true) {
    stderr(JSON.stringify({ ...stats, balanced: balanced(stats) }));
  } else {
    stderr(summary(stats, outSubject, rejectsSubject).replace(/^idmefv2: /gm, "idmefv2 worker: "));
    stderr(`idmefv2 worker: ${formatWorkerStats(stats)}`);
  }
  if (!balanced(stats)) throw new Error(`accounting does not balance: ${JSON.stringify(stats)}`);
  // A worker stopped by a signal stopped cleanly, whatever it rejected (all of it published).
  return EXIT_OK;
}

function balanced(stats: WorkerStats): boolean {
  const total = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  return stats.read === stats.converted + total(stats.skipped) + total(stats.rejected);
}

export function formatWorkerStats(stats: WorkerStats): string {
  const gaveBack = stats.naked > 0 ? `, gave back ${stats.naked} (a publish failed: JetStream delivers them again)` : "";
  const redelivered = stats.redelivered > 0 ? `, ${stats.redelivered} came as redeliveries` : "";
  const duplicates = stats.publish.duplicates > 0 ? `; ${stats.publish.duplicates} output(s) JetStream already had (stored once)` : "";
  return `acked ${stats.acked} input(s)${gaveBack}${redelivered}; published ${stats.publish.acknowledged}, retried ${stats.publish.retries}${duplicates}`;
}

/** A worker's books as metrics: the pipeline's, published as delivered, and the inputs' fate. */
export function workerMetrics(stats: WorkerStats): MetricsSnapshot {
  return {
    books: stats,
    delivered: stats.publish.acknowledged,
    retries: stats.publish.retries,
    lastError: stats.publish.lastError,
    counters: {
      inputs_acked_total: { help: "Input messages acknowledged (every output acknowledged by JetStream).", value: stats.acked },
      inputs_given_back_total: { help: "Input messages given back (nak) after a failed publish.", value: stats.naked },
      inputs_redelivered_total: { help: "Input messages that came as redeliveries.", value: stats.redelivered },
      published_duplicates_total: {
        help: "Outputs JetStream already had (same Nats-Msg-Id): stored once.",
        value: stats.publish.duplicates,
      },
    },
  };
}
