// `idmefv2 detect FILE|-`: the detected format and how sure it is (exit 2 when unknown or ambiguous).
import type { Command } from "commander";
import { statSync } from "node:fs";
import { builtinConverters } from "../../converters/index.js";
import { loadRegistry } from "../../framework/config.js";
import { configSource } from "../config-flag.js";
import { detectFormat, peekStream, scoreSample } from "../../framework/detect.js";
import { readFileSample } from "../../io/file-sample.js";
import { UsageError } from "../exit-codes.js";

/** The first 64 KiB of the file (or of stdin for "-"), failing with a usage error that says why. */
async function readSample(file: string): Promise<string> {
  if (file === "-") return (await peekStream(process.stdin)).sample;
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message}`,
    );
  }
  if (isFolder) throw new UsageError(`${file} is a folder: detect takes one file`);
  try {
    return readFileSample(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function registerDetectCommand(program: Command): void {
  program
    .command("detect")
    .description("detect the format of a file (or stdin: -) from its first 64 KiB")
    .argument("<file>", 'the file to look at ("-": stdin)')
    .option("-c, --config <file>", "config file (default: search from the current folder up)")
    .option("--no-config", "use no config file: built-in formats and default options only")
    .option("--json", "print every format's score as JSON")
    .action(async (file: string, options: { config?: string | false; json?: boolean }) => {
      const sample = await readSample(file);
      const name = file === "-" ? "<stdin>" : file;
      const { registry } = await loadRegistry(configSource(options), builtinConverters);
      if (options.json === true) {
        process.stdout.write(JSON.stringify({ file: name, scores: scoreSample(sample, registry) }, null, 2) + "\n");
      }
      const detection = detectFormat(sample, registry, name);
      if (options.json !== true) {
        const tie = detection.tiedWith.length > 0 ? `; tied with ${detection.tiedWith.join(", ")}: the later registration wins` : "";
        process.stdout.write(`${name}: ${detection.entry.converter.format} (confidence ${detection.score.toFixed(2)}${tie})\n`);
      }
    });
}
