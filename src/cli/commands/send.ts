// `idmefv2 send --to URL [FILE...|-]`: delivers IDMEFv2 messages already made (each checked against
// its own Version, or translated with --target-version) through the client, spool, retries and
// rejects of `convert --to`. `send --to URL --spool DIR` with no file drains what an earlier run left.
import type { Command } from "commander";
import { loadConfig } from "../../framework/config.js";
import { parseByteCount } from "../byte-count.js";
import { configSource } from "../config-flag.js";
import { addDeliveryOptions, deliveryIncomplete, formatDeliveryStats, formatNatsStats, type DeliveryFlags } from "../delivery-options.js";
import { EXIT_IO_ERROR, EXIT_OK, EXIT_REJECTS, UsageError } from "../exit-codes.js";
import { checkMessageInputs, runMessages } from "../message-run.js";
import { openRunOutputs, targetVersion } from "../run-outputs.js";
import { summary } from "./convert.js";

interface SendCommandOptions extends DeliveryFlags {
  readonly targetVersion?: string;
  readonly config?: string | false;
  readonly out?: string;
  readonly rejects?: string;
  readonly stats?: boolean;
  readonly maxRecordBytes: string;
}

export function registerSendCommand(program: Command): void {
  const command = program
    .command("send")
    .description(
      "deliver IDMEFv2 messages (JSON, NDJSON, pretty-printed) to a receiver over HTTPS, with the spool and retries of convert --to, or to NATS JetStream (--to nats://host:port/subject)",
    )
    .argument("[files...]", 'message files; none or "-" reads stdin (with --spool and no file: only drain the spool)')
    .option("-t, --target-version <version>", "translate every message to this draft first (default: each is sent in its own draft)")
    .option("-c, --config <file>", 'config file, for its "defaults" (default: search from the current folder up)')
    .option("--no-config", "use no config file")
    .option("-o, --out <file>", "also write the messages sent to this file")
    .option("--rejects <file>", "write rejected messages here as JSON lines (default: <out>.rejects.ndjson, else listed on stderr)")
    .option("--stats", "print the run's accounting as JSON on stderr instead of the text summary")
    .option("--max-record-bytes <n>", "longest message accepted, in bytes (k/M suffixes)", "16M")
    .action(async (files: string[], options: SendCommandOptions) => {
      process.exitCode = await sendCommand(files, options);
    });
  addDeliveryOptions(command);
}

export async function sendCommand(files: readonly string[], options: SendCommandOptions): Promise<number> {
  if (options.to === undefined) throw new UsageError("send needs --to <url>: the receiver to deliver to");
  const to = options.targetVersion === undefined ? undefined : targetVersion(options.targetVersion);
  const maxRecordBytes = parseByteCount(options.maxRecordBytes, "--max-record-bytes");
  const loaded = await loadConfig(configSource(options));
  // With --spool and no file, the run only delivers what an earlier run left in that spool.
  const inputs = files.length === 0 ? (options.spool !== undefined ? [] : ["-"]) : files;
  checkMessageInputs(inputs);
  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  const outputs = openRunOutputs(options, { append: false, inputFiles: inputs.filter((f) => f !== "-") }, stderr);
  await outputs.nats?.ready();
  const report = await runMessages(inputs, { to, defaults: loaded.config.defaults, maxRecordBytes, sinks: outputs.sinks });
  outputs.reportHiddenWarnings();
  const { delivery, nats } = outputs;
  if (options.stats === true) {
    stderr(
      JSON.stringify({
        ...report.stats,
        balanced: report.balanced,
        rejects: outputs.rejectsPath ?? "stderr",
        ...(delivery !== undefined ? { delivery: delivery.stats() } : {}),
        ...(nats !== undefined ? { nats: nats.stats() } : {}),
      }),
    );
  } else {
    stderr(summary(report.stats, options.out ?? options.to, outputs.rejectsPath).replace(" converted (", " accepted ("));
    if (delivery !== undefined) stderr(`idmefv2: ${formatDeliveryStats(delivery.stats())}`);
    if (nats !== undefined) stderr(`idmefv2: ${formatNatsStats(nats.stats())}`);
  }
  if (!report.balanced) throw new Error(`accounting does not balance: ${JSON.stringify(report.stats)}`);
  if (outputs.failure.failed) {
    stderr(`idmefv2: ${outputs.failure.error?.message ?? "an output failed"}`);
    return EXIT_IO_ERROR;
  }
  return Object.keys(report.stats.rejected).length > 0 || deliveryIncomplete(delivery) ? EXIT_REJECTS : EXIT_OK;
}
