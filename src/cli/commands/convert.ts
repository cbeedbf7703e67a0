// `idmefv2 convert`: wires inputs, a converter (given or detected), the pipeline and its sinks.
import type { Command } from "commander";
import { builtinConverters } from "../../converters/index.js";
import type { Converter } from "../../core/converter.js";
import { DEFAULT_VERSION } from "../../core/versions.js";
import { Accounting, sum, type RunStats } from "../../framework/accounting.js";
import { METRICS_FLAG, METRICS_HELP, metricsFromFlag, runMetrics } from "../metrics-flag.js";
import { checkConverterOptions } from "../../framework/check-options.js";
import { loadRegistry } from "../../framework/config.js";
import { configSource } from "../config-flag.js";
import { openInputs } from "../../io/open-inputs.js";
import type { Commit } from "../../framework/pipeline.js";
import { runParallelPipeline } from "../../io/worker-pool/parallel-pipeline.js";
import { JOBS_FLAG, JOBS_HELP, independentInputBytes, jobsFor } from "../jobs-flag.js";
import type { OutputFailure } from "../../io/output-failure.js";
import { ProgressBar } from "../../framework/progress.js";
import type { PipelineInput } from "../../framework/sources.js";
import { setUpFollow } from "../convert-follow.js";
import { EXIT_IO_ERROR, EXIT_OK, EXIT_REJECTS, UsageError } from "../exit-codes.js";
import { parseByteCount } from "../byte-count.js";
import { collectRepeated, optionsForFormat, parseOptionPairs } from "../converter-options.js";
import {
  addDeliveryOptions,
  deliveryExitCode,
  deliveryIncomplete,
  formatDeliveryStats,
  formatNatsStats,
  type DeliveryFlags,
} from "../delivery-options.js";
import { checkRunOutputs, openRunOutputs, targetVersion } from "../run-outputs.js";

export interface ConvertCommandOptions extends DeliveryFlags {
  readonly from?: string;
  readonly config?: string | false;
  readonly targetVersion?: string;
  readonly out?: string;
  readonly rejects?: string;
  readonly stats?: boolean;
  readonly option?: readonly string[];
  readonly maxRecordBytes?: string;
  readonly progress?: boolean;
  readonly follow?: boolean;
  readonly state?: string;
  readonly metrics?: string;
  readonly jobs?: string;
}

export function registerConvertCommand(program: Command): void {
  const command = program
    .command("convert")
    .description("convert records (Suricata EVE, syslog, IDMEF v1, plugin formats) to IDMEFv2 NDJSON")
    .argument("[files...]", 'input files, folders (their files, recursively) or patterns ("logs/*.log"); none or "-" reads stdin')
    .option("-f, --from <format>", 'input format, or "auto" to detect it per file (default: auto)')
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
    .option("--stats", "print the run's accounting as JSON on stderr instead of the text summary")
    .option(
      "-O, --option <key=value>",
      "a converter option, repeatable: key=value for every format, format.key=value for one (value parsed as JSON when it can be); adds to the config's options",
      collectRepeated,
    )
    .option("--max-record-bytes <n>", "longest line or XML element accepted, in bytes (k/M suffixes) (default: 1M)")
    .option("--no-progress", "no progress bar, even on a terminal")
    .option(
      "--follow",
      "keep reading the input files as they grow, like tail -F (rotation and truncation too); patterns (/var/log/*.log) pick up new files; stop with Ctrl-C or SIGTERM",
    )
    .option("--state <file>", "with --follow: keep every file's read position in this file, so a restart neither loses nor repeats records")
    .option(METRICS_FLAG, `with --follow: ${METRICS_HELP}`)
    .option(JOBS_FLAG, JOBS_HELP)
    .action(async (files: string[], options: ConvertCommandOptions) => {
      process.exitCode = await convertCommand(files, options);
    });
  // Last, so that the delivery group comes after the command's own options in --help.
  addDeliveryOptions(command);
}

