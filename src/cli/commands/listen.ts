// `idmefv2 listen`: receives live syslog over UDP/TCP and converts it like `convert` does.
import type { Command } from "commander";
import { builtinConverters } from "../../converters/index.js";
import { DEFAULT_VERSION } from "../../core/versions.js";
import { checkConverterOptions } from "../../framework/check-options.js";
import { loadRegistry } from "../../framework/config.js";
import { configSource } from "../config-flag.js";
import { formatListenAddress, parseListenAddress } from "../../io/listen-address.js";
import { DEFAULT_MAX_FRAME_BYTES, startSyslogListener, type ListenerStats } from "../../io/syslog-listener/index.js";
import { EXIT_IO_ERROR, EXIT_OK, UsageError } from "../exit-codes.js";
import { parseByteCount } from "../byte-count.js";
import { positiveInteger, positiveSeconds } from "../number-flags.js";
import { collectRepeated, optionsForFormat, parseOptionPairs } from "../converter-options.js";
import { addDeliveryOptions, deliveryExitCode, formatDeliveryStats, formatNatsStats, type DeliveryFlags } from "../delivery-options.js";
import { openRunOutputs, targetVersion } from "../run-outputs.js";
import { Accounting } from "../../framework/accounting.js";
import { METRICS_FLAG, METRICS_HELP, metricsFromFlag, runMetrics } from "../metrics-flag.js";
import { outputFailureLines, summary } from "./convert.js";

export interface ListenCommandOptions extends DeliveryFlags {
  readonly from: string;
  readonly udp?: readonly string[];
  readonly tcp?: readonly string[];
  readonly config?: string | false;
  readonly targetVersion?: string;
  readonly out?: string;
  readonly rejects?: string;
  readonly stats?: boolean;
  readonly option?: readonly string[];
  readonly maxFrameBytes?: string;
  readonly udpRcvbuf?: string;
  readonly metrics?: string;
  readonly maxConnections?: string;
  readonly maxConnectionsPerAddress?: string;
  readonly idleTimeout?: string;
  readonly firstMessageTimeout?: string;
  readonly queueBytes?: string;
}

export function registerListenCommand(program: Command): void {
  const command = program
    .command("listen")
    .description("receive syslog over UDP and TCP (RFC 5426, RFC 6587) and convert each message to IDMEFv2 NDJSON")
    .option("-f, --from <format>", "format of the received lines (a line-based converter)", "syslog")
    .option(
      "--udp <host:port>",
      "receive UDP datagrams here: 127.0.0.1:5514, [::1]:5514, 0.0.0.0:514, :5514 (loopback), udp://... (repeatable; port 0 picks a free port)",
      collectRepeated,
    )
    .option(
      "--tcp <host:port>",
      "accept TCP connections here, octet-counted or newline-framed; same forms, tcp://... (repeatable)",
      collectRepeated,
    )
    .option("-c, --config <file>", "config file (default: search for idmefv2 config from the current folder up)")
    .option("--no-config", "use no config file: built-in formats and default options only")
    .option(
      "-t, --target-version <version>",
      `IDMEFv2 version to translate to (converters produce 2.D.V08) and validate against (default: config's, else ${DEFAULT_VERSION})`,
    )
    .option("-o, --out <file>", "write messages to this file (default: stdout)")
    .option(
      "--rejects <file>",
      "write rejected records here as JSON lines (default: <out>.rejects.ndjson; with stdout output, listed on stderr)",
    )
    .option("--stats", "print the accounting as JSON on stderr when stopped, instead of the text summary")
    .option(
      "-O, --option <key=value>",
      "a converter option, repeatable: key=value, or format.key=value (value parsed as JSON when it can be); adds to the config's options",
      collectRepeated,
    )
    .option("--max-frame-bytes <n>", `longest message accepted (default ${DEFAULT_MAX_FRAME_BYTES})`)
    .option(
      "--queue-bytes <bytes>",
      "received messages held for conversion at most (k/M suffixes; default 8M): beyond it TCP senders are paused and UDP datagrams dropped, counted",
    )
    .option(
      "--udp-rcvbuf <bytes>",
      "receive buffer of each UDP socket (k/M suffixes; capped by net.core.rmem_max): a larger one rides out bursts",
    )
    .option(
      "--max-connections <n>",
      "TCP connections held at once (default 512); past it, the idlest connection of the address holding the most is closed",
    )
    .option(
      "--max-connections-per-address <n>",
      "TCP connections from one address (an IPv6 /64 counts as one) at once (default 64); past it, that address's idlest one is closed",
    )
    .option("--idle-timeout <seconds>", "close a TCP connection silent this long (default 60; senders reconnect when they next send)")
    .option(
      "--first-message-timeout <seconds>",
      "close a TCP connection that sent no whole message this long after connecting (default 10)",
    )
    .option(METRICS_FLAG, METRICS_HELP)
    .action(async (options: ListenCommandOptions) => {
      process.exitCode = await listenCommand(options);
    });
  // Last, so that the delivery group comes after the command's own options in --help.
  addDeliveryOptions(command);
}

