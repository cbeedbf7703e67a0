// `idmefv2 detect FILE`: the detected format and how sure it is (exit 2 when unknown or ambiguous).
import type { Command } from "commander";
import { builtinConverters } from "../../converters/index.js";
import { loadRegistry } from "../../framework/config.js";
import { detectFormat, readFileSample, scoreSample } from "../../framework/detect.js";
import { existsSync, statSync } from "node:fs";
import { UsageError } from "../exit-codes.js";

export function registerDetectCommand(program: Command): void {
  program
    .command("detect")
    .description("detect the format of a file from its first 64 KiB")
    .argument("<file>", "the file to look at")
    .option("-c, --config <file>", "config file (default: search from the current folder up)")
    .option("--json", "print every format's score as JSON")
    .action(async (file: string, options: { config?: string; json?: boolean }) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`cannot read ${file}: no such file`);
      const { registry } = await loadRegistry(options.config !== undefined ? { configFile: options.config } : {}, builtinConverters);
      const sample = readFileSample(file);
      if (options.json === true) {
        process.stdout.write(JSON.stringify({ file, scores: scoreSample(sample, registry) }, null, 2) + "\n");
      }
      const detection = detectFormat(sample, registry, file);
      if (options.json !== true) {
        process.stdout.write(`${file}: ${detection.entry.converter.format} (confidence ${detection.score.toFixed(2)})\n`);
      }
    });
}