export async function convertCommand(files: readonly string[], options: ConvertCommandOptions): Promise<number> {
  const { loaded, registry } = await loadRegistry(configSource(options), builtinConverters);
  const version = targetVersion(options.targetVersion ?? loaded.config.version);
  const limits =
    options.maxRecordBytes !== undefined ? { maxRecordBytes: parseByteCount(options.maxRecordBytes, "--max-record-bytes") } : {};
  const cliOptions = parseOptionPairs(options.option ?? []);
  const optionsFor = (converter: Converter): Record<string, unknown> => ({
    ...(loaded.config.options[converter.format] ?? {}),
    ...optionsForFormat(cliOptions, converter),
  });
  const fixed = options.from !== undefined && options.from !== "auto" ? registry.get(options.from) : undefined;
  const follow = setUpFollow(files, options, fixed, optionsFor, (notice) => void process.stderr.write(`idmefv2: ${notice}\n`), registry, {
    sources: loaded.config.follow ?? [],
    configFile: loaded.filepath,
  });
  if (options.metrics !== undefined && follow === undefined) throw new UsageError("--metrics is for long runs: give --follow too");
  const opened =
    follow === undefined
      ? await openInputs(files.length > 0 ? files : ["-"], {
          registry,
          ...(fixed !== undefined ? { converter: fixed } : {}),
          optionsFor,
          onNotice: (notice) => void process.stderr.write(`idmefv2: ${notice}\n`),
        })
      : undefined;
  const inputs = follow?.inputs ?? opened!;
  const listed = Array.isArray(inputs) ? inputs : undefined;
  // With no input left (every file empty), the run converts nothing: any converter will do.
  const first: PipelineInput | undefined = listed?.[0];
  const totalBytes = listed?.every((i) => i.size !== undefined) === true ? listed.reduce((n, i) => n + (i.size ?? 0), 0) : undefined;
  // The default thread count looks only at inputs whose records convert independently.
  const independentBytes = listed === undefined ? undefined : independentInputBytes(listed, fixed);
  // A bad --jobs is a usage error before any output is opened.
  const jobs = jobsFor(options.jobs, independentBytes, follow !== undefined);

  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  // Every converter checks its options before any output is opened: a wrong option must not
  // truncate an existing output file.
  // Files that appear during a follow run may be of any format: every one is checked.
  const checked =
    listed?.map((input) => input.converter ?? fixed!) ??
    (fixed !== undefined ? [fixed] : registry.entries().map((entry) => entry.converter));
  for (const converter of checked)
    checkConverterOptions(converter, listed?.find((i) => i.converter === converter)?.options ?? optionsFor(converter));
  // A follow run resumes where the state file says: its outputs are cut back to the lengths that
  // match that position, so records converted after it (and converted again now) appear once.
  const outputSetup = {
    append: follow !== undefined,
    inputFiles: follow?.files ?? files,
    ...(options.state !== undefined ? { stateFile: options.state } : {}),
  };
  checkRunOutputs(options, outputSetup);
  const saved = await follow?.resume();
  const outputs = openRunOutputs(
    options,
    { ...outputSetup, ...(saved?.outputs !== undefined ? { resumeFrom: saved.outputs } : {}) },
    stderr,
  );
  // A NATS server that cannot be reached stops the run before anything is read (exit 3).
  await outputs.nats?.ready();
  if (follow !== undefined && options.state !== undefined && saved === undefined) {
    // Killed before its first commit, the next run must still cut what this one wrote.
    const lengths = await outputs.commitFiles();
    if (lengths !== undefined) await follow.saveStartingPoint(lengths);
  }
  // An output that cannot be written (full disk) stops reading; the books are still printed.
  const stopReading = new AbortController();
  outputs.failure.onFailure(() => {
    stopReading.abort();
    follow?.stop();
  });
  // SIGHUP (logrotate's postrotate) reopens the output files; a follow run keeps going.
  const onHangUp = (): void => {
    stderr("idmefv2: SIGHUP: reopening the output files");
    void outputs.reopenFiles();
  };
  if (follow !== undefined) process.on("SIGHUP", onHangUp);
  const { rejectsPath, delivery } = outputs;
  // A follow run told to stop spools what it already read even at the spool's cap, rather than
  // wait there for the receiver: nothing is lost, and the overshoot is at most one read chunk.
  follow?.signal.addEventListener("abort", () => delivery?.liftSpoolCap(), { once: true });
  const bar =
    options.progress !== false && follow === undefined && process.stderr.isTTY === true
      ? new ProgressBar({ write: (text) => void process.stderr.write(text), ...(totalBytes !== undefined ? { totalBytes } : {}) })
      : undefined;

  const accounting = new Accounting();
  const metrics = await metricsFromFlag(options.metrics, () => runMetrics(accounting, outputs), stderr, "idmefv2");
  let report;
  try {
    report = await runParallelPipeline({
      jobs,
      config: loaded,
      registry,
      accounting,
      converter: first?.converter ?? fixed ?? registry.entries()[0]!.converter,
      inputs,
      version,
      ...(loaded.config.defaults !== undefined ? { defaults: loaded.config.defaults } : {}),
      options: first?.options ?? {},
      limits,
      sinks: outputs.sinks,
      ...(bar !== undefined ? { onProgress: (p: { bytes: number; records: number }) => bar.update(p.bytes, p.records) } : {}),
      signal: follow !== undefined ? AbortSignal.any([follow.signal, stopReading.signal]) : stopReading.signal,
      ...(follow?.atOnce === true ? { inputsAtOnce: { stop: () => follow.stop() } } : {}),
      ...(follow !== undefined
        ? {
            onCommit: async (commit: Commit) => {
              // Fsync'd first; nothing is committed once an output failed (a restart redoes it).
              const lengths = await outputs.commitFiles();
              if (lengths !== undefined) await follow.onCommit(commit, lengths);
            },
          }
        : {}),
    });
  } catch (error) {
    process.off("SIGHUP", onHangUp);
    follow?.dispose();
    await metrics?.close();
    bar?.finish();
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return EXIT_OK; // the reader went away (| head)
    throw error;
  }
  process.off("SIGHUP", onHangUp);
  follow?.dispose();
  bar?.finish();
  await metrics?.close();
  outputs.reportHiddenWarnings();
  const stats = report.stats;
  if (options.stats === true) {
    stderr(
      JSON.stringify({
        ...stats,
        balanced: report.balanced,
        out: options.out ?? "-",
        rejects: rejectsPath ?? "stderr",
        ...(delivery !== undefined ? { delivery: delivery.stats() } : {}),
        ...(outputs.nats !== undefined ? { nats: outputs.nats.stats() } : {}),
      }),
    );
  } else {
    stderr(summary(stats, options.out ?? options.to, rejectsPath));
    if (delivery !== undefined) stderr(`idmefv2: ${formatDeliveryStats(delivery.stats())}`);
    if (outputs.nats !== undefined) stderr(`idmefv2: ${formatNatsStats(outputs.nats.stats())}`);
  }
  if (!report.balanced) throw new Error(`accounting does not balance: ${JSON.stringify(stats)}`);
  if (outputs.failure.failed) {
    stderr(outputFailureLines(outputs.failure, follow !== undefined));
    // A spool full because delivery stopped on its setup is that setup's fault (exit 3), not the disk's.
    return deliveryExitCode(delivery) ?? EXIT_IO_ERROR;
  }
  return deliveryExitCode(delivery) ?? (sum(stats.rejected) > 0 || deliveryIncomplete(delivery) ? EXIT_REJECTS : EXIT_OK);
}

