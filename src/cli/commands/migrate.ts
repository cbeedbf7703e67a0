// `idmefv2 migrate [--to V] [--out FILE] FILE...|-`: IDMEFv2 messages of any draft, translated to
// one draft (default 2.D.V08) as NDJSON, with rejects and books as `convert` keeps them.
import type { Command } from "commander";
import { DEFAULT_VERSION } from "../../core/versions.js";
import { loadConfig } from "../../framework/config.js";
import { parseByteCount } from "../byte-count.js";
import { configSource } from "../config-flag.js";
import { EXIT_OK, EXIT_REJECTS } from "../exit-codes.js";
import { checkMessageInputs, runMessages } from "../message-run.js";
import { openRunOutputs, targetVersion } from "../run-outputs.js";
import { summary } from "./convert.js";

interface MigrateCommandOptions {
  readonly to?: string;
  readonly config?: string | false;
  readonly out?: string;
  readonly rejects?: string;
  readonly stats?: boolean;
  readonly maxRecordBytes: string;
}

export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("translate IDMEFv2 messages of any draft to another draft (docs/mapping-drafts.md), as NDJSON")
    .argument("[files...]", 'JSON, NDJSON or pretty-printed message files; none or "-" reads stdin')
    .option("-t, --to <version>", `the draft to translate to (default: ${DEFAULT_VERSION})`)
    .option("-c, --config <file>", 'config file, for its "defaults" (default: search from the current folder up)')
    .option("--no-config", "use no config file")
    .option("-o, --out <file>", "write messages to this file (default: stdout)")
    .option(
      "--rejects <file>",
      "write rejected messages here as JSON lines (default: <out>.rejects.ndjson; with stdout output, listed on stderr)",
    )
    .option("--stats", "print the run's accounting as JSON on stderr instead of the text summary")
    .option("--max-record-bytes <n>", "longest message accepted, in bytes (k/M suffixes)", "16M")
    .action(async (files: string[], options: MigrateCommandOptions) => {
      process.exitCode = await migrateCommand(files, options);
    });
}

export async function migrateCommand(files: readonly string[], options: MigrateCommandOptions): Promise<number> {
  const to = targetVersion(options.to);
  const maxRecordBytes = parseByteCount(options.maxRecordBytes, "--max-record-bytes");
  const loaded = await loadConfig(configSource(options));
  const inputs = files.length === 0 ? ["-"] : files;
  checkMessageInputs(inputs);
  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  // Not `options` itself: its --to is the target draft, where openRunOutputs reads a delivery URL.
  const flags = {
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(options.rejects !== undefined ? { rejects: options.rejects } : {}),
  };
  const outputs = openRunOutputs(flags, { append: false, inputFiles: inputs.filter((f) => f !== "-") }, stderr);
  const report = await runMessages(inputs, { to, defaults: loaded.config.defaults, maxRecordBytes, sinks: outputs.sinks });
  outputs.reportHiddenWarnings();
  if (options.stats === true)
    stderr(
      JSON.stringify({ ...report.stats, balanced: report.balanced, out: options.out ?? "-", rejects: outputs.rejectsPath ?? "stderr" }),
    );
  else stderr(summary(report.stats, options.out, outputs.rejectsPath).replace(" converted (", ` migrated to ${to} (`));
  if (!report.balanced) throw new Error(`accounting does not balance: ${JSON.stringify(report.stats)}`);
  return Object.keys(report.stats.rejected).length > 0 ? EXIT_REJECTS : EXIT_OK;
}