export async function listenCommand(options: ListenCommandOptions): Promise<number> {
  if ((options.udp ?? []).length === 0 && (options.tcp ?? []).length === 0) {
    throw new UsageError("give at least one --udp or --tcp address, e.g. --udp 127.0.0.1:5514");
  }
  // Checked here too, before the config and plugins load, so that errors name the flag.
  for (const text of options.udp ?? []) parseListenAddress(text, { label: "--udp", schemes: ["udp"] });
  for (const text of options.tcp ?? []) parseListenAddress(text, { label: "--tcp", schemes: ["tcp"] });
  const { loaded, registry } = await loadRegistry(configSource(options), builtinConverters);
  const converter = registry.get(options.from);
  if (converter.input !== "lines") {
    throw new UsageError(`--from ${options.from}: the listener needs a line-based format (input "lines"), not "${converter.input}"`);
  }
  const version = targetVersion(options.targetVersion ?? loaded.config.version);
  let maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  if (options.maxFrameBytes !== undefined) {
    maxFrameBytes = Number(options.maxFrameBytes);
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 16)
      throw new UsageError(`--max-frame-bytes must be a whole number of bytes >= 16, got "${options.maxFrameBytes}"`);
  }
  const queueBytes = options.queueBytes !== undefined ? parseByteCount(options.queueBytes, "--queue-bytes") : undefined;
  const udpReceiveBufferBytes = options.udpRcvbuf !== undefined ? parseByteCount(options.udpRcvbuf, "--udp-rcvbuf") : undefined;
  const tcpLimits = {
    ...(options.maxConnections !== undefined ? { maxConnections: positiveInteger(options.maxConnections, "--max-connections") } : {}),
    ...(options.maxConnectionsPerAddress !== undefined
      ? { maxConnectionsPerPeer: positiveInteger(options.maxConnectionsPerAddress, "--max-connections-per-address") }
      : {}),
    ...(options.idleTimeout !== undefined ? { idleTimeoutMs: positiveSeconds(options.idleTimeout, "--idle-timeout") } : {}),
    ...(options.firstMessageTimeout !== undefined
      ? { firstMessageTimeoutMs: positiveSeconds(options.firstMessageTimeout, "--first-message-timeout") }
      : {}),
  };
  const converterOptions = {
    ...(loaded.config.options[converter.format] ?? {}),
    ...optionsForFormat(parseOptionPairs(options.option ?? []), converter),
  };

  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  // Options and outputs are checked before the sockets open: a listener that started would
  // otherwise take messages it cannot convert or write.
  checkConverterOptions(converter, converterOptions);
  const outputs = openRunOutputs(options, { append: true, inputFiles: [] }, stderr);
  const { rejectsPath, delivery } = outputs;
  await outputs.nats?.ready();
  const accounting = new Accounting();
  const metrics = await metricsFromFlag(options.metrics, () => runMetrics(accounting, outputs), stderr, "idmefv2 listen");

  const listener = await startSyslogListener({
    ...(options.udp !== undefined ? { udp: options.udp } : {}),
    ...(options.tcp !== undefined ? { tcp: options.tcp } : {}),
    converter,
    converterOptions,
    version,
    ...(loaded.config.defaults !== undefined ? { defaults: loaded.config.defaults } : {}),
    sinks: outputs.sinks,
    accounting,
    maxFrameBytes,
    ...(udpReceiveBufferBytes !== undefined ? { udpReceiveBufferBytes } : {}),
    ...(queueBytes !== undefined ? { queueBytes } : {}),
    ...tcpLimits,
    onNotice: (message) => stderr(`idmefv2 listen: ${message}`),
  });
  // Tests and scripts read the bound ports from this line (port 0 means "any free port").
  stderr(`idmefv2 listen: listening on ${listener.addresses.map((a) => formatListenAddress(a, a.transport)).join(" ")}`);

  // SIGHUP (logrotate's postrotate) reopens the output files and the listener keeps running.
  const onHangUp = (): void => {
    stderr("idmefv2 listen: SIGHUP: reopening the output files");
    void outputs.reopenFiles();
  };
  process.on("SIGHUP", onHangUp);
  const reason = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    // An output that cannot be written (full disk, full spool) stops the listener: accepting more
    // would only take messages it cannot keep.
    outputs.failure.onFailure(() => resolve("an output cannot be written"));
  });
  process.off("SIGHUP", onHangUp);
  // What the listener already took (its queue, --queue-bytes at most) is spooled even at the
  // spool's cap: a stop must not wait for the receiver, nor drop what TCP senders were told is sent.
  delivery?.liftSpoolCap();
  stderr(
    `idmefv2 listen: ${reason}: ${outputs.failure.failed ? "no longer accepting; counting" : "converting"} what was received and flushing`,
  );
  const { pipeline, listener: received } = await listener.stop();
  await metrics?.close();
  outputs.reportHiddenWarnings();
  if (options.stats === true) {
    stderr(
      JSON.stringify({
        ...pipeline.stats,
        balanced: pipeline.balanced,
        listener: received,
        out: options.out ?? "-",
        rejects: rejectsPath ?? "stderr",
        ...(delivery !== undefined ? { delivery: delivery.stats() } : {}),
        ...(outputs.nats !== undefined ? { nats: outputs.nats.stats() } : {}),
      }),
    );
  } else {
    stderr(summary(pipeline.stats, options.out ?? options.to, rejectsPath));
    if (delivery !== undefined) stderr(`idmefv2: ${formatDeliveryStats(delivery.stats())}`);
    if (outputs.nats !== undefined) stderr(`idmefv2: ${formatNatsStats(outputs.nats.stats())}`);
    stderr(`idmefv2 listen: ${formatListenerStats(received)}`);
  }
  if (!pipeline.balanced) throw new Error(`accounting does not balance: ${JSON.stringify(pipeline.stats)}`);
  if (outputs.failure.failed) {
    stderr(outputFailureLines(outputs.failure, false));
    // A spool full because delivery stopped on its setup is that setup's fault (exit 3), not the disk's.
    return deliveryExitCode(delivery) ?? EXIT_IO_ERROR;
  }
  // A daemon stopped by SIGTERM/SIGINT stopped cleanly: exit 0, whatever it rejected or dropped on
  // the way (all of it is in the books above and in the rejects file), or systemd marks it failed.
  // Except when delivery stopped on its setup (certificates, credentials): nothing got through.
  return deliveryExitCode(delivery) ?? EXIT_OK;
}

export function formatListenerStats(stats: ListenerStats): string {
  return (
    `received ${stats.udpDatagrams} UDP datagram(s), ${stats.tcpFrames} TCP message(s) over ${stats.tcpConnections} connection(s)` +
    (stats.udpDropped > 0 ? `; DROPPED ${stats.udpDropped} UDP datagram(s): the pipeline fell behind` : "") +
    (stats.udpKernelDropped > 0
      ? `; the kernel DROPPED ${stats.udpKernelDropped} UDP datagram(s) before they were read (receive buffer full; raise --udp-rcvbuf)`
      : "") +
    (stats.tcpEvicted > 0 ? `; closed ${stats.tcpEvicted} idle TCP connection(s) to make room at the connection limits` : "") +
    (stats.tcpIdleClosed > 0 ? `; closed ${stats.tcpIdleClosed} idle TCP connection(s)` : "") +
    (stats.tcpSilentClosed > 0 ? `; closed ${stats.tcpSilentClosed} TCP connection(s) that sent no message in time` : "")
  );
}