function counts(record: Readonly<Record<string, number>>): string {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} ${reason}`)
    .join(", ");
}

/** The text summary on stderr: the books, and where the rejects went. */
export function summary(stats: RunStats, out: string | undefined, rejectsPath: string | undefined): string {
  const skipped = sum(stats.skipped);
  const rejected = sum(stats.rejected);
  const lines = [
    `idmefv2: read ${stats.read} record(s) from ${stats.files} input(s): ${stats.converted} converted (${stats.messages} message(s) to ${out === undefined || out === "-" ? "stdout" : out}), ` +
      `${skipped} skipped, ${rejected} rejected`,
  ];
  if (skipped > 0) lines.push(`idmefv2: skipped: ${counts(stats.skipped)}`);
  if (rejected > 0)
    lines.push(
      `idmefv2: rejected: ${counts(stats.rejected)} (${rejectsPath !== undefined ? `records in ${rejectsPath}` : "listed above"})`,
    );
  if (stats.warnings > 0) lines.push(`idmefv2: ${stats.warnings} warning(s)`);
  return lines.join("\n");
}

/** What the books cannot say alone when an output failed: which file, why, and what is missing. */
export function outputFailureLines(failure: OutputFailure, follow: boolean): string {
  const lines = [`idmefv2: ${failure.error?.message ?? "an output failed"}`];
  const missing = failure.unwrittenMessages + failure.unwrittenRejects;
  if (missing > 0) {
    lines.push(
      `idmefv2: ${failure.unwrittenMessages} message(s) and ${failure.unwrittenRejects} rejected record(s) counted above were not written` +
        (follow ? "; the saved position is before them, so the next run converts them again" : ""),
    );
  }
  return lines.join("\n");
}
