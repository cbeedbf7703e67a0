// `idmefv2 golden`: runs golden-file cases (fixtures/<format>/<case>.<ext> beside
// <case>.expected.json) through the real pipeline and compares, or rewrites them with --update —
// the repository's own golden test, for plugin authors in their own folders.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import type { Converter } from "../../core/converter.js";
import { builtinConverters } from "../../converters/index.js";
import { loadPlugin, loadRegistry } from "../../framework/config.js";
import { checkGoldenFolder, type GoldenCaseFailure } from "../../framework/golden.js";
import { loadMappingFile } from "../../framework/mappings/load.js";
import type { FormatRegistry } from "../../framework/registry.js";
import { configSource } from "../config-flag.js";
import { collectRepeated } from "../converter-options.js";
import { EXIT_OK, EXIT_REJECTS, UsageError } from "../exit-codes.js";

interface GoldenCommandOptions {
  readonly update?: boolean;
  readonly plugin?: readonly string[];
  readonly from?: string;
  readonly config?: string | false;
}

/** A mapping file is data (a declarative mapping); anything else given to --plugin is a module. */
const MAPPING_FILE = /\.idmefv2\.(?:ya?ml|json)$/;

export function registerGoldenCommand(program: Command): void {
  program
    .command("golden")
    .description(
      "run golden-file cases: each <case>.<ext> in FOLDER/<format>/ (and its invalid/) must convert to its <case>.expected.json; --update rewrites the ones that differ",
    )
    .argument(
      "[folder]",
      "the fixtures folder: one subfolder per format, or one format's cases with --from or a single --plugin converter",
      "fixtures",
    )
    .option("--update", "write the expected files that differ or are missing (review them with git diff)")
    .option(
      "-p, --plugin <file>",
      "a plugin module (its compiled .js/.mjs) or a mapping file (*.idmefv2.yaml|yml|json) to test; repeatable",
      collectRepeated,
    )
    .option("-f, --from <format>", "FOLDER holds this format's cases directly, not one subfolder per format")
    .option("-c, --config <file>", "config file naming plugins and mappings (default: search from the current folder up)")
    .option("--no-config", "use no config file: built-in formats and --plugin only")
    .action(async (folder: string, options: GoldenCommandOptions) => {
      process.exitCode = await goldenCommand(folder, options);
    });
}

export async function goldenCommand(folder: string, options: GoldenCommandOptions): Promise<number> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`${folder}: no such folder; give the fixtures folder (default "fixtures")`);
  }
  const { registry } = await loadRegistry(configSource(options), builtinConverters);
  const given = await registerPlugins(registry, options.plugin ?? []);
  const targets = goldenTargets(registry, folder, options.from, given);

  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  const failures: GoldenCaseFailure[] = [];
  let cases = 0;
  for (const { converter, dir } of targets) {
    const report = await checkGoldenFolder(converter, dir, { update: options.update === true });
    cases += report.cases;
    failures.push(...report.failures);
  }
  if (cases === 0) {
    throw new UsageError(`${folder}: no golden cases found (inputs <case>.<ext>, expected results <case>.expected.json)`);
  }
  for (const failure of failures) {
    stderr(
      options.update === true
        ? `${failure.reason === "no expected file" ? "created" : "updated"} ${failure.expected}`
        : `FAIL ${failure.name}: ${failure.reason} (${failure.expected})`,
    );
  }
  const formats = targets.map((t) => t.converter.format).join(", ");
  if (options.update === true) {
    stderr(
      `idmefv2 golden: ${failures.length} expected file(s) written, ${cases - failures.length} unchanged (${formats}); review them with git diff`,
    );
    return EXIT_OK;
  }
  stderr(
    `idmefv2 golden: ${cases - failures.length} of ${cases} case(s) match (${formats})${failures.length > 0 ? `; ${failures.length} differ: run with --update to rewrite them, then review the diff` : ""}`,
  );
  return failures.length === 0 ? EXIT_OK : EXIT_REJECTS;
}

/** Registers each --plugin file after the config's; returns the converters they brought. */
async function registerPlugins(registry: FormatRegistry, files: readonly string[]): Promise<Converter[]> {
  const given: Converter[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path)) throw new UsageError(`--plugin ${file}: file not found`);
    if (MAPPING_FILE.test(basename(path))) {
      const converter = loadMappingFile(path);
      registry.register(converter, { kind: "mapping", path });
      given.push(converter);
    } else {
      const { plugin } = await loadPlugin(path, process.cwd());
      registry.registerAll(plugin.converters, { kind: "plugin", plugin: plugin.name, path });
      given.push(...plugin.converters);
    }
  }
  return given;
}

/**
 * Which converter runs which folder: --from names the one format of FOLDER; else FOLDER's
 * subfolders named after a registered format (as this repository's fixtures/); else, when the
 * --plugin files brought exactly one converter, FOLDER holds its cases (a plugin's own fixtures/).
 */
function goldenTargets(
  registry: FormatRegistry,
  folder: string,
  from: string | undefined,
  given: readonly Converter[],
): { converter: Converter; dir: string }[] {
  if (from !== undefined) return [{ converter: registry.get(from), dir: folder }];
  const subfolders = readdirSync(folder)
    .filter((name) => name !== "invalid" && !name.startsWith(".") && statSync(join(folder, name)).isDirectory())
    .sort();
  const targets = subfolders.flatMap((name) => {
    const entry = registry.lookup(name);
    return entry === undefined ? [] : [{ converter: entry.converter, dir: join(folder, name) }];
  });
  if (targets.length > 0) {
    const others = subfolders.filter((name) => registry.lookup(name) === undefined);
    // Said, not silent: a folder whose name is misspelt would otherwise never be checked.
    if (others.length > 0)
      process.stderr.write(`idmefv2 golden: no format of that name, not walked: ${others.map((n) => join(folder, n)).join(", ")}\n`);
    return targets;
  }
  if (given.length === 1) return [{ converter: given[0]!, dir: folder }];
  throw new UsageError(
    `${folder}: no subfolder is named after a registered format (${registry.names().join(", ")})` +
      (given.length > 1 ? `, and the --plugin files bring ${given.length} formats` : "") +
      `: give --from FORMAT when the folder holds one format's cases`,
  );
}
